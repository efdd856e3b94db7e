// The school calendar: settings, academic years, period schemes and periods. Every function takes schoolId;
// every write runs in a tenant transaction with its audit row.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { schools } from '../platform/schema.ts';
import { academicYears, holidays, periods, periodSchemes, schoolClasses, transferredDays } from './schema.ts';

type Q = Db | Tx;
type Ids = { schoolId: string };
export type YearInput = { name: string; startsOn: string; endsOn: string };
export type PeriodInput = { ordinal: number; name: string; startsOn: string; endsOn: string };

// ── School settings (the global schools table: only the actor's own row) ──

export async function getSchoolSettings(db: Q, { schoolId }: Ids) {
  const [row] = await db.select({
    name: schools.name, address: schools.address, collectContacts: schools.collectContacts, staffIdleMinutes: schools.staffIdleMinutes,
    journalEditDays: schools.journalEditDays, minMarksPerPeriod: schools.minMarksPerPeriod, periodRounding: schools.periodRounding,
    controlMarkDays: schools.controlMarkDays, controlWorksMainLimit: schools.controlWorksMainLimit,
    controlWorksOtherLimit: schools.controlWorksOtherLimit,
    medalFirstMaxFours: schools.medalFirstMaxFours, medalSecondMaxFours: schools.medalSecondMaxFours, distinctionMaxFours: schools.distinctionMaxFours,
    classTeacherPeriodMarks: schools.classTeacherPeriodMarks, timeZone: schools.timeZone, twoFactorPolicy: schools.twoFactorPolicy,
    passwordLogin: schools.passwordLogin,
  }).from(schools).where(eq(schools.id, schoolId));
  return row;
}

type SchoolSettings = NonNullable<Awaited<ReturnType<typeof getSchoolSettings>>>;

export async function updateSchoolSettings(
  db: Db, ctx: AuditContext,
  input: Omit<SchoolSettings, 'timeZone' | 'twoFactorPolicy' | 'passwordLogin'>
    & { timeZone?: string | undefined; twoFactorPolicy?: string | undefined; passwordLogin?: string | undefined },
) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getSchoolSettings(tx, ctx);
    const next = {
      ...input,
      timeZone: input.timeZone ?? old?.timeZone ?? 'Europe/Moscow',
      twoFactorPolicy: input.twoFactorPolicy ?? old?.twoFactorPolicy ?? 'off',
      passwordLogin: input.passwordLogin ?? old?.passwordLogin ?? 'allowed',
    };
    await tx.update(schools).set(next).where(eq(schools.id, ctx.schoolId));
    await writeAudit(tx, ctx, { entity: 'school_settings', entityId: ctx.schoolId, action: 'update', oldValue: old, newValue: next });
  });
}

// ── Academic years ──

export async function listYears(db: Q, { schoolId }: Ids) {
  return db.select({
    id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn, status: academicYears.status,
    classCount: sql<number>`(select count(*)::int from classes c where c.school_id = academic_years.school_id and c.year_id = academic_years.id)`,
  }).from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(asc(academicYears.startsOn));
}

export async function getYear(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  const [row] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId)));
  return row;
}

export async function otherYears(db: Q, { schoolId, exceptId }: Ids & { exceptId?: string }) {
  const where = exceptId ? and(eq(academicYears.schoolId, schoolId), ne(academicYears.id, exceptId)) : eq(academicYears.schoolId, schoolId);
  return db.select({ name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn }).from(academicYears).where(where);
}

/** Everything dated inside a year (periods, holidays, transferred days): new year dates must still hold them. */
export async function yearContents(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  const [ps, hs, ts] = await Promise.all([
    periodsOfYear(db, { schoolId, yearId }),
    holidaysOfYear(db, { schoolId, yearId }),
    transfersOfYear(db, { schoolId, yearId }),
  ]);
  return [
    ...ps.map((p) => ({ what: `Период «${p.name}» (${p.schemeName})`, startsOn: p.startsOn, endsOn: p.endsOn })),
    ...hs.map((h) => ({ what: `«${h.name}»`, startsOn: h.startsOn, endsOn: h.endsOn })),
    ...ts.map((t) => ({ what: 'Перенос учебного дня', startsOn: t.date, endsOn: t.date })),
  ];
}

export async function createYear(db: Db, ctx: AuditContext, input: YearInput) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(academicYears).values({ schoolId: ctx.schoolId, ...input }).returning({ id: academicYears.id });
    await writeAudit(tx, ctx, { entity: 'academic_year', entityId: row!.id, action: 'create', newValue: input });
    return row!.id;
  });
}

export async function updateYear(db: Db, ctx: AuditContext, yearId: string, input: YearInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getYear(tx, { schoolId: ctx.schoolId, yearId });
    await tx.update(academicYears).set(input).where(and(eq(academicYears.schoolId, ctx.schoolId), eq(academicYears.id, yearId)));
    await writeAudit(tx, ctx, { entity: 'academic_year', entityId: yearId, action: 'update', oldValue: old, newValue: input });
  });
}

/** Deletes a year without classes, with its schemes, periods, holidays and transferred days; false when it has classes. */
export async function deleteYear(db: Db, ctx: AuditContext, yearId: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const schoolId = ctx.schoolId;
    const classes = await tx.select({ id: schoolClasses.id }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId))).limit(1);
    if (classes.length > 0) return false;
    const old = await getYear(tx, { schoolId, yearId });
    await tx.delete(periodSchemes).where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, yearId)));
    await tx.delete(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId)));
    await writeAudit(tx, ctx, { entity: 'academic_year', entityId: yearId, action: 'delete', oldValue: old });
    return true;
  });
}

// ── Period schemes and periods ──

// Correlated subqueries name their tables outright: drizzle leaves columns unqualified in a select list.
const classNamesOfScheme = sql<string[]>`coalesce((select array_agg(c.name order by c.grade, c.name) from classes c
  where c.school_id = period_schemes.school_id and c.scheme_id = period_schemes.id), '{}')`;

export async function schemesOfYear(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  const [schemes, ps] = await Promise.all([
    db.select({ id: periodSchemes.id, name: periodSchemes.name, kind: periodSchemes.kind, classNames: classNamesOfScheme })
      .from(periodSchemes).where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, yearId))).orderBy(asc(periodSchemes.createdAt), asc(periodSchemes.name)),
    periodsOfYear(db, { schoolId, yearId }),
  ]);
  return schemes.map((s) => ({ ...s, periods: ps.filter((p) => p.schemeId === s.id) }));
}

export async function getScheme(db: Q, { schoolId, schemeId }: Ids & { schemeId: string }) {
  const [row] = await db.select({
    id: periodSchemes.id, yearId: periodSchemes.yearId, name: periodSchemes.name, kind: periodSchemes.kind, classNames: classNamesOfScheme,
  }).from(periodSchemes).where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.id, schemeId)));
  return row;
}

export async function periodsOfYear(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  return db.select({
    id: periods.id, schemeId: periods.schemeId, schemeName: periodSchemes.name, ordinal: periods.ordinal, name: periods.name,
    startsOn: periods.startsOn, endsOn: periods.endsOn,
  }).from(periods)
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, schoolId), eq(periodSchemes.yearId, yearId)))
    .orderBy(asc(periods.ordinal));
}

export async function periodsOfScheme(db: Q, { schoolId, schemeId }: Ids & { schemeId: string }) {
  return db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, schemeId))).orderBy(asc(periods.ordinal));
}

export async function getPeriod(db: Q, { schoolId, periodId }: Ids & { periodId: string }) {
  const [row] = await db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.id, periodId)));
  return row;
}

export async function createScheme(db: Db, ctx: AuditContext, yearId: string, input: { name: string; kind: string }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(periodSchemes).values({ schoolId: ctx.schoolId, yearId, ...input }).returning({ id: periodSchemes.id });
    await writeAudit(tx, ctx, { entity: 'period_scheme', entityId: row!.id, action: 'create', newValue: { yearId, ...input } });
    return row!.id;
  });
}

export async function updateScheme(db: Db, ctx: AuditContext, schemeId: string, input: { name: string; kind: string }) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const where = and(eq(periodSchemes.schoolId, ctx.schoolId), eq(periodSchemes.id, schemeId));
    const [old] = await tx.select({ name: periodSchemes.name, kind: periodSchemes.kind }).from(periodSchemes).where(where);
    await tx.update(periodSchemes).set(input).where(where);
    await writeAudit(tx, ctx, { entity: 'period_scheme', entityId: schemeId, action: 'update', oldValue: old, newValue: input });
  });
}

/** Deletes a scheme no class follows (its periods go with it); false when a class uses it. */
export async function deleteScheme(db: Db, ctx: AuditContext, schemeId: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const used = await tx.select({ id: schoolClasses.id }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, ctx.schoolId), eq(schoolClasses.schemeId, schemeId))).limit(1);
    if (used.length > 0) return false;
    const old = await getScheme(tx, { schoolId: ctx.schoolId, schemeId });
    const oldPeriods = await periodsOfScheme(tx, { schoolId: ctx.schoolId, schemeId });
    await tx.delete(periodSchemes).where(and(eq(periodSchemes.schoolId, ctx.schoolId), eq(periodSchemes.id, schemeId)));
    await writeAudit(tx, ctx, { entity: 'period_scheme', entityId: schemeId, action: 'delete', oldValue: { ...old, periods: oldPeriods } });
    return true;
  });
}

/** Adds periods to a scheme, all or none. */
export async function addPeriods(db: Db, ctx: AuditContext, schemeId: string, rows: PeriodInput[]) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const inserted = await tx.insert(periods).values(rows.map((r) => ({ schoolId: ctx.schoolId, schemeId, ...r }))).returning();
    await writeAudit(tx, ctx, ...inserted.map((p) => ({
      entity: 'period', entityId: p.id, action: 'create', newValue: { schemeId, ordinal: p.ordinal, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn },
    })));
  });
}

export async function updatePeriod(db: Db, ctx: AuditContext, periodId: string, input: PeriodInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getPeriod(tx, { schoolId: ctx.schoolId, periodId });
    await tx.update(periods).set(input).where(and(eq(periods.schoolId, ctx.schoolId), eq(periods.id, periodId)));
    await writeAudit(tx, ctx, { entity: 'period', entityId: periodId, action: 'update', oldValue: old, newValue: input });
  });
}

export async function deletePeriod(db: Db, ctx: AuditContext, periodId: string) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getPeriod(tx, { schoolId: ctx.schoolId, periodId });
    await tx.delete(periods).where(and(eq(periods.schoolId, ctx.schoolId), eq(periods.id, periodId)));
    await writeAudit(tx, ctx, { entity: 'period', entityId: periodId, action: 'delete', oldValue: old });
  });
}

// ── Holidays and transferred days: read here, written in queries-days.ts ──

export async function holidaysOfYear(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  return db.select().from(holidays).where(and(eq(holidays.schoolId, schoolId), eq(holidays.yearId, yearId))).orderBy(asc(holidays.startsOn), asc(holidays.name));
}

export async function transfersOfYear(db: Q, { schoolId, yearId }: Ids & { yearId: string }) {
  return db.select().from(transferredDays).where(and(eq(transferredDays.schoolId, schoolId), eq(transferredDays.yearId, yearId))).orderBy(asc(transferredDays.date));
}
