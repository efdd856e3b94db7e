// Fixtures of the journal tests: the demo's groups and lessons found by name and date, and a JSON cell save.
import { and, asc, desc, eq, gt, gte, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { groupRosterOn } from '../../src/modules/curriculum/membership.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance, marks } from '../../src/modules/journal/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { schoolClasses, subjects } from '../../src/modules/setup/schema.ts';

export async function schoolOf(db: Db, login: string): Promise<string> {
  const [m] = await db.select({ schoolId: memberships.schoolId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!.schoolId;
}

/** The demo's whole-class group of a class and subject (e.g. 5А, Математика). */
export async function demoGroup(db: Db, schoolId: string, className: string, subjectName: string): Promise<string> {
  const [g] = await db.select({ id: teachingGroups.id }).from(teachingGroups)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(schoolClasses.name, className), eq(subjects.name, subjectName), eq(teachingGroups.kind, 'class')));
  if (!g) throw new Error(`no group ${className} ${subjectName}`);
  return g.id;
}

type LessonPick = 'latestPast' | 'future' | 'old';
/** A lesson of the group: the latest on or before `today`, the first after it, or the latest one past the default edit window (lesson date + 10 days < today). */
export async function lessonOf(db: Db, schoolId: string, groupId: string, pick: LessonPick, today: string): Promise<{ id: string; date: string }> {
  const own = and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId));
  const old = new Date(`${today}T00:00:00Z`);
  old.setUTCDate(old.getUTCDate() - 10);
  const rows = pick === 'latestPast'
    ? await db.select({ id: lessons.id, date: lessons.date }).from(lessons).where(and(own, lte(lessons.date, today))).orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(1)
    : pick === 'future'
      ? await db.select({ id: lessons.id, date: lessons.date }).from(lessons).where(and(own, gt(lessons.date, today))).orderBy(asc(lessons.date)).limit(1)
      : await db.select({ id: lessons.id, date: lessons.date }).from(lessons).where(and(own, lt(lessons.date, old.toISOString().slice(0, 10)))).orderBy(desc(lessons.date)).limit(1);
  if (!rows[0]) throw new Error(`no ${pick} lesson`);
  return rows[0];
}

/** Clears a lesson's marks and attendance (the demo may have filled it) so a test starts from empty cells. */
export async function clearLesson(db: Db, schoolId: string, lessonId: string): Promise<void> {
  await db.delete(marks).where(and(eq(marks.schoolId, schoolId), eq(marks.lessonId, lessonId)));
  await db.delete(attendance).where(and(eq(attendance.schoolId, schoolId), eq(attendance.lessonId, lessonId)));
}

/** The group's latest lesson on or before `today` within the default edit window (10 days), without a substitution. */
export async function recentLesson(db: Db, schoolId: string, groupId: string, today: string): Promise<{ id: string; date: string }> {
  const from = new Date(`${today}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 9);
  const [l] = await db.select({ id: lessons.id, date: lessons.date }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId), lte(lessons.date, today), gte(lessons.date, from.toISOString().slice(0, 10)),
      isNull(substitutions.id)))
    .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(1);
  if (!l) throw new Error('no recent lesson');
  return l;
}

export async function rosterIds(db: Db, schoolId: string, groupId: string, date: string): Promise<string[]> {
  return (await groupRosterOn(db, { schoolId, groupId, date })).map((r) => r.studentId);
}


/** A lesson of demo school 2 (which has no curriculum): a group of its first class and a lesson on `date`, built here. */
export async function schoolTwoLesson(db: Db, date: string): Promise<string> {
  const s2 = await schoolOf(db, 'admin2');
  const [cls] = await db.select().from(schoolClasses).where(eq(schoolClasses.schoolId, s2)).limit(1);
  const [subj] = await db.select().from(subjects).where(eq(subjects.schoolId, s2)).limit(1);
  const [person] = await db.select().from(staff).where(eq(staff.schoolId, s2)).limit(1);
  const [g] = await db.insert(teachingGroups)
    .values({ schoolId: s2, yearId: cls!.yearId, subjectId: subj!.id, kind: 'class', classId: cls!.id, name: 'Группа школы 2' })
    .returning({ id: teachingGroups.id });
  const [l] = await db.insert(lessons).values({ schoolId: s2, groupId: g!.id, date, lessonNumber: 1, staffId: person!.id })
    .returning({ id: lessons.id });
  return l!.id;
}
