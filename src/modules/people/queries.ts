import { inClassOn } from '../contingent/queries.ts';
// Shared look-ups of the people module: the school's settings, the actor's classes, scope checks, linked accounts.
// Every function takes schoolId.
import { and, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { accounts, memberships } from '../accounts/schema.ts';
import { classMemberships } from '../contingent/schema.ts';
import { schools } from '../platform/schema.ts';
import { classesLedBy, currentYear } from '../setup/lookups.ts';
import { septemberFirstOf } from './rules.ts';
import { guardians, staff, studentGuardians, students } from './schema.ts';

type Q = Db | Tx;

/** Lists show at most this many rows; a search narrows them. */
export const LIST_LIMIT = 200;

/** A name search over last, first and middle names: every word must match one of them. */
export function nameSearch(q: string, cols: { lastName: AnyPgColumn; firstName: AnyPgColumn; middleName: AnyPgColumn }): SQL | undefined {
  const words = q.split(' ').filter(Boolean).slice(0, 3);
  if (!words.length) return undefined;
  return and(...words.map((w) => {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return or(ilike(cols.lastName, like), ilike(cols.firstName, like), ilike(cols.middleName, like));
  }));
}

/** Whether the school collects phones, e-mails and addresses of students and guardians [001 §5.8]. */
export async function collectsContacts(db: Q, schoolId: string): Promise<boolean> {
  const rows = await db.select({ on: schools.collectContacts }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  return rows[0]?.on ?? false;
}

/** Where the school stands today: the date and its current academic year (if any). */
export async function schoolToday(db: Q, schoolId: string, today: string) {
  const year = await currentYear(db, { schoolId, date: today });
  return { today, year: year ?? null, yearStartsOn: year?.startsOn ?? septemberFirstOf(today) };
}

/** The classes of the current year this staff member leads (none without a staff card or a year). */
export async function ledClasses(db: Q, { schoolId, staffId, today }: { schoolId: string; staffId: string | null; today: string }) {
  if (!staffId) return [];
  const year = await currentYear(db, { schoolId, date: today });
  if (!year) return [];
  return classesLedBy(db, { schoolId, staffId, yearId: year.id });
}

/** Membership on a date (the contingent module's definition). */
export const currentOn = inClassOn;

/** Is the student in one of these classes on this date? */
export async function studentInClasses(db: Q, { schoolId, studentId, classIds, date }: { schoolId: string; studentId: string; classIds: string[]; date: string }) {
  if (classIds.length === 0) return false;
  const rows = await db.select({ one: sql<number>`1` }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId), inArray(classMemberships.classId, classIds), currentOn(date)))
    .limit(1);
  return rows.length > 0;
}

/** Is the guardian linked to a student who is in one of these classes on this date? */
export async function guardianInClasses(db: Q, { schoolId, guardianId, classIds, date }: { schoolId: string; guardianId: string; classIds: string[]; date: string }) {
  if (classIds.length === 0) return false;
  const rows = await db.select({ one: sql<number>`1` }).from(studentGuardians)
    .innerJoin(classMemberships, and(eq(classMemberships.schoolId, studentGuardians.schoolId), eq(classMemberships.studentId, studentGuardians.studentId)))
    .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.guardianId, guardianId), inArray(classMemberships.classId, classIds), currentOn(date)))
    .limit(1);
  return rows.length > 0;
}

/** The students in these classes on a date (a subquery of ids), for scoping searches. */
export function studentsInClassesQuery(db: Q, schoolId: string, classIds: string[], date: string) {
  return db.select({ id: classMemberships.studentId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), inArray(classMemberships.classId, classIds), currentOn(date)));
}

export type LinkedAccount = { membershipId: string; login: string; roles: string[]; disabled: boolean } | null;

/** The account linked to a card (memberships.staff_id / guardian_id / student_id), or null. */
export async function linkedAccount(db: Q, { schoolId, staffId, studentId, guardianId }: { schoolId: string; staffId?: string; studentId?: string; guardianId?: string }): Promise<LinkedAccount> {
  const link = staffId ? eq(memberships.staffId, staffId) : studentId ? eq(memberships.studentId, studentId) : guardianId ? eq(memberships.guardianId, guardianId) : undefined;
  if (!link) return null;
  const rows = await db.select({ membershipId: memberships.id, login: accounts.login, roles: memberships.roles, disabledAt: accounts.disabledAt, blockedHere: memberships.disabledAt })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.schoolId, schoolId), link)).limit(1);
  const r = rows[0];
  return r ? { membershipId: r.membershipId, login: r.login, roles: r.roles, disabled: r.disabledAt !== null || r.blockedHere !== null } : null;
}

const SNILS_CARDS = { staff, student: students, guardian: guardians } as const;

/** Another card of the same kind in this school already carries this СНИЛС (unique per school, migration 0019). */
export async function snilsTaken(
  db: Db, p: { schoolId: string; kind: keyof typeof SNILS_CARDS; snils: string | null | undefined; exceptId?: string },
): Promise<boolean> {
  if (!p.snils) return false;
  const t = SNILS_CARDS[p.kind];
  const rows = await db.select({ id: t.id }).from(t)
    .where(and(eq(t.schoolId, p.schoolId), eq(t.snils, p.snils), p.exceptId ? ne(t.id, p.exceptId) : undefined)).limit(1);
  return rows.length > 0;
}

export const SNILS_TAKEN = { snils: 'Этот СНИЛС уже записан в другой карточке школы. Проверьте номер.' };

