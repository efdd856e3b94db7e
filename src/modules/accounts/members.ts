// Queries for the admin's view of the school's accounts. Every function takes schoolId.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { guardians, staff, studentGuardians, students } from '../people/schema.ts';
import { schools } from '../platform/schema.ts';
import { accounts, authEvents, memberships, operators, sessions } from './schema.ts';
import type { SchoolRole } from './rules.ts';

export async function listMembers(db: Db, { schoolId }: { schoolId: string }) {
  return withSchool(db, schoolId, (tx) =>
    tx.select({
      id: memberships.id, roles: memberships.roles, login: accounts.login, fullName: accounts.fullName,
      staffId: memberships.staffId, guardianId: memberships.guardianId, studentId: memberships.studentId, accountId: accounts.id,
      disabled: sql<boolean>`(${memberships.disabledAt} is not null or ${accounts.disabledAt} is not null)`,
      memberDisabled: sql<boolean>`${memberships.disabledAt} is not null`,
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
    memberDisabledAt: memberships.disabledAt, mustChangePassword: accounts.mustChangePassword,
    staffId: memberships.staffId, guardianId: memberships.guardianId, studentId: memberships.studentId,
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

/** Where an account's password reaches: the schools of all its memberships (blocked ones too), and the operator's pages. */
export async function accountReach(q: Db | Tx, accountId: string): Promise<{ schoolIds: string[]; isOperator: boolean }> {
  const [row] = await q.select({
    // Row-level security shows this school's memberships only: the account's schools come from a function past it.
    schoolIds: sql<string[]>`otmetka_account_schools(${accountId})::text[]`,
    isOperator: sql<boolean>`exists (select 1 from ${operators} op where op.account_id = ${accountId})`,
  }).from(accounts).where(eq(accounts.id, accountId));
  return row ?? { schoolIds: [], isOperator: false };
}

/**
 * The auth events a school may see (a condition on auth_events). auth_events is global, so:
 * - an event that carries a school id (entering the school via «смена школы», logout from it, the admin's reset, block,
 *   end of sessions) is shown to that school only;
 * - an account-level event (no school id: login, failed login, lockout, logout everywhere, expiry, own password change)
 *   is shown only for accounts whose memberships are all in this school and that are no operator — the same accounts
 *   whose password the school may reset (passwordResetProblem). Such events of an account of several schools tell
 *   nothing about this school and are shown to none of them.
 */
export function authEventsOfSchool(schoolId: string) {
  const soleMembers = sql`select m.account_id from ${memberships} m where m.school_id = ${schoolId}
    and otmetka_account_schools(m.account_id) = array[${schoolId}::uuid]
    and not exists (select 1 from ${operators} op where op.account_id = m.account_id)`;
  return or(eq(authEvents.schoolId, schoolId), and(isNull(authEvents.schoolId), sql`${authEvents.accountId} in (${soleMembers})`))!;
}

/** Login events a school sees (authEventsOfSchool), newest first: all of them, or one member's. */
export async function schoolLoginEvents(db: Db, { schoolId, accountId, limit = 200 }: { schoolId: string; accountId?: string; limit?: number }) {
  const visible = authEventsOfSchool(schoolId);
  return db.select({
    at: authEvents.at, kind: authEvents.kind, login: authEvents.login, ip: authEvents.ip, userAgent: authEvents.userAgent, detail: authEvents.detail,
  })
    .from(authEvents)
    .where(accountId ? and(eq(authEvents.accountId, accountId), visible) : visible)
    .orderBy(desc(authEvents.at))
    .limit(limit);
}

/** The children (student cards) of a guardian in this school, for links and slips. */
export async function childrenOf(db: Db, { schoolId, guardianIds }: { schoolId: string; guardianIds: string[] }) {
  if (guardianIds.length === 0) return [];
  return db.select({
    guardianId: studentGuardians.guardianId, studentId: students.id,
    fullName: sql<string>`concat_ws(' ', ${students.lastName}, ${students.firstName}, ${students.middleName})`,
  })
    .from(studentGuardians)
    .innerJoin(students, and(eq(students.schoolId, studentGuardians.schoolId), eq(students.id, studentGuardians.studentId)))
    .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.guardianId, guardianIds)))
    .orderBy(asc(students.lastName), asc(students.firstName));
}

/** A guardian card of this school (name only), or undefined. */
export async function getGuardianName(db: Db, { schoolId, guardianId }: { schoolId: string; guardianId: string }) {
  const [row] = await db.select({ lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName })
    .from(guardians).where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, guardianId))).limit(1);
  return row;
}

/** Every staff card of the school with its account in this school, if any. */
export async function staffWithAccounts(db: Db, { schoolId }: { schoolId: string }) {
  const rows = await db.select({
    id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName, position: staff.position,
    membershipId: memberships.id, roles: memberships.roles, login: accounts.login,
    disabled: sql<boolean>`(${memberships.disabledAt} is not null or ${accounts.disabledAt} is not null)`,
  })
    .from(staff)
    .leftJoin(memberships, and(eq(memberships.schoolId, staff.schoolId), eq(memberships.staffId, staff.id)))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(staff.schoolId, schoolId))
    .orderBy(asc(staff.lastName), asc(staff.firstName), asc(staff.middleName));
  return rows.map((r) => ({
    id: r.id, fullName: [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' '), position: r.position,
    account: r.membershipId && r.login ? { membershipId: r.membershipId, login: r.login, roles: (r.roles ?? []) as SchoolRole[], disabled: r.disabled } : null,
  }));
}

/** Members linked to no person card (e.g. the first admin created by the operator). */
export async function membersWithoutCard(db: Db, { schoolId }: { schoolId: string }) {
  return db.select({ id: memberships.id, login: accounts.login, fullName: accounts.fullName, roles: memberships.roles })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.schoolId, schoolId), isNull(memberships.staffId), isNull(memberships.guardianId), isNull(memberships.studentId)))
    .orderBy(asc(accounts.fullName));
}

/** One staff card of this school with its membership (if any), or undefined. */
export async function getStaffCard(db: Db, { schoolId, staffId }: { schoolId: string; staffId: string }) {
  const [row] = await db.select({
    id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName, position: staff.position,
    membershipId: memberships.id,
  })
    .from(staff)
    .leftJoin(memberships, and(eq(memberships.schoolId, staff.schoolId), eq(memberships.staffId, staff.id)))
    .where(and(eq(staff.schoolId, schoolId), eq(staff.id, staffId)))
    .limit(1);
  return row ? { ...row, fullName: [row.lastName, row.firstName, row.middleName].filter(Boolean).join(' ') } : undefined;
}

/** The school's name and address, printed on credential slips. */
export async function schoolLetterhead(db: Db, { schoolId }: { schoolId: string }) {
  const [row] = await db.select({ name: schools.name, address: schools.address }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  return row ?? { name: '', address: null };
}
