// The demo follows the calendar: seeded with the app's clock in mid-June (summer holidays after the year) or on
// 1 September (the first day of a new year), a teacher still finds today's lessons or a clear «Каникулы», and a parent a
// filled diary. Each case seeds its own database with the clock set before seeding.
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { marks, periodMarks } from '../../src/modules/journal/schema.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { setClock } from '../../src/web/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { member } from './diary-pages-support.ts';

async function seededAt(moment: string): Promise<TestApp> {
  setClock(moment);
  const t = await startTestApp({ seed: false });
  await seedDemo(t.database.db);
  return t;
}

afterAll(() => setClock(TEST_NOW));

describe('the demo seeded on 15.06.2027 (summer holidays)', () => {
  let t: TestApp;
  afterAll(async () => { await t?.close(); });

  it('is the year that has just ended, 2026/2027, running to 31 August', async () => {
    t = await seededAt('2027-06-15T10:00:00+03:00');
    const db = t.database.db;
    const { schoolId } = await member(db, 'teacher');
    // The latest year: the demo has the year before too (10А/10Б of today's 11th graders).
    const [year] = await db.select().from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(desc(academicYears.startsOn));
    expect(year).toMatchObject({ name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-08-31' });
  });

  it('gives the teacher a clear «Каникулы» on «Сегодня» and the year\'s journals', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const today = mainText((await teacher.get('/today')).body);
    expect(today).toContain('Сегодня, вторник 15.06.2027');
    expect(today).toContain('Каникулы: Летние каникулы, 27.05.2027 – 31.08.2027.');
    expect(mainText((await teacher.get('/journal')).body)).toContain('5А · Математика');
  });

  it('gives the parent a filled diary: every quarter\'s marks and period marks of the year', async () => {
    const db = t.database.db;
    const { schoolId } = await member(db, 'parent');
    const dmitry = (await member(db, 'student')).studentId!;
    const [m] = await db.select({ n: count() }).from(marks).where(and(eq(marks.schoolId, schoolId), eq(marks.studentId, dmitry)));
    const [p] = await db.select({ n: count() }).from(periodMarks).where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.studentId, dmitry)));
    expect(m!.n).toBeGreaterThan(200);
    expect(p!.n).toBeGreaterThan(40); // four quarters × a dozen subjects
    const parent = await loginAs(t.app, 'parent');
    const year = mainText((await parent.get(`/diary/${dmitry}/marks/year`)).body);
    expect(year).toContain('4 четверть');
    expect(year).toMatch(/Математика( \S+)*( [2-5]){4}/);
    const week = await parent.get(`/diary/${dmitry}?week=2027-05-17`);
    expect(week.statusCode).toBe(200);
    expect(mainText(week.body)).toMatch(/Математика/);
  });
});

describe('the demo seeded on 01.09.2027 (the first day of a new year)', () => {
  let t: TestApp;
  afterAll(async () => { await t?.close(); });

  it('is the year 2027/2028 from today, with its quarters on the same weekdays as the template\'s', async () => {
    t = await seededAt('2027-09-01T08:00:00+03:00');
    const db = t.database.db;
    const { schoolId } = await member(db, 'teacher');
    // The latest year: the demo has the year before too (10А/10Б of today's 11th graders).
    const [year] = await db.select().from(academicYears).where(eq(academicYears.schoolId, schoolId)).orderBy(desc(academicYears.startsOn));
    expect(year).toMatchObject({ name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-08-31' });
  });

  it('gives the teacher today\'s lessons on «Сегодня»', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const res = await teacher.get('/today');
    expect(mainText(res.body)).toContain('Сегодня, среда 01.09.2027');
    expect(res.body).toContain('class="today-lessons"');
    expect(res.body).toContain('/journal/lessons/');
  });

  it('gives the parent a diary with today\'s lessons', async () => {
    const db = t.database.db;
    const dmitry = (await member(db, 'student')).studentId!;
    const parent = await loginAs(t.app, 'parent');
    const res = await parent.get(`/diary/${dmitry}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('01.09');
    expect(text).toMatch(/Математика/);
  });
});
