// A student's report through HTTP on the hand-built school of reports-student-support.ts: the figures of quarter 2 and
// of the year worked out by hand (a subgroup, a cross-class group, a cancelled lesson, a control work of weight 2), the
// page's tables equal to the CSV and the XLSX; every reader allowed and everyone else — and another school's student,
// and another scheme's period — answered 404; the links from the diary, the class page and the student card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';
import { buildStudentSchool, type StudentSchool } from './reports-student-support.ts';

let t: TestApp;
let s: StudentSchool;
let other: StudentSchool;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);
const url = (studentId: string, query = '') => `/reports/students/${studentId}${query}`;

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildStudentSchool(t.database, 'sr');
  other = await buildStudentSchool(t.database, 'so');
}, 180_000);
afterAll(async () => t?.close());

const SUBJECT_KINDS: ColumnKind[] = ['text', 'number', 'text', 'int', 'int', 'int', 'text'];
const MARK_KINDS: ColumnKind[] = ['text', 'int', 'date', 'text', 'number'];
const ATTENDANCE_KINDS: ColumnKind[] = ['text', 'int', 'int', 'int', 'int', 'int', 'int', 'int'];

/** The three tables of the page, each checked against its XLSX sheet; the first against the CSV too. */
async function threeWays(c: Client, address: string) {
  const page = await c.get(address);
  expect(page.statusCode).toBe(200);
  const shown = { subjects: pageTable(page.body, 'subjects'), marks: pageTable(page.body, 'marks'), attendance: pageTable(page.body, 'attendance') };
  const xlsx = await c.get(`${address}${address.includes('?') ? '&' : '?'}format=xlsx`);
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  expect(await xlsxTable(xlsx.rawPayload, 0, SUBJECT_KINDS)).toEqual(shown.subjects);
  expect(await xlsxTable(xlsx.rawPayload, 1, MARK_KINDS)).toEqual(shown.marks);
  expect(await xlsxTable(xlsx.rawPayload, 2, ATTENDANCE_KINDS)).toEqual(shown.attendance);
  const csv = await c.get(`${address}${address.includes('?') ? '&' : '?'}format=csv`);
  expect(csvRows(csv.rawPayload)).toEqual(shown.subjects);
  return { html: page.body, ...shown };
}

describe('quarter 2 (the current period, by default)', () => {
  it('per subject: marks by date, weighted average, the mark set or the forecast, lessons and lessons missed', async () => {
    const { html, subjects } = await threeWays(await as('sr-deputy'), url(s.st.A1));
    expect(subjects).toEqual([
      ['Предмет', 'Средний балл', 'Отметка за период', 'Пропущено уроков', 'Уроков', 'Отметок', 'Отметки по датам'],
      // The subgroup 5А-1 only: (4·1,5 + 5·1) / 2,5 = 4,4 → 4.
      ['Английский язык', '4,4', '4 (прогноз)', '0', '2', '2', '4 5'],
      // The cross-class group, graded зачёт («зач» in quarter 1): never forecast.
      ['Литература', '', '—', '0', '1', '0', ''],
      // (5·1 + 3·2 + 4·1) / 4 = 3,75 → 4; the cancelled 18.11 (a 2, an absence) and 26.11 (after today) not counted.
      ['Математика', '3,75', '4 (прогноз)', '1', '4', '3', '5 3 4'],
      // (4·2 + 5·1) / 3 = 4,33; the quarter mark 4 is set.
      ['Русский язык', '4,33', '4', '3', '5', '2', '4 5'],
    ]);
    expect(html).toContain('Ученик01 Пётр');
    expect(html).toContain('2 четверть (05.11.2026 — 28.12.2026), данные по 23.11.2026');
    expect(html).toContain('Прогноз.');
  });

  it('the marks with their work types and weights, in date order', async () => {
    const { marks } = await threeWays(await as('sr-deputy'), url(s.st.A1, `?period=${s.q2}`));
    expect(marks).toEqual([
      ['Предмет', 'Отметка', 'Дата', 'Вид работы', 'Вес'],
      ['Английский язык', '4', '17.11.2026', 'Проверочная работа', '1,5'],
      ['Английский язык', '5', '19.11.2026', 'Ответ на уроке', '1'],
      ['Математика', '5', '16.11.2026', 'Ответ на уроке', '1'],
      ['Математика', '3', '17.11.2026', 'Контрольная работа', '2'],
      ['Математика', '4', '20.11.2026', 'Домашняя работа', '1'],
      ['Русский язык', '4', '16.11.2026', 'Диктант', '2'],
      ['Русский язык', '5', '17.11.2026', 'Ответ на уроке', '1'],
    ]);
  });

  it('attendance by reason and lates, per subject and in total', async () => {
    const { html, attendance } = await threeWays(await as('sr-ct'), url(s.st.A1));
    expect(attendance).toEqual([
      ['Предмет', 'Уроков', 'Пропущено уроков', 'По болезни', 'Уважительная', 'Неуважительная', 'Причина не указана', 'Опозданий'],
      ['Английский язык', '2', '0', '0', '0', '0', '0', '0'],
      ['Литература', '1', '0', '0', '0', '0', '0', '1'],
      ['Математика', '4', '1', '1', '0', '0', '0', '1'],
      ['Русский язык', '5', '3', '0', '1', '1', '1', '0'],
      ['Всего', '12', '4', '1', '1', '1', '1', '2'],
    ]);
    expect(html).toContain('Уроков: <strong>12</strong> · пропущено: <strong>4</strong>');
    expect(html).toContain('по болезни — 1, уважительная — 1, неуважительная — 1, не указана — 1');
  });
});

describe('the year (period=year)', () => {
  it('every mark of the year; the year mark forecast from the period marks; the зачёт subject not', async () => {
    const { html, subjects } = await threeWays(await as('sr-parent'), url(s.st.A1, '?period=year'));
    expect(subjects.slice(1).map((r) => [r[0], r[6], r[1], r[2], r[4]])).toEqual([
      ['Английский язык', '4 5', '4,4', '5 (прогноз)', '2'], // quarter 1: 5
      ['Литература', '', '', '—', '1'],
      // 20.10 a control work 5: (5·2 + 5 + 3·2 + 4) / 6 = 4,17; the year: quarter 1's 5.
      ['Математика', '5 5 3 4', '4,17', '5 (прогноз)', '5'],
      ['Русский язык', '4 5', '4,33', '4 (прогноз)', '5'], // quarters 1 and 2: 4 and 4
    ]);
    expect(subjects[0]![2]).toBe('Годовая отметка');
    expect(html).toContain('среднее выставленных отметок за учебные периоды');
    expect(html).toContain('2026/2027 учебный год');
  });
});

describe('who reads it', () => {
  it.each(['sr-student', 'sr-parent', 'sr-ct', 'sr-teacher', 'sr-elective', 'sr-deputy', 'sr-admin'])('%s: 200', async (login) => {
    const res = await (await as(login)).get(url(s.st.A1));
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'subjects')).toHaveLength(5);
  });

  it.each(['sr-parent2', 'sr-student2', 'sr-ct5b', 'sr-secretary'])('%s: 404, as an unknown id (and for the exports)', async (login) => {
    const c = await as(login);
    for (const q of ['', '?format=csv', '?format=xlsx', '?period=year']) expect((await c.get(url(s.st.A1, q))).statusCode, q).toBe(404);
  });

  it('their own: the other parent and the other student read Ученик02; the 5Б class teacher 5Б-1; the elective’s teacher not Ученик02', async () => {
    expect((await (await as('sr-parent2')).get(url(s.st.A2))).statusCode).toBe(200);
    expect((await (await as('sr-student2')).get(url(s.st.A2))).statusCode).toBe(200);
    expect((await (await as('sr-ct5b')).get(url(s.st.B1))).statusCode).toBe(200);
    expect((await (await as('sr-elective')).get(url(s.st.A2))).statusCode).toBe(404);
    expect((await (await as('sr-student')).get(url(s.st.A2))).statusCode).toBe(404);
  });

  it('another school’s student or period, another scheme’s period, a malformed id: 404; a bad period or format: 422', async () => {
    const deputy = await as('sr-deputy');
    expect((await deputy.get(url(other.st.A1))).statusCode).toBe(404);
    expect((await (await as('sr-parent')).get(url(other.st.A1))).statusCode).toBe(404);
    expect((await deputy.get(url(s.st.A1, `?period=${other.q2}`))).statusCode).toBe(404);
    expect((await deputy.get(url(s.st.A1, `?period=${s.halvesPeriod}`))).statusCode).toBe(404);
    expect((await deputy.get('/reports/students/not-an-id')).statusCode).toBe(404);
    const bad = await deputy.get(url(s.st.A1, '?period=вчера'));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Учебный период указан неверно');
    expect((await deputy.get(url(s.st.A1, '?format=pdf'))).statusCode).toBe(422);
  });

  it('logged out: the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: url(s.st.A1) });
    expect(res.statusCode).toBe(303);
  });
});

describe('links to it', () => {
  it('the diary’s marks and year pages; the crumb leads the family back to the diary', async () => {
    const parent = await as('sr-parent');
    expect((await parent.get(`/diary/${s.st.A1}/marks?period=${s.q2}`)).body).toContain(`href="/reports/students/${s.st.A1}?period=${s.q2}"`);
    expect((await parent.get(`/diary/${s.st.A1}/marks/year`)).body).toContain(`href="/reports/students/${s.st.A1}?period=year"`);
    const page = await parent.get(url(s.st.A1));
    expect(page.body).toContain(`<a href="/diary/${s.st.A1}/marks">Дневник</a>`);
    expect(page.body).not.toContain('href="/reports"');
  });

  it('the class teacher’s class page, a link per student; the student card for the deputy, not for the secretary', async () => {
    const list = (await (await as('sr-ct')).get(`/my-class?class=${s.classes.get('5А')}`)).body;
    for (const k of ['A1', 'A2', 'A3'] as const) expect(list).toContain(`href="/reports/students/${s.st[k]}"`);
    expect((await (await as('sr-deputy')).get(`/people/students/${s.st.A1}`)).body).toContain(`href="/reports/students/${s.st.A1}"`);
    expect((await (await as('sr-secretary')).get(`/people/students/${s.st.A1}`)).body).not.toContain('/reports/students/');
  });
});
