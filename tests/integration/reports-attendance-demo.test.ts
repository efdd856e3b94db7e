// The demo school gives the attendance report something to show on the tests' today (Monday 23.11.2026): in the closed
// first quarter every class has lessons missed for illness and for valid and invalid reasons, full days and lates; in the
// current quarter some reasons are not set yet; the members of the cross-class elective count its lessons in their own
// classes; and the whole school over the year so far stays fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceData } from '../../src/modules/reports/attendance/queries.ts';
import { sumFigures } from '../../src/modules/reports/attendance/rules.ts';
import { reportPeriod, visibleClasses, type ClassRef } from '../../src/modules/reports/load-lookups.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { schoolOf } from './journal-support.ts';

let t: TestApp;
let schoolId: string;
let classes: ClassRef[];
const today = todayIso();

beforeAll(async () => {
  t = await startTestApp();
  schoolId = await schoolOf(t.database.db, 'deputy');
  classes = await visibleClasses(t.database.db, { schoolId, scope: { kind: 'school' }, date: today });
}, 120_000);
afterAll(async () => t?.close());

describe('demo school', () => {
  it('quarter 1: every class misses lessons for each reason, whole days, lates; none left without a reason', async () => {
    const q1 = (await reportPeriod(t.database.db, { schoolId, today: '2026-10-01' }))!;
    const data = await attendanceData(t.database.db, { schoolId, classes, from: q1.startsOn, to: q1.endsOn });
    for (const c of classes) {
      const f = sumFigures(data.figures.filter((x) => x.classId === c.id));
      expect(f.lessons, c.name).toBeGreaterThan(0);
      expect(f.illness * f.valid * f.invalid * f.fullDays * f.late, c.name).toBeGreaterThan(0);
      expect(f.unset, c.name).toBe(0);
    }
  });

  it('the current quarter so far: some absences still without a reason', async () => {
    const q2 = (await reportPeriod(t.database.db, { schoolId, today }))!;
    const data = await attendanceData(t.database.db, { schoolId, classes, from: q2.startsOn, to: today });
    expect(sumFigures(data.figures).unset).toBeGreaterThan(0);
  });

  it('the elective’s members have more lessons than their classmates, in their own class', async () => {
    const c8a = classes.find((c) => c.name === '8А')!;
    const data = await attendanceData(t.database.db, { schoolId, classes: [c8a], from: '2026-11-09', to: '2026-11-20' });
    const counts = [...new Set(data.figures.map((f) => f.lessons))].sort((a, b) => a - b);
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(data.figures.filter((f) => f.lessons === counts.at(-1)).length).toBe(4); // the four 8А members of the elective
  });

  it('the whole school over the year so far in under 1.5 s (a shared machine)', async () => {
    const t0 = performance.now();
    const data = await attendanceData(t.database.db, { schoolId, classes, from: '2026-09-01', to: today });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(data.figures.length).toBeGreaterThan(300);
  });
});
