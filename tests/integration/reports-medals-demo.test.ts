// The demo school's medal candidates on the tests' today (23.11.2026): last year's 10А/10Б (seed/demo-previous-year.ts)
// give today's 11th graders their grade-10 marks, and this year's forecast does the rest — a first-degree candidate, a
// second-degree one and a near-candidate in 11А/11Б, a distinction and a near one in 9А/9Б (seed/demo-medals.ts). The
// year before stays out of the way: the pages of this year are this year's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { pageTable } from './reports-support.ts';

let t: TestApp;
let deputy: Client;

beforeAll(async () => {
  t = await startTestApp();
  deputy = await loginAs(t.app, 'deputy');
}, 240_000);
afterAll(async () => t?.close());

describe('demo: medal and distinction candidates', () => {
  it('shows each kind of candidate, with the forecast labelled, and stays fast', async () => {
    const t0 = performance.now();
    const page = await deputy.get('/reports/medals');
    const ms = performance.now() - t0;
    expect(page.statusCode).toBe(200);
    const rows = pageTable(page.body, 'candidates').slice(1);
    const awards = rows.map((r) => `${r[0]} ${r[2]}`);
    expect(awards).toEqual(expect.arrayContaining(['11А Медаль I степени', '11А Медаль II степени', '11Б Близко к медали II степени',
      '9А Аттестат с отличием', '9Б Близко к аттестату с отличием']));
    expect(rows.find((r) => r[0] === '11Б' && r[2] === 'Близко к медали II степени')![6]).toBe('Физика 10 кл. — 3');
    expect(rows.find((r) => r[0] === '11А' && r[2] === 'Медаль II степени')![5]).toBe('Физика 10 кл., Химия 10 кл.');
    expect(rows.some((r) => r[0] === '9Б' && r[6] === 'Химия 9 кл. — 3 (прогноз)')).toBe(true);
    expect(rows.every((r) => r[7] === 'прогноз')).toBe(true);
    expect(mainText(page.body)).toContain('годовые отметки 10 класса (2025/2026) и 11 класса');
    expect(ms).toBeLessThan(3000);
  });

  it('the year before has no 9th or 11th class; the class teacher of 5А has none either', async () => {
    const list = await deputy.get('/reports/medals');
    const prev = /<option value="([0-9a-f-]{36})">2025\/2026<\/option>/.exec(list.body)![1];
    const res = await deputy.get(`/reports/medals?year=${prev}`);
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('В этом учебном году нет 9-х и 11-х классов.');
    const ct = await loginAs(t.app, 'classteacher');
    expect(mainText((await ct.get('/reports/medals')).body)).toContain('Вы не классный руководитель 9-го или 11-го класса в этом учебном году.');
  });

  it('this year stays this year: the progress summary of grade 10 shows today\'s 10th classes only', async () => {
    const res = await deputy.get('/reports/progress?period=year&grade=10');
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'classes').map((r) => r[0])).toEqual(['Класс', '10А', '10Б', '10-е классы']);
    expect(mainText(res.body)).toContain('2026/2027: годовые отметки');
  });
});
