// The outbox: weekly digests are written here first (once per guardian and week), then sent over SMTP when SMTP_URL is
// set. A row being sent is claimed (sent_at = now, error = SENDING) in a short transaction, so two senders (the CLI and
// the app) never send it twice; a failure puts the row back with its error, and the next run tries again.
import { and, desc, eq, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { schools } from '../platform/schema.ts';
import { buildDigest, digestRecipients } from './digest.ts';
import { outbox } from './schema.ts';

export const DIGEST_KIND = 'digest';
/** The `error` of a row claimed by a sender; a claim older than CLAIM_MINUTES is taken as lost (the sender died). */
export const SENDING = 'sending';
const CLAIM_MINUTES = 15;
const BATCH = 50;
/** After this many failures in a row the server is taken as down: the rest waits for the next run. */
const GIVE_UP_AFTER = 3;

export type OutgoingMail = { from: string; to: string; subject: string; text: string; html?: string };
/** What sends a mail: a nodemailer transport, or anything with the same sendMail. */
export type MailSender = { sendMail(mail: OutgoingMail): Promise<unknown>; close?(): void };

/** The SMTP transport of SMTP_URL (short time-outs: a dead server must not hold a request for minutes); null without it. */
export function createMailTransport(smtpUrl: string | undefined): MailSender | null {
  if (!smtpUrl) return null;
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
}

export const digestKey = (guardianId: string, weekStart: string) => `${DIGEST_KIND}:${guardianId}:${weekStart}`;

async function schoolIdsOf(db: Db, schoolId?: string): Promise<string[]> {
  if (schoolId) return [schoolId];
  return (await db.select({ id: schools.id }).from(schools).orderBy(schools.id)).map((s) => s.id);
}

async function hasKey(db: Db, schoolId: string, key: string): Promise<boolean> {
  const rows = await db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.schoolId, schoolId), eq(outbox.dedupeKey, key))).limit(1);
  return rows.length > 0;
}

export type QueueResult = { queued: number; already: number; empty: number };

/**
 * Writes one outbox row per enabled subscription for the week starting `weekStart` (a Monday), in one school or in
 * every school. Idempotent: a guardian's digest of a week is queued once (dedupe key, checked under a lock), so running
 * it twice adds nothing. A guardian whose children had no lessons that week gets nothing (`empty`).
 */
export async function queueWeeklyDigests(db: Db, { schoolId, weekStart }: { schoolId?: string; weekStart: string }): Promise<QueueResult> {
  const result: QueueResult = { queued: 0, already: 0, empty: 0 };
  for (const sid of await schoolIdsOf(db, schoolId)) {
    // One short transaction per school: its recipients, their weeks (read-only), the rows queued under a lock per key.
    await withSchool(db, sid, async (tx) => {
      for (const r of await digestRecipients(tx, sid)) {
        const key = digestKey(r.guardianId, weekStart);
        if (await hasKey(tx, sid, key)) { result.already += 1; continue; }
        const mail = await buildDigest(tx, r, weekStart);
        if (!mail) { result.empty += 1; continue; }
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`outbox:${sid}:${key}`}))`);
        const dup = await tx.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.schoolId, sid), eq(outbox.dedupeKey, key))).limit(1);
        if (dup.length) { result.already += 1; continue; }
        await tx.insert(outbox).values({
          schoolId: sid, kind: DIGEST_KIND, toAddress: r.email, subject: mail.subject, bodyText: mail.text, bodyHtml: mail.html, dedupeKey: key,
        });
        result.queued += 1;
      }
    });
  }
  return result;
}

export type DeliverResult = { sent: number; failed: number };

/** Takes up to BATCH unsent rows of a school (and lost claims) for this sender, except those it tried in this run. */
async function claim(db: Db, schoolId: string, tried: ReadonlySet<string>) {
  return withSchool(db, schoolId, async (tx) => {
    const due = tx.select({ id: outbox.id }).from(outbox)
      .where(and(eq(outbox.schoolId, schoolId), or(isNull(outbox.sentAt),
        and(eq(outbox.error, SENDING), lt(outbox.sentAt, sql`now() - make_interval(mins => ${CLAIM_MINUTES})`))),
        tried.size ? notInArray(outbox.id, [...tried]) : undefined))
      .orderBy(outbox.createdAt).limit(BATCH).for('update', { skipLocked: true });
    return tx.update(outbox).set({ sentAt: sql`now()`, error: SENDING })
      .where(and(eq(outbox.schoolId, schoolId), inArray(outbox.id, due)))
      .returning({ id: outbox.id, to: outbox.toAddress, subject: outbox.subject, text: outbox.bodyText, html: outbox.bodyHtml });
  });
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 500) || 'ошибка отправки';

/**
 * Sends the unsent rows (of one school, or of every school) through `transport`; without a transport (no SMTP_URL)
 * does nothing and the rows stay in the outbox. Each row ends sent (sent_at) or with its error, retried next run.
 * Never throws for a mail server's failure.
 */
export async function deliverOutbox(db: Db, transport: MailSender | null, opts: { from: string; schoolId?: string }): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, failed: 0 };
  if (!transport) return result;
  let failuresInRow = 0;
  for (const sid of await schoolIdsOf(db, opts.schoolId)) {
    const tried = new Set<string>();
    for (let batch = await claim(db, sid, tried); batch.length > 0; batch = await claim(db, sid, tried)) {
      for (const m of batch) {
        tried.add(m.id);
        const error = failuresInRow >= GIVE_UP_AFTER ? 'не отправлено: почтовый сервер не отвечал, повтор при следующем запуске'
          : await Promise.resolve()
            .then(() => transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) }))
            .then(() => null, (err: unknown) => errorText(err));
        await withSchool(db, sid, (tx) => tx.update(outbox)
          .set(error === null ? { sentAt: sql`now()`, error: null } : { sentAt: null, error })
          .where(and(eq(outbox.schoolId, sid), eq(outbox.id, m.id))));
        if (error === null) { result.sent += 1; failuresInRow = 0; } else { result.failed += 1; failuresInRow += 1; }
      }
      if (failuresInRow >= GIVE_UP_AFTER) return result;
    }
  }
  return result;
}

/** Queues the week's digests and sends what is unsent, with a transport made from SMTP_URL (closed afterwards). */
export async function queueAndDeliver(db: Db, mail: { smtpUrl: string | undefined; mailFrom: string }, scope: { schoolId?: string; weekStart: string }) {
  const queued = await queueWeeklyDigests(db, scope);
  const transport = createMailTransport(mail.smtpUrl);
  try {
    const delivered = await deliverOutbox(db, transport, { from: mail.mailFrom, ...(scope.schoolId ? { schoolId: scope.schoolId } : {}) });
    return { ...queued, ...delivered, smtp: transport !== null };
  } finally {
    transport?.close?.();
  }
}

export type OutboxStatus = 'sent' | 'sending' | 'error' | 'queued';
export const outboxStatus = (r: { sentAt: Date | null; error: string | null }): OutboxStatus =>
  r.sentAt ? (r.error === SENDING ? 'sending' : 'sent') : r.error ? 'error' : 'queued';

/** The school's outbox, newest first (at most `limit` rows). */
export async function listOutbox(db: Db, schoolId: string, limit = 200) {
  return db.select({
    id: outbox.id, kind: outbox.kind, toAddress: outbox.toAddress, subject: outbox.subject, createdAt: outbox.createdAt,
    sentAt: outbox.sentAt, error: outbox.error,
  }).from(outbox).where(eq(outbox.schoolId, schoolId)).orderBy(desc(outbox.createdAt), desc(outbox.id)).limit(limit);
}

export async function outboxCounts(db: Db, schoolId: string) {
  const [row] = await db.select({
    total: sql<number>`count(*)::int`, unsent: sql<number>`(count(*) filter (where ${outbox.sentAt} is null))::int`,
  }).from(outbox).where(eq(outbox.schoolId, schoolId));
  return { total: Number(row?.total ?? 0), unsent: Number(row?.unsent ?? 0) };
}

/** One message of the school's outbox; undefined for another school's id. */
export async function getOutboxMessage(db: Db, schoolId: string, id: string) {
  const [row] = await db.select().from(outbox).where(and(eq(outbox.schoolId, schoolId), eq(outbox.id, id))).limit(1);
  return row;
}
