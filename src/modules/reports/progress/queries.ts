// What the progress summary reads, live: for the students on the roll of some classes on a day (the period's end, or
// today while it runs), each subject they take — through the class's whole-class groups or the groups they are members
// of that day (a subgroup, a cross-class group, an individual plan) — with the period mark (or the year mark) of that
// group, and, where none is set yet, what its forecast comes from: the sums of the weighted marks of the period, or for
// the year the mean of the period marks. One statement; the forecast's sums only for the groups still missing a mark,
// read group by group through the lessons' (group, date) index — the plan must not hang on the planner's statistics
// (PGlite keeps none until ANALYZE).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { idList } from '../load-lookups.ts';

type Q = Db | Tx;

/** One period (its dates) or the whole year (the dates of the year's periods of the classes' schemes). */
export type MarkSpan = { kind: 'period'; periodId: string; startsOn: string; endsOn: string } | { kind: 'year'; yearId: string; startsOn: string; endsOn: string };

export type StudentSubjectRow = {
  /** subjectId null: a student on the roll who takes no subject yet (a class without groups). */
  classId: string; studentId: string; student: string; subjectId: string | null; subjectName: string;
  /** The period (year) mark, null when none is set. */
  value: string | null;
  /** Forecast inputs when no mark is set: Σ value·weight and Σ weight of the period's marks (period), or the mean of
   * the numeric period marks as `weighted` with `weights` 1 (year). Null: nothing to forecast from. */
  weighted: number | null; weights: number | null;
};

/**
 * Per student on the roll of `classIds` on `rollOn` and subject: the mark of `span`, or the forecast's inputs. A student in
 * two groups of one subject (moved between subgroups) gives two rows; the caller keeps the one with a mark.
 */
export async function studentSubjects(db: Q, a: { schoolId: string; yearId: string; classIds: readonly string[]; rollOn: string; span: MarkSpan }): Promise<StudentSubjectRow[]> {
  if (a.classIds.length === 0) return [];
  const { schoolId, span } = a;
  const markOf = span.kind === 'period'
    ? sql`pm.kind = 'period' and pm.period_id = ${span.periodId}::uuid`
    : sql`pm.kind = 'year' and pm.period_id is null`;
  const forecast = span.kind === 'period'
    ? sql`select mg.group_id, m.student_id, sum(m.value * w.weight)::float8 as weighted, sum(w.weight)::float8 as weights
        from missing mg
        cross join lateral (select l.id from lessons l where l.school_id = ${schoolId} and l.group_id = mg.group_id
          and l.date between ${span.startsOn}::date and ${span.endsOn}::date
          and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id and s.kind = 'cancelled')) l
        join marks m on m.school_id = ${schoolId} and m.lesson_id = l.id
        join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
        join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
        group by mg.group_id, m.student_id`
    : sql`select p.group_id, p.student_id, avg(p.value::int)::float8 as weighted, 1::float8 as weights
        from missing mg
        join period_marks p on p.school_id = ${schoolId} and p.group_id = mg.group_id and p.kind = 'period' and p.value ~ '^[1-5]$'
        group by p.group_id, p.student_id`;
  const rows = rowsOf<StudentSubjectRow & { groupId: string; part?: number }>(await db.execute(sql`
    with roll as materialized (
      select cm.student_id, cm.class_id from class_memberships cm
      where cm.school_id = ${schoolId} and cm.class_id in (${idList(a.classIds)})
        and cm.starts_on <= ${a.rollOn}::date and (cm.ends_on is null or cm.ends_on > ${a.rollOn}::date)),
    taken as materialized (
      select r.student_id, r.class_id, g.id as group_id, g.subject_id from roll r
        join teaching_groups g on g.school_id = ${schoolId} and g.class_id = r.class_id and g.kind = 'class'
      union
      select r.student_id, r.class_id, g.id, g.subject_id from roll r
        join group_members gm on gm.school_id = ${schoolId} and gm.student_id = r.student_id
          and gm.starts_on <= ${a.rollOn}::date and (gm.ends_on is null or gm.ends_on > ${a.rollOn}::date)
        join teaching_groups g on g.school_id = gm.school_id and g.id = gm.group_id and g.year_id = ${a.yearId}),
    marked as materialized (
      select t.*, pm.value from taken t
        left join period_marks pm on pm.school_id = ${schoolId} and pm.group_id = t.group_id and pm.student_id = t.student_id and ${markOf}),
    missing as materialized (select distinct group_id from marked where value is null),
    f as materialized (${forecast})
    select m.class_id as "classId", m.student_id as "studentId", st.last_name || ' ' || st.first_name as student,
      m.subject_id as "subjectId", sj.name as "subjectName", m.group_id as "groupId", m.value, null::float8 as weighted, null::float8 as weights,
      0 as part
    from marked m
    join students st on st.school_id = ${schoolId} and st.id = m.student_id
    join subjects sj on sj.school_id = ${schoolId} and sj.id = m.subject_id
    union all
    select r.class_id, r.student_id, st.last_name || ' ' || st.first_name, null, null, null, null, null, null, 0 from roll r
    join students st on st.school_id = ${schoolId} and st.id = r.student_id
    where not exists (select 1 from taken t where t.student_id = r.student_id)
    union all
    select null, f.student_id, null, null, null, f.group_id, null, f.weighted, f.weights, 1 from f
    order by part, student, "studentId", "subjectName"`));
  // The forecast's inputs come as their own rows (joined here: a join in SQL is planned as a loop over the CTE).
  const forecasts = new Map(rows.filter((r) => r.classId === null).map((r) => [`${r.groupId}|${r.studentId}`, r]));
  return rows.filter((r) => r.classId !== null).map(({ groupId, part: _part, ...r }) => {
    const f = r.value === null ? forecasts.get(`${groupId}|${r.studentId}`) : undefined;
    return { ...r, weighted: f?.weighted ?? null, weights: f?.weights ?? null };
  });
}

/** The period before the one starting on `startsOn` in its scheme (null for the first). */
export async function previousPeriod(db: Q, a: { schoolId: string; schemeId: string; startsOn: string }) {
  const [row] = rowsOf<{ id: string; name: string; startsOn: string; endsOn: string }>(await db.execute(sql`
    select p.id, p.name, p.starts_on::text as "startsOn", p.ends_on::text as "endsOn" from periods p
    where p.school_id = ${a.schoolId} and p.scheme_id = ${a.schemeId} and p.starts_on < ${a.startsOn}::date
    order by p.starts_on desc limit 1`));
  return row ?? null;
}

/** The periods of a scheme that have begun by `today`, in order. */
export async function begunPeriods(db: Q, a: { schoolId: string; schemeId: string; today: string }) {
  return rowsOf<{ id: string; name: string; startsOn: string; endsOn: string }>(await db.execute(sql`
    select p.id, p.name, p.starts_on::text as "startsOn", p.ends_on::text as "endsOn" from periods p
    where p.school_id = ${a.schoolId} and p.scheme_id = ${a.schemeId} and p.starts_on <= ${a.today}::date
    order by p.starts_on`));
}
