// Gaps for the deputy's weekly journal-filling control to find in the demo (issue 12), all in 6Б Russian (a teacher who
// is no demo login, away from the demo family's classes): the teacher forgets the homework of every other lesson of the
// last two weeks; a student of 6Б is absent the whole of last week with no reason given; one control-work mark is entered
// 9 days after the work (the school allows 7) and one ordinary mark the day after its lesson — the audit rows say when.
// Run after seedDemoJournal. Deterministic: lessons by date, the student by name.
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { memberships } from '../../modules/accounts/schema.ts';
import { auditEvents } from '../../modules/audit/schema.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { teachingGroups } from '../../modules/curriculum/schema.ts';
import { attendance, lessonColumns, marks, workTypes } from '../../modules/journal/schema.ts';
import { students } from '../../modules/people/schema.ts';
import { schools } from '../../modules/platform/schema.ts';
import { lessons, substitutions } from '../../modules/schedule/schema.ts';
import { mondayOf } from '../../modules/schedule/calendar.ts';
import { subjects } from '../../modules/setup/schema.ts';
import { addDays, todayIso, zonedMoment } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';

export type ReportGaps = { homeworkForgotten: number; absences: number; lateMarks: number };

const CLASS = '6Б';
const SUBJECT = 'Русский язык';

export async function seedDemoReportGaps(db: Db, built: Pick<BuiltSchool, 'schoolId' | 'classes'>): Promise<ReportGaps> {
  const { schoolId } = built;
  const classId = built.classes.get(CLASS);
  const today = todayIso();
  if (!classId) return { homeworkForgotten: 0, absences: 0, lateMarks: 0 };
  return withSchool(db, schoolId, async (tx) => {
    const [school] = await tx.select({ zone: schools.timeZone }).from(schools).where(eq(schools.id, schoolId));
    const zone = school?.zone ?? 'Europe/Moscow';
    const past = await tx.select({ id: lessons.id, date: lessons.date, staffId: lessons.staffId }).from(lessons)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
      .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
      .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
      .where(and(eq(lessons.schoolId, schoolId), eq(teachingGroups.classId, classId), eq(teachingGroups.kind, 'class'),
        eq(subjects.name, SUBJECT), lt(lessons.date, today), isNull(substitutions.id)))
      .orderBy(desc(lessons.date), desc(lessons.lessonNumber));
    const homeworkForgotten = await forgetHomework(tx, schoolId, past.filter((l) => l.date >= addDays(today, -14)).filter((_, i) => i % 2 === 0));
    const absences = await absentAllWeek(tx, schoolId, classId, today, zone);
    const lateMarks = await enterLate(tx, schoolId, past, today, zone);
    return { homeworkForgotten, absences, lateMarks };
  });
}

async function forgetHomework(tx: Tx, schoolId: string, forgotten: Array<{ id: string }>): Promise<number> {
  if (forgotten.length === 0) return 0;
  await tx.update(lessons).set({ homework: null, homeworkMinutes: null })
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, forgotten.map((l) => l.id))));
  return forgotten.length;
}

/** The first student of the class by name misses every lesson of last week (Monday to Saturday), no reason given. */
async function absentAllWeek(tx: Tx, schoolId: string, classId: string, today: string, zone: string): Promise<number> {
  const monday = addDays(mondayOf(today), -7);
  const [student] = await tx.select({ id: students.id }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), sql`${classMemberships.startsOn} <= ${monday}`,
      sql`(${classMemberships.endsOn} is null or ${classMemberships.endsOn} > ${addDays(monday, 5)})`))
    .orderBy(asc(students.lastName), asc(students.firstName)).limit(1);
  if (!student) return 0;
  const week = await tx.select({ id: lessons.id }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id), eq(substitutions.kind, 'cancelled')))
    .where(and(eq(lessons.schoolId, schoolId), eq(teachingGroups.classId, classId), eq(teachingGroups.kind, 'class'),
      gte(lessons.date, monday), lt(lessons.date, addDays(monday, 6)), lt(lessons.date, today), isNull(substitutions.id)));
  if (week.length === 0) return 0;
  const ids = week.map((l) => l.id);
  await tx.delete(marks).where(and(eq(marks.schoolId, schoolId), eq(marks.studentId, student.id), inArray(marks.lessonId, ids)));
  await tx.insert(attendance).values(ids.map((lessonId) => ({ schoolId, lessonId, studentId: student.id, kind: 'absent', reason: null })))
    .onConflictDoUpdate({ target: [attendance.schoolId, attendance.lessonId, attendance.studentId], set: { kind: 'absent', reason: null } });
  // An absence saved means attendance was taken.
  await tx.update(lessons).set({ attendanceTakenAt: sql`(${lessons.date} + time '08:10') at time zone ${zone}` })
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, ids), isNull(lessons.attendanceTakenAt)));
  return ids.length;
}

/**
 * Two marks «entered late», by their audit rows: a control-work mark 8 days after its lesson (the school allows 7) — the
 * latest lesson at least 9 days ago, turned into a control work (its first column «Контрольная работа») if it is not
 * one — and an ordinary mark the evening after its lesson (the latest such lesson before yesterday).
 */
async function enterLate(tx: Tx, schoolId: string, past: Array<{ id: string; date: string; staffId: string }>, today: string, zone: string): Promise<number> {
  const controlLesson = past.find((l) => addDays(l.date, 8) < today);
  const [test] = await tx.select({ id: workTypes.id }).from(workTypes)
    .where(and(eq(workTypes.schoolId, schoolId), eq(workTypes.name, 'Контрольная работа'), eq(workTypes.isControl, true)));
  if (controlLesson && test) {
    await tx.update(lessonColumns).set({ workTypeId: test.id })
      .where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.lessonId, controlLesson.id), eq(lessonColumns.columnNo, 1)));
    await tx.update(lessons).set({ controlWork: true }).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, controlLesson.id)));
  }
  const columns = past.length === 0 ? [] : await tx.select({
    lessonId: marks.lessonId, studentId: marks.studentId, column: marks.columnNo, value: marks.value, control: workTypes.isControl,
  }).from(marks)
    .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, marks.schoolId), eq(lessonColumns.lessonId, marks.lessonId), eq(lessonColumns.columnNo, marks.columnNo)))
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .where(and(eq(marks.schoolId, schoolId), inArray(marks.lessonId, past.map((l) => l.id))))
    .orderBy(asc(marks.studentId));
  const pick = (lesson: { id: string; date: string; staffId: string } | undefined, control: boolean, days: number, time: string) => {
    const mark = lesson && columns.find((c) => c.lessonId === lesson.id && c.control === control);
    return lesson && mark ? { lesson, mark, at: zonedMoment(`${addDays(lesson.date, days)}T${time}`, zone)! } : null;
  };
  const ordinary = past.find((l) => addDays(l.date, 1) < today && columns.some((c) => c.lessonId === l.id && !c.control));
  const late = [pick(controlLesson, true, 8, '16:40'), pick(ordinary, false, 1, '19:15')].filter((x): x is NonNullable<typeof x> => x !== null);
  for (const { lesson, mark, at } of late) {
    const [m] = await tx.select({ accountId: memberships.accountId }).from(memberships)
      .where(and(eq(memberships.schoolId, schoolId), eq(memberships.staffId, lesson.staffId))).limit(1);
    await tx.insert(auditEvents).values({
      schoolId, at, actorAccountId: m?.accountId ?? null, actorRole: 'teacher', requestId: 'seed-demo', ip: '127.0.0.1',
      entity: 'mark', entityId: `${mark.lessonId}:${mark.studentId}:${mark.column}`, action: 'create', oldValue: null, newValue: { value: mark.value },
    });
  }
  return late.length;
}
