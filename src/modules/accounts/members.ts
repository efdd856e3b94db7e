// Queries for the admin's view of the school's accounts. Every function takes schoolId.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { accounts, authEvents, memberships, sessions } from './schema.ts';
import type { SchoolRole } from './rules.ts';

export async function listMembers(db: Db, { schoolId }: { schoolId: string }) {
  return withSchool(db, schoolId, (tx) =>
    tx.select({
      id: memberships.id, roles: memberships.roles, login: accounts.login, fullName: accounts.fullName,
      disabled: sql<boolean>`${accounts.disabledAt} is not null`,
      lastLogin: sql<string | null>`(select max(${authEvents.at})::text from ${authEvents} where ${authEvents.accountId} = ${accounts.id} and ${authEvents.kind} = 'login_ok')`,
    })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(memberships.schoolId, schoolId))
      .orderBy(accounts.fullName));
}

/** One member of this school, or undefined (another school's id answers 404). */
export async function getMember(db: Db, { schoolId, membershipId }: { schoolId: string; membershipId: string }) {
  const rows = await db.select({
    id: memberships.id, accountId: memberships.accountId, roles: memberships.roles,
    login: accounts.login, fullName: accounts.fullName, disabledAt: accounts.disabledAt,
  })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.schoolId, schoolId), eq(memberships.id, membershipId)))
    .limit(1);
  const m = rows[0];
  return m ? { ...m, roles: m.roles as SchoolRole[] } : undefined;
}

export async function activeSessionCount(db: Db, accountId: string): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(sessions)
    .where(and(eq(sessions.accountId, accountId), sql`${sessions.expiresAt} > now()`));
  return Number(rows[0]?.n ?? 0);
}

/** Login events of this school's members (or of one of them), newest first. */
export async function schoolLoginEvents(db: Db, { schoolId, accountId, limit = 200 }: { schoolId: string; accountId?: string; limit?: number }) {
  const members = db.select({ id: memberships.accountId }).from(memberships).where(eq(memberships.schoolId, schoolId));
  return db.select({
    at: authEvents.at, kind: authEvents.kind, login: authEvents.login, ip: authEvents.ip, userAgent: authEvents.userAgent, detail: authEvents.detail,
  })
    .from(authEvents)
    .where(accountId ? eq(authEvents.accountId, accountId) : inArray(authEvents.accountId, members))
    .orderBy(desc(authEvents.at))
    .limit(limit);
}
