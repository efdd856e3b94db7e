// Fixtures of the diary page tests: the demo family (Морозова Анна, her children Дмитрий 5А and Алиса 2А), a student of
// another family, a child in school 2, and what the database holds for a child's week.
import { and, asc, between, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { lessonColumns, marks, workTypes } from '../../src/modules/journal/schema.ts';
import { guardians, studentGuardians, students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';

export async function member(db: Db, login: string) {
  const [m] = await db.select({ schoolId: memberships.schoolId, accountId: memberships.accountId, guardianId: memberships.guardianId, studentId: memberships.studentId })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!;
}

export async function studentByFile(db: Db, schoolId: string, fileNo: string): Promise<string> {
  const [s] = await db.select({ id: students.id }).from(students).where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, fileNo)));
  return s!.id;
}

/** The demo family: the parent's school, Дмитрий (5А, file М-0001) and Алиса (2А, М-0002). */
export async function demoFamily(db: Db): Promise<{ school: string; dmitry: string; alisa: string }> {
  const { schoolId } = await member(db, 'parent');
  return { school: schoolId, dmitry: await studentByFile(db, schoolId, 'М-0001'), alisa: await studentByFile(db, schoolId, 'М-0002') };
}

export async function classIdOf(db: Db, schoolId: string, name: string): Promise<string> {
  const [c] = await db.select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name)));
  return c!.id;
}

/** A student of the class on the date who is not `except`. */
export async function someStudentOf(db: Db, schoolId: string, className: string, date: string, except: string[] = []): Promise<string> {
  const classId = await classIdOf(db, schoolId, className);
  const rows = await db.select({ id: classMemberships.studentId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), lte(classMemberships.startsOn, date),
      or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, date))));
  return rows.map((r) => r.id).find((id) => !except.includes(id))!;
}

/** The student's marks with lesson date, work type and weight in [from, to] (the journal's tables, not the diary's query). */
export async function marksOf(db: Db, schoolId: string, studentId: string, from: string, to: string, groupId?: string) {
  return db.select({
    lessonId: lessons.id, date: lessons.date, groupId: lessons.groupId, topic: lessons.topic, homework: lessons.homework,
    value: marks.value, workType: workTypes.name, weight: workTypes.weight,
  }).from(marks)
    .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
    .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, marks.schoolId), eq(lessonColumns.lessonId, marks.lessonId), eq(lessonColumns.columnNo, marks.columnNo)))
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .where(and(eq(marks.schoolId, schoolId), eq(marks.studentId, studentId), between(lessons.date, from, to), groupId ? eq(lessons.groupId, groupId) : undefined))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber), asc(marks.columnNo));
}

/**
 * Makes the demo parent a guardian in school 2 too: a guardian card, a child in the class `className` there, and a
 * membership of the parent's account with the role parent. Returns the child's id.
 */
export async function childInSchool2(db: Db, school2: string, accountId: string, className: string, date: string): Promise<string> {
  const [g] = await db.insert(guardians).values({ schoolId: school2, lastName: 'Морозова', firstName: 'Анна', middleName: 'Игоревна' }).returning({ id: guardians.id });
  const [s] = await db.insert(students).values({ schoolId: school2, lastName: 'Морозов', firstName: 'Пётр', middleName: 'Сергеевич', personalFileNo: 'Г2-МП' })
    .returning({ id: students.id });
  await db.insert(studentGuardians).values({ schoolId: school2, studentId: s!.id, guardianId: g!.id, relation: 'мать' });
  await db.insert(classMemberships).values({ schoolId: school2, studentId: s!.id, classId: await classIdOf(db, school2, className), startsOn: date });
  await db.insert(memberships).values({ schoolId: school2, accountId, roles: ['parent'], guardianId: g!.id });
  return s!.id;
}
