// The programme, timesheet and activity reports' queries over a small hand-built school (reports-people-support.ts),
// every figure worked out by hand from the lessons, substitutions, logins and family records listed there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { familyActivityTables } from '../../src/modules/reports/activity/families.ts';
import { teacherActivityTable } from '../../src/modules/reports/activity/teachers.ts';
import { periodWithYear, programmeTable } from '../../src/modules/reports/programme/queries.ts';
import { periodWindow } from '../../src/modules/reports/programme/rules.ts';
import { timesheetTables } from '../../src/modules/reports/timesheet/queries.ts';
import { openTestDatabase } from '../support/app.ts';
import { buildPeopleSchool, type PeopleSchool } from './reports-people-support.ts';

let database: Database;
let drop: () => Promise<void>;
let s: PeopleSchool;
const TODAY = '2026-11-23';
const ZONE = 'Europe/Moscow';

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  s = await buildPeopleSchool(database, 'rp');
});
afterAll(async () => { await drop(); });

const pick = (rows: Record<string, unknown>[], keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

describe('programme', () => {
  const FIGURES = ['class', 'group', 'teacher', 'planned', 'given', 'gap', 'cancelled', 'extra', 'ktpYear', 'curriculumYear', 'laidOut', 'shortfall'];
  it('second quarter up to today: the КТП planned 6 hours, 5 given (one cancelled); the timetable lays out 10 lessons for 12 hours', async () => {
    const period = (await periodWithYear(database.db, { schoolId: s.schoolId, periodId: s.schemes.get('quarters')!.periodIds[1]! }))!;
    expect(period).toMatchObject({ name: '2 четверть', startsOn: '2026-11-05', yearId: s.yearId });
    const table = await programmeTable(database.db, { schoolId: s.schoolId, period, window: periodWindow(period, TODAY), groupIds: null });
    expect(pick(table.rows, FIGURES)).toEqual([
      ['5А', '5А математика', 'Учителева У.', 6, 5, 1, 1, 0, 12, 68, 10, 2],
      ['5Б', '5Б литература', 'Классов К.', null, 3, null, 0, 1, null, null, 2, null],
    ]);
  });

  it('first quarter (over): two lessons planned and given; a teacher\'s groups only', async () => {
    const period = (await periodWithYear(database.db, { schoolId: s.schoolId, periodId: s.schemes.get('quarters')!.periodIds[0]! }))!;
    const table = await programmeTable(database.db, { schoolId: s.schoolId, period, window: periodWindow(period, TODAY), groupIds: [s.g1] });
    expect(pick(table.rows, ['group', 'planned', 'given', 'gap'])).toEqual([['5А математика', 2, 2, 0]]);
  });

  it('another school\'s period is not found', async () => {
    expect(await periodWithYear(database.db, { schoolId: s.schoolId, periodId: crypto.randomUUID() })).toBeUndefined();
  });
});

describe('timesheet', () => {
  const COUNTS = ['scheduled', 'extra', 'given', 'substitutionsGiven', 'substitutionsReceived', 'cancelled'];
  it('November up to today: per teacher and day, and the month\'s totals', async () => {
    const [days, totals] = await timesheetTables(database.db, { schoolId: s.schoolId, from: '2026-11-01', until: TODAY, staffIds: null });
    expect(pick(days!.rows, ['teacher', 'date', 'day', ...COUNTS])).toEqual([
      ['Классов К.', '2026-11-10', 'Вт', 1, 0, 1, 0, 0, 0],
      ['Классов К.', '2026-11-14', 'Сб', 0, 1, 1, 0, 0, 0],
      ['Классов К.', '2026-11-16', 'Пн', 0, 0, 1, 1, 0, 0],
      ['Классов К.', '2026-11-17', 'Вт', 1, 0, 0, 0, 1, 0],
      ['Учителева У.', '2026-11-09', 'Пн', 1, 0, 1, 0, 0, 0],
      ['Учителева У.', '2026-11-11', 'Ср', 1, 0, 0, 0, 0, 1],
      ['Учителева У.', '2026-11-16', 'Пн', 1, 0, 0, 0, 1, 0],
      ['Учителева У.', '2026-11-17', 'Вт', 0, 0, 1, 1, 0, 0],
      ['Учителева У.', '2026-11-18', 'Ср', 1, 0, 1, 0, 0, 0],
      ['Учителева У.', '2026-11-22', 'Вс, рабочий день по расписанию пятницы', 1, 0, 1, 0, 0, 0],
      ['Учителева У.', '2026-11-23', 'Пн', 1, 0, 1, 0, 0, 0],
    ]);
    expect(pick(totals!.rows, ['teacher', 'days', ...COUNTS])).toEqual([
      ['Классов К.', 3, 2, 1, 3, 1, 1, 0],
      ['Учителева У.', 5, 6, 0, 5, 1, 1, 1],
    ]);
  });

  it('one teacher: only her lines, the lessons she substituted included', async () => {
    const [days, totals] = await timesheetTables(database.db, { schoolId: s.schoolId, from: '2026-11-01', until: '2026-11-17', staffIds: [s.staff.get('ct')!] });
    expect(days!.rows.map((r) => r.date)).toEqual(['2026-11-10', '2026-11-14', '2026-11-16', '2026-11-17']);
    expect(pick(totals!.rows, ['teacher', 'days', 'given', 'substitutionsGiven'])).toEqual([['Классов К.', 3, 3, 1]]);
  });

  it('a month not begun: empty tables', async () => {
    const tables = await timesheetTables(database.db, { schoolId: s.schoolId, from: '2026-12-01', until: TODAY, staffIds: null });
    expect(tables.map((t) => t.rows.length)).toEqual([0, 0]);
  });
});

describe('activity', () => {
  it('teachers: the week\'s logins (Moscow days, failures not counted) and lessons filled on their day', async () => {
    const table = await teacherActivityTable(database.db, { schoolId: s.schoolId, monday: '2026-11-16', today: TODAY, timeZone: ZONE, staffIds: null, classId: null });
    expect(pick(table.rows, ['teacher', 'logins', 'loginDays', 'lessons', 'filled', 'filledShare'])).toEqual([
      ['Классов К.', 1, 1, 1, 1, 100],
      ['Учителева У.', 3, 2, 3, 1, 33.3],
    ]);
  });

  it('teachers of one class: only the lessons of its groups', async () => {
    const table = await teacherActivityTable(database.db, {
      schoolId: s.schoolId, monday: '2026-11-16', today: TODAY, timeZone: ZONE, staffIds: null, classId: s.classes.get('5Б')!,
    });
    expect(pick(table.rows, ['teacher', 'lessons', 'filled'])).toEqual([['Учителева У.', 1, 0]]);
  });

  it('families per class, and per student of 5А (a student who joined on Thursday counts in both classes)', async () => {
    const [classes, students] = await familyActivityTables(database.db, {
      schoolId: s.schoolId, monday: '2026-11-16', timeZone: ZONE, classIds: [s.classes.get('5А')!], perStudent: true,
    });
    expect(pick(classes!.rows, ['class', 'students', 'familiesLoggedIn', 'studentsLoggedIn', 'diaryOpened', 'acknowledged', 'digestReceived', 'informed', 'informedShare']))
      .toEqual([['5А', 4, 1, 1, 1, 1, 1, 2, 50]]);
    expect(pick(students!.rows, ['student', 'guardianAccounts', 'guardianLogins', 'studentLogins', 'diaryViews', 'acknowledged', 'digestReceived'])).toEqual([
      ['Ученик01 Пётр', 1, 1, 1, 5, 'да', 'нет'],
      ['Ученик02 Пётр', 0, 0, 0, 0, 'нет', 'да'],
      ['Ученик03 Пётр', 0, 0, 0, 0, 'нет', 'нет'],
      ['Ученик13 Пётр', 0, 0, 0, 0, 'нет', 'нет'],
    ]);
    const all = await familyActivityTables(database.db, { schoolId: s.schoolId, monday: '2026-11-16', timeZone: ZONE, classIds: null, perStudent: false });
    expect(all).toHaveLength(1);
    expect(pick(all[0]!.rows, ['class', 'students', 'acknowledged', 'informed', 'informedShare'])).toEqual([['5А', 4, 1, 2, 50], ['5Б', 3, 0, 0, 0]]);
  });
});
