// What the load reports (accumulation, control works, homework load) look up besides their own figures: the period a
// report is for (asked for, or the current one), and the classes a person may see in a per-class report.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import type { ReportScope } from './load-contract.ts';

type Q = Db | Tx;

export type ReportPeriod = {
  id: string; name: string; startsOn: string; endsOn: string; schemeId: string; schemeKind: string; yearId: string;
};

/**
 * The period of a report: the one asked for (undefined when it is not this school's), or else, of the class's scheme
 * (without a class: the scheme most classes follow), the period containing `today`, the last begun, or the first.
 */
export async function reportPeriod(db: Q, a: { schoolId: string; periodId?: string; classId?: string; today: string }): Promise<ReportPeriod | undefined> {
  const rows = rowsOf<ReportPeriod>(await db.execute(sql`
    select p.id, p.name, p.starts_on::text as "startsOn", p.ends_on::text as "endsOn", p.scheme_id as "schemeId", s.kind as "schemeKind",
      s.year_id as "yearId"
    from periods p join period_schemes s on s.school_id = p.school_id and s.id = p.scheme_id
    where p.school_id = ${a.schoolId} and ${a.periodId ? sql`p.id = ${a.periodId}` : sql`p.scheme_id = (
      select c.scheme_id from classes c join academic_years y on y.school_id = c.school_id and y.id = c.year_id
      where c.school_id = ${a.schoolId} and ${a.classId ? sql`c.id = ${a.classId}` : sql`${a.today}::date between y.starts_on and y.ends_on`}
      group by c.scheme_id order by count(*) desc, c.scheme_id limit 1)`}
    order by p.starts_on`));
  if (a.periodId) return rows[0];
  return rows.find((p) => p.startsOn <= a.today && a.today <= p.endsOn) ?? [...rows].reverse().find((p) => p.startsOn <= a.today) ?? rows[0];
}

export type ClassRef = { id: string; name: string; grade: number | null; yearId: string; schemeId: string };

/**
 * The classes of the year containing `date` that a per-class report shows this person: the whole school for a deputy
 * or admin; for staff their own classes and the classes of the groups they teach. By grade, then name.
 */
export async function visibleClasses(db: Q, a: { schoolId: string; scope: ReportScope; date: string }): Promise<ClassRef[]> {
  const own = a.scope.kind === 'school' ? sql`true` : sql`(c.id in (${idList(a.scope.classIds)}) or c.id in (
    select g.class_id from teaching_groups g where g.school_id = ${a.schoolId} and g.id in (${idList(a.scope.groupIds)})))`;
  return rowsOf<ClassRef>(await db.execute(sql`
    select c.id, c.name, c.grade, c.year_id as "yearId", c.scheme_id as "schemeId"
    from classes c join academic_years y on y.school_id = c.school_id and y.id = c.year_id
    where c.school_id = ${a.schoolId} and ${a.date}::date between y.starts_on and y.ends_on and ${own}
    order by c.grade nulls last, c.name`)).map((c) => ({ ...c, grade: c.grade === null ? null : Number(c.grade) }));
}

/** A SQL list of uuids for `in (…)`; an empty list matches nothing. */
export function idList(ids: readonly string[]) {
  return ids.length === 0 ? sql`null::uuid` : sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
}
