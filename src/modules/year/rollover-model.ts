// The rollover's preview: the closed year's facts read once, and the plan built from them by rollover-rules.ts —
// dates, periods of each scheme, holidays to review, classes before → after with their students, and every count.
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';

type Q = Db | Tx;
import { pendingPlacements } from '../contingent/placement.ts';
import { staff } from '../people/schema.ts';
import { academicYears, holidays, periods, periodSchemes } from '../setup/schema.ts';
import {
  nextHoliday, nextPeriod, nextYearName, placeStudents, planClasses, sameDayNextYear, type Pending, type SourceClass,
} from './rollover-rules.ts';

export type Year = typeof academicYears.$inferSelect;
type W = { schoolId: string; yearId: string };

export async function sourceClasses(db: Q, w: W): Promise<SourceClass[]> {
  return rowsOf<SourceClass>(await db.execute(sql`select c.id, c.name, c.grade, c.letter, c.shift, s.name as "schemeName",
      c.class_teacher_id as "classTeacherId"
    from classes c join period_schemes s on s.school_id = c.school_id and s.id = c.scheme_id
    where c.school_id = ${w.schoolId} and c.year_id = ${w.yearId} order by c.grade nulls last, c.name`));
}

/** Posted decisions of the year's classes still awaiting a class (promotion, conditional promotion, repeat year). */
async function pendingItems(db: Q, w: W): Promise<Pending[]> {
  return (await pendingPlacements(db, w)).map((p) => ({
    itemId: p.itemId, studentId: p.studentId, kind: p.kind, fromClassId: p.fromClassId, effectiveOn: p.effectiveOn,
  }));
}

/** How the closed year's students leave it, by the kind of their decision (for the counts). */
export async function decisionCounts(db: Q, w: W): Promise<Record<string, number>> {
  const rows = rowsOf<{ kind: string; n: number }>(await db.execute(sql`select coalesce(m.end_kind, 'undecided') as kind, count(*)::int as n
    from class_memberships m join classes c on c.school_id = m.school_id and c.id = m.class_id
    where m.school_id = ${w.schoolId} and c.year_id = ${w.yearId}
      and (m.ends_on is null or m.end_kind in ('promotion', 'conditional_promotion', 'repeat_year', 'graduation', 'family_education'))
    group by 1`));
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export async function schemesWithPeriods(db: Db, w: W, closed: Year, next: { startsOn: string; endsOn: string }) {
  const schemes = await db.select().from(periodSchemes)
    .where(and(eq(periodSchemes.schoolId, w.schoolId), eq(periodSchemes.yearId, w.yearId))).orderBy(asc(periodSchemes.name));
  const ps = await db.select({ schemeId: periods.schemeId, ordinal: periods.ordinal, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn })
    .from(periods).innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, w.schoolId), eq(periodSchemes.yearId, w.yearId))).orderBy(asc(periods.ordinal));
  return schemes.map((s) => ({
    name: s.name, kind: s.kind,
    periods: ps.filter((p) => p.schemeId === s.id).map((p) => ({
      ordinal: p.ordinal, name: p.name, ...nextPeriod(p, closed, next), was: { startsOn: p.startsOn, endsOn: p.endsOn },
    })),
  }));
}
export type PlannedScheme = Awaited<ReturnType<typeof schemesWithPeriods>>[number];

export async function holidaysToReview(db: Q, w: W) {
  const rows = await db.select().from(holidays).where(and(eq(holidays.schoolId, w.schoolId), eq(holidays.yearId, w.yearId)))
    .orderBy(asc(holidays.startsOn));
  return rows.map((h) => ({ name: h.name, kind: h.kind, grades: h.grades, was: { startsOn: h.startsOn, endsOn: h.endsOn }, next: nextHoliday(h) }));
}

/** The year already rolled over from this one (a second run reuses it and changes nothing), if any. */
export async function rolledYear(db: Q, { schoolId, yearId }: W): Promise<Year | undefined> {
  const [row] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.previousYearId, yearId)));
  return row;
}

export async function staffChoices(db: Db, schoolId: string) {
  return db.select({ id: staff.id, name: sql<string>`${staff.lastName} || ' ' || ${staff.firstName}` }).from(staff)
    .where(eq(staff.schoolId, schoolId)).orderBy(asc(staff.lastName), asc(staff.firstName));
}

/** Everything the preview shows and the apply writes, from the closed year. */
export async function buildPlan(db: Db, { schoolId, year }: { schoolId: string; year: Year }) {
  const w = { schoolId, yearId: year.id };
  const source = await sourceClasses(db, w);
  const pending = await pendingItems(db, w);
  const classPlan = planClasses(source);
  const placed = placeStudents(classPlan, source, pending, year.endsOn);
  const dates = { name: nextYearName(year.name), startsOn: sameDayNextYear(year.startsOn), endsOn: sameDayNextYear(year.endsOn) };
  const schemes = await schemesWithPeriods(db, w, year, dates);
  const hols = await holidaysToReview(db, w);
  const decisions = await decisionCounts(db, w);
  return { source, pending, ending: classPlan.ending, ...placed, schemes, holidays: hols, decisions, dates };
}
export type Plan = Awaited<ReturnType<typeof buildPlan>>;
