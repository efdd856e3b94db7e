// Due deliveries → the push services and the mail server. A push service's 404/410 means the browser dropped the
// subscription: it is removed and the delivery marked 'gone'. Any other failure waits (30 s, 1 min, 2 min … 1 h) and is
// tried again, until MAX_ATTEMPTS ('failed'). Without SMTP_URL e-mail deliveries wait in the table.
import type { Agent } from 'node:https';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import type { MailSender } from '../diary/outbox.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './rules.ts';
import { alertDeliveries, pushSubscriptions } from './schema.ts';
import type { VapidKeys } from './vapid.ts';

const BATCH = 100;
export type SendDeps = {
  vapid: VapidKeys; vapidSubject: string; mail: MailSender | null; mailFrom: string; agent?: Agent;
  /** The site's address (PUBLIC_URL): the e-mail's links are absolute with it, paths without it. */
  publicUrl?: string | undefined;
};

/** The e-mail of an alert: what happened, where to read it, where to change or stop the alerts (also as List-Unsubscribe). */
export function alertEmail(d: { title: string; body: string; url: string }, publicUrl: string | undefined) {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  const settings = `${base}/diary/alerts`;
  return {
    subject: `${d.title}: ${d.body.charAt(0).toLowerCase()}${d.body.slice(1)}`,
    text: `${d.body}.\n\nПодробности — в дневнике «Отметки»: ${base}${d.url}\n`
      + `Изменить или отключить уведомления: ${settings} (дневник, раздел «Уведомления»).`,
    ...(base ? { list: { unsubscribe: settings } } : {}),
  };
}
export type SendResult = { sent: number; failed: number; gone: number };
type Delivery = typeof alertDeliveries.$inferSelect;
type Outcome = { ok: true } | { ok: false; gone: boolean; error: string };

/** The VAPID subject: a mailto: of MAIL_FROM's address. */
export function vapidSubjectOf(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}

async function sendPush(db: Db, d: Delivery, deps: SendDeps): Promise<Outcome> {
  const [sub] = await withSchool(db, d.schoolId, (tx) => tx.select().from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.schoolId, d.schoolId), eq(pushSubscriptions.id, d.subscriptionId!))));
  if (!sub) return { ok: false, gone: true, error: 'подписка браузера удалена' };
  try {
    await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      JSON.stringify({ title: d.title, body: d.body, url: d.url }),
      { vapidDetails: { subject: deps.vapidSubject, ...deps.vapid }, TTL: 12 * 3600, timeout: 10_000, ...(deps.agent ? { agent: deps.agent } : {}) });
    return { ok: true };
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || status === 410) {
      await withSchool(db, d.schoolId, (tx) => tx.delete(pushSubscriptions).where(and(eq(pushSubscriptions.schoolId, d.schoolId), eq(pushSubscriptions.id, sub.id))));
      return { ok: false, gone: true, error: `служба push ответила ${status}: подписка удалена` };
    }
    return { ok: false, gone: false, error: status ? `служба push ответила ${status}` : String((err as Error).message ?? err).slice(0, 300) };
  }
}

async function sendEmail(d: Delivery, deps: SendDeps): Promise<Outcome> {
  try {
    await deps.mail!.sendMail({ from: deps.mailFrom, to: d.email!, ...alertEmail(d, deps.publicUrl) });
    return { ok: true };
  } catch (err) {
    return { ok: false, gone: false, error: String((err as Error).message ?? err).slice(0, 300) };
  }
}

/** Sends a school's due deliveries (not_before ≤ at). */
export async function sendDue(db: Db, schoolId: string, at: Date, deps: SendDeps): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0, gone: 0 };
  const due = await withSchool(db, schoolId, (tx) => tx.select().from(alertDeliveries)
    .where(and(eq(alertDeliveries.schoolId, schoolId), eq(alertDeliveries.status, 'pending'), lte(alertDeliveries.notBefore, at)))
    .orderBy(asc(alertDeliveries.notBefore)).limit(BATCH));
  for (const d of due) {
    if (d.channel === 'email' && !deps.mail) continue;
    const outcome = d.channel === 'push' ? await sendPush(db, d, deps) : await sendEmail(d, deps);
    const attempts = d.attempts + 1;
    const set = outcome.ok ? { status: 'sent' as const, sentAt: sql`now()`, attempts, lastError: null }
      : outcome.gone ? { status: 'gone' as const, attempts, lastError: outcome.error }
      : attempts >= MAX_ATTEMPTS ? { status: 'failed' as const, attempts, lastError: outcome.error }
      : { attempts, lastError: outcome.error, notBefore: new Date(at.getTime() + retryDelayMs(attempts)) };
    await withSchool(db, schoolId, (tx) => tx.update(alertDeliveries).set(set).where(and(eq(alertDeliveries.schoolId, schoolId), eq(alertDeliveries.id, d.id))));
    if (outcome.ok) result.sent += 1; else if (outcome.gone) result.gone += 1; else result.failed += 1;
  }
  return result;
}
