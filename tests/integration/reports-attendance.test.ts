// The attendance report through HTTP on the hand-built school (reports-attendance-support.ts), with the figures worked
// out by hand for the week 16.11–20.11.2026:
//   5А  Новиков   3 lessons (joined Wed: maths 18, Russian 18, 19), 2 missed without a reason, Wednesday whole → 66,7 %
//       Ученик01  9 lessons (maths 16, 18 — 17 cancelled; Russian 16–19; English 16, 19; the elective 17), Monday's 3 ill
//                 (a full day) + the elective invalid → 4 missed, 44,4 %
//       Ученик02  8 lessons, Russian on Tue valid — Tuesday's only held lesson: a full day; late Mon → 1 missed, 12,5 %
//       Ученик03  6 lessons, maths on Wed invalid (Russian attended), late Thu → 1 missed, 16,7 %
//       5А: 26 lessons, 8 missed (ill 3, valid 1, invalid 2, none 2), 3 full days, 2 lates → 30,8 %
//   5Б  Ученик11  5 lessons (maths 16–19, the elective 17, counted in 5Б), Mon none + Tue both ill: 2 full days → 60 %
//       Ученик12  4 lessons, a late; Ученик13 4 lessons (Friday's cancelled lesson and its row not counted)
//       5Б: 13 lessons, 3 missed (ill 2, none 1), 2 full days, 1 late → 23,1 %
//   school: 7 students, 39 lessons, 11 missed (ill 5, valid 1, invalid 2, none 3), 5 full days, 3 lates → 28,2 %
// The page, the CSV and the XLSX show the same rows; each person sees their part; 403 and 404 and 422 as the core says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { buildAttendanceSchool, type AttendanceSchool } from './reports-attendance-support.ts';
import { pageLinks, pageTable, threeWays } from './reports-support.ts';

let t: TestApp;
let s: AttendanceSchool;
let other: AttendanceSchool;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);
let deputy: Client;
const WEEK = 'from=2026-11-16&to=2026-11-20';
const FIGURES: ColumnKind[] = ['int', 'int', 'int', 'int', 'int', 'int', 'int', 'int', 'percent'];
const HEAD = ['Проведено уроков', 'Пропущено уроков', 'По болезни', 'Уважительная', 'Неуважительная', 'Причина не указана',
  'Пропущено дней целиком', 'Опозданий', 'Доля пропущенных уроков, %'];

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildAttendanceSchool(t.database, 'ra');
  other = await buildAttendanceSchool(t.database, 'rb');
  deputy = await as('ra-deputy');
}, 120_000);
afterAll(async () => t?.close());

describe('the deputy', () => {
  it('without a class: a line per class linking to it, and the school; the same rows in CSV and XLSX', async () => {
    const { html, shown } = await threeWays(deputy, `/reports/attendance?${WEEK}`, 'by-class', 0, ['text', 'int', ...FIGURES]);
    expect(shown).toEqual([
      ['Класс', 'Обучающихся', ...HEAD],
      ['5А', '4', '26', '8', '3', '1', '2', '2', '3', '2', '30,8'],
      ['5Б', '3', '13', '3', '2', '0', '0', '1', '2', '1', '23,1'],
      ['Итого по школе', '7', '39', '11', '5', '1', '2', '3', '5', '3', '28,2'],
    ]);
    expect(pageLinks(html, 'by-class')[0]![0]).toBe(`/reports/attendance?${WEEK}&class=${s.classes.get('5А')}`);
    expect(html).toContain('Даты: <strong>16.11.2026 — 20.11.2026</strong>');
    expect(html).toContain('Пропуски по классам, уроков');
    expect(html).toMatch(/<title>5А, по болезни: 3 уроков<\/title>/);
    expect(html).toMatch(/<title>5Б, причина не указана: 1 уроков<\/title>/);
  });

  it('a class: a line per student by name, the newcomer noted, and the class total; the same rows in CSV and XLSX', async () => {
    const url = `/reports/attendance?${WEEK}&class=${s.classes.get('5А')}`;
    const { html, shown } = await threeWays(deputy, url, 'students', 0, ['text', ...FIGURES, 'text']);
    expect(shown).toEqual([
      ['Обучающийся', ...HEAD, 'Примечание'],
      ['Новиков Иван', '3', '2', '0', '0', '0', '2', '1', '0', '66,7', 'прибыл 18.11.2026'],
      ['Ученик01 Пётр', '9', '4', '3', '0', '1', '0', '1', '0', '44,4', ''],
      ['Ученик02 Пётр', '8', '1', '0', '1', '0', '0', '1', '1', '12,5', ''],
      ['Ученик03 Пётр', '6', '1', '0', '0', '1', '0', '0', '1', '16,7', ''],
      ['Итого по классу', '26', '8', '3', '1', '2', '2', '3', '2', '30,8', ''],
    ]);
    expect(html).toContain('5А: пропуски по обучающимся, уроков');
    expect(html).toContain('<tr class="total">');
  });

  it('by default the current period up to today: quarter 1 and next week left out, today’s absence in', async () => {
    const res = await deputy.get('/reports/attendance');
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'by-class')[1]).toEqual(['5А', '4', '30', '9', '4', '1', '2', '2', '4', '2', '30']);
    expect(res.body).toContain('2 четверть');
    expect(res.body).toContain('посчитано по <strong>23.11.2026</strong>');
    const q1 = s.schemes.get('quarters')!.periodIds[0]!;
    const first = pageTable((await deputy.get(`/reports/attendance?period=${q1}`)).body, 'by-class');
    expect(first[1]).toEqual(['5А', '3', '3', '1', '1', '0', '0', '0', '1', '0', '33,3']);
  });
});

describe('each person’s part', () => {
  it('the class teacher: their class only, «Итого» not the school; another class 404', async () => {
    const ct = await as('ra-ct');
    const rows = pageTable((await ct.get(`/reports/attendance?${WEEK}`)).body, 'by-class');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['5А', 'Итого']);
    expect((await ct.get(`/reports/attendance?${WEEK}&class=${s.classes.get('5А')}`)).statusCode).toBe(200);
    expect((await ct.get(`/reports/attendance?class=${s.classes.get('5Б')}`)).statusCode).toBe(404);
  });

  it('a teacher: the classes of their groups (5Б; the cross-class elective has no class of its own)', async () => {
    const teacher = await as('ra-teacher');
    const rows = pageTable((await teacher.get(`/reports/attendance?${WEEK}`)).body, 'by-class');
    expect(rows.slice(1)).toEqual([['5Б', '3', '13', '3', '2', '0', '0', '1', '2', '1', '23,1'], ['Итого', '3', '13', '3', '2', '0', '0', '1', '2', '1', '23,1']]);
    expect((await teacher.get(`/reports/attendance?class=${s.classes.get('5А')}`)).statusCode).toBe(404);
  });

  it('the admin sees the school; parent, student and secretary get 403', async () => {
    expect(pageTable((await (await as('ra-admin')).get(`/reports/attendance?${WEEK}`)).body, 'by-class')).toHaveLength(4);
    for (const login of ['ra-parent', 'ra-student', 'ra-secretary']) {
      expect((await (await as(login)).get('/reports/attendance')).statusCode, login).toBe(403);
    }
  });
});

describe('filters', () => {
  it('another school’s class or period: 404', async () => {
    expect((await deputy.get(`/reports/attendance?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/attendance?period=${other.schemes.get('quarters')!.periodIds[1]}`)).statusCode).toBe(404);
  });

  it.each([
    ['from=вчера', 'Дата «с» указана неверно: выберите её в календаре или введите в виде ДД.ММ.ГГГГ.'],
    ['from=2026-11-31', 'Дата «с» указана неверно'],
    ['from=2026-11-20&to=2026-11-16', 'Дата «по» раньше даты «с».'],
    ['from=2025-11-16&to=2026-11-20', 'Дата «с» вне учебных годов школы'],
    ['to=2027-09-01', 'Дата «по» вне учебных годов школы'],
    ['from=2026-11-16&from=2026-11-17', 'Дата «с» указана неверно'],
  ])('%s → 422 with the form kept and a Russian message', async (query, message) => {
    const res = await deputy.get(`/reports/attendance?${query}`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(message);
    expect(res.body).toContain('name="from"');
  });

  it('typed dates (ДД.ММ.ГГГГ) read the same; only «с» counts up to today; the list passes the dates on', async () => {
    const typed = pageTable((await deputy.get('/reports/attendance?from=16.11.2026&to=20.11.2026')).body, 'by-class');
    expect(typed[3]![0]).toBe('Итого по школе');
    expect(typed[3]![3]).toBe('11');
    const since = await deputy.get('/reports/attendance?from=2026-11-16');
    expect(pageTable(since.body, 'by-class')[3]![3]).toBe('12'); // + Ученик02 on Monday 23.11
    expect(since.body).toContain('value="2026-11-16"');
    const list = await deputy.get('/reports?from=2026-11-16&to=2026-11-20');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/reports/attendance?${WEEK.replace('&', '&amp;')}"`);
  });

  it('the other reports still open with their filters', async () => {
    for (const url of ['/reports/accumulation', '/reports/homework-load?week=2026-11-18', '/reports/control-works']) {
      expect((await deputy.get(url)).statusCode, url).toBe(200);
    }
  });
});
