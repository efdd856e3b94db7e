// Reading a group's journal for a period: the group and its periods, the lessons with their mark columns, the students of
// the period (with joined / left dates) and the lock facts; grid-data.ts reads the rest of a grid in one statement.
import { and, eq, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { schools } from '../platform/schema.ts';
import { schoolClasses, subjects } from '../setup/schema.ts';
import { groupSchemeSql } from './lesson-facts.ts';
import { cachedSelect, type Placeholders } from '../../db/cached-query.ts';

type Q = Db | Tx;
/** A value of a statement: given, or a placeholder of a cached statement (db/cached-query.ts). */
type Value = string | Placeholder;

export type GroupHead = Awaited<ReturnType<typeof getGroupHead>> & {};

type HeadPeriod = { id: string; name: string; ordinal: number; startsOn: string; endsOn: string };
type HeadTeacher = { staffId: string; startsOn: string; endsOn: string | null };

/**
 * The group with its subject, class, class teacher, the periods of its scheme and its teachers; undefined for another
 * school's id. One statement (periods and teachers as JSON): it runs on every journal page, inside the request's transaction.
 */
export function getGroupHead(db: Q, values: { schoolId: string; groupId: string }) {
  return groupHeadQuery(db, values).then(([g]) => g);
}

const groupHeadQuery = cachedSelect((db: Q, { schoolId, groupId }: Placeholders<{ schoolId: string; groupId: string }>) => {
  const scheme = groupSchemeSql(schoolId, teachingGroups.classId, teachingGroups.yearId);
  return db.select({
    id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, yearId: teachingGroups.yearId,
    classId: teachingGroups.classId, className: schoolClasses.name, classTeacherId: schoolClasses.classTeacherId,
    subjectName: subjects.name, schemeId: sql<string | null>`${scheme}`,
    editDays: schools.journalEditDays, minMarks: schools.minMarksPerPeriod, rounding: schools.periodRounding,
    classTeacherPeriodMarks: schools.classTeacherPeriodMarks,
    periods: sql<HeadPeriod[]>`coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'ordinal', p.ordinal,
      'startsOn', p.starts_on, 'endsOn', p.ends_on) order by p.ordinal) from periods p
      where p.school_id = ${schoolId} and p.scheme_id = ${scheme}), '[]'::json)`,
    teachers: sql<HeadTeacher[]>`coalesce((select json_agg(json_build_object('staffId', t.staff_id, 'startsOn', t.starts_on,
      'endsOn', t.ends_on) order by t.starts_on) from group_teachers t
      where t.school_id = ${schoolId} and t.group_id = ${teachingGroups.id}), '[]'::json)`,
  }).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .innerJoin(schools, eq(schools.id, teachingGroups.schoolId))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, groupId))).limit(1);
});

export type Period = GroupHead['periods'][number];

/** The period containing `date`, else the last one that started before it, else the first. */
export function pickPeriod(list: readonly Period[], date: string, wanted?: string): Period | undefined {
  if (wanted) return list.find((p) => p.id === wanted);
  return list.find((p) => p.startsOn <= date && date <= p.endsOn) ?? [...list].reverse().find((p) => p.startsOn <= date) ?? list[0];
}

type LessonColumn = { columnNo: number; workTypeId: string; shortName: string; name: string; weight: string };

/** A lesson of the grid: substitution, topic, attendance taken (when, by whom) and its mark columns (grid-data.ts reads them). */
export type GridLesson = {
  id: string; date: string; lessonNumber: number; staffId: string; topic: string | null; controlWork: boolean; homework: string | null;
  subKind: string | null; substituteStaffId: string | null; attendanceTakenAt: Date | null; attendanceTakenBy: string | null;
  columns: LessonColumn[];
};

/** A lesson's mark columns (number, work type, weight) as a JSON array, for the lesson `lessonId` of the outer statement. */
export function lessonColumnsJsonSql(schoolId: Value, lessonId: SQLWrapper): SQL {
  return sql`coalesce((select json_agg(json_build_object('columnNo', lc.column_no, 'workTypeId', lc.work_type_id,
      'shortName', w.short_name, 'name', w.name, 'weight', w.weight::text) order by lc.column_no)
      from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
      where lc.school_id = ${schoolId} and lc.lesson_id = ${lessonId}), '[]'::json)`;
}

export type PeriodStudent = {
  studentId: string; name: string; className: string | null; joinedOn: string; leftOn: string | null;
  /** «Фамилия И.»: the grid's name column on a phone (the full name shows on tap). */
  shortName?: string;
};

/**
 * The students of the group at any time in [from, to], with the first day they were in it and the day they left
 * (exclusive; null when still in it after `to`): the class history, intersected with the membership for subgroups and
 * cross-class groups.
 */
export async function periodRoster(db: Q, range: { schoolId: string; groupId: string; from: string; to: string }): Promise<PeriodStudent[]> {
  return rowsOf<RosterRow>(await db.execute(rosterSql(range))).map(toPeriodStudent);
}

/** A row of rosterSql, as a statement or as JSON (grid-data.ts). */
export type RosterRow = { student_id: string; name: string; short_name?: string; class_name: string | null; joined_on: string; left_on: string | null };

export const toPeriodStudent = (r: RosterRow): PeriodStudent => ({
  studentId: r.student_id, name: r.name, className: r.class_name, joinedOn: String(r.joined_on), leftOn: r.left_on === null ? null : String(r.left_on),
  ...(r.short_name === undefined ? {} : { shortName: r.short_name }),
});

/** periodRoster's statement: a row per student (student_id, name, short_name, class_name, joined_on, left_on, ord — the order by name). */
export function rosterSql({ schoolId, groupId, from, to }: { schoolId: Value; groupId: Value; from: Value; to: Value }): SQL {
  return sql`
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
    select agg.student_id, concat_ws(' ', st.last_name, st.first_name) as name,
      concat_ws(' ', st.last_name, nullif(left(st.first_name, 1) || '.', '.')) as short_name, c.name as class_name, agg.joined_on, agg.left_on,
      row_number() over (order by st.last_name, st.first_name, st.middle_name) as ord
    from agg join students st on st.school_id = ${schoolId} and st.id = agg.student_id
    left join classes c on c.school_id = ${schoolId} and c.id = agg.class_id
    order by st.last_name, st.first_name, st.middle_name`;
}

/** The period's lock facts for the group: closed?, reopened until (period or per lesson). One statement. */
export async function periodLock(db: Q, { schoolId, groupId, periodId }: { schoolId: string; groupId: string; periodId: string }) {
  const [row] = rowsOf<LockRow>(await db.execute(sql`select ${lockFactsColumnsSql({ schoolId, groupId, periodId })}`));
  return lockFacts(row, periodId);
}

type Reopen = { lessonId: string | null; periodId: string | null; untilDate: string };
type LockRow = { closed_at: Date | string | null; reopens: Reopen[]; year_closed: boolean };

/** periodLock's columns: year_closed, closed_at, reopens (JSON) — for a statement of its own or a bigger one. */
export function lockFactsColumnsSql({ schoolId, groupId, periodId }: { schoolId: Value; groupId: Value; periodId: Value }): SQL {
  return sql`exists (select 1 from teaching_groups g join academic_years a on a.school_id = g.school_id and a.id = g.year_id
      where g.school_id = ${schoolId} and g.id = ${groupId} and a.status = 'closed') as year_closed,
    (select closed_at from period_closures where school_id = ${schoolId} and group_id = ${groupId} and period_id = ${periodId}) as closed_at,
    coalesce((select json_agg(json_build_object('lessonId', lesson_id, 'periodId', period_id, 'untilDate', until_date))
      from journal_reopens where school_id = ${schoolId} and group_id = ${groupId}), '[]'::json) as reopens`;
}

/** The lock facts from lockFactsColumnsSql's row. */
export function lockFacts(row: LockRow | undefined, periodId: string) {
  const reopens = row?.reopens ?? [];
  const periodUntil = reopens.filter((r) => r.periodId === periodId).map((r) => r.untilDate).sort().at(-1) ?? null;
  const lessonUntil = new Map<string, string>();
  for (const r of reopens) if (r.lessonId && (lessonUntil.get(r.lessonId) ?? '') < r.untilDate) lessonUntil.set(r.lessonId, r.untilDate);
  const closedAt = row?.closed_at == null ? null : new Date(row.closed_at);
  return { closed: closedAt !== null, closedAt, periodUntil, lessonUntil, yearClosed: Boolean(row?.year_closed) };
}
