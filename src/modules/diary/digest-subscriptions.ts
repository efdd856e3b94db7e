// A parent's opt-in to the weekly digest: one row per guardian card of a school, changed with an audit row.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { guardians } from '../people/schema.ts';
import { collectsContacts } from '../people/queries.ts';
import { isEmailLike } from './digest-format.ts';
import { digestSubscriptions } from './schema.ts';

export const digestForm = z.object({
  enabled: z.unknown().optional().transform((v) => v === 'on' || v === '1' || v === 'true'),
  email: z.unknown().optional().transform((v) => (typeof v === 'string' ? v.trim() : '')),
}).superRefine((f, ctx) => {
  const at = (message: string) => ctx.addIssue({ code: 'custom', path: ['email'], message });
  if (f.email === '') {
    if (f.enabled) at('Укажите адрес электронной почты, на который присылать сводку.');
  } else if (f.email.length > 254) at('Адрес электронной почты — не длиннее 254 символов.');
  else if (!isEmailLike(f.email)) at('Адрес электронной почты указан неверно. Пример: name@example.ru');
});
export type DigestForm = z.output<typeof digestForm>;

export type Subscription = { email: string; enabled: boolean; updatedAt: Date };

export async function getSubscription(db: Db, schoolId: string, guardianId: string): Promise<Subscription | undefined> {
  const [row] = await db.select({ email: digestSubscriptions.email, enabled: digestSubscriptions.enabled, updatedAt: digestSubscriptions.updatedAt })
    .from(digestSubscriptions).where(and(eq(digestSubscriptions.schoolId, schoolId), eq(digestSubscriptions.guardianId, guardianId)));
  return row;
}

/** The e-mail to offer in an empty form: the guardian card's, if the school collects contacts. */
export async function cardEmail(db: Db, schoolId: string, guardianId: string): Promise<string> {
  if (!(await collectsContacts(db, schoolId))) return '';
  const [row] = await db.select({ email: guardians.email }).from(guardians).where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, guardianId)));
  return row?.email?.trim() ?? '';
}

/**
 * Saves the opt-in of a guardian card (insert or update) with its audit row. Turning it off keeps the last address;
 * turning it off without ever having subscribed stores nothing. Returns whether anything changed.
 */
export async function saveSubscription(db: Db, ctx: AuditContext, guardianId: string, form: DigestForm): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [old] = await tx.select({ email: digestSubscriptions.email, enabled: digestSubscriptions.enabled }).from(digestSubscriptions)
      .where(and(eq(digestSubscriptions.schoolId, ctx.schoolId), eq(digestSubscriptions.guardianId, guardianId))).for('update');
    const email = form.email || old?.email || '';
    if (!old && (!form.enabled || !email)) return false;
    if (old && old.email === email && old.enabled === form.enabled) return false;
    const next = { email, enabled: form.enabled };
    if (old) {
      await tx.update(digestSubscriptions).set({ ...next, accountId: ctx.accountId, updatedAt: sql`now()` })
        .where(and(eq(digestSubscriptions.schoolId, ctx.schoolId), eq(digestSubscriptions.guardianId, guardianId)));
    } else {
      await tx.insert(digestSubscriptions).values({ schoolId: ctx.schoolId, guardianId, accountId: ctx.accountId, ...next });
    }
    await writeAudit(tx, ctx, { entity: 'digest_subscription', entityId: guardianId, action: old ? 'update' : 'create', oldValue: old ?? null, newValue: next });
    return true;
  });
}
