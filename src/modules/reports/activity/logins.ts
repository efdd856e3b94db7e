// Logins of a school's accounts in a week, read from the global auth_events as the school's login journal reads it
// (accounts/members.ts authEventsOfSchool): a complete login of an account of this school only, or entering this school.
import { and, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { authEventsOfSchool } from '../../accounts/members.ts';
import { authEvents, memberships } from '../../accounts/schema.ts';
import type { Q } from '../lesson-rows.ts';

export type LoginCount = { logins: number; days: number };

/** accountId → logins in [start, end) and the school-local days they fell on. */
export async function loginCounts(db: Q, { schoolId, accountIds, start, end, timeZone }: {
  schoolId: string; accountIds: readonly string[]; start: Date; end: Date; timeZone: string;
}): Promise<Map<string, LoginCount>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.select({
    accountId: authEvents.accountId,
    logins: sql<number>`count(*)::int`,
    days: sql<number>`count(distinct (${authEvents.at} at time zone ${timeZone})::date)::int`,
  }).from(authEvents)
    .where(and(
      inArray(authEvents.accountId, [...accountIds]), gte(authEvents.at, start), lt(authEvents.at, end),
      or(eq(authEvents.kind, 'login_ok'), and(eq(authEvents.kind, 'school_switched'), eq(authEvents.schoolId, schoolId))),
      authEventsOfSchool(schoolId),
    ))
    .groupBy(authEvents.accountId);
  return new Map(rows.map((r) => [r.accountId!, { logins: Number(r.logins), days: Number(r.days) }]));
}

/** The accounts of the school's people: staff id / guardian id / student id → account id. */
export async function accountsOf(db: Q, schoolId: string, who: 'staff' | 'guardian' | 'student', ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const column = { staff: memberships.staffId, guardian: memberships.guardianId, student: memberships.studentId }[who];
  const rows = await db.select({ personId: column, accountId: memberships.accountId }).from(memberships)
    .where(and(eq(memberships.schoolId, schoolId), inArray(column, [...ids])));
  return new Map(rows.map((r) => [r.personId!, r.accountId]));
}
