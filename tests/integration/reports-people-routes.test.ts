// /reports/programme, /reports/timesheet and /reports/activity through HTTP on the hand-built school of
// reports-people-support.ts (figures worked out there): each role's page, its CSV and its XLSX (opened with exceljs)
// showing the page's rows; the roles refused (403), another school's ids (404), bad filters (422).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { buildPeopleSchool, type PeopleSchool } from './reports-people-support.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { PROGRAMME_COLUMNS } from '../../src/modules/reports/programme/queries.ts';
import { TIMESHEET_DAY_COLUMNS, TIMESHEET_TOTAL_COLUMNS } from '../../src/modules/reports/timesheet/queries.ts';
import { TEACHER_COLUMNS } from '../../src/modules/reports/activity/teachers.ts';
import { CLASS_COLUMNS, STUDENT_COLUMNS } from '../../src/modules/reports/activity/families.ts';

let t: TestApp;
let s: PeopleSchool;
const as: Record<string, Client> = {};
const login = async (who: string) => (as[who] ??= await loginAs(t.app, `rp-${who}`, FIXTURE_PASSWORD));
const kinds = (cols: Array<{ kind: ColumnKind }>) => cols.map((c) => c.kind);
let q2: string;

beforeAll(async () => {
  t = await startTestApp();
  s = await buildPeopleSchool(t.database, 'rp');
  q2 = s.schemes.get('quarters')!.periodIds[1]!;
}, 240_000);
afterAll(async () => { await t?.close(); });

const PROGRAMME_5A = ['5А', '5А математика', 'Математика', 'Учителева У.', '6', '5', '1', '1', '0', '12', '68', '10', '2'];
const PROGRAMME_5B = ['5Б', '5Б литература', 'Литература', 'Классов К.', '', '3', '', '0', '1', '', '', '2', ''];

describe('/reports/programme', () => {
  it('the deputy: every group of the second quarter; CSV and Excel hold the page\'s rows', async () => {
    const url = `/reports/programme?period=${q2}`;
    const page = await (await login('deputy')).get(url);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Выполнение программы: 2 четверть');
    expect(mainText(page.body)).toContain('2 четверть: с 05.11.2026 по 23.11.2026.');
    const shown = pageTable(page.body, 'programme');
    expect(shown).toEqual([PROGRAMME_COLUMNS.map((c) => c.title), PROGRAMME_5A, PROGRAMME_5B]);
    expect(page.body).toMatch(/<tr class="warn"><td>5А<\/td>/); // behind the plan
    const csv = await as.deputy!.get(`${url}&format=csv`);
    expect(csvRows(csv.rawPayload)).toEqual(shown);
    const xlsx = await as.deputy!.get(`${url}&format=xlsx`);
    expect(await xlsxTable(xlsx.rawPayload, 0, kinds(PROGRAMME_COLUMNS))).toEqual(shown);
  });

  it('a teacher: her own group, the current period by default; a class teacher: his group and his class\'s', async () => {
    const page = await (await login('teacher')).get('/reports/programme');
    expect(page.statusCode).toBe(200);
    expect(pageTable(page.body, 'programme').slice(1)).toEqual([PROGRAMME_5A]);
    const ct = await (await login('ct')).get('/reports/programme');
    expect(pageTable(ct.body, 'programme').slice(1)).toEqual([PROGRAMME_5A, PROGRAMME_5B]);
  });

  it('the first quarter, over: two hours planned and given', async () => {
    const page = await (await login('deputy')).get(`/reports/programme?period=${s.schemes.get('quarters')!.periodIds[0]}`);
    expect(pageTable(page.body, 'programme')[1]!.slice(4, 7)).toEqual(['2', '2', '0']);
  });
});

describe('/reports/timesheet', () => {
  const DAYS = [
    ['Классов К.', '10.11.2026', 'Вт', '1', '0', '1', '0', '0', '0'],
    ['Классов К.', '14.11.2026', 'Сб', '0', '1', '1', '0', '0', '0'],
    ['Классов К.', '16.11.2026', 'Пн', '0', '0', '1', '1', '0', '0'],
    ['Классов К.', '17.11.2026', 'Вт', '1', '0', '0', '0', '1', '0'],
  ];
  const TEACHER_DAYS = [
    ['Учителева У.', '09.11.2026', 'Пн', '1', '0', '1', '0', '0', '0'],
    ['Учителева У.', '11.11.2026', 'Ср', '1', '0', '0', '0', '0', '1'],
    ['Учителева У.', '16.11.2026', 'Пн', '1', '0', '0', '0', '1', '0'],
    ['Учителева У.', '17.11.2026', 'Вт', '0', '0', '1', '1', '0', '0'],
    ['Учителева У.', '18.11.2026', 'Ср', '1', '0', '1', '0', '0', '0'],
    ['Учителева У.', '22.11.2026', 'Вс, рабочий день по расписанию пятницы', '1', '0', '1', '0', '0', '0'],
    ['Учителева У.', '23.11.2026', 'Пн', '1', '0', '1', '0', '0', '0'],
  ];
  const TOTALS = [['Классов К.', '3', '2', '1', '3', '1', '1', '0'], ['Учителева У.', '5', '6', '0', '5', '1', '1', '1']];

  it('the deputy: every teacher\'s days of November up to today and the totals; CSV the days, Excel both sheets', async () => {
    const url = '/reports/timesheet?month=2026-11';
    const page = await (await login('deputy')).get(url);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Табель учёта уроков: ноябрь 2026');
    expect(mainText(page.body)).toContain('С 01.11.2026 по 23.11.2026 (сегодня).');
    const days = pageTable(page.body, 'timesheet');
    expect(days).toEqual([TIMESHEET_DAY_COLUMNS.map((c) => c.title), ...DAYS, ...TEACHER_DAYS]);
    expect(pageTable(page.body, 'timesheet-totals')).toEqual([TIMESHEET_TOTAL_COLUMNS.map((c) => c.title), ...TOTALS]);
    expect(csvRows((await as.deputy!.get(`${url}&format=csv`)).rawPayload)).toEqual(days);
    const xlsx = (await as.deputy!.get(`${url}&format=xlsx`)).rawPayload;
    expect(await xlsxTable(xlsx, 0, kinds(TIMESHEET_DAY_COLUMNS))).toEqual(days);
    expect(await xlsxTable(xlsx, 1, kinds(TIMESHEET_TOTAL_COLUMNS))).toEqual(pageTable(page.body, 'timesheet-totals'));
  });

  it('the deputy picks one teacher; a teacher sees only her own (this month by default)', async () => {
    const one = await (await login('deputy')).get(`/reports/timesheet?month=2026-11&teacher=${s.staff.get('ct')}`);
    expect(pageTable(one.body, 'timesheet').slice(1)).toEqual(DAYS);
    const own = await (await login('teacher')).get('/reports/timesheet');
    expect(own.statusCode).toBe(200);
    expect(pageTable(own.body, 'timesheet').slice(1)).toEqual(TEACHER_DAYS);
    expect(pageTable(own.body, 'timesheet-totals').slice(1)).toEqual([TOTALS[1]]);
    const ct = await (await login('ct')).get('/reports/timesheet'); // a class teacher is a teacher too
    expect(pageTable(ct.body, 'timesheet').slice(1)).toEqual(DAYS);
  });

  it('a colleague\'s id → 404 for a teacher; a malformed month → 422 with the form kept', async () => {
    expect((await (await login('teacher')).get(`/reports/timesheet?teacher=${s.staff.get('ct')}`)).statusCode).toBe(404);
    const bad = await (await login('deputy')).get('/reports/timesheet?month=2026-13');
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Месяц указан неверно');
  });
});

describe('/reports/activity', () => {
  const TEACHERS = [['Классов К.', '1', '1', '1', '1', '100'], ['Учителева У.', '3', '2', '3', '1', '33,3']];
  const CLASS_5A = ['5А', '4', '1', '1', '1', '1', '1', '2', '50'];
  const CLASS_5B = ['5Б', '3', '0', '0', '0', '0', '0', '0', '0'];
  const FAMILIES_5A = [
    ['5А', 'Ученик01 Пётр', '1', '1', '1', '5', 'да', 'нет'], ['5А', 'Ученик02 Пётр', '0', '0', '0', '0', 'нет', 'да'],
    ['5А', 'Ученик03 Пётр', '0', '0', '0', '0', 'нет', 'нет'], ['5А', 'Ученик13 Пётр', '0', '0', '0', '0', 'нет', 'нет'],
  ];

  it('the deputy: teachers and every class of the week; with a class, its families; Excel holds the three tables', async () => {
    const page = await (await login('deputy')).get('/reports/activity?week=2026-11-18');
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Активность учителей и семей: 16.11.2026–22.11.2026');
    expect(pageTable(page.body, 'teachers')).toEqual([TEACHER_COLUMNS.map((c) => c.title), ...TEACHERS]);
    expect(pageTable(page.body, 'classes')).toEqual([CLASS_COLUMNS.map((c) => c.title), CLASS_5A, CLASS_5B]);
    expect(page.body).not.toContain('id="t-families"');
    const url = `/reports/activity?week=2026-11-16&class=${s.classes.get('5А')}`;
    const one = await as.deputy!.get(url);
    expect(pageTable(one.body, 'families')).toEqual([STUDENT_COLUMNS.map((c) => c.title), ...FAMILIES_5A]);
    expect(csvRows((await as.deputy!.get(`${url}&format=csv`)).rawPayload)).toEqual(pageTable(one.body, 'teachers'));
    const xlsx = (await as.deputy!.get(`${url}&format=xlsx`)).rawPayload;
    expect(await xlsxTable(xlsx, 0, kinds(TEACHER_COLUMNS))).toEqual(pageTable(one.body, 'teachers'));
    expect(await xlsxTable(xlsx, 1, kinds(CLASS_COLUMNS))).toEqual(pageTable(one.body, 'classes'));
    expect(await xlsxTable(xlsx, 2, kinds(STUDENT_COLUMNS))).toEqual(pageTable(one.body, 'families'));
  });

  it('the class teacher: his own line and the families of the class he leads; a class he only teaches → 404', async () => {
    const page = await (await login('ct')).get('/reports/activity?week=2026-11-16');
    expect(page.statusCode).toBe(200);
    expect(pageTable(page.body, 'teachers').slice(1)).toEqual([TEACHERS[0]]);
    expect(pageTable(page.body, 'classes').slice(1)).toEqual([CLASS_5A]);
    expect(pageTable(page.body, 'families').slice(1)).toEqual(FAMILIES_5A);
    expect((await as.ct!.get(`/reports/activity?class=${s.classes.get('5Б')}`)).statusCode).toBe(404);
  });
});

describe('who may open them', () => {
  it.each([
    ['/reports/programme', ['parent', 'student', 'secretary']],
    ['/reports/timesheet', ['parent', 'student', 'secretary']],
    ['/reports/activity', ['parent', 'student', 'secretary', 'teacher']],
  ] as Array<[string, string[]]>)('%s answers 403 to %j', async (path, who) => {
    for (const w of who) {
      const res = await (await login(w)).get(path);
      expect(res.statusCode, w).toBe(403);
      expect(mainText(res.body)).toContain('Доступ запрещён');
    }
  });

  it('another school\'s period, teacher and class answer 404', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    expect((await deputy.get(`/reports/programme?period=${q2}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/timesheet?teacher=${s.staff.get('teacher')}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/activity?class=${s.classes.get('5А')}`)).statusCode).toBe(404);
  });

  it('an unknown export format → 422 in Russian', async () => {
    const res = await (await login('deputy')).get('/reports/programme?format=pdf');
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Формат выгрузки указан неверно');
  });
});
