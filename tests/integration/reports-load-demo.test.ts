// The demo school gives each load report something to show on the tests' today (Monday 23.11.2026, quarter 2):
// a 5А day over the homework norm and a 6А homework without minutes this week (seed/demo-reports.ts), students at risk
// of «н/а» in the filled classes, and a 5Б day with two planned control works — and the whole-school reports stay fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accumulation } from '../../src/modules/reports/accumulation/queries.ts';
import { controlWorks } from '../../src/modules/reports/control-works/queries.ts';
import { homeworkLoad } from '../../src/modules/reports/homework-load/queries.ts';
import type { ReportScope } from '../../src/modules/reports/core/scope.ts';
import { reportPeriod, visibleClasses, type ClassRef, type ReportPeriod } from '../../src/modules/reports/load-lookups.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { schoolOf } from './journal-support.ts';

const SCHOOL: ReportScope = { kind: 'school' };
let t: TestApp;
let schoolId: string;
let period: ReportPeriod;
let classes: ClassRef[];
const today = todayIso();

beforeAll(async () => {
  t = await startTestApp();
  schoolId = await schoolOf(t.database.db, 'deputy');
  period = (await reportPeriod(t.database.db, { schoolId, today }))!;
  classes = await visibleClasses(t.database.db, { schoolId, scope: SCHOOL, date: today });
}, 120_000);
afterAll(async () => t?.close());

const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, performance.now() - t0];
};

describe('demo school, the current week and period', () => {
  it('homework load: 5А has a day over its norm (120), 6А a homework without minutes', async () => {
    const [loads, ms] = await timed(() => homeworkLoad(t.database.db, { schoolId, monday: '2026-11-23', classes }));
    const of = (name: string) => loads.find((c) => c.className === name)!;
    expect(of('5А').norm).toBe(120);
    expect(of('5А').days.find((d) => d.date === '2026-11-23')!.minutes).toBeGreaterThan(120);
    expect(of('6А').days.some((d) => d.withoutMinutes > 0)).toBe(true);
    expect(ms).toBeLessThan(3000);
  });

  it('accumulation: students at risk of «н/а» in 5А, none in the 1st grade (no marks there)', async () => {
    const [rows, ms] = await timed(() => accumulation(t.database.db, { schoolId, period, today, classes, scope: SCHOOL, minMarks: 3 }));
    expect(period.name).toBe('2 четверть');
    expect(rows.filter((r) => r.className === '5А' && r.status === 'risk').length).toBeGreaterThan(0);
    expect(rows.some((r) => r.className.startsWith('1'))).toBe(false);
    expect(rows[0]!.status).toBe('risk');
    expect(ms).toBeLessThan(3000);
  });

  it('control works: 5Б has maths and Russian planned on one day', async () => {
    const works = await controlWorks(t.database.db, { schoolId, period, today, classes });
    const planned = works.filter((w) => w.className === '5Б' && !w.held && w.crowded);
    expect(planned.map((w) => w.subjectName).sort()).toEqual(['Математика', 'Русский язык']);
    expect(new Set(planned.map((w) => w.date)).size).toBe(1);
  });
});
