// «Учётная запись скомпрометирована»: the member is blocked in this school (the same block as «Заблокировать»), every
// session of the account ends, its second factor is cleared (an intruder may have enrolled their own phone) when this
// school may reset it, and the declaration is audited with the reason — in one transaction.
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { withSchool } from '../../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../../audit/queries.ts';
import { authEvent, endSessions, setDisabledTx, type MemberRef } from '../provisioning.ts';
import type { RequestFacts } from '../queries.ts';
import { sessions } from '../schema.ts';
import { accountReach } from '../members.ts';
import { clearTwoFactor } from '../two-factor/queries.ts';
import { twoFactorResetProblem } from '../two-factor/rules.ts';
import { COMPROMISE_REASON } from './rules.ts';

/** Blocks the member (if not yet) and ends all the account's sessions; how many sessions ended and whether it was blocked now. */
export async function declareCompromised(
  db: Db, ctx: AuditContext, req: RequestFacts, m: MemberRef, actorLogin: string,
): Promise<{ blockedNow: boolean; ended: number }> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [open] = await tx.select({ n: count() }).from(sessions).where(eq(sessions.accountId, m.accountId));
    const blockedNow = await setDisabledTx(tx, ctx, req, m, true, actorLogin, COMPROMISE_REASON);
    // Blocked before: the block kept its sessions out of this school, but the account's sessions end now all the same.
    const ended = blockedNow ? Number(open?.n ?? 0) : await endSessions(tx, m.accountId);
    if (!blockedNow) {
      const detail = `${ended} sessions, compromised, by ${actorLogin}`;
      await authEvent(tx, ctx, req, { kind: 'sessions_ended_by_admin', accountId: m.accountId, login: m.login, detail });
    }
    // The factor guards every school of the account: only an account of this school alone (as for a password reset).
    const mayReset = twoFactorResetProblem(await accountReach(tx, m.accountId), ctx.schoolId) === null;
    const factorWas = mayReset ? await clearTwoFactor(tx, m.accountId) : null;
    await writeAudit(tx, ctx, {
      entity: 'account', entityId: m.membershipId, action: 'compromised', reason: COMPROMISE_REASON,
      newValue: { login: m.login, blockedNow, sessionsEnded: ended, secondFactorCleared: factorWas !== null },
    });
    return { blockedNow, ended };
  });
}
