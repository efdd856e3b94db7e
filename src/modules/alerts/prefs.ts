// A parent's alert choices per child and their browsers' push subscriptions: reads and writes with audit rows.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { isEmailLike } from '../diary/digest-format.ts';
import { alertPrefs, pushSubscriptions } from './schema.ts';

export const PREF_FLAGS = ['marks', 'absences', 'homework', 'messages', 'byPush', 'byEmail'] as const;
export type PrefFlag = (typeof PREF_FLAGS)[number];
export type ChildPrefs = Record<PrefFlag, boolean>;

const on = (v: unknown) => v === 'on' || v === '1' || v === 'true';

/** The form: `<studentId>.<flag>` checkboxes for the listed children, one e-mail for all. */
export function parsePrefsForm(body: Record<string, unknown>, studentIds: readonly string[]):
  { ok: true; email: string; prefs: Map<string, ChildPrefs> } | { ok: false; error: string } {
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  const prefs = new Map<string, ChildPrefs>();
  for (const id of studentIds) prefs.set(id, Object.fromEntries(PREF_FLAGS.map((f) => [f, on(body[`${id}.${f}`])])) as ChildPrefs);
  const wantsMail = [...prefs.values()].some((p) => p.byEmail);
  if (email.length > 254) return { ok: false, error: 'Адрес электронной почты — не длиннее 254 символов.' };
  if (email && !isEmailLike(email)) return { ok: false, error: 'Адрес электронной почты указан неверно. Пример: name@example.ru' };
  if (wantsMail && !email) return { ok: false, error: 'Укажите адрес электронной почты для уведомлений.' };
  return { ok: true, email, prefs };
}

export const pushBody = z.object({
  endpoint: z.string().url().max(2000).refine((u) => u.startsWith('https://'), 'https only'),
  keys: z.object({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});

export async function prefsOf(db: Db, schoolId: string, guardianId: string) {
  return withSchool(db, schoolId, (tx) => tx.select().from(alertPrefs).where(and(eq(alertPrefs.schoolId, schoolId), eq(alertPrefs.guardianId, guardianId))));
}

export async function devicesOf(db: Db, schoolId: string, guardianId: string) {
  return withSchool(db, schoolId, (tx) => tx.select({ id: pushSubscriptions.id, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt })
    .from(pushSubscriptions).where(and(eq(pushSubscriptions.schoolId, schoolId), eq(pushSubscriptions.guardianId, guardianId))).orderBy(pushSubscriptions.createdAt));
}

/** Saves a guardian's choices for their children (upsert), with one audit row per child changed. */
export async function savePrefs(db: Db, ctx: AuditContext, guardianId: string, form: { email: string; prefs: Map<string, ChildPrefs> }): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    for (const [studentId, p] of form.prefs) {
      const next = { ...p, email: form.email || null };
      const [old] = await tx.select().from(alertPrefs).where(and(eq(alertPrefs.schoolId, ctx.schoolId), eq(alertPrefs.studentId, studentId), eq(alertPrefs.guardianId, guardianId)));
      if (!old && !PREF_FLAGS.some((f) => p[f])) continue;
      if (old && PREF_FLAGS.every((f) => old[f] === p[f]) && old.email === next.email) continue;
      await tx.insert(alertPrefs).values({ schoolId: ctx.schoolId, studentId, guardianId, ...next })
        .onConflictDoUpdate({ target: [alertPrefs.schoolId, alertPrefs.studentId, alertPrefs.guardianId], set: { ...next, updatedAt: sql`now()` } });
      await writeAudit(tx, ctx, { entity: 'alert_prefs', entityId: `${guardianId}:${studentId}`, action: old ? 'update' : 'create',
        oldValue: old ? Object.fromEntries(PREF_FLAGS.map((f) => [f, old[f]])) : null, newValue: Object.fromEntries(PREF_FLAGS.map((f) => [f, p[f]])) });
    }
  });
}

/** Keeps a browser's subscription for this guardian (the same endpoint again: its keys and owner updated). */
export async function savePush(db: Db, ctx: AuditContext, guardianId: string, sub: z.output<typeof pushBody>, userAgent: string | null): Promise<void> {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const values = { guardianId, accountId: ctx.accountId, p256dh: sub.keys.p256dh, auth: sub.keys.auth, userAgent: userAgent?.slice(0, 300) ?? null };
    await tx.insert(pushSubscriptions).values({ schoolId: ctx.schoolId, endpoint: sub.endpoint, ...values })
      .onConflictDoUpdate({ target: [pushSubscriptions.schoolId, pushSubscriptions.endpoint], set: values });
    await writeAudit(tx, ctx, { entity: 'push_subscription', entityId: guardianId, action: 'create', oldValue: null, newValue: { device: values.userAgent } });
  });
}

/** Removes one of this guardian's browsers; false when it is not theirs (or not of this school). */
export async function deletePush(db: Db, ctx: AuditContext, guardianId: string, id: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const gone = await tx.delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.schoolId, ctx.schoolId), eq(pushSubscriptions.guardianId, guardianId), eq(pushSubscriptions.id, id))).returning({ id: pushSubscriptions.id });
    if (gone.length) await writeAudit(tx, ctx, { entity: 'push_subscription', entityId: guardianId, action: 'delete', oldValue: { id }, newValue: null });
    return gone.length > 0;
  });
}
