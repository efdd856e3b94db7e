// The reports' core through HTTP: «Отчёты» in the navigation of the roles that have reports and 403 for the others;
// the list page; a report's filters in the URL (a bad value → 422 with the form kept, another school's or an
// out-of-scope id → 404); the page, its CSV and its XLSX (opened with exceljs) showing the same rows and columns.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staff } from '../../src/modules/people/schema.ts';
import { REPORT_ROLES } from '../../src/modules/reports/core/catalogue.ts';
import { parseFilters, refuseFilters } from '../../src/modules/reports/core/filters.ts';
import { reportScope } from '../../src/modules/reports/core/scope.ts';
import { sendReport } from '../../src/modules/reports/core/send.ts';
import type { ReportTable } from '../../src/modules/reports/core/table.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { mondayOf } from '../../src/modules/diary/rules.ts';
import { addDays, ruDate, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { schoolOf } from './journal-support.ts';
import { csvRows, pageTable, xlsxTable } from './reports-support.ts';

/** Last week by the tests' clock: its Monday, and a Wednesday and a Thursday of it (a week is asked by any of its days). */
const MONDAY = mondayOf(addDays(todayIso(), -7));
const [WEDNESDAY, THURSDAY] = [addDays(MONDAY, 2), addDays(MONDAY, 3)];

let t: TestApp;
const db = () => t.database.db;
let school1: string;
let school2: string;
let deputy: Client;
let teacher: Client;

/** A report of the classes in scope, on a test-only route: the core without any real report's arithmetic. */
function testReport(app: FastifyInstance) {
  app.get('/reports/test-classes', { config: { access: REPORT_ROLES } }, async (request, reply) => {
    const scope = await reportScope(request);
    const f = await parseFilters(request, scope, ['week', 'class', 'teacher']);
    if (!f.ok) return refuseFilters(reply, f, 'Классы');
    const rows = await request.tx.select({ id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade }).from(schoolClasses)
      .where(eq(schoolClasses.schoolId, request.school.id)).orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
    const table: ReportTable = {
      name: 'classes', title: 'Классы',
      columns: [
        { key: 'name', title: 'Класс', kind: 'text' }, { key: 'grade', title: 'Параллель', kind: 'int' },
        { key: 'half', title: 'Половина', kind: 'number' }, { key: 'share', title: 'Доля, %', kind: 'percent' }, { key: 'week', title: 'Неделя', kind: 'date' },
      ],
      rows: rows.filter((r) => !f.filters.classId || r.id === f.filters.classId)
        .map((r) => ({ name: r.name, grade: r.grade, half: (r.grade ?? 0) / 2, share: Math.round(((r.grade ?? 0) / 11) * 1000) / 10, week: f.filters.week })),
    };
    return sendReport(request, reply, { view: 'reports/plain', title: 'Классы', filename: `classes-${f.filters.week}`, tables: [table], data: { form: f.form } });
  });
}

const classOf = async (schoolId: string, name: string) => (await db().select({ id: schoolClasses.id }).from(schoolClasses)
  .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name))))[0]!.id;

beforeAll(async () => {
  t = await startTestApp({ extraRoutes: testReport });
  school1 = await schoolOf(db(), 'deputy');
  school2 = await schoolOf(db(), 'admin2');
  deputy = await loginAs(t.app, 'deputy');
  teacher = await loginAs(t.app, 'teacher');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('«Отчёты»: who has it', () => {
  it.each(['deputy', 'admin', 'teacher', 'classteacher'])('%s has «Отчёты» in the navigation and opens the list', async (login) => {
    const c = login === 'deputy' ? deputy : login === 'teacher' ? teacher : await loginAs(t.app, login);
    const home = await c.get('/');
    expect(navLabels(home.body)).toContain('Отчёты');
    const res = await c.get('/reports');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Отчёты');
  });

  it('lists the reports the app serves, grouped, with the filters chosen on the list passed on', async () => {
    const res = await teacher.get(`/reports?week=${WEDNESDAY}`);
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Контроль ведения журналов');
    expect(res.body).toContain(`href="/reports/journal-control?week=${MONDAY}"`);
    expect(mainText(res.body)).toContain('Контроль заполнения журналов за неделю');
    expect(res.body).not.toContain('/reports/test-classes'); // not in the catalogue
    expect((await teacher.get('/reports?week=не-дата')).statusCode).toBe(422);
  });

  it.each(['parent', 'student', 'secretary'])('%s: no «Отчёты» and 403 on the list and on a report', async (login) => {
    const c = await loginAs(t.app, login);
    expect(navLabels((await c.get('/')).body)).not.toContain('Отчёты');
    expect((await c.get('/reports')).statusCode).toBe(403);
    expect((await c.get('/reports/test-classes')).statusCode).toBe(403);
  });

  it('someone logged out is sent to the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/reports' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});

describe('filters in the URL', () => {
  it('a week is any of its days, shown as its Monday', async () => {
    const res = await deputy.get(`/reports/test-classes?week=${THURSDAY}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`name="week" value="${MONDAY}"`);
    expect(pageTable(res.body, 'classes')[1]).toContain(ruDate(MONDAY));
  });

  it.each([
    ['week=2026-13-45', 'Неделя указана неверно'],
    ['week=вчера', 'Неделя указана неверно'],
    ['class=5А', 'Класс указан неверно'],
    ['teacher=%27%3B--', 'Учитель указан неверно'],
  ])('%s → 422 with a Russian message and the form', async (query, message) => {
    const res = await deputy.get(`/reports/test-classes?${query}`);
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(message);
    expect(res.body).toContain('class="report-filters"');
  });

  it('another school\'s class → 404; the deputy\'s own school\'s class filters the rows', async () => {
    expect((await deputy.get(`/reports/test-classes?class=${await classOf(school2, '5А')}`)).statusCode).toBe(404);
    const res = await deputy.get(`/reports/test-classes?class=${await classOf(school1, '5А')}`);
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'classes').slice(1).map((r) => r[0])).toEqual(['5А']);
  });

  it('a teacher: another teacher or a class they do not teach → 404; the form offers only themself', async () => {
    const [other] = await db().select({ id: staff.id }).from(staff).where(and(eq(staff.schoolId, school1), eq(staff.lastName, 'Соколов')));
    expect((await teacher.get(`/reports/test-classes?teacher=${other!.id}`)).statusCode).toBe(404);
    expect((await teacher.get(`/reports/test-classes?class=${await classOf(school1, '11А')}`)).statusCode).toBe(404);
    const page = await teacher.get('/reports/test-classes');
    const teacherOptions = /<select id="f-teacher"[\s\S]*?<\/select>/.exec(page.body)![0];
    expect([...teacherOptions.matchAll(/<option value="[^"]+"/g)]).toHaveLength(1);
    expect(teacherOptions).toContain('Иванова М. А.');
  });

  it('an unknown export format → 422 with a message', async () => {
    const res = await deputy.get('/reports/test-classes?format=pdf');
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Формат выгрузки указан неверно');
  });
});

describe('the page, the CSV and the XLSX show the same table', () => {
  it('same header, same rows, same order; numbers and dates typed in the XLSX', async () => {
    const page = await deputy.get(`/reports/test-classes?week=${MONDAY}`);
    const shown = pageTable(page.body, 'classes');
    expect(shown.length).toBeGreaterThan(5);
    expect(page.body).toContain(`href="/reports/test-classes?week=${MONDAY}&amp;format=xlsx"`);

    const xlsx = await deputy.get(`/reports/test-classes?week=${MONDAY}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="classes-${MONDAY}.xlsx"`);
    expect(await xlsxTable(xlsx.rawPayload, 0, ['text', 'int', 'number', 'percent', 'date'])).toEqual(shown);

    const csv = await deputy.get(`/reports/test-classes?week=${MONDAY}&format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvRows(csv.rawPayload)).toEqual(shown);
    expect(shown.find((r) => r[0] === '5А')).toEqual(['5А', '5', '2,5', '45,5', ruDate(MONDAY)]);
  });
});
