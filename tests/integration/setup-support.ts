// Facts about the demo schools for the setup tests, read straight from the database.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import {
  academicYears, bells, bellSchedules, holidays, periods, periodSchemes, schoolClasses, subjects, transferredDays,
} from '../../src/modules/setup/schema.ts';

export async function schoolIdOf(db: Db, login: string): Promise<string> {
  const [row] = await db.select({ schoolId: memberships.schoolId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return row!.schoolId;
}

/** The demo school's calendar as seeded: the 2026/2027 year, its quarters and halves, 5А, a subject, a holiday, the transfer. */
export async function demoFacts(db: Db, login = 'admin') {
  const schoolId = await schoolIdOf(db, login);
  // The latest year: the demo's previous year (2025/2026) is closed and read-only.
  const [year] = await db.select().from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(desc(academicYears.startsOn)).limit(1);
  const schemes = await db.select().from(periodSchemes).where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, year!.id)));
  const quarters = schemes.find((s) => s.kind === 'quarters')!;
  const halves = schemes.find((s) => s.kind === 'halves');
  const quarterPeriods = await db.select().from(periods)
    .where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, quarters.id))).orderBy(asc(periods.ordinal));
  const [class5A] = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, '5А')));
  const [subject] = await db.select().from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.name)).limit(1);
  const [holiday] = await db.select().from(holidays).where(eq(holidays.schoolId, schoolId)).orderBy(asc(holidays.startsOn)).limit(1);
  const [transfer] = await db.select().from(transferredDays).where(eq(transferredDays.schoolId, schoolId)).limit(1);
  const [bellSchedule] = await db.select().from(bellSchedules).where(eq(bellSchedules.schoolId, schoolId)).orderBy(asc(bellSchedules.shift)).limit(1);
  return { schoolId, year: year!, quarters, halves, quarterPeriods, class5A: class5A!, subject: subject!, holiday: holiday!, transfer: transfer!, bellSchedule: bellSchedule! };
}

/** Every setup row of a school and its audit rows, to prove that a refused request wrote nothing. */
export async function snapshot(db: Db, schoolId: string): Promise<string> {
  const [school] = await db.select().from(schools).where(eq(schools.id, schoolId));
  const parts = {
    school,
    years: await db.select().from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(asc(academicYears.id)),
    schemes: await db.select().from(periodSchemes).where(eq(periodSchemes.schoolId, schoolId)).orderBy(asc(periodSchemes.id)),
    periods: await db.select().from(periods).where(eq(periods.schoolId, schoolId)).orderBy(asc(periods.id)),
    holidays: await db.select().from(holidays).where(eq(holidays.schoolId, schoolId)).orderBy(asc(holidays.id)),
    transfers: await db.select().from(transferredDays).where(eq(transferredDays.schoolId, schoolId)).orderBy(asc(transferredDays.id)),
    bellSchedules: await db.select().from(bellSchedules).where(eq(bellSchedules.schoolId, schoolId)).orderBy(asc(bellSchedules.id)),
    bells: await db.select().from(bells).where(eq(bells.schoolId, schoolId)).orderBy(asc(bells.scheduleId), asc(bells.lessonNumber)),
    subjects: await db.select().from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.id)),
    classes: await db.select().from(schoolClasses).where(eq(schoolClasses.schoolId, schoolId)).orderBy(asc(schoolClasses.id)),
    audit: (await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.schoolId, schoolId))).length,
  };
  return JSON.stringify(parts);
}

export async function auditRows(db: Db, schoolId: string, entity: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, schoolId), eq(auditEvents.entity, entity))).orderBy(asc(auditEvents.at));
}

/** The `<p class="field-error">` messages of a page, in order. */
export function fieldErrors(html: string): string[] {
  return [...html.matchAll(/<p class="field-error"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}
