// Speed of laying out a whole school's year: 44 classes × 34 lessons a week × the 2026/2027 calendar ≈ 50,000 lessons.
// Prints the figures (run with and without TEST_DATABASE_URL for PostgreSQL and PGlite).
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSchool } from '../../src/db/tenant.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { layoutLessons } from '../../src/modules/schedule/layout.ts';
import { seedAudit } from '../../src/cli/seed/seed-audit.ts';
import { todayIso } from '../../src/web/dates.ts';
import { lessons, timetables, timetableSlots } from '../../src/modules/schedule/schema.ts';
import { academicYears, periodSchemes, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { schoolIdByName } from './contingent-support.ts';

let t: TestApp;
let schoolId: string;
let yearId: string;
const CLASSES = 44;
const PER_WEEK = 34;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  schoolId = await schoolIdByName(db, 'МБОУ «Средняя общеобразовательная школа № 1» (демо)');
  const [year] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.name, '2026/2027')));
  yearId = year!.id;
  const [scheme] = await db.select().from(periodSchemes).where(eq(periodSchemes.yearId, yearId)).limit(1);
  const teachers = (await db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, schoolId))).map((s) => s.id);
  const subjectIds = (await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.schoolId, schoolId))).map((s) => s.id);
  const classRows = await db.insert(schoolClasses).values(Array.from({ length: CLASSES }, (_, i) => ({
    schoolId, yearId, schemeId: scheme!.id, grade: 1 + (i % 11), letter: `Т${i}`, name: `${1 + (i % 11)}Т${i}`,
  }))).returning({ id: schoolClasses.id });
  // The demo timetable seed may have made versions already: the slots go into every version of the year.
  const versions = await db.select({ id: timetables.id }).from(timetables).where(and(eq(timetables.schoolId, schoolId), eq(timetables.yearId, yearId)));
  const all = versions.length ? versions : await db.insert(timetables).values({ schoolId, yearId, validFrom: '2026-09-01' }).returning({ id: timetables.id });
  const slots: Array<typeof timetableSlots.$inferInsert> = [];
  for (const [ci, cls] of classRows.entries()) {
    const groups = await db.insert(teachingGroups).values(subjectIds.slice(0, 12).map((subjectId, si) => ({
      schoolId, yearId, subjectId, kind: 'class', classId: cls.id, name: `скорость ${ci}-${si}`,
    }))).returning({ id: teachingGroups.id });
    await db.insert(groupTeachers).values(groups.map((g, gi) => ({ schoolId, groupId: g.id, staffId: teachers[(ci + gi) % teachers.length]!, startsOn: '2026-09-01' })));
    for (let k = 0; k < PER_WEEK; k += 1) {
      const weekday = 1 + (k % 6);
      const lessonNumber = 1 + Math.floor(k / 6);
      for (const v of all) slots.push({ schoolId, timetableId: v.id, weekday, lessonNumber, groupId: groups[k % groups.length]!.id, staffId: teachers[(ci + k) % teachers.length]!, room: String(100 + ci) });
    }
  }
  for (let i = 0; i < slots.length; i += 1000) await db.insert(timetableSlots).values(slots.slice(i, i + 1000));
}, 120_000);
afterAll(async () => t?.close());

describe('layout speed', () => {
  it(`lays out ${CLASSES} classes × ${PER_WEEK} lessons a week for the year, then re-lays out with no changes`, async () => {
    const db = t.database.db;
    const by = { audit: await seedAudit(db, schoolId, 'deputy'), today: todayIso() };
    const t0 = performance.now();
    const first = await withSchool(db, schoolId, (tx) => layoutLessons(tx, { schoolId, yearId }, by));
    const firstMs = Math.round(performance.now() - t0);
    const t1 = performance.now();
    const second = await withSchool(db, schoolId, (tx) => layoutLessons(tx, { schoolId, yearId }, by));
    const secondMs = Math.round(performance.now() - t1);
    const [{ n }] = (await db.select({ n: count() }).from(lessons).where(eq(lessons.schoolId, schoolId))) as [{ n: number }];
    console.log(`[layout speed, ${t.database.kind}] first: ${first.created} lessons created in ${firstMs} ms (layout ${first.ms} ms); `
      + `second: ${second.kept} kept, ${second.created} created in ${secondMs} ms; lessons in the school: ${n}`);
    expect(first.created).toBeGreaterThan(45_000);
    expect(Number(n)).toBeGreaterThanOrEqual(first.created);
    expect([second.created, second.updated, second.removed]).toEqual([0, 0, 0]);
    expect(second.kept).toBeGreaterThanOrEqual(first.created);
    expect(firstMs).toBeLessThan(60_000);
  }, 180_000);
});
