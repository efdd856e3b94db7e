// The progress summary through HTTP on the hand-built school of reports-progress-support.ts. Quarter 1 of 5А, by hand
// (S7 left on 15.10, before the quarter's end: not on the roll, his 5 not counted):
//   maths 5 4 3 н/а 4 2 · Russian 5 5 4 4 4 3 · English (two subgroups) 5 5 5 4 осв 3 · literature зач×5, незач
//   S1 отличник; S2 one 4 (maths); S3 one 3 (maths); S4 не аттестован (maths); S5 хорошист, exempt; S6 неуспевающий.
//   N = 6, assessed 5, успеваемость 4/6 = 66,7 %, качество (S1, S2, S5) 3/6 = 50 %;
//   marks 1–5: «5» 6, «4» 6, «3» 3, «2» 1 (n = 16): СОУ (600 + 384 + 108 + 16) / 16 = 69,25 → 69,3; average 65/16 = 4,06.
// 5Б: maths 4 4 5 — успеваемость 100, качество 100, СОУ (64·2 + 100) / 3 = 76, average 4,33. 1А: not graded.
// 5-е классы: N = 9, успеваемость 7/9 = 77,8, качество 6/9 = 66,7, «5» 7 «4» 8 «3» 3 «2» 1: СОУ 1336/19 = 70,3, 78/19 = 4,11.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { buildProgressSchool, type ProgressSchool } from './reports-progress-support.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';

let t: TestApp;
let s: ProgressSchool;
let other: ProgressSchool;
let deputy: Client;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildProgressSchool(t.database, 'pg');
  other = await buildProgressSchool(t.database, 'po');
  deputy = await as('pg-deputy');
}, 120_000);
afterAll(async () => t?.close());

const CLASS_KINDS: ColumnKind[] = ['text', ...Array<ColumnKind>(11).fill('int'), 'percent', 'percent', 'percent', 'number'];
const HEADER = ['Класс', 'На конец периода', 'Аттестовано', 'Не аттестовано', 'С освобождением', '«5»', '«4»', '«3»', '«2»', 'Отличников',
  'Хорошистов', 'Неуспевающих', 'Успеваемость, %', 'Качество, %', 'СОУ, %', 'Средний балл'];

describe('quarter 1, closed', () => {
  it('per class, grade and school, figures by hand; the same rows in CSV and XLSX', async () => {
    const url = `/reports/progress?period=${s.q1.id}`;
    const page = await deputy.get(url);
    expect(page.statusCode).toBe(200);
    const shown = pageTable(page.body, 'classes');
    expect(shown).toEqual([
      HEADER,
      ['1А', '2', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '', '', '', ''],
      ['5А', '6', '5', '1', '1', '6', '6', '3', '1', '1', '2', '1', '66,7', '50', '69,3', '4,06'],
      ['5Б', '3', '3', '0', '0', '1', '2', '0', '0', '1', '2', '0', '100', '100', '76', '4,33'],
      ['5-е классы', '9', '8', '1', '1', '7', '8', '3', '1', '2', '4', '1', '77,8', '66,7', '70,3', '4,11'],
      ['Всего', '11', '8', '1', '1', '7', '8', '3', '1', '2', '4', '1', '77,8', '66,7', '70,3', '4,11'],
    ]);
    expect(page.body).not.toContain('Прогноз.');
    expect(csvRows((await deputy.get(`${url}&format=csv`)).rawPayload)).toEqual(shown);
    const xlsx = await deputy.get(`${url}&format=xlsx`);
    expect(await xlsxTable(xlsx.rawPayload, 0, CLASS_KINDS)).toEqual(shown);
  });

  it('one class: per subject (English from both subgroups, literature as зачёт) and the lists with their subjects', async () => {
    const page = await deputy.get(`/reports/progress?period=${s.q1.id}&class=${s.classes.get('5А')}`);
    expect(pageTable(page.body, 'subjects')).toEqual([
      ['Предмет', 'Обучающихся', '«5»', '«4»', '«3»', '«2»', 'Зачёт', 'Незачёт', 'Н/а', 'Осв.', 'Нет отметки', 'Успеваемость, %', 'Качество, %', 'СОУ, %', 'Средний балл'],
      ['Английский язык', '5', '3', '1', '1', '0', '0', '0', '0', '1', '0', '100', '80', '80', '4,4'],
      ['Литература', '6', '0', '0', '0', '0', '5', '1', '0', '0', '0', '83,3', '', '', ''],
      ['Математика', '6', '1', '2', '1', '1', '0', '0', '1', '0', '0', '66,7', '50', '56', '3,6'],
      ['Русский язык', '6', '2', '3', '1', '0', '0', '0', '0', '0', '0', '100', '83,3', '71,3', '4,17'],
    ]);
    expect(pageTable(page.body, 'lists').slice(1).map((r) => `${r[0]}: ${r[2]} ${r[3]}`.trim())).toEqual([
      'Отличники: ПрогрессS1 Тест', 'Хорошисты: ПрогрессS2 Тест', 'Хорошисты: ПрогрессS5 Тест', 'С одной «4»: ПрогрессS2 Тест Математика',
      'С одной «3»: ПрогрессS3 Тест Математика', 'Неуспевающие: ПрогрессS6 Тест Литература, Математика', 'Не аттестованы: ПрогрессS4 Тест Математика',
    ]);
    expect(page.body).not.toContain('ПрогрессS7');
  });

  it('a grade, and the year: no year marks yet, so a forecast from the period marks', async () => {
    const gradePage = await deputy.get(`/reports/progress?period=${s.q1.id}&grade=5`);
    const grade = pageTable(gradePage.body, 'classes');
    expect(grade.map((r) => r[0])).toEqual(['Класс', '5А', '5Б', '5-е классы']);
    expect(gradePage.body).toMatch(/<rect class="bar"[^>]*><title>5А: 50 %<\/title>/); // качество per class, bars
    const year = await deputy.get('/reports/progress?period=year&grade=5');
    expect(year.statusCode).toBe(200);
    expect(year.body).toContain('Прогноз.');
    expect(pageTable(year.body, 'classes')[2]!.slice(12)).toEqual(['100', '100', '76', '4,33']);
  });
});

describe('quarter 2, running: the forecast', () => {
  it('5Б-1 forecast 4 from (5 + 4·2) / 3; beside it quarter 1 and the change in points', async () => {
    const page = await deputy.get(`/reports/progress?period=${s.q2.id}&class=${s.classes.get('5Б')}`);
    expect(page.body).toContain('Прогноз.');
    const [header, row] = pageTable(page.body, 'classes');
    expect(header!.slice(16)).toEqual(['Успеваемость, пред. период, %', 'Изменение успеваемости, п.', 'Качество, пред. период, %', 'Изменение качества, п.',
      'Изменение СОУ, п.', 'Изменение среднего балла']);
    // СОУ 76 → 64 (one 4: 64), average 4,33 → 4.
    expect(row).toEqual(['5Б', '3', '1', '0', '0', '0', '1', '0', '0', '0', '1', '0', '33,3', '33,3', '64', '4', '100', '-66,7', '100', '-66,7', '-12', '-0,33']);
    expect(pageTable(page.body, 'lists').slice(1).map((r) => [r[0], r[4]])).toEqual([['Хорошисты', 'прогноз'], ['С одной «4»', 'прогноз']]);
    // The class across the periods begun: a line of качество and of успеваемость.
    expect(page.body).toContain('<svg class="line-chart"');
    expect(page.body).toContain('Качество, 1 четверть: 100 %');
    expect(page.body).toContain('Качество, 2 четверть: 33,3 %');
    expect(page.body).toContain('Успеваемость, 2 четверть: 33,3 %');
  });
});

describe('who sees what', () => {
  it('the class teacher sees his class; the teacher the classes of her groups; parent, student, secretary 403', async () => {
    const ct = await as('pg-ct');
    const mine = pageTable((await ct.get(`/reports/progress?period=${s.q1.id}`)).body, 'classes');
    expect(mine.slice(1).map((r) => r[0])).toEqual(['5А']); // leads 5А, teaches no group here
    const teacher = await as('pg-teacher');
    expect((await teacher.get(`/reports/progress?period=${s.q1.id}&class=${s.classes.get('5Б')}`)).statusCode).toBe(200);
    expect((await teacher.get(`/reports/progress?period=${s.q1.id}&class=${s.c1a}`)).statusCode).toBe(404);
    for (const login of ['pg-parent', 'pg-student', 'pg-secretary']) expect((await (await as(login)).get('/reports/progress')).statusCode, login).toBe(403);
  });
  it('another school\'s class or period: 404; a grade that is not one: 422 with the message', async () => {
    expect((await deputy.get(`/reports/progress?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/progress?period=${other.q1.id}`)).statusCode).toBe(404);
    const bad = await deputy.get('/reports/progress?grade=12');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Параллель указана неверно');
  });
});

describe('the results workbook', () => {
  it('one XLSX: the progress tables, then a sheet per class with its summary sheet; numbers and percentages as such', async () => {
    const url = `/reports/progress?period=${s.q1.id}`;
    const res = await deputy.get(`/reports/results-workbook?period=${s.q1.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['1 четверть — по классам', 'По предметам', 'Списки обучающихся', '1А, 2026 2027', '5А, 2026 2027', '5Б, 2026 2027']);
    expect(await xlsxTable(res.rawPayload, 0, CLASS_KINDS)).toEqual(pageTable((await deputy.get(url)).body, 'classes'));
    const classes = book.worksheets[0]!;
    expect(classes.getCell('M3').value).toBeCloseTo(0.667, 3); // 5А успеваемость 66,7 %
    expect(classes.getCell('M3').numFmt).toBe('0.0%');
    const sheet5a = book.worksheets[4]!;
    const header = (sheet5a.getRow(1).values as unknown[]).map(String);
    const maths = header.indexOf('Математика, 1 четв.');
    expect(maths).toBeGreaterThan(0);
    const marks5a = [2, 3, 4, 5, 6, 7].map((r) => sheet5a.getRow(r).getCell(maths).value);
    expect(marks5a).toEqual([5, 4, 3, 'н/а', 4, 2]); // S1…S6 by name; numbers as numbers, н/а as text
  });
  it('the parent may not; another school\'s class: 404', async () => {
    expect((await (await as('pg-parent')).get('/reports/results-workbook')).statusCode).toBe(403);
    expect((await deputy.get(`/reports/results-workbook?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
  });
});
