import { inClassOn } from '../contingent/queries.ts';
// The accounts of one class: its current students and their guardians, with their accounts in this school.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classMemberships } from '../contingent/schema.ts';
import { guardians, studentGuardians, students } from '../people/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { accounts, memberships } from './schema.ts';

type Q = Db | Tx;

export type AccountState = { membershipId: string; login: string; disabled: boolean } | null;
export type PersonName = { lastName: string; firstName: string; middleName: string | null };
export type RosterGuardian = PersonName & { id: string; fullName: string; relation: string; account: AccountState };
export type RosterStudent = PersonName & { id: string; fullName: string; account: AccountState; guardians: RosterGuardian[] };

const fio = (p: PersonName) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const state = (r: { membershipId: string | null; login: string | null; disabled: boolean | null }): AccountState =>
  r.membershipId && r.login ? { membershipId: r.membershipId, login: r.login, disabled: Boolean(r.disabled) } : null;
const disabledSql = sql<boolean>`(${memberships.disabledAt} is not null or ${accounts.disabledAt} is not null)`;

/** Students in the class on `today` (starts_on ≤ today < ends_on), by name, each with their guardians. */
export async function classRoster(db: Q, { schoolId, classId, today }: { schoolId: string; classId: string; today: string }): Promise<RosterStudent[]> {
  const rows = await db.selectDistinct({
    id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
    membershipId: memberships.id, login: accounts.login, disabled: disabledSql,
  })
    .from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .leftJoin(memberships, and(eq(memberships.schoolId, students.schoolId), eq(memberships.studentId, students.id)))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(
      eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId),
      inClassOn(today),
    ))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName), asc(students.id));
  const ids = rows.map((r) => r.id);
  const links = ids.length === 0 ? [] : await db.select({
    studentId: studentGuardians.studentId, relation: studentGuardians.relation,
    id: guardians.id, lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
    membershipId: memberships.id, login: accounts.login, disabled: disabledSql,
  })
    .from(studentGuardians)
    .innerJoin(guardians, and(eq(guardians.schoolId, studentGuardians.schoolId), eq(guardians.id, studentGuardians.guardianId)))
    .leftJoin(memberships, and(eq(memberships.schoolId, guardians.schoolId), eq(memberships.guardianId, guardians.id)))
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.studentId, ids)))
    .orderBy(asc(guardians.lastName), asc(guardians.firstName));
  return rows.map((r) => ({
    id: r.id, lastName: r.lastName, firstName: r.firstName, middleName: r.middleName, fullName: fio(r), account: state(r),
    guardians: links.filter((g) => g.studentId === r.id).map((g) => ({
      id: g.id, lastName: g.lastName, firstName: g.firstName, middleName: g.middleName, fullName: fio(g), relation: g.relation, account: state(g),
    })),
  }));
}

/** How many of the roster have no account yet (a guardian of two children counts once). */
export function missingAccounts(roster: readonly RosterStudent[]): { students: number; guardians: number } {
  const guardiansWithout = new Set<string>();
  for (const s of roster) for (const g of s.guardians) if (!g.account) guardiansWithout.add(g.id);
  return { students: roster.filter((s) => !s.account).length, guardians: guardiansWithout.size };
}

/** Does this membership belong to a student of the roster or to one of their guardians? */
export function rosterHasMember(roster: readonly RosterStudent[], membershipId: string): boolean {
  return roster.some((s) => s.account?.membershipId === membershipId || s.guardians.some((g) => g.account?.membershipId === membershipId));
}

/** The class each of these students is in on `today` (student id → class name). */
export async function currentClassNames(db: Q, { schoolId, studentIds, today }: { schoolId: string; studentIds: string[]; today: string }): Promise<Map<string, string>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db.select({ studentId: classMemberships.studentId, name: schoolClasses.name })
    .from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(
      eq(classMemberships.schoolId, schoolId), inArray(classMemberships.studentId, studentIds),
      inClassOn(today),
    ));
  return new Map(rows.map((r) => [r.studentId, r.name]));
}
