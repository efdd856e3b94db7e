// Look-ups shared by the people tests: ids of demo people and the audit rows written for them.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { guardians, staff, students } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';

export const SCHOOL_1 = 'МБОУ «Средняя общеобразовательная школа № 1» (демо)';
export const SCHOOL_2 = 'МАОУ «Гимназия № 2» (демо)';

export async function schoolId(db: Db, name = SCHOOL_1): Promise<string> {
  const [row] = await db.select({ id: schools.id }).from(schools).where(eq(schools.name, name));
  return row!.id;
}

export async function memberOf(db: Db, login: string) {
  const [row] = await db.select({ schoolId: memberships.schoolId, staffId: memberships.staffId, studentId: memberships.studentId, guardianId: memberships.guardianId })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return row!;
}

export async function studentByName(db: Db, lastName: string, firstName: string, school = SCHOOL_1) {
  const sid = await schoolId(db, school);
  const [row] = await db.select().from(students).where(and(eq(students.schoolId, sid), eq(students.lastName, lastName), eq(students.firstName, firstName)));
  return row!;
}

export async function studentById(db: Db, id: string) {
  const [row] = await db.select().from(students).where(eq(students.id, id));
  return row;
}

export async function staffById(db: Db, id: string) {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row;
}

export async function guardianById(db: Db, id: string) {
  const [row] = await db.select().from(guardians).where(eq(guardians.id, id));
  return row;
}

export async function guardianByName(db: Db, lastName: string, firstName: string, school = SCHOOL_1) {
  const sid = await schoolId(db, school);
  const [row] = await db.select().from(guardians).where(and(eq(guardians.schoolId, sid), eq(guardians.lastName, lastName), eq(guardians.firstName, firstName)));
  return row!;
}

export async function classByName(db: Db, name: string, school = SCHOOL_1) {
  const sid = await schoolId(db, school);
  const [row] = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, sid), eq(schoolClasses.name, name)));
  return row!;
}

/** A student now in the class (the first by name). */
export async function aStudentOf(db: Db, className: string, school = SCHOOL_1) {
  const cls = await classByName(db, className, school);
  const [row] = await db.select({ id: students.id, lastName: students.lastName, firstName: students.firstName }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.classId, cls.id), sql`${classMemberships.endsOn} is null`))
    .orderBy(students.lastName, students.firstName).limit(1);
  return row!;
}

export async function auditRows(db: Db, entity: string, entityId: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, entityId))).orderBy(auditEvents.at);
}

export async function auditCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
  return Number(row!.n);
}

/** A valid student form (school 1 collects contacts). */
export function studentFormValues(over: Record<string, string> = {}): Record<string, string> {
  return { lastName: 'Новикова', firstName: 'Варвара', middleName: 'Андреевна', sex: 'ж', birthDate: '2016-03-15', personalFileNo: 'Н-9001', ...over };
}

export function staffFormValues(over: Record<string, string> = {}): Record<string, string> {
  return {
    lastName: 'Тестова', firstName: 'Дарья', middleName: 'Олеговна', sex: 'ж', birthDate: '1991-02-03', position: 'Учитель химии',
    category: 'первая', rank: '', diplomaSpecialty: 'Химия', phone: '+7 (916) 000-11-22', email: 'testova@example.ru', externalId: '', ...over,
  };
}

/**
 * The demo seed makes the `teacher` login class teacher of 1А (its staff key starts with "t", like the generated
 * teachers'); the people tests need a subject teacher without a class, as the demo describes her.
 */
export async function makeTeacherSubjectOnly(db: Db): Promise<void> {
  const { staffId } = await memberOf(db, 'teacher');
  await db.update(schoolClasses).set({ classTeacherId: null }).where(eq(schoolClasses.classTeacherId, staffId!));
}
