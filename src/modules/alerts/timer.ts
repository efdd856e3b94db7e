// The alerts timer of `npm start` (once per deployment, beside the digest timer): every 20 s it turns the journal's
// pending events into alerts (grouped, quiet hours applied) and sends what is due. One run at a time; a failure is
// logged and never stops the app. The VAPID key pair is made here on first start.
import type { Agent } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { now } from '../../web/clock.ts';
import { createMailTransport, type MailSender } from '../diary/outbox.ts';
import { schools } from '../platform/schema.ts';
import { collectSchool } from './collect.ts';
import { sendDue, vapidSubjectOf, type SendResult } from './send.ts';
import { ensureVapidKeys } from './vapid.ts';

export const ALERTS_EVERY_MS = 20_000;

export type TickOptions = { at?: Date; mail?: MailSender | null; agent?: Agent };

export async function alertsTick(db: Db, config: Config, o: TickOptions = {}): Promise<{ alerts: number } & SendResult> {
  const at = o.at ?? now();
  const vapid = await ensureVapidKeys(db);
  const mail = o.mail !== undefined ? o.mail : createMailTransport(config.smtpUrl);
  const total = { alerts: 0, sent: 0, failed: 0, gone: 0 };
  try {
    const deps = { vapid, vapidSubject: vapidSubjectOf(config.mailFrom), mail, mailFrom: config.mailFrom, publicUrl: config.oidc.publicUrl,
      ...(o.agent ? { agent: o.agent } : {}) };
    for (const school of await db.select({ id: schools.id, timeZone: schools.timeZone }).from(schools).orderBy(schools.id)) {
      total.alerts += await collectSchool(db, school, at);
      const r = await sendDue(db, school.id, at, deps);
      total.sent += r.sent; total.failed += r.failed; total.gone += r.gone;
    }
  } finally {
    if (o.mail === undefined) mail?.close?.();
  }
  return total;
}

/** Starts the timer (the VAPID keys made at once); returns the function that stops it. */
export function startAlertsTimer(db: Db, config: Config, log: FastifyBaseLogger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    alertsTick(db, config)
      .then((r) => { if (r.alerts || r.sent || r.failed || r.gone) log.info({ alerts: r }, 'family alerts'); })
      .catch((err: unknown) => log.warn({ err }, 'family alerts timer failed'))
      .finally(() => { running = false; });
  };
  ensureVapidKeys(db).catch((err: unknown) => log.warn({ err }, 'VAPID keys could not be made'));
  const every = setInterval(tick, ALERTS_EVERY_MS);
  every.unref();
  return () => clearInterval(every);
}
