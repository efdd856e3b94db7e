// The medal candidates through HTTP on the hand-built school of reports-medals-support.ts (two years), by hand:
// 11А (grade 10 = last year's 10А; marks in the order maths, physics, chemistry, PE / maths, physics, project, PE):
//   Первая 5 5 5 5 / 5 5 зач 5 → I (7 «5»); Прогнозная 5 5 5 5 / (5) (5) зач 5: maths (5·1 + 5·2)/3 = 5, physics
//   (4 + 5)/2 = 4,5 → 5 → I, прогноз; Вторая 4 5 5 осв / 5 4 зач осв → two 4 → II; Новенькая — / 5 5 зач 5 → near
//   (no grade 10); Пропущенная 5 5 5 5 / 5 — зач 5 → near (physics 11 missing); Третья 4 4 5 5 / 4 5 зач 5 → three 4
//   → near; Четвёртая 5 5 3 5 / 5 5 зач 5 → near (chemistry, taught in grade 10 only); Слабая two 3 → not listed.
// 9А (maths, Russian): Отличник9 final 5 5 → distinction; Прогноз9 quarter 1: 5 5, quarter 2 running: 5, 4 → year
//   forecast 5 and (5 + 4)/2 = 4,5 → 5 → distinction, прогноз; Годовая9 year marks 5 4 (no final) → near.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../src/modules/platform/schema.ts';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { buildMedalSchool, type MedalSchool } from './reports-medals-support.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';

let t: TestApp;
let s: MedalSchool;
let other: MedalSchool;
let deputy: Client;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildMedalSchool(t.database, 'md', { ctLeads11: true });
  other = await buildMedalSchool(t.database, 'mo', { ctLeads11: false });
  deputy = await as('md-deputy');
}, 120_000);
afterAll(async () => t?.close());

const KINDS: ColumnKind[] = ['text', 'text', 'text', 'int', 'int', 'text', 'text', 'text'];
const HEADER = ['Класс', 'Обучающийся', 'Итог', '«5»', '«4»', 'Где «4»', 'Мешает', 'Прогноз'];
const NEAR11 = 'Близко к медали II степени';
const ELEVENTH = [
  ['11А', 'Первая Тест', 'Медаль I степени', '7', '0', '', '', ''],
  ['11А', 'Прогнозная Тест', 'Медаль I степени', '7', '0', '', '', 'прогноз'],
  ['11А', 'Вторая Тест', 'Медаль II степени', '3', '2', 'Математика 10 кл., Физика 11 кл.', 'до I степени: Математика 10 кл. — 4, Физика 11 кл. — 4', ''],
  ['11А', 'Новенькая Тест', NEAR11, '3', '0', '', '10 кл. — нет годовых отметок', ''],
  ['11А', 'Пропущенная Тест', NEAR11, '6', '0', '', 'Физика 11 кл. — нет отметки', ''],
  ['11А', 'Третья Тест', NEAR11, '4', '3', 'Математика 10 кл., Математика 11 кл., Физика 10 кл.',
    'на одну «4» больше допустимого: Математика 10 кл. — 4, Математика 11 кл. — 4, Физика 10 кл. — 4', ''],
  ['11А', 'Четвёртая Тест', NEAR11, '6', '0', '', 'Химия 10 кл. — 3', ''],
];
const NINTH = [
  ['9А', 'Отличник9 Тест', 'Аттестат с отличием', '2', '0', '', '', ''],
  ['9А', 'Прогноз9 Тест', 'Аттестат с отличием', '2', '0', '', '', 'прогноз'],
  ['9А', 'Годовая9 Тест', 'Близко к аттестату с отличием', '1', '1', 'Русский язык 9 кл.', 'на одну «4» больше допустимого: Русский язык 9 кл. — 4', ''],
];

describe('the current year', () => {
  it('the deputy: every candidate and near-candidate, by hand; the same rows in CSV and XLSX', async () => {
    const page = await deputy.get('/reports/medals');
    expect(page.statusCode).toBe(200);
    const shown = pageTable(page.body, 'candidates');
    expect(shown).toEqual([HEADER, ...ELEVENTH, ...NINTH]);
    expect(page.body).not.toContain('Слабая');
    expect(csvRows((await deputy.get('/reports/medals?format=csv')).rawPayload)).toEqual(shown);
    const xlsx = await deputy.get('/reports/medals?format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(await xlsxTable(xlsx.rawPayload, 0, KINDS)).toEqual(shown);
    expect(mainText(page.body)).toContain('Прогноз. Годовые отметки выставлены не у всех');
  });

  it('per class; the marks of each listed student with where they come from', async () => {
    const page = await deputy.get('/reports/medals');
    expect(pageTable(page.body, 'classes')).toEqual([
      ['Класс', 'Учащихся', 'Медаль I степени', 'Медаль II степени', 'Аттестат с отличием', 'Близко'],
      ['9А', '3', '', '', '2', '1'],
      ['11А', '8', '2', '1', '', '4'],
    ]);
    const eleven = pageTable(page.body, 'marks11');
    expect(eleven.filter((r) => r[1] === 'Прогнозная Тест').map((r) => r.slice(2))).toEqual([
      ['Индивидуальный проект', '', 'зач'], ['Математика', '5', '5 (прогноз)'], ['Физика', '5', '5 (прогноз)'],
      ['Физическая культура', '5', '5'], ['Химия', '5', ''],
    ]);
    expect(eleven.filter((r) => r[1] === 'Пропущенная Тест' && r[2] === 'Физика')).toEqual([['11А', 'Пропущенная Тест', 'Физика', '5', '—']]);
    expect(pageTable(page.body, 'marks9').slice(1).map((r) => r.slice(1).join(' '))).toEqual([
      'Отличник9 Тест Математика 5 итоговая', 'Отличник9 Тест Русский язык 5 итоговая',
      'Прогноз9 Тест Математика 5 прогноз годовой', 'Прогноз9 Тест Русский язык 5 прогноз годовой',
      'Годовая9 Тест Математика 5 годовая', 'Годовая9 Тест Русский язык 4 годовая',
    ]);
  });

  it('the thresholds are the school\'s: three «4» allowed for the second degree, one «4» for the distinction', async () => {
    await t.database.db.update(schools).set({ medalSecondMaxFours: 3, distinctionMaxFours: 1 }).where(eq(schools.id, s.schoolId));
    try {
      const shown = pageTable((await deputy.get('/reports/medals')).body, 'candidates');
      expect(shown.find((r) => r[1] === 'Третья Тест')!.slice(2, 5)).toEqual(['Медаль II степени', '4', '3']);
      expect(shown.find((r) => r[1] === 'Годовая9 Тест')!.slice(2, 5)).toEqual(['Аттестат с отличием', '1', '1']);
      expect(mainText((await deputy.get('/reports/medals')).body)).toMatch(/медаль I степени — 0\s*, II степени — 3\s*, аттестат с отличием — 1/);
    } finally {
      await t.database.db.update(schools).set({ medalSecondMaxFours: 2, distinctionMaxFours: 0 }).where(eq(schools.id, s.schoolId));
    }
  });
});

describe('another year', () => {
  it('last year: its 9Б by the final marks (the student has left since); no year before it for an 11th grade', async () => {
    const page = await deputy.get(`/reports/medals?year=${s.prevYear}`);
    expect(page.statusCode).toBe(200);
    expect(pageTable(page.body, 'candidates').slice(1)).toEqual([['9Б', 'Прошлогодний Тест', 'Аттестат с отличием', '2', '0', '', '', '']]);
    expect(mainText(page.body)).toContain('Учебный год: 2025/2026');
    expect(page.body).toMatch(new RegExp(`<option value="${s.prevYear}" selected>2025/2026</option>`));
  });

  it('another school\'s year → 404; a year that is no id → 422 with the form', async () => {
    expect((await deputy.get(`/reports/medals?year=${other.prevYear}`)).statusCode).toBe(404);
    const bad = await deputy.get('/reports/medals?year=2025');
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Учебный год указан неверно: выберите его из списка.');
  });
});

describe('who sees what', () => {
  it('the admin sees the whole school', async () => {
    const admin = await as('md-admin');
    expect(pageTable((await admin.get('/reports/medals')).body, 'candidates')).toEqual([HEADER, ...ELEVENTH, ...NINTH]);
  });

  it('the class teacher of 11А: their class only', async () => {
    const ct = await as('md-ct');
    const res = await ct.get('/reports/medals');
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'candidates')).toEqual([HEADER, ...ELEVENTH]);
    expect(pageTable(res.body, 'classes').map((r) => r[0])).toEqual(['Класс', '11А']);
  });

  it('a class teacher of no 9th or 11th class: an empty page that says why', async () => {
    const ct = await as('mo-ct');
    const res = await ct.get('/reports/medals');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Вы не классный руководитель 9-го или 11-го класса в этом учебном году.');
    expect(pageTable(res.body, 'candidates')).toEqual([]);
  });

  it.each(['teacher', 'parent', 'student', 'secretary'])('%s → 403', async (who) => {
    expect((await (await as(`md-${who}`)).get('/reports/medals')).statusCode).toBe(403);
  });

  it('the list of reports offers it to the deputy under «Итоги», not to a plain teacher', async () => {
    expect(mainText((await deputy.get('/reports')).body)).toContain('Кандидаты на медали и аттестат с отличием');
    expect((await (await as('md-teacher')).get('/reports')).body).not.toContain('/reports/medals');
  });
});
