// Applying the rollover: one transaction, all or nothing, safe to run again. Each step finds what an earlier run made
// (the year by previous_year_id, schemes by name, classes by the class they continue or by name) and makes only what
// is missing; the curriculum and groups are copied only into classes made by this run, so a second run changes nothing.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { placePending } from '../contingent/placement.ts';
import { academicYears, holidays, periods, periodSchemes, schoolClasses } from '../setup/schema.ts';
import { copyClassTeaching } from './rollover-copy.ts';
import { rolledYear, type Plan, type Year } from './rollover-model.ts';

export type Choices = {
  name: string; startsOn: string; endsOn: string;
  /** Per scheme name, per period ordinal: the dates as edited. */
  periods: Map<string, Map<number, { startsOn: string; endsOn: string }>>;
  /** Per planned class key: the class teacher chosen (null: none). */
  teachers: Map<string, string | null>;
};

export type Applied = {
  yearId: string; createdYear: boolean; schemes: number; holidays: number; classes: number;
  curriculum: number; groups: number; teachers: number; members: number; placed: number;
};

export async function applyRollover(db: Db, ctx: AuditContext, a: { from: Year; plan: Plan; choices: Choices }): Promise<Applied> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const schoolId = ctx.schoolId;
    const existing = await rolledYear(tx, { schoolId, yearId: a.from.id });
    const counts: Applied = {
      yearId: existing?.id ?? '', createdYear: !existing, schemes: 0, holidays: 0, classes: 0, curriculum: 0, groups: 0, teachers: 0, members: 0, placed: 0,
    };
    const year = existing ?? await createYear(tx, schoolId, a);
    counts.yearId = year.id;
    const schemeIds = await ensureSchemes(tx, schoolId, year, a, counts);
    if (counts.createdYear) counts.holidays = await copyHolidays(tx, schoolId, year, a.plan);
    const classIds = await ensureClasses(tx, schoolId, year, schemeIds, a, counts);
    const placedByClass = new Map<string, string[]>();
    for (const p of a.plan.placements) {
      const id = classIds.get(p.toKey)!;
      placedByClass.set(id, [...(placedByClass.get(id) ?? []), p.studentId]);
    }
    for (const made of classIds.made) {
      const c = a.plan.classes.find((k) => k.key === made)!;
      const copied = await copyClassTeaching(tx, {
        schoolId, yearId: year.id, startsOn: year.startsOn, classId: classIds.get(made)!, className: c.name,
        templateClassId: c.templateClassId, lineageClassId: c.previousClassId, students: placedByClass.get(classIds.get(made)!) ?? [],
      });
      counts.curriculum += copied.curriculum; counts.groups += copied.groups; counts.teachers += copied.teachers; counts.members += copied.members;
    }
    counts.placed = await place(tx, ctx, a.plan, classIds);
    const changed = counts.createdYear || counts.schemes + counts.classes + counts.placed > 0;
    if (changed) {
      await writeAudit(tx, ctx, { entity: 'academic_year', entityId: year.id, action: 'rollover', newValue: { from: a.from.name, to: year.name, ...counts } });
    }
    return counts;
  });
}

async function createYear(tx: Tx, schoolId: string, a: { from: Year; choices: Choices }) {
  const [row] = await tx.insert(academicYears).values({
    schoolId, name: a.choices.name, startsOn: a.choices.startsOn, endsOn: a.choices.endsOn, previousYearId: a.from.id,
  }).returning();
  return row!;
}

async function ensureSchemes(tx: Tx, schoolId: string, year: Year, a: { plan: Plan; choices: Choices }, counts: Applied) {
  const have = await tx.select({ id: periodSchemes.id, name: periodSchemes.name }).from(periodSchemes)
    .where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, year.id)));
  const ids = new Map(have.map((s) => [s.name, s.id]));
  for (const s of a.plan.schemes) {
    if (ids.has(s.name)) continue;
    const [made] = await tx.insert(periodSchemes).values({ schoolId, yearId: year.id, name: s.name, kind: s.kind }).returning({ id: periodSchemes.id });
    ids.set(s.name, made!.id);
    counts.schemes++;
    const edited = a.choices.periods.get(s.name);
    if (s.periods.length) {
      await tx.insert(periods).values(s.periods.map((p) => ({
        schoolId, schemeId: made!.id, ordinal: p.ordinal, name: p.name, ...(edited?.get(p.ordinal) ?? { startsOn: p.startsOn, endsOn: p.endsOn }),
      })));
    }
  }
  return ids;
}

/** The closed year's holidays moved to the new calendar (public holidays on their dates, vacations by weeks), inside the year. */
async function copyHolidays(tx: Tx, schoolId: string, year: Year, plan: Plan): Promise<number> {
  const rows = plan.holidays.filter((h) => h.next && h.next.startsOn >= year.startsOn && h.next.endsOn <= year.endsOn)
    .map((h) => ({ schoolId, yearId: year.id, name: h.name, kind: h.kind, grades: h.grades, ...h.next! }));
  if (rows.length) await tx.insert(holidays).values(rows);
  return rows.length;
}

async function ensureClasses(tx: Tx, schoolId: string, year: Year, schemeIds: Map<string, string>, a: { plan: Plan; choices: Choices }, counts: Applied) {
  const have = await tx.select({ id: schoolClasses.id, name: schoolClasses.name, previousClassId: schoolClasses.previousClassId })
    .from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, year.id)));
  const ids = Object.assign(new Map<string, string>(), { made: [] as string[] });
  for (const c of a.plan.classes) {
    const found = have.find((h) => (c.previousClassId && h.previousClassId === c.previousClassId) || h.name === c.name);
    if (found) { ids.set(c.key, found.id); continue; }
    const teacher = a.choices.teachers.has(c.key) ? a.choices.teachers.get(c.key)! : c.classTeacherId;
    const [made] = await tx.insert(schoolClasses).values({
      schoolId, yearId: year.id, grade: c.grade, letter: c.letter, name: c.name, shift: c.shift, schemeId: schemeIds.get(c.schemeName)!,
      classTeacherId: teacher, previousClassId: c.previousClassId,
    }).returning({ id: schoolClasses.id });
    ids.set(c.key, made!.id);
    ids.made.push(c.key);
    counts.classes++;
  }
  return ids;
}

/** The rollover refused as a whole (nothing written): what stands in the way, in Russian. */
export class RolloverRefused extends Error {
  constructor(readonly problems: string[]) { super('rollover refused'); }
}

/**
 * Binds each decision awaiting a class to its new class through the contingent book (placePending: every check before
 * the first write, the class history rebuilt, audited per order). A refusal rolls the whole rollover back.
 */
async function place(tx: Tx, ctx: AuditContext, plan: Plan, classIds: Map<string, string>): Promise<number> {
  const placements = plan.placements.map((p) => ({ itemId: p.itemId, toClassId: classIds.get(p.toKey)! }));
  const result = await placePending(tx, ctx, placements);
  if (!result.ok) throw new RolloverRefused(result.problems);
  return result.placed;
}
