// The control (written) works of a school's year, read for two deadlines at once: the lessons whose marks are due within N
// days (queries-lessons.ts) and the per-quarter limits (works per group and period). One statement discovers them once.
import { sql, type SQL } from 'drizzle-orm';
import { teacherOn, type SchoolQuery } from './queries-school.ts';

/**
 * The control lessons of the school between two dates (a CTE body: id, group_id, date): flagged as a control work, or with a mark column
 * of a control work type. Read through indexes (lessons_control_work; lesson_columns_work_type, then each lesson by its
 * key — a few in a hundred lessons have one), never a scan of the year's lessons.
 */
export function controlLessons(schoolId: string, from: string | SQL, to: string | SQL): SQL {
  return sql`select l.id, l.group_id, l.date from lessons l
      where l.school_id = ${schoolId} and l.control_work and l.date between ${from}::date and ${to}::date
    union
    select x.id, d.group_id, d.date from (select distinct lc.lesson_id as id from lesson_columns lc where lc.school_id = ${schoolId}
        and lc.work_type_id in (select w.id from work_types w where w.school_id = ${schoolId} and w.is_control)) x
      cross join lateral (select l.group_id, l.date from lessons l where l.school_id = ${schoolId} and l.id = x.id limit 1) d
      where d.date between ${from}::date and ${to}::date`;
}

/** The first start or the last end of the periods of the year's classes (the span of the year's lessons that count). */
export const yearPeriods = (q: SchoolQuery, agg: SQL) => sql`(select ${agg} from periods p join classes c on c.school_id = p.school_id
  and c.scheme_id = p.scheme_id where c.school_id = ${q.schoolId} and c.year_id = ${q.yearId})`;

/** The control lessons of the year's span, held and planned (a CTE body: id, group_id, date, has_marks — held ones only). */
export function yearControlLessons(q: SchoolQuery): SQL {
  const from = sql`least(${q.yearStart}::date, ${yearPeriods(q, sql`min(p.starts_on)`)})`;
  const to = sql`greatest(${q.today}::date, ${yearPeriods(q, sql`max(p.ends_on)`)})`;
  return sql`select c.id, c.group_id, c.date, case when c.date <= ${q.today}::date
      then coalesce((select true from marks m where m.school_id = ${q.schoolId} and m.lesson_id = c.id limit 1), false) else false end as has_marks
    from (${controlLessons(q.schoolId, from, to)}) c`;
}

export type ControlWorks = { groupName: string; subjectName: string; classId: string; className: string; periodName: string; startsOn: string;
  endsOn: string; schemeKind: string; works: number; owner: string | null };

/**
 * Per group (of a class) and period of the year with more than `atLeast` control works, held and planned (cancelled lessons
 * left out), from the CTE `ctl` (yearControlLessons). `atLeast` is the lowest limit any subject may have, so the groups left
 * out break none (the limit itself is judged in rules.ts); reading every group would cost a row each.
 */
export function controlWorksPerPeriod(q: SchoolQuery & { yearId: string }, atLeast: number): SQL {
  return sql`select g.name as "groupName", sj.name as "subjectName", c.id as "classId", c.name as "className", p.name as "periodName",
      p.starts_on::text as "startsOn", p.ends_on::text as "endsOn", ps.kind as "schemeKind", count(*)::int as works,
      ${teacherOn(sql`least(p.ends_on, ${q.today}::date)`)} as owner
    from ctl l
    join teaching_groups g on g.school_id = ${q.schoolId} and g.id = l.group_id
    join classes c on c.school_id = g.school_id and c.id = g.class_id
    join subjects sj on sj.school_id = g.school_id and sj.id = g.subject_id
    join periods p on p.school_id = c.school_id and p.scheme_id = c.scheme_id and l.date between p.starts_on and p.ends_on
    join period_schemes ps on ps.school_id = p.school_id and ps.id = p.scheme_id
    where g.year_id = ${q.yearId}
      and not exists (select 1 from substitutions s where s.school_id = g.school_id and s.lesson_id = l.id and s.kind = 'cancelled')
    group by g.school_id, g.id, g.name, sj.name, c.id, c.name, p.id, p.name, p.starts_on, p.ends_on, ps.kind
    having count(*) > ${atLeast}`;
}
