// The demo school makes the programme, timesheet and activity reports non-empty (src/cli/seed/demo-activity.ts).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyActivityTables } from '../../src/modules/reports/activity/families.ts';
import { teacherActivityTable } from '../../src/modules/reports/activity/teachers.ts';
import { periodWithYear, programmeTable } from '../../src/modules/reports/programme/queries.ts';
import { periodWindow } from '../../src/modules/reports/programme/rules.ts';
import { timesheetTables } from '../../src/modules/reports/timesheet/queries.ts';
import { periods } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { memberOf, schoolId as schoolIdOf } from './people-support.ts';

let t: TestApp;
let schoolId: string;
beforeAll(async () => {
  t = await startTestApp();
  schoolId = await schoolIdOf(t.database.db);
});
afterAll(async () => { await t.close(); });

describe('the demo school in the reports (today 23.11.2026)', () => {
  it('timesheet: `teacher` substituted a colleague this month and had a lesson cancelled', async () => {
    const teacher = (await memberOf(t.database.db, 'teacher')).staffId!;
    const [days, totals] = await timesheetTables(t.database.db, { schoolId, from: '2026-11-01', until: '2026-11-23', staffIds: [teacher] });
    expect(totals!.rows).toHaveLength(1);
    // given: the seed's past one in 7А and the demo's replacement of today (demo-lessons.ts)
    expect(totals!.rows[0]).toMatchObject({ teacher: 'Иванова М. А.', substitutionsGiven: 2, cancelled: 1 });
    expect(Number(totals!.rows[0]!.given)).toBeGreaterThan(20);
    const all = await timesheetTables(t.database.db, { schoolId, from: '2026-11-01', until: '2026-11-23', staffIds: null });
    const sum = (key: string) => all[1]!.rows.reduce((n, r) => n + Number(r[key]), 0);
    expect([sum('substitutionsGiven'), sum('substitutionsReceived')]).toEqual([2, 2]); // the two colleagues replaced
    expect(days!.rows.some((r) => r.cancelled === 1)).toBe(true);
  });

  it('programme: 5Б mathematics is an hour behind its КТП in the second quarter', async () => {
    const [q2] = await t.database.db.select({ id: periods.id }).from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.name, '2 четверть')));
    const period = (await periodWithYear(t.database.db, { schoolId, periodId: q2!.id }))!;
    const table = await programmeTable(t.database.db, { schoolId, period, window: periodWindow(period, '2026-11-23'), groupIds: null });
    const maths5b = table.rows.find((r) => r.class === '5Б' && r.subject === 'Математика');
    expect(maths5b).toMatchObject({ gap: 1, cancelled: 1 });
    expect(table.rows.filter((r) => r.gap !== null).length).toBeGreaterThanOrEqual(3);
  });

  it('activity: last week\'s logins of the demo staff and 5Б families\' acknowledgements', async () => {
    const teachers = await teacherActivityTable(t.database.db, {
      schoolId, monday: '2026-11-16', today: '2026-11-23', timeZone: 'Europe/Moscow', staffIds: null, classId: null,
    });
    const ivanova = teachers.rows.find((r) => r.teacher === 'Иванова М. А.')!;
    expect(Number(ivanova.logins)).toBeGreaterThan(0);
    expect(Number(ivanova.lessons)).toBeGreaterThan(0);
    const [classes] = await familyActivityTables(t.database.db, { schoolId, monday: '2026-11-16', timeZone: 'Europe/Moscow', classIds: null, perStudent: false });
    const c5b = classes!.rows.find((r) => r.class === '5Б')!;
    expect(Number(c5b.acknowledged)).toBeGreaterThan(0);
    expect(Number(c5b.acknowledged)).toBeLessThan(Number(c5b.students));
  });
});
