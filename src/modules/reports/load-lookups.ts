// What the load reports (accumulation, control works, homework load) look up besides their own figures: the period a
// report is for (asked for, or the current one), and the classes a person may see in a per-class report.
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import type { FastifyRequest } from 'fastify';
import { ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { schools } from '../platform/schema.ts';
import type { RoundingRule } from '../journal/rules.ts';
import type { ControlLimits } from './control-works/rules.ts';
import type { ReportFilters } from './core/filters.ts';
import { classesInScope, type ReportScope } from './core/scope.ts';

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
 * The classes of the year containing `date` that a per-class report shows this person (core/scope.ts classesInScope:
 * the whole school for a deputy or admin; for staff their own classes and the classes of the groups they teach).
 * By grade, then name.
 */
export async function visibleClasses(db: Q, a: { schoolId: string; scope: ReportScope; date: string }): Promise<ClassRef[]> {
  const allowed = await classesInScope(db, a.schoolId, a.scope);
  return rowsOf<ClassRef>(await db.execute(sql`
    select c.id, c.name, c.grade, c.year_id as "yearId", c.scheme_id as "schemeId"
    from classes c join academic_years y on y.school_id = c.school_id and y.id = c.year_id
    where c.school_id = ${a.schoolId} and ${a.date}::date between y.starts_on and y.ends_on
      and ${allowed === null ? sql`true` : sql`c.id in (${idList(allowed)})`}
    order by c.grade nulls last, c.name`)).map((c) => ({ ...c, grade: c.grade === null ? null : Number(c.grade) }));
}

/** The school's settings the reports read: the minimum of marks a period, the control-work limits a quarter, the rule
 * rounding an average into a period mark (the forecasts). */
export async function loadSettings(db: Q, schoolId: string): Promise<{ minMarks: number; limits: ControlLimits; rounding: RoundingRule }> {
  const [row] = await db.select({
    minMarks: schools.minMarksPerPeriod, main: schools.controlWorksMainLimit, other: schools.controlWorksOtherLimit, rounding: schools.periodRounding,
  }).from(schools).where(eq(schools.id, schoolId));
  return { minMarks: row?.minMarks ?? 3, limits: { main: row?.main ?? 2, other: row?.other ?? 1 }, rounding: (row?.rounding ?? 'half_up') as RoundingRule };
}

/** The class asked for follows another scheme than the period (a half-year class and a quarter): a hint for the page. */
export function schemeMismatch(period: ReportPeriod | undefined, classes: readonly ClassRef[], classId: string | null): boolean {
  return Boolean(period && classId && classes.some((c) => c.id === classId && c.schemeId !== period.schemeId));
}

/** The period as the pages show it: its name and dates in Russian form. */
export const periodView = (p: ReportPeriod | undefined) => (p ? { name: p.name, startsRu: ruDate(p.startsOn), endsRu: ruDate(p.endsOn) } : null);

/**
 * What a report of a period and classes starts from: the period (asked for, or the current one of the class's scheme),
 * the classes in scope (the one asked for, or all), and whether the class asked for follows another scheme.
 */
export async function periodAndClasses(request: FastifyRequest, scope: ReportScope, f: Pick<ReportFilters, 'periodId' | 'classId'>) {
  const db = request.tx;
  const schoolId = request.school.id;
  const today = todayOf(request);
  const period = await reportPeriod(db, { schoolId, periodId: f.periodId ?? undefined, classId: f.classId ?? undefined, today });
  const all = period ? await visibleClasses(db, { schoolId, scope, date: period.startsOn }) : [];
  const classes = f.classId ? all.filter((c) => c.id === f.classId) : all;
  return { db, schoolId, today, period, classes, mismatch: schemeMismatch(period, classes, f.classId) };
}

/** A SQL list of uuids for `in (…)`; an empty list matches nothing. */
export function idList(ids: readonly string[]) {
  return ids.length === 0 ? sql`null::uuid` : sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
}
