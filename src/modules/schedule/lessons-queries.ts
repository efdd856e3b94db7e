// Reading lessons with everything a page shows: group, class, subject, teacher, room, bells, topic, substitution.
import { and, asc, eq, gte, inArray, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { staff } from '../people/schema.ts';
import { bells, bellSchedules, schoolClasses, subjects } from '../setup/schema.ts';
import { lessons, substitutions } from './schema.ts';

type Q = Db | Tx;
const subStaff = alias(staff, 'sub_staff');
const subSubject = alias(subjects, 'sub_subject');

type NameCols = { lastName: AnyColumn; firstName: AnyColumn; middleName: AnyColumn };
const shortName = (t: NameCols) => sql<string>`${t.lastName} || ' ' || left(${t.firstName}, 1) || '.' || coalesce(' ' || left(${t.middleName}, 1) || '.', '')`;

function lessonSelect(db: Q) {
  return db.select({
    id: lessons.id, date: lessons.date, lessonNumber: lessons.lessonNumber, groupId: lessons.groupId, staffId: lessons.staffId,
    room: lessons.room, topic: lessons.topic, origin: lessons.origin, offTimetable: lessons.offTimetable,
    groupName: teachingGroups.name, classId: teachingGroups.classId, className: schoolClasses.name, grade: schoolClasses.grade,
    subjectId: teachingGroups.subjectId, subjectName: subjects.name, teacherName: shortName(staff),
    startsAt: bells.startsAt, endsAt: bells.endsAt,
    subId: substitutions.id, subKind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId, subReason: substitutions.reason,
    subSubjectId: substitutions.subjectId, substituteName: sql<string | null>`case when ${subStaff.id} is null then null else ${shortName(subStaff)} end`,
    subSubjectName: subSubject.name,
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, lessons.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .innerJoin(staff, and(eq(staff.schoolId, lessons.schoolId), eq(staff.id, lessons.staffId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, lessons.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .leftJoin(bellSchedules, and(eq(bellSchedules.schoolId, lessons.schoolId), eq(bellSchedules.shift, sql`coalesce(${schoolClasses.shift}, 1)`)))
    .leftJoin(bells, and(eq(bells.schoolId, lessons.schoolId), eq(bells.scheduleId, bellSchedules.id), eq(bells.lessonNumber, lessons.lessonNumber)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(subStaff, and(eq(subStaff.schoolId, lessons.schoolId), eq(subStaff.id, substitutions.substituteStaffId)))
    .leftJoin(subSubject, and(eq(subSubject.schoolId, lessons.schoolId), eq(subSubject.id, substitutions.subjectId)));
}

export type LessonRow = Awaited<ReturnType<ReturnType<typeof lessonSelect>['execute']>>[number];

/** A day's lessons of the school (or, with staffId, the lessons this teacher gives: own ones and those substituted). */
export async function dayLessons(db: Q, { schoolId, date, staffId }: { schoolId: string; date: string; staffId?: string }): Promise<LessonRow[]> {
  const conds: SQL[] = [eq(lessons.schoolId, schoolId), eq(lessons.date, date)];
  if (staffId) conds.push(or(eq(lessons.staffId, staffId), eq(substitutions.substituteStaffId, staffId))!);
  return lessonSelect(db).where(and(...conds)).orderBy(asc(lessons.lessonNumber), asc(schoolClasses.grade), asc(schoolClasses.name), asc(teachingGroups.name));
}

/**
 * A teacher's lessons from `from` to `to` (both included): their own and those they substitute, by date and number (the
 * teacher's calendar feed). The substituted ones come from the substitute's index, not a scan of the school's days.
 */
export async function staffLessonsBetween(
  db: Q, { schoolId, staffId, from, to }: { schoolId: string; staffId: string; from: string; to: string },
): Promise<LessonRow[]> {
  const substituted = db.select({ id: substitutions.lessonId }).from(substitutions)
    .where(and(eq(substitutions.schoolId, schoolId), eq(substitutions.substituteStaffId, staffId)));
  return lessonSelect(db)
    .where(and(eq(lessons.schoolId, schoolId), gte(lessons.date, from), lte(lessons.date, to),
      or(eq(lessons.staffId, staffId), inArray(lessons.id, substituted))))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
}

/**
 * A teacher's lessons from `from` to `until` (inclusive): their own (the lessons_staff_date index) and those they
 * substitute (substitutions_staff), each list by date and number and capped at `limit` — the home page's «now».
 */
export async function teacherLessonsBetween(
  db: Q, o: { schoolId: string; staffId: string; from: string; until: string; limit: number },
): Promise<LessonRow[]> {
  const days = and(eq(lessons.schoolId, o.schoolId), gte(lessons.date, o.from), lte(lessons.date, o.until));
  const list = (who: SQL | undefined) => lessonSelect(db).where(and(days, who)).orderBy(asc(lessons.date), asc(lessons.lessonNumber)).limit(o.limit);
  const [own, substituted] = await Promise.all([list(eq(lessons.staffId, o.staffId)), list(eq(substitutions.substituteStaffId, o.staffId))]);
  const seen = new Set(own.map((l) => l.id));
  return [...own, ...substituted.filter((l) => !seen.has(l.id))];
}

export async function getLesson(db: Q, { schoolId, lessonId }: { schoolId: string; lessonId: string }): Promise<LessonRow | undefined> {
  const rows = await lessonSelect(db).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId))).limit(1);
  return rows[0];
}

/** Lessons kept off the timetable by a re-layout (they hold content), of the school, by date. */
export async function offTimetableLessons(db: Q, { schoolId }: { schoolId: string }): Promise<LessonRow[]> {
  return lessonSelect(db).where(and(eq(lessons.schoolId, schoolId), eq(lessons.offTimetable, true))).orderBy(asc(lessons.date), asc(lessons.lessonNumber)).limit(500);
}

/** Staff members busy at a lesson number on a date (their own lesson not handed over, or a substitution they give). */
export async function busyStaff(db: Q, { schoolId, date, lessonNumber }: { schoolId: string; date: string; lessonNumber: number }): Promise<Set<string>> {
  const rows = await db.select({ staffId: lessons.staffId, subKind: substitutions.kind, sub: substitutions.substituteStaffId }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.date, date), eq(lessons.lessonNumber, lessonNumber)));
  const busy = new Set<string>();
  for (const r of rows) {
    if (!r.subKind) busy.add(r.staffId);
    if (r.sub) busy.add(r.sub);
  }
  return busy;
}

/** Active staff of the school for pickers, by name. */
export async function staffOptions(db: Q, { schoolId }: { schoolId: string }) {
  return db.select({ id: staff.id, name: shortName(staff) }).from(staff).where(eq(staff.schoolId, schoolId)).orderBy(asc(staff.lastName), asc(staff.firstName));
}
