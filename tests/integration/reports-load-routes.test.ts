// The load reports through HTTP on the hand-built school (reports-load-support.ts): the deputy's pages with the exact
// figures of the queries' test, the same rows in CSV and XLSX (opened with exceljs), each person's part (a teacher their
// groups, the class teacher their class), 403 for parent, student and secretary, 404 for another school's ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/modules/reports/core/table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { buildLoadSchool, type LoadSchool } from './reports-load-support.ts';
import { pageTable, threeWays } from './reports-support.ts';

let t: TestApp;
let s: LoadSchool;
let other: LoadSchool;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);
let deputy: Client;

beforeAll(async () => {
  t = await startTestApp({ seed: false });
  s = await buildLoadSchool(t.database, 'rr');
  other = await buildLoadSchool(t.database, 'ro');
  deputy = await as('rr-deputy');
}, 120_000);
afterAll(async () => t?.close());

describe('homework load', () => {
  const KINDS: ColumnKind[] = ['text', 'date', 'text', 'int', 'int', 'percent', 'int', 'int', 'int'];
  it('the deputy: every class, a day over the norm highlighted, the chart; CSV and XLSX the same rows', async () => {
    const { html, shown } = await threeWays(deputy, '/reports/homework-load?week=2026-11-18', 'homework-load', 0, KINDS);
    expect(shown).toEqual([
      ['Класс', 'Дата', 'День', 'Минут задано', 'Норма, минут', '% нормы', 'Сверх нормы, минут', 'Заданий без времени', 'Заданий всего'],
      ['5А', '16.11.2026', 'Пн', '25', '120', '21', '0', '0', '1'],
      ['5А', '17.11.2026', 'Вт', '65', '120', '54', '0', '0', '2'],
      ['5А', '18.11.2026', 'Ср', '0', '120', '0', '0', '1', '1'],
      ['5А', '19.11.2026', 'Чт', '130', '120', '108', '10', '0', '3'],
      ['5А', '20.11.2026', 'Пт', '65', '120', '54', '0', '0', '2'],
      ['5Б', '16.11.2026', 'Пн', '0', '120', '0', '0', '0', '0'],
      ['5Б', '18.11.2026', 'Ср', '15', '120', '13', '0', '0', '1'],
    ]);
    expect(html.match(/<tr class="warn">/g)).toHaveLength(1);
    expect(html).toContain('Самый загруженный день каждого класса, минут');
    expect(html).toMatch(/<rect class="bar over"[^>]*>.*?5А, Чт 19\.11: 130 минут/);
  });
  it('one class: a bar a day; the class teacher sees their class, not another', async () => {
    const ct = await as('rr-ct');
    const res = await ct.get(`/reports/homework-load?week=2026-11-16&class=${s.classes.get('5А')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('5А: домашние задания по дням');
    expect(pageTable(res.body, 'homework-load')).toHaveLength(6);
    expect((await ct.get('/reports/homework-load?week=2026-11-16')).body).not.toContain('>5Б<');
    expect((await ct.get(`/reports/homework-load?class=${s.classes.get('5Б')}`)).statusCode).toBe(404);
  });
});

describe('mark accumulation', () => {
  const KINDS: ColumnKind[] = ['text', 'text', 'text', 'int', 'int', 'int', 'int', 'date', 'text'];
  it('a class: every student and subject, at risk first and highlighted; the same rows in CSV and XLSX', async () => {
    const { html, shown } = await threeWays(deputy, `/reports/accumulation?class=${s.classes.get('5А')}`, 'accumulation', 0, KINDS);
    expect(shown[0]).toEqual(['Обучающийся', 'Класс', 'Предмет', 'Отметок', 'Не хватает', 'Уроков до конца', 'Дней до конца', 'Учится с', 'Состояние']);
    expect(shown[1]).toEqual(['Новиков Иван', '5А', 'Математика', '1', '2', '2', '26', '16.11.2026', 'риск «н/а»']);
    expect(shown.slice(1).map((r) => r[8])).toEqual([...Array(4).fill('риск «н/а»'), ...Array(6).fill('мало отметок'), 'достаточно']);
    expect(html.match(/<tr class="warn">/g)).toHaveLength(4);
    expect(html).toContain('2 четверть');
  });
  it('without a class: a line per class linking to it, in CSV and XLSX too', async () => {
    const { html, shown } = await threeWays(deputy, '/reports/accumulation', 'by-class', 0, ['text', 'int', 'int', 'int', 'int']);
    expect(shown).toEqual([
      ['Класс', 'Обучающихся', 'С риском «н/а»', 'Предметов с риском «н/а»', 'Предметов с малым числом отметок'],
      ['5А', '4', '3', '4', '6'], ['5Б', '3', '3', '3', '0'],
    ]);
    expect(html).toContain(`/reports/accumulation?period=${s.schemes.get('quarters')!.periodIds[1]}&amp;class=${s.classes.get('5А')}`);
  });
  it('a teacher sees only the groups they teach', async () => {
    const res = await (await as('rr-teacher')).get(`/reports/accumulation?class=${s.classes.get('5А')}`);
    const rows = pageTable(res.body, 'accumulation').slice(1);
    expect(rows).toHaveLength(7); // 11 of the class less its 4 rows of Russian, taught by the class teacher
    expect(rows.some((r) => r[2] === 'Русский язык')).toBe(false);
  });
});

describe('control works', () => {
  it('the calendar with a crowded day, the limits with maths over; the XLSX has both sheets', async () => {
    const KINDS: ColumnKind[] = ['date', 'text', 'int', 'text', 'text', 'text', 'text', 'text', 'text'];
    const { html, shown } = await threeWays(deputy, '/reports/control-works', 'calendar', 0, KINDS);
    expect(shown.slice(1).map((r) => `${r[0]} ${r[3]} ${r[6]} ${r[7]} ${r[8]}`)).toEqual([
      '16.11.2026 5Б Контрольная работа проведена ', '17.11.2026 5А Контрольная работа проведена да', '17.11.2026 5А Диктант проведена да',
      '19.11.2026 5А Контрольная работа проведена ', '19.11.2026 5А Контрольная работа проведена ',
      '24.11.2026 5А Контрольная работа запланирована ', '26.11.2026 5А Контрольная работа запланирована ',
    ]);
    const limits = await threeWays(deputy, '/reports/control-works', 'limits', 1, ['text', 'text', 'int', 'int', 'int', 'int', 'int']);
    expect(limits.shown[1]).toEqual(['5А', 'Математика 5А', '1', '2', '3', '2', '1']);
    expect(html).toContain('Календарь: 5А');
    expect(html).toMatch(/<td class="warn">Математика, Русский язык<\/td>/);
  });
});

describe('access', () => {
  const ROUTES = ['/reports/accumulation', '/reports/control-works', '/reports/homework-load'];
  it.each(['rr-parent', 'rr-student', 'rr-secretary'])('%s: 403 on each report', async (login) => {
    const c = await as(login);
    for (const url of ROUTES) expect((await c.get(url)).statusCode, url).toBe(403);
  });
  it('another school’s period or class: 404; a bad value: 422 with a Russian message; the admin sees the school', async () => {
    const period = other.schemes.get('quarters')!.periodIds[1]!;
    for (const url of ['/reports/accumulation', '/reports/control-works']) {
      expect((await deputy.get(`${url}?period=${period}`)).statusCode).toBe(404);
      expect((await deputy.get(`${url}?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
    }
    expect((await deputy.get(`/reports/homework-load?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
    const bad = await deputy.get('/reports/homework-load?week=завтра');
    expect(bad.statusCode).toBe(422);
    expect((await deputy.get('/reports/control-works?format=pdf')).statusCode).toBe(422);
    expect((await (await as('rr-admin')).get('/reports/control-works')).statusCode).toBe(200);
  });
});

describe('school settings', () => {
  it('the control-work limits and the minimum of marks are the school’s own', async () => {
    const { schools } = await import('../../src/modules/platform/schema.ts');
    const { eq } = await import('drizzle-orm');
    await t.database.db.update(schools).set({ controlWorksMainLimit: 3, minMarksPerPeriod: 2 }).where(eq(schools.id, s.schoolId));
    const limits = pageTable((await deputy.get('/reports/control-works')).body, 'limits');
    expect(limits[1]).toEqual(['5А', 'Английский язык 5А-1', '1', '0', '1', '1', '0']);
    expect(limits.find((r) => r[1] === 'Математика 5А')).toEqual(['5А', 'Математика 5А', '1', '2', '3', '3', '0']);
    const acc = pageTable((await deputy.get(`/reports/accumulation?class=${s.classes.get('5А')}`)).body, 'accumulation');
    expect(acc.find((r) => r[0] === 'Ученик02 Пётр' && r[2] === 'Математика')?.[8]).toBe('достаточно');
  });
});
