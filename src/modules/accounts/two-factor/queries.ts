// The second factor of an account (global tables accounts and recovery_codes). Every write that must not race
// (accepting a code step, spending a recovery code, enabling) is one conditional UPDATE: two requests with the same
// code cannot both win.
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { withSchool, type Tx } from '../../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../../audit/queries.ts';
import { accountReach } from '../members.ts';
import type { RequestFacts } from '../queries.ts';
import { accounts, authEvents, recoveryCodes } from '../schema.ts';
import type { StoredRecoveryCode } from './recovery.ts';
import { twoFactorResetProblem } from './rules.ts';

type Q = Db | Tx;

export async function getTwoFactor(db: Q, accountId: string) {
  const [row] = await db.select({
    sealedSecret: accounts.totpSecret, enabledAt: accounts.totpEnabledAt, lastStep: accounts.totpLastStep,
    login: accounts.login, disabledAt: accounts.disabledAt,
  }).from(accounts).where(eq(accounts.id, accountId));
  return row;
}

/**
 * Turns the second factor on with a confirmed secret and stores the recovery codes' hashes; false when it was
 * already on (a second tab confirmed first), and then nothing changes.
 */
export async function enableTwoFactor(db: Db, input: { accountId: string; sealedSecret: string; step: number; codes: readonly StoredRecoveryCode[] }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx.update(accounts)
      .set({ totpSecret: input.sealedSecret, totpEnabledAt: sql`now()`, totpLastStep: input.step })
      .where(and(eq(accounts.id, input.accountId), isNull(accounts.totpEnabledAt)))
      .returning({ id: accounts.id });
    if (done.length === 0) return false;
    await storeRecoveryCodes(tx, input.accountId, input.codes);
    return true;
  });
}

async function storeRecoveryCodes(tx: Q, accountId: string, codes: readonly StoredRecoveryCode[]): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ accountId, ...c })));
}

/** New recovery codes in place of the old ones (used or not). */
export async function replaceRecoveryCodes(db: Db, accountId: string, codes: readonly StoredRecoveryCode[]): Promise<void> {
  await db.transaction((tx) => storeRecoveryCodes(tx, accountId, codes));
}

/** Records `step` as the last used one, unless this or a later step was used already (replay, or a concurrent twin). */
export async function acceptStep(db: Q, accountId: string, step: number): Promise<boolean> {
  const rows = await db.update(accounts).set({ totpLastStep: step })
    .where(and(eq(accounts.id, accountId), isNotNull(accounts.totpEnabledAt), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))))
    .returning({ id: accounts.id });
  return rows.length === 1;
}

export async function unusedRecoveryCodes(db: Q, accountId: string) {
  return db.select({ ordinal: recoveryCodes.ordinal, salt: recoveryCodes.salt, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)))
    .orderBy(asc(recoveryCodes.ordinal));
}

export async function countUnusedRecoveryCodes(db: Q, accountId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** Marks one recovery code used; false when it was spent meanwhile (the same code posted twice at once). */
export async function spendRecoveryCode(db: Q, accountId: string, ordinal: number): Promise<boolean> {
  const rows = await db.update(recoveryCodes).set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.ordinal, ordinal), isNull(recoveryCodes.usedAt)))
    .returning({ ordinal: recoveryCodes.ordinal });
  return rows.length === 1;
}

/** Removes the secret and the recovery codes. Returns when it had been enabled (null: it was not). */
export async function clearTwoFactor(tx: Q, accountId: string): Promise<Date | null> {
  const [before] = await tx.select({ enabledAt: accounts.totpEnabledAt }).from(accounts).where(eq(accounts.id, accountId)).for('update');
  await tx.update(accounts).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(accounts.id, accountId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  return before?.enabledAt ?? null;
}

/** The account holder turns the second factor off (where no school requires it). */
export async function disableTwoFactor(db: Db, accountId: string): Promise<void> {
  await db.transaction((tx) => clearTwoFactor(tx, accountId));
}

/**
 * A school's admin resets a member's second factor: the secret and recovery codes are gone, the member enrolls again
 * (at the next request when a school requires it). Refused, with nothing changed, for an account of another school too
 * or an operator's (the factor guards every school of the account). Audited in the school, in the same transaction.
 */
export async function resetTwoFactor(db: Db, ctx: AuditContext, req: RequestFacts, m: { membershipId: string; accountId: string; login: string }, actorLogin: string): Promise<ResetOutcome> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const refused = twoFactorResetProblem(await accountReach(tx, m.accountId), ctx.schoolId);
    if (refused) return { ok: false, message: refused };
    const enabledAt = await clearTwoFactor(tx, m.accountId);
    if (!enabledAt) return { ok: false, message: 'Двухфакторный вход у этой учётной записи не включён: сбрасывать нечего.' };
    await writeAudit(tx, ctx, {
      entity: 'account', entityId: m.membershipId, action: 'two_factor_reset',
      oldValue: { login: m.login, twoFactorEnabledAt: enabledAt.toISOString() }, newValue: { login: m.login, twoFactorEnabledAt: null },
    });
    await tx.insert(authEvents).values({
      kind: 'two_factor_reset', login: m.login, accountId: m.accountId, schoolId: ctx.schoolId,
      ip: req.ip, userAgent: req.userAgent?.slice(0, 300) ?? null, requestId: req.requestId, detail: `by ${actorLogin}`,
    });
    return { ok: true };
  });
}

export type ResetOutcome = { ok: true } | { ok: false; message: string };

/** The platform operator's reset (command line) for any account; undefined for an unknown login. */
export async function operatorResetTwoFactor(db: Db, login: string): Promise<{ login: string; wasEnabled: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id, login: accounts.login }).from(accounts).where(eq(accounts.login, login.trim().toLowerCase()));
    if (!account) return undefined;
    const enabledAt = await clearTwoFactor(tx, account.id);
    await tx.insert(authEvents).values({
      kind: 'two_factor_reset', login: account.login, accountId: account.id, schoolId: null, detail: 'by the operator (command line)',
    });
    return { login: account.login, wasEnabled: enabledAt !== null };
  });
}
