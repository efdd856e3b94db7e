// Who the demo seed acts as when it goes through the app's own writes (the audit rows name a demo account).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, memberships } from '../../modules/accounts/schema.ts';
import type { AuditContext } from '../../modules/audit/queries.ts';

/** The audit context of a demo login in a school (request id 'seed-demo'). */
export async function seedAudit(db: Db, schoolId: string, login: string): Promise<AuditContext> {
  const [m] = await db.select({ accountId: accounts.id, roles: memberships.roles }).from(accounts)
    .innerJoin(memberships, and(eq(memberships.accountId, accounts.id), eq(memberships.schoolId, schoolId)))
    .where(eq(accounts.login, login)).limit(1);
  if (!m) throw new Error(`seedAudit: no demo login ${login} in the school`);
  return { schoolId, accountId: m.accountId, role: m.roles.join(','), requestId: 'seed-demo', ip: '127.0.0.1' };
}
