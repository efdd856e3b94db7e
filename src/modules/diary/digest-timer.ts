// The in-process weekly digest timer of `npm start`: once an hour, for every school whose own clock (its time zone) is
// between Saturday 15:00 and the end of Sunday, queue this week's digests (idempotent: a guardian's week is queued once);
// then send what is unsent when SMTP is configured. One run at a time; a failure is logged and never stops the app.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { schools } from '../platform/schema.ts';
import { now } from '../../web/clock.ts';
import { timerWeekAt } from './digest-format.ts';
import { createMailTransport, deliverOutbox, queueWeeklyDigests } from './outbox.ts';

const HOUR = 60 * 60_000;

export async function digestTick(db: Db, config: Config, at = now()) {
  const result = { schools: 0, queued: 0, already: 0, empty: 0, sent: 0, failed: 0 };
  const all = await db.select({ id: schools.id, timeZone: schools.timeZone }).from(schools).orderBy(schools.id);
  for (const school of all) {
    const weekStart = timerWeekAt(at, school.timeZone);
    if (!weekStart) continue;
    const q = await queueWeeklyDigests(db, { schoolId: school.id, weekStart });
    result.schools += 1;
    result.queued += q.queued;
    result.already += q.already;
    result.empty += q.empty;
  }
  const transport = createMailTransport(config.smtpUrl);
  if (!transport) return result;
  try {
    const d = await deliverOutbox(db, transport, { from: config.mailFrom });
    return { ...result, sent: d.sent, failed: d.failed };
  } finally {
    transport.close?.();
  }
}

/** Starts the hourly check (first one a minute after start); returns the function that stops it. */
export function startDigestTimer(db: Db, config: Config, log: FastifyBaseLogger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    digestTick(db, config)
      .then((r) => { if (r && Object.values(r).some((v) => typeof v === 'number' && v > 0)) log.info({ digests: r }, 'weekly digest timer'); })
      .catch((err: unknown) => log.warn({ err }, 'weekly digest timer failed'))
      .finally(() => { running = false; });
  };
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, HOUR);
  first.unref();
  every.unref();
  return () => { clearTimeout(first); clearInterval(every); };
}
