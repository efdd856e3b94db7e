// Identities at the providers, the slips' link codes and the consumed sign-in flows: global tables (accounts are global).
import { and, eq, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { accountIdentities, accountLinkCodes, oidcUsedFlows } from './schema.ts';
import { hashLinkCode, LINK_CODE_DAYS } from './link-codes.ts';

export async function findIdentity(db: Db, issuer: string, subject: string) {
  const [row] = await db.select().from(accountIdentities)
    .where(and(eq(accountIdentities.issuer, issuer), eq(accountIdentities.subject, subject)));
  return row;
}

export async function identitiesOf(db: Db, accountId: string) {
  return db.select().from(accountIdentities).where(eq(accountIdentities.accountId, accountId)).orderBy(accountIdentities.linkedAt);
}

/** Links a subject to an account; false when the subject or the account's place at this provider is taken meanwhile. */
export async function linkIdentity(
  db: Db, v: { issuer: string; subject: string; providerId: string; accountId: string; linkedBy: 'code' | 'snils' | 'session' },
): Promise<boolean> {
  const rows = await db.insert(accountIdentities).values(v).onConflictDoNothing().returning({ a: accountIdentities.accountId });
  return rows.length === 1;
}

export async function unlinkIdentity(db: Db, accountId: string, providerId: string) {
  const rows = await db.delete(accountIdentities)
    .where(and(eq(accountIdentities.accountId, accountId), eq(accountIdentities.providerId, providerId)))
    .returning({ subject: accountIdentities.subject });
  return rows[0];
}

/** A new link code for the account (its slip is being printed): the previous one stops working. */
export async function replaceLinkCode(db: Db | Tx, accountId: string, code: string, now: Date): Promise<void> {
  const expiresAt = new Date(now.getTime() + LINK_CODE_DAYS * 86_400_000);
  const codeHash = hashLinkCode(code);
  await db.insert(accountLinkCodes).values({ accountId, codeHash, expiresAt })
    .onConflictDoUpdate({ target: accountLinkCodes.accountId, set: { codeHash, expiresAt, usedAt: null, createdAt: sql`now()` } });
}

export type LinkCodeCheck = { kind: 'ok'; accountId: string } | { kind: 'unknown' | 'used' | 'expired'; accountId?: string };

/** Uses a link code once: marks it used in the same statement that finds it still unused and unexpired. */
export async function useLinkCode(db: Db, code: string, now: Date): Promise<LinkCodeCheck> {
  const codeHash = hashLinkCode(code);
  const used = await db.update(accountLinkCodes).set({ usedAt: now })
    .where(and(
      eq(accountLinkCodes.codeHash, codeHash), sql`${accountLinkCodes.usedAt} is null`, sql`${accountLinkCodes.expiresAt} > ${now}`,
    ))
    .returning({ accountId: accountLinkCodes.accountId });
  if (used[0]) return { kind: 'ok', accountId: used[0].accountId };
  const [row] = await db.select().from(accountLinkCodes).where(eq(accountLinkCodes.codeHash, codeHash));
  if (!row) return { kind: 'unknown' };
  return { kind: row.usedAt ? 'used' : 'expired', accountId: row.accountId };
}

/** Gives an unused code back when the link it was used for could not be made (the subject was taken meanwhile). */
export async function releaseLinkCode(db: Db, accountId: string): Promise<void> {
  await db.update(accountLinkCodes).set({ usedAt: null }).where(eq(accountLinkCodes.accountId, accountId));
}

/**
 * Marks a sign-in flow consumed; false when it already was (a replay). Expired marks are swept on the way: a flow
 * cannot come back after its cookie's lifetime.
 */
export async function consumeFlow(db: Db, flowHash: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.delete(oidcUsedFlows).where(lt(oidcUsedFlows.expiresAt, now));
  const rows = await db.insert(oidcUsedFlows).values({ flowHash, expiresAt }).onConflictDoNothing()
    .returning({ h: oidcUsedFlows.flowHash });
  return rows.length === 1;
}

/** The accounts whose person card carries this СНИЛС, in any school (a database function past row-level security). */
export async function accountsBySnils(db: Db, snils: string): Promise<Array<{ accountId: string; schoolId: string }>> {
  const rows = rowsOf<{ account_id: string; school_id: string }>(
    await db.execute(sql`select account_id, school_id from otmetka_accounts_by_snils(${snils})`));
  return rows.map((r) => ({ accountId: r.account_id, schoolId: r.school_id }));
}
