// The load reports' queries on a small hand-built school (reports-load-support.ts): every figure below is counted by hand
// from the fixture's lessons, marks and homework.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { accumulation, accumulationTable } from '../../src/modules/reports/accumulation/queries.ts';
import { controlWorks, controlWorksTables, groupLimits } from '../../src/modules/reports/control-works/queries.ts';
import { DEFAULT_LIMITS } from '../../src/modules/reports/control-works/rules.ts';
import { homeworkLoad, homeworkLoadTable } from '../../src/modules/reports/homework-load/queries.ts';
import type { ReportScope } from '../../src/modules/reports/core/scope.ts';
import { reportPeriod, visibleClasses, type ReportPeriod } from '../../src/modules/reports/load-lookups.ts';
import { openTestDatabase } from '../support/app.ts';
import { buildLoadSchool, type LoadSchool } from './reports-load-support.ts';

const TODAY = '2026-11-23';
let database: Database;
let drop: () => Promise<void>;
let s: LoadSchool;
let period: ReportPeriod;
const SCHOOL: ReportScope = { kind: 'school' };
const cells = (rows: Array<Record<string, unknown>>, keys: string[]) => rows.map((r) => keys.map((k) => r[k] ?? '').join(' | '));

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase({ seeded: false }));
  s = await buildLoadSchool(database, 'rl');
  period = (await reportPeriod(database.db, { schoolId: s.schoolId, today: TODAY }))!;
}, 60_000);
afterAll(async () => drop?.());

describe('lookups', () => {
  it('the current period is quarter 2 of the quarters scheme; a period id of another school is not found', async () => {
    expect(period).toMatchObject({ name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28', schemeKind: 'quarters' });
    expect(await reportPeriod(database.db, { schoolId: s.schoolId, periodId: crypto.randomUUID(), today: TODAY })).toBeUndefined();
  });
  it('a teacher sees the classes of their groups, a class teacher their class, the deputy every class', async () => {
    const names = async (scope: ReportScope) => (await visibleClasses(database.db, { schoolId: s.schoolId, scope, date: TODAY })).map((c) => c.name);
    expect(await names(SCHOOL)).toEqual(['5А', '5Б']);
    expect(await names({ kind: 'staff', staffId: s.staff.get('teacher')!, classIds: [], groupIds: [s.groups.math5B] })).toEqual(['5Б']);
    expect(await names({ kind: 'staff', staffId: s.staff.get('ct')!, classIds: [s.classes.get('5А')!], groupIds: [s.groups.rus5A] })).toEqual(['5А']);
    expect(await names({ kind: 'staff', staffId: s.staff.get('ct')!, classIds: [], groupIds: [] })).toEqual([]);
  });
});

describe('homework load, week of 16.11', () => {
  it('sums the minutes due each day (cancelled lesson skipped, parallel subgroups once), against the norm of grade 5 (120)', async () => {
    const classes = await visibleClasses(database.db, { schoolId: s.schoolId, scope: SCHOOL, date: '2026-11-16' });
    const table = homeworkLoadTable(await homeworkLoad(database.db, { schoolId: s.schoolId, monday: '2026-11-16', classes }));
    expect(cells(table.rows, ['class', 'date', 'weekday', 'minutes', 'norm', 'share', 'over', 'withoutMinutes', 'items'])).toEqual([
      '5А | 2026-11-16 | Пн | 25 | 120 | 21 | 0 | 0 | 1', // maths of Friday 13.11
      '5А | 2026-11-17 | Вт | 65 | 120 | 54 | 0 | 0 | 2', // maths 30 + Russian 35 (given by a substitute)
      '5А | 2026-11-18 | Ср | 0 | 120 | 0 | 0 | 1 | 1', // Russian without minutes
      '5А | 2026-11-19 | Чт | 130 | 120 | 108 | 10 | 0 | 3', // maths 80 (Wednesday cancelled) + English max(20, 50)
      '5А | 2026-11-20 | Пт | 65 | 120 | 54 | 0 | 0 | 2', // maths 20 + Russian 45
      '5Б | 2026-11-16 | Пн | 0 | 120 | 0 | 0 | 0 | 0',
      '5Б | 2026-11-18 | Ср | 15 | 120 | 13 | 0 | 0 | 1',
    ]);
  });
});

describe('mark accumulation, quarter 2 on 23.11 (minimum 3; 26 school days left)', () => {
  const run = async (scope: ReportScope, classKey?: string) => {
    const all = await visibleClasses(database.db, { schoolId: s.schoolId, scope, date: period.startsOn });
    const classes = classKey ? all.filter((c) => c.id === s.classes.get(classKey)) : all;
    const rows = await accumulation(database.db, { schoolId: s.schoolId, period, today: TODAY, classes, scope, minMarks: 3 });
    return cells(accumulationTable(rows, '').rows, ['student', 'class', 'subject', 'marks', 'missing', 'lessonsLeft', 'daysLeft', 'joinedOn', 'status']);
  };
  // Lessons left from 23.11: maths 2 (22.12 is cancelled), Russian 6, English 5А-1 4, 5А-2 none; at risk below two a missing mark.
  const RISK_5A = [
    'Новиков Иван | 5А | Математика | 1 | 2 | 2 | 26 | 2026-11-16 | риск «н/а»', // joined 16.11
    'Ученик02 Пётр | 5А | Английский язык 5А-1 | 0 | 3 | 4 | 26 |  | риск «н/а»',
    'Ученик03 Пётр | 5А | Английский язык 5А-2 | 1 | 2 | 0 | 26 |  | риск «н/а»',
    'Ученик03 Пётр | 5А | Математика | 0 | 3 | 2 | 26 |  | риск «н/а»',
  ];
  const BEHIND_5A = [
    'Новиков Иван | 5А | Русский язык | 0 | 3 | 6 | 26 | 2026-11-16 | мало отметок',
    'Ученик01 Пётр | 5А | Английский язык 5А-1 | 1 | 2 | 4 | 26 |  | мало отметок',
    'Ученик01 Пётр | 5А | Русский язык | 0 | 3 | 6 | 26 |  | мало отметок',
    'Ученик02 Пётр | 5А | Математика | 2 | 1 | 2 | 26 |  | мало отметок', // the quarter-1 mark is not counted
    'Ученик02 Пётр | 5А | Русский язык | 0 | 3 | 6 | 26 |  | мало отметок',
    'Ученик03 Пётр | 5А | Русский язык | 0 | 3 | 6 | 26 |  | мало отметок',
  ];
  const OK_5A = ['Ученик01 Пётр | 5А | Математика | 3 | 0 | 2 | 26 |  | достаточно'];
  const RISK_5B = ['Ученик11 Пётр', 'Ученик12 Пётр', 'Ученик13 Пётр'].map((n) => `${n} | 5Б | Математика | 0 | 3 | 0 | 26 |  | риск «н/а»`);

  it('a class: every student and subject, at risk first', async () => {
    expect(await run(SCHOOL, '5А')).toEqual([...RISK_5A, ...BEHIND_5A, ...OK_5A]);
  });
  it('the deputy sees every class; the class teacher their class whole', async () => {
    expect(await run(SCHOOL)).toEqual([...RISK_5A, ...RISK_5B, ...BEHIND_5A, ...OK_5A]);
    expect(await run({ kind: 'staff', staffId: s.staff.get('ct')!, classIds: [s.classes.get('5А')!], groupIds: [s.groups.rus5A] }))
      .toEqual([...RISK_5A, ...BEHIND_5A, ...OK_5A]);
  });
  it('a teacher sees only the groups they teach', async () => {
    const g = s.groups;
    const rows = await run({ kind: 'staff', staffId: s.staff.get('teacher')!, classIds: [], groupIds: [g.math5A, g.eng1, g.eng2] });
    expect(rows).toEqual([...RISK_5A, ...BEHIND_5A, ...OK_5A].filter((r) => !r.includes('Русский язык')));
  });
});

describe('control works, quarter 2', () => {
  it('lists held and planned works, flags a class’s day with two subjects, and checks the limits (maths 2, others 1)', async () => {
    const classes = await visibleClasses(database.db, { schoolId: s.schoolId, scope: SCHOOL, date: period.startsOn });
    const works = await controlWorks(database.db, { schoolId: s.schoolId, period, today: TODAY, classes });
    const [calendar, limits] = controlWorksTables(works, groupLimits(works, period.schemeKind, DEFAULT_LIMITS));
    expect(cells(calendar!.rows, ['date', 'weekday', 'lesson', 'class', 'group', 'teacher', 'what', 'state', 'crowded'])).toEqual([
      '2026-11-16 | Пн | 1 | 5Б | Математика 5Б | Учителева У. | Контрольная работа | проведена | ',
      '2026-11-17 | Вт | 1 | 5А | Математика 5А | Учителева У. | Контрольная работа | проведена | да',
      '2026-11-17 | Вт | 2 | 5А | Русский язык 5А | Классов К. | Диктант | проведена | да',
      '2026-11-19 | Чт | 3 | 5А | Английский язык 5А-1 | Учителева У. | Контрольная работа | проведена | ',
      '2026-11-19 | Чт | 4 | 5А | Английский язык 5А-2 | Учителева У. | Контрольная работа | проведена | ',
      '2026-11-24 | Вт | 1 | 5А | Математика 5А | Классов К. | Контрольная работа | запланирована | ', // the substitute gives it
      '2026-11-26 | Чт | 1 | 5А | Математика 5А | Учителева У. | Контрольная работа | запланирована | ',
    ]);
    expect(cells(limits!.rows, ['class', 'group', 'held', 'planned', 'total', 'limit', 'over'])).toEqual([
      '5А | Математика 5А | 1 | 2 | 3 | 2 | 1',
      '5А | Английский язык 5А-1 | 1 | 0 | 1 | 1 | 0',
      '5А | Английский язык 5А-2 | 1 | 0 | 1 | 1 | 0',
      '5А | Русский язык 5А | 1 | 0 | 1 | 2 | 0',
      '5Б | Математика 5Б | 1 | 0 | 1 | 2 | 0',
    ]);
  });
});
