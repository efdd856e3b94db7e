// The summary sheet through HTTP on the hand-built school of reports-summary-sheet-support.ts: every cell of 5А and 5Б
// computed by hand (a subgroup changed mid-year, a cross-class elective, a student who left, one who came from the
// parallel class), the page's rows equal to the CSV's and the XLSX's (numbers stored as numbers), a past year, the print
// lines; each person's part, 403 for parent, student and secretary, 404 for another school's class or year.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';
import { buildSheetSchool, type SheetSchool } from './reports-summary-sheet-support.ts';

let t: TestApp;
let s: SheetSchool;
let other: SheetSchool;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);
let deputy: Client;
const url = (classKey: string, year?: string) => `/reports/summary-sheet?class=${s.classes.get(classKey)}${year ? `&year=${year}` : ''}`;

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildSheetSchool(t.database, 'ss');
  other = await buildSheetSchool(t.database, 'so');
  deputy = await as('ss-deputy');
}, 120_000);
afterAll(async () => t?.close());

const quarters = (subject: string, extra: string[] = []) =>
  [...['1 четв.', '2 четв.', '3 четв.', '4 четв.', 'годовая'], ...extra].map((slot) => `${subject}, ${slot}`);
const empty = (n: number) => Array<string>(n).fill('');

/** The page's rows (below its two header rows), and the same rows from the CSV and the XLSX; the files' header. */
async function threeWays(c: Client, path: string) {
  const page = await c.get(path);
  expect(page.statusCode).toBe(200);
  const shown = pageTable(page.body, 'summary-sheet');
  const csv = csvRows((await c.get(`${path}&format=csv`)).rawPayload);
  const xlsxFile = (await c.get(`${path}&format=xlsx`)).rawPayload;
  const kinds: ColumnKind[] = csv[0]!.map((_, i) => (i === 1 || i === 2 ? 'text' : 'int'));
  const xlsx = await xlsxTable(xlsxFile, 0, kinds);
  expect(xlsx).toEqual(csv);
  expect(shown.slice(2)).toEqual(csv.slice(1));
  return { html: page.body, header: csv[0]!, rows: csv.slice(1), xlsxFile };
}

describe('the sheet of a class', () => {
  it('5А: the columns, and every cell by hand; page = CSV = XLSX', async () => {
    const { header, rows, html } = await threeWays(deputy, url('5А'));
    expect(header).toEqual(['№', 'Обучающийся', 'Движение', ...quarters('Английский язык'), ...quarters('Математика', ['экзамен', 'итоговая']),
      ...quarters('Русский язык'), ...quarters('Литература'), 'Пропущено уроков']);
    expect(rows).toEqual([
      // Англ. 1 2 3 4 Г | Матем. 1 2 3 4 Г Э И | Рус. 1 2 3 4 Г | Лит. (факультатив) 1 2 3 4 Г | пропущено
      ['1', 'Новиков Иван', 'прибыл 16.11.2026', '', '5', ...empty(3), '', '3', ...empty(5), ...empty(5), ...empty(5), '1'],
      ['2', 'Ученик01 Пётр', '', '5', '4', ...empty(3), '5', '4', '', '', '5', '4', '5', '3', ...empty(4), ...empty(5), '2'],
      ['3', 'Ученик02 Пётр', '', 'осв', ...empty(4), '4', ...empty(6), ...empty(5), 'зач', ...empty(4), '0'],
      ['4', 'Ученик03 Пётр', 'выбыл 12.11.2026', '3', ...empty(4), 'н/а', ...empty(6), '4', ...empty(4), ...empty(5), '1'],
    ]);
    // The page heads a subject's columns with its short name, the full one in the files; the one who left is greyed.
    expect(html).toMatch(/<th colspan="7" scope="colgroup" class="ss-subj" title="Математика">Матем\.<\/th>/);
    expect(html).toContain('<tr class="left">');
  });
  it('5Б: the student who moved to 5А shows until he left, with his 5Б mark and absence', async () => {
    const { header, rows } = await threeWays(deputy, url('5Б'));
    expect(header).toEqual(['№', 'Обучающийся', 'Движение', ...quarters('Математика'), ...quarters('Литература'), 'Пропущено уроков']);
    expect(rows).toEqual([
      ['1', 'Новиков Иван', 'выбыл 16.11.2026', '4', ...empty(4), ...empty(5), '1'],
      ['2', 'Ученик11 Пётр', '', '5', ...empty(4), 'незач', ...empty(4), '0'],
      ['3', 'Ученик12 Пётр', '', ...empty(10), '0'],
      ['4', 'Ученик13 Пётр', '', ...empty(10), '0'],
    ]);
  });
  it('the XLSX stores marks that are numbers as numbers, the others as text', async () => {
    const { xlsxFile } = await threeWays(deputy, url('5А'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsxFile as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('5А, 2026 2027'); // «/» is not allowed in a sheet's name
    expect(sheet.getRow(3).getCell(4).value).toBe(5); // Ученик01, English, quarter 1
    expect(sheet.getRow(3).getCell(26).value).toBe(2); // his lessons missed
    expect(sheet.getRow(4).getCell(4).value).toBe('осв');
    expect(sheet.getRow(5).getCell(9).value).toBe('н/а');
  });
  it('the printed lines: school, class, year, class teacher, the signatures; A4 landscape', async () => {
    const res = await deputy.get(url('5А'));
    expect(res.body).toContain('Школа ss');
    expect(res.body).toMatch(/Класс <strong>5А<\/strong> · <strong>2026\/2027<\/strong> учебный год/);
    expect(res.body).toContain('классный руководитель <strong>Классов Кирилл</strong>');
    expect(res.body).toMatch(/Классный руководитель <span class="ss-line"><\/span> \/Классов К\.\//);
    expect(res.body).toContain('Заместитель директора <span class="ss-line"></span>');
    expect(res.body).toContain('1–4 — четверти; Г — годовая; Э — экзамен; И — итоговая.');
    expect(res.body).toContain('<link rel="stylesheet" href="/static/css/summary-sheet.css">');
    const css = await t.app.inject({ method: 'GET', url: '/static/css/summary-sheet.css' });
    expect(css.body).toMatch(/@media print \{\s*@page \{ size: A4 landscape;/);
  });
  it('a past year: its class, its periods, read-only; the class without its year asks for a class', async () => {
    const path = `/reports/summary-sheet?year=${s.past.yearId}&class=${s.past.classId}`;
    const { header, rows, html } = await threeWays(deputy, path);
    expect(header).toEqual(['№', 'Обучающийся', 'Движение', 'Математика, 1 полуг.', 'Математика, 2 полуг.', 'Математика, годовая', 'Пропущено уроков']);
    expect(rows).toEqual([['1', 'Ученик01 Пётр', '', '4', '', '5', '0']]);
    expect(html).toContain('Учебный год закрыт');
    const mismatch = await deputy.get(`/reports/summary-sheet?class=${s.past.classId}`);
    expect(mismatch.statusCode).toBe(200);
    expect(mismatch.body).toContain('Класс 4А — 2025/2026 учебного года: выберите класс выбранного года.');
    expect(mismatch.body).not.toContain('id="t-summary-sheet"');
  });
  it('without a class: a short page asking for one, not an error; the year and class choices', async () => {
    const res = await deputy.get('/reports/summary-sheet');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('выберите класс');
    expect(res.body).toContain('<option value="">Выберите класс</option>');
    expect(res.body).not.toContain('format=csv'); // nothing to export yet
    expect(res.body).toMatch(/<option value="[^"]+">2026\/2027<\/option><option value="[^"]+">2025\/2026<\/option>/);
    const pastForm = await deputy.get(`/reports/summary-sheet?year=${s.past.yearId}`);
    expect(pastForm.body).toContain('>4А</option>');
    expect(pastForm.body).not.toContain('>5А</option>');
  });
});

describe('who may open it', () => {
  it('the admin any class; the class teacher their class, not another', async () => {
    expect((await (await as('ss-admin')).get(url('5Б'))).statusCode).toBe(200);
    const ct = await as('ss-ct');
    expect((await ct.get(url('5А'))).statusCode).toBe(200);
    expect((await ct.get(url('5Б'))).statusCode).toBe(404);
  });
  it('a teacher of the class’s groups: the whole class; not a class whose groups they do not teach', async () => {
    const teacher = await as('ss-teacher');
    const { rows } = await threeWays(teacher, url('5А'));
    expect(rows).toHaveLength(4);
    expect(rows[1]![15]).toBe('3'); // Ученик01's Russian, a group the teacher does not teach
    expect((await teacher.get(url('5Б'))).statusCode).toBe(404);
  });
  it.each(['ss-parent', 'ss-student', 'ss-secretary'])('%s: 403', async (login) => {
    const c = await as(login);
    expect((await c.get(url('5А'))).statusCode).toBe(403);
    expect((await c.get('/reports/summary-sheet')).statusCode).toBe(403);
  });
  it('another school’s class or year: 404; a value that is not an id: 422', async () => {
    expect((await deputy.get(`/reports/summary-sheet?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/summary-sheet?year=${other.past.yearId}&class=${s.classes.get('5А')}`)).statusCode).toBe(404);
    const bad = await deputy.get('/reports/summary-sheet?year=2026');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Учебный год указан неверно');
    expect((await deputy.get('/reports/summary-sheet?class=5А')).statusCode).toBe(422);
  });
  it('the list of reports offers it under «Итоги», carrying the year and class chosen', async () => {
    const res = await deputy.get(`/reports?year=${s.yearId}&class=${s.classes.get('5А')}`);
    expect(res.body).toContain('Итоги');
    expect(res.body).toContain(`href="/reports/summary-sheet?year=${s.yearId}&amp;class=${s.classes.get('5А')}"`);
    expect(res.body).toContain(`href="/reports/accumulation?class=${s.classes.get('5А')}"`); // a report without a year keeps its own default
  });
});
