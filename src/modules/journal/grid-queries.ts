// Reading a group's journal for a period: the group and its periods, the lessons with their mark columns, the students of
// the period (with joined / left dates), marks, attendance and period marks. A handful of set-based queries.
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { accounts } from '../accounts/schema.ts';
import { groupTeachers, teachingGroups } from '../curriculum/schema.ts';
import { schools } from '../platform/schema.ts';
import { lessons, substitutions } from '../schedule/schema.ts';
import { periods, schoolClasses, subjects } from '../setup/schema.ts';
import { groupSchemeSql } from './lesson-facts.ts';
import { attendance, journalReopens, lessonColumns, marks, periodClosures, periodMarks, workTypes } from './schema.ts';

type Q = Db | Tx;

export type GroupHead = Awaited<ReturnType<typeof getGroupHead>> & {};

/** The group with its subject, class, class teacher and the periods of its scheme; undefined for another school's id. */
export async function getGroupHead(db: Q, { schoolId, groupId }: { schoolId: string; groupId: string }) {
  const [g] = await db.select({
    id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, yearId: teachingGroups.yearId,
    classId: teachingGroups.classId, className: schoolClasses.name, classTeacherId: schoolClasses.classTeacherId,
    subjectName: subjects.name, schemeId: sql<string | null>`${groupSchemeSql(schoolId, teachingGroups.classId, teachingGroups.yearId)}`,
    editDays: schools.journalEditDays, minMarks: schools.minMarksPerPeriod, rounding: schools.periodRounding,
    classTeacherPeriodMarks: schools.classTeacherPeriodMarks,
  }).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .innerJoin(schools, eq(schools.id, teachingGroups.schoolId))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, groupId))).limit(1);
  if (!g) return undefined;
  const [ps, teachers] = await Promise.all([
    g.schemeId ? db.select({ id: periods.id, name: periods.name, ordinal: periods.ordinal, startsOn: periods.startsOn, endsOn: periods.endsOn })
      .from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, g.schemeId))).orderBy(asc(periods.ordinal)) : Promise.resolve([]),
    db.select({ staffId: groupTeachers.staffId, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn }).from(groupTeachers)
      .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.groupId, groupId))).orderBy(asc(groupTeachers.startsOn)),
  ]);
  return { ...g, periods: ps, teachers };
}

export type Period = GroupHead['periods'][number];

/** The period containing `date`, else the last one that started before it, else the first. */
export function pickPeriod(list: readonly Period[], date: string, wanted?: string): Period | undefined {
  if (wanted) return list.find((p) => p.id === wanted);
  return list.find((p) => p.startsOn <= date && date <= p.endsOn) ?? [...list].reverse().find((p) => p.startsOn <= date) ?? list[0];
}

/** The group's lessons in a date range with substitution, topic, attendance taken (when, by whom) and mark columns (work type, weight). */
export async function gridLessons(db: Q, { schoolId, groupId, from, to }: { schoolId: string; groupId: string; from: string; to: string }) {
  const rows = await db.select({
    id: lessons.id, date: lessons.date, lessonNumber: lessons.lessonNumber, staffId: lessons.staffId, topic: lessons.topic,
    controlWork: lessons.controlWork, homework: lessons.homework, subKind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId,
    attendanceTakenAt: lessons.attendanceTakenAt, attendanceTakenBy: accounts.fullName,
  }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(accounts, eq(accounts.id, lessons.attendanceTakenBy))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId), gte(lessons.date, from), lte(lessons.date, to)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  const ids = rows.map((r) => r.id);
  const cols = ids.length === 0 ? [] : await db.select({
    lessonId: lessonColumns.lessonId, columnNo: lessonColumns.columnNo, workTypeId: lessonColumns.workTypeId,
    shortName: workTypes.shortName, name: workTypes.name, weight: workTypes.weight,
  }).from(lessonColumns)
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .where(and(eq(lessonColumns.schoolId, schoolId), inArray(lessonColumns.lessonId, ids))).orderBy(asc(lessonColumns.columnNo));
  const byLesson = new Map<string, typeof cols>();
  for (const c of cols) byLesson.set(c.lessonId, [...(byLesson.get(c.lessonId) ?? []), c]);
  return rows.map((r) => ({ ...r, columns: byLesson.get(r.id) ?? [] }));
}

export type GridLesson = Awaited<ReturnType<typeof gridLessons>>[number];

export type PeriodStudent = { studentId: string; name: string; className: string | null; joinedOn: string; leftOn: string | null };

/**
 * The students of the group at any time in [from, to], with the first day they were in it and the day they left
 * (exclusive; null when still in it after `to`): the class history, intersected with the membership for subgroups and
 * cross-class groups.
 */
export async function periodRoster(db: Q, { schoolId, groupId, from, to }: { schoolId: string; groupId: string; from: string; to: string }): Promise<PeriodStudent[]> {
  const rows = await db.execute<{ student_id: string; name: string; class_name: string | null; joined_on: string; left_on: string | null }>(sql`
    with g as (select kind, class_id from teaching_groups where school_id = ${schoolId} and id = ${groupId}),
    spans as (
      select cm.student_id, greatest(cm.starts_on, coalesce(gm.starts_on, cm.starts_on)) as s,
             nullif(least(coalesce(cm.ends_on, 'infinity'::date), coalesce(gm.ends_on, 'infinity'::date)), 'infinity'::date) as e,
             cm.class_id
      from class_memberships cm
      cross join g
      left join group_members gm on g.kind <> 'class' and gm.school_id = cm.school_id and gm.group_id = ${groupId} and gm.student_id = cm.student_id
      where cm.school_id = ${schoolId}
        and cm.starts_on <= ${to}::date and (cm.ends_on is null or cm.ends_on > ${from}::date)
        and (case when g.kind = 'class' then cm.class_id = g.class_id
             else gm.id is not null and gm.starts_on <= ${to}::date and (gm.ends_on is null or gm.ends_on > ${from}::date)
               and gm.starts_on < coalesce(cm.ends_on, 'infinity'::date) and cm.starts_on < coalesce(gm.ends_on, 'infinity'::date) end)
    ),
    agg as (
      select student_id, min(s)::text as joined_on,
        case when bool_or(e is null or e > ${to}::date) then null else max(e)::text end as left_on,
        (array_agg(class_id order by s desc))[1] as class_id
      from spans group by student_id
    )
    select agg.student_id, concat_ws(' ', st.last_name, st.first_name) as name, c.name as class_name, agg.joined_on, agg.left_on
    from agg join students st on st.school_id = ${schoolId} and st.id = agg.student_id
    left join classes c on c.school_id = ${schoolId} and c.id = agg.class_id
    order by st.last_name, st.first_name, st.middle_name`);
  type Row = { student_id: string; name: string; class_name: string | null; joined_on: string; left_on: string | null };
  const list = rowsOf<Row>(rows);
  return list
    .map((r) => ({ studentId: r.student_id, name: r.name, className: r.class_name, joinedOn: String(r.joined_on), leftOn: r.left_on === null ? null : String(r.left_on) }));
}

/** Marks and attendance of these lessons. */
export async function gridCells(db: Q, { schoolId, lessonIds }: { schoolId: string; lessonIds: string[] }) {
  if (lessonIds.length === 0) return { marks: [], attendance: [] };
  const [m, a] = await Promise.all([
    db.select({ lessonId: marks.lessonId, studentId: marks.studentId, columnNo: marks.columnNo, value: marks.value }).from(marks)
      .where(and(eq(marks.schoolId, schoolId), inArray(marks.lessonId, lessonIds))),
    db.select({ lessonId: attendance.lessonId, studentId: attendance.studentId, kind: attendance.kind, reason: attendance.reason }).from(attendance)
      .where(and(eq(attendance.schoolId, schoolId), inArray(attendance.lessonId, lessonIds))),
  ]);
  return { marks: m, attendance: a };
}

/** The period's lock facts for the group: closed?, reopened until (period or per lesson). */
export async function periodLock(db: Q, { schoolId, groupId, periodId }: { schoolId: string; groupId: string; periodId: string }) {
  const [closed, reopens] = await Promise.all([
    db.select({ at: periodClosures.closedAt }).from(periodClosures)
      .where(and(eq(periodClosures.schoolId, schoolId), eq(periodClosures.groupId, groupId), eq(periodClosures.periodId, periodId))),
    db.select({ lessonId: journalReopens.lessonId, periodId: journalReopens.periodId, untilDate: journalReopens.untilDate }).from(journalReopens)
      .where(and(eq(journalReopens.schoolId, schoolId), eq(journalReopens.groupId, groupId))),
  ]);
  const periodUntil = reopens.filter((r) => r.periodId === periodId).map((r) => r.untilDate).sort().at(-1) ?? null;
  const lessonUntil = new Map<string, string>();
  for (const r of reopens) if (r.lessonId && (lessonUntil.get(r.lessonId) ?? '') < r.untilDate) lessonUntil.set(r.lessonId, r.untilDate);
  return { closed: closed.length > 0, closedAt: closed[0]?.at ?? null, periodUntil, lessonUntil };
}

/** The group's period marks of one period (kind 'period'), by student. */
export async function periodMarksOf(db: Q, { schoolId, groupId, periodId }: { schoolId: string; groupId: string; periodId: string }) {
  const rows = await db.select({ studentId: periodMarks.studentId, value: periodMarks.value }).from(periodMarks)
    .where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.groupId, groupId), eq(periodMarks.kind, 'period'), eq(periodMarks.periodId, periodId)));
  return new Map(rows.map((r) => [r.studentId, r.value]));
}
