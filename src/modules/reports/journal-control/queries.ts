// What the journal-filling control reads, live: the lessons of a date range with their group, class, subject,
// substitution and entries; the absences without a reason; each current mark's first entry from the audit trail; the
// period marks missing per group and period. A handful of set-based queries for the whole school, whatever its size.
import { and, asc, between, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { auditEvents } from '../../audit/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../curriculum/schema.ts';
import { attendance, lessonColumns, marks, periodMarks, workTypes } from '../../journal/schema.ts';
import { staff } from '../../people/schema.ts';
import { schools } from '../../platform/schema.ts';
import { lessons, substitutions } from '../../schedule/schema.ts';
import { periods, schoolClasses, subjects } from '../../setup/schema.ts';

type Q = Db | Tx;
type Range = { schoolId: string; from: string; to: string };

export async function controlMarkDays(db: Q, schoolId: string): Promise<number> {
  const [row] = await db.select({ days: schools.controlMarkDays }).from(schools).where(eq(schools.id, schoolId));
  return row?.days ?? 7;
}

/** The lessons of [from, to] (every one, cancelled included: the caller decides), with what the control needs. */
export async function rangeLessons(db: Q, { schoolId, from, to }: Range) {
  return db.select({
    id: lessons.id, date: lessons.date, lessonNumber: lessons.lessonNumber, staffId: lessons.staffId, groupId: lessons.groupId,
    groupName: teachingGroups.name, classId: teachingGroups.classId, className: schoolClasses.name, subjectName: subjects.name,
    topic: lessons.topic, ktpTopicId: lessons.ktpTopicId, homework: lessons.homework, attendanceTakenAt: lessons.attendanceTakenAt,
    subKind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId,
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), between(lessons.date, from, to)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
}
export type RangeLesson = Awaited<ReturnType<typeof rangeLessons>>[number];

/** Per lesson of [from, to]: how many absences have no reason yet. */
export async function absencesWithoutReason(db: Q, { schoolId, from, to }: Range): Promise<Map<string, number>> {
  const rows = await db.select({ lessonId: attendance.lessonId, n: sql<number>`count(*)::int` }).from(attendance)
    .innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
    .where(and(eq(attendance.schoolId, schoolId), eq(attendance.kind, 'absent'), isNull(attendance.reason), between(lessons.date, from, to)))
    .groupBy(attendance.lessonId);
  return new Map(rows.map((r) => [r.lessonId, Number(r.n)]));
}

/**
 * Each current mark of the lessons of [from, to]: when it was first entered (its earliest 'mark' audit row that set a
 * value) and whether its column is a control (written) work. Marks without an audit row (imported, seeded) are left out.
 */
export async function markEntries(db: Q, { schoolId, from, to }: Range) {
  const firstAt = sql<Date>`min(${auditEvents.at})`;
  const rows = await db.select({ lessonId: marks.lessonId, control: workTypes.isControl, firstAt }).from(marks)
    .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
    .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, marks.schoolId), eq(lessonColumns.lessonId, marks.lessonId), eq(lessonColumns.columnNo, marks.columnNo)))
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .innerJoin(auditEvents, and(
      eq(auditEvents.schoolId, marks.schoolId), eq(auditEvents.entity, 'mark'),
      eq(auditEvents.entityId, sql`${marks.lessonId}::text || ':' || ${marks.studentId}::text || ':' || ${marks.columnNo}::text`),
      inArray(auditEvents.action, ['create', 'update']),
    ))
    .where(and(eq(marks.schoolId, schoolId), between(lessons.date, from, to)))
    .groupBy(marks.lessonId, marks.studentId, marks.columnNo, workTypes.isControl);
  return rows.map((r) => ({ lessonId: r.lessonId, control: r.control, firstAt: new Date(r.firstAt) }));
}

/**
 * Per group of the year and period of its class ending by `until`: the students in the group on the period's last day
 * without a period mark for it, and the group's teacher(s) on that day. Cross-class groups (no class) and the 1st grade
 * (no marks) are left out.
 */
export async function missingPeriodMarks(db: Q, { schoolId, yearId, until }: { schoolId: string; yearId: string; until: string }) {
  const missing = sql<number>`count(*) filter (where ${periodMarks.studentId} is null)::int`;
  const rows = await db.select({
    groupId: teachingGroups.id, groupName: teachingGroups.name, classId: schoolClasses.id, className: schoolClasses.name,
    subjectName: subjects.name, periodId: periods.id, periodName: periods.name, endsOn: periods.endsOn, missing,
  }).from(teachingGroups)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .innerJoin(periods, and(eq(periods.schoolId, schoolClasses.schoolId), eq(periods.schemeId, schoolClasses.schemeId)))
    .innerJoin(groupMembers, and(
      eq(groupMembers.schoolId, teachingGroups.schoolId), eq(groupMembers.groupId, teachingGroups.id), lte(groupMembers.startsOn, periods.endsOn),
      sql`(${groupMembers.endsOn} is null or ${groupMembers.endsOn} > ${periods.endsOn})`,
    ))
    .leftJoin(periodMarks, and(
      eq(periodMarks.schoolId, teachingGroups.schoolId), eq(periodMarks.groupId, teachingGroups.id), eq(periodMarks.studentId, groupMembers.studentId),
      eq(periodMarks.kind, 'period'), eq(periodMarks.periodId, periods.id),
    ))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId), lte(periods.endsOn, until),
      sql`coalesce(${schoolClasses.grade}, 2) >= 2`)) // the 1st grade gets no marks (безотметочное обучение)
    .groupBy(teachingGroups.id, teachingGroups.name, schoolClasses.id, schoolClasses.name, subjects.name, periods.id, periods.name, periods.endsOn)
    .having(sql`${missing} > 0`);
  if (rows.length === 0) return [];
  const teachers = await db.select({ groupId: groupTeachers.groupId, staffId: groupTeachers.staffId, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn })
    .from(groupTeachers).where(and(eq(groupTeachers.schoolId, schoolId), inArray(groupTeachers.groupId, [...new Set(rows.map((r) => r.groupId))])))
    .orderBy(asc(groupTeachers.startsOn));
  return rows.map((r) => ({
    ...r, missing: Number(r.missing),
    teacherIds: teachers.filter((t) => t.groupId === r.groupId && t.startsOn <= r.endsOn && (t.endsOn === null || t.endsOn > r.endsOn)).map((t) => t.staffId),
  }));
}
export type MissingPeriodMarks = Awaited<ReturnType<typeof missingPeriodMarks>>[number];

/** Short names of staff: «Иванова М. А.». */
export async function staffNames(db: Q, { schoolId, ids }: { schoolId: string; ids: string[] }) {
  if (ids.length === 0) return new Map<string, { lastName: string; firstName: string; middleName: string | null }>();
  const rows = await db.select({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName })
    .from(staff).where(and(eq(staff.schoolId, schoolId), inArray(staff.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}
