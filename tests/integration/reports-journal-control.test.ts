// The weekly journal-filling control on a small hand-built school (reports-journal-control-support.ts), week of
// 16.11.2026, today 23.11. Worked out by hand:
//   Учителева (teacher): 5А математика — Mon 16 filled, a mark entered 17.11 00:30 Moscow (late), an absence without a
//     reason (deadline: Tue 17, Wed 18 off, Thu 19 → overdue); Tue 17 empty (topic, homework, attendance); Wed 18
//     cancelled (not counted); Thu 19 given by Классов (his); Mon 23 today (not due). Q1 marks: 1 of 3 missing.
//     5Б математика — Thu 19 absence without reason (Fri 20, Sat 21 transferred → overdue), one with a reason; Fri 20
//     absence (Sat 21, Mon 23 → not yet). → held 4: topic 1, homework 1, attendance 1, late 1, control 0, period 1, reasons 2 = 7.
//   Классов (ct): Thu 19 substitution without topic (1); 5А литература Tue 17 filled («без задания»), Q1 marks 3 missing → held 2, total 4.
//   The week before: Mon 09.11 without topic (1), a control mark on day 8 (1), period marks still missing (1 + 3) → 3 and 3.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { schoolOf } from './journal-support.ts';
import { buildJcSchool, type JcSchool } from './reports-journal-control-support.ts';
import { csvRows, pageLinks, pageTable, xlsxTable } from './reports-support.ts';

let t: TestApp;
let s: JcSchool;
let deputy: Client;
let teacher: Client;
let ct: Client;
const URL = '/reports/journal-control?week=2026-11-18';
const HEAD = ['Уроков', 'Без темы', 'Без д/з', 'Посещаемость не отмечена', 'Отметки позже дня урока', 'Отметки за к/р позже срока',
  'Итоговые не выставлены', 'Пропуски без причины', 'Всего', 'Прошлая неделя'];

beforeAll(async () => {
  t = await startTestApp();
  s = await buildJcSchool(t.database);
  deputy = await loginAs(t.app, 'jc-deputy', FIXTURE_PASSWORD);
  teacher = await loginAs(t.app, 'jc-teacher', FIXTURE_PASSWORD);
  ct = await loginAs(t.app, 'jc-ct', FIXTURE_PASSWORD);
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('the deputy: the whole school', () => {
  it('per teacher, per teacher and group, per class, and the week against the previous one', async () => {
    const res = await deputy.get(URL);
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('16.11.2026 — 21.11.2026');
    expect(pageTable(res.body, 'teachers')).toEqual([
      ['Учитель', ...HEAD],
      ['Классов К.', '2', '1', '0', '0', '0', '0', '3', '0', '4', '3'],
      ['Учителева У.', '4', '1', '1', '1', '1', '0', '1', '2', '7', '3'],
    ]);
    expect(pageTable(res.body, 'groups')).toEqual([
      ['Учитель', 'Группа', ...HEAD],
      ['Классов К.', '5А литература', '1', '0', '0', '0', '0', '0', '3', '0', '3', '3'],
      ['Классов К.', '5А математика', '1', '1', '0', '0', '0', '0', '0', '0', '1', '0'],
      ['Учителева У.', '5А математика', '2', '1', '1', '1', '1', '0', '1', '1', '6', '3'],
      ['Учителева У.', '5Б математика', '2', '0', '0', '0', '0', '0', '0', '1', '1', '0'],
    ]);
    expect(pageTable(res.body, 'classes')).toEqual([
      ['Класс', ...HEAD],
      ['5А', '4', '2', '1', '1', '1', '0', '4', '1', '10', '6'],
      ['5Б', '2', '0', '0', '0', '0', '0', '0', '1', '1', '0'],
    ]);
    expect(pageTable(res.body, 'summary')).toEqual([
      ['Что не заполнено', 'Эта неделя', 'Прошлая неделя'],
      ['Без темы', '2', '1'], ['Без д/з', '1', '0'], ['Посещаемость не отмечена', '1', '0'], ['Отметки позже дня урока', '1', '0'],
      ['Отметки за к/р позже срока', '0', '1'], ['Итоговые не выставлены', '4', '4'], ['Пропуски без причины', '2', '0'], ['Всего', '11', '6'],
    ]);
  });

  it('draws a bar per teacher of the week\'s missing entries', async () => {
    const svg = /<svg class="bar-chart"[\s\S]*?<\/svg>/.exec((await deputy.get(URL)).body)![0];
    expect((svg.match(/<rect class="bar/g) ?? [])).toHaveLength(2);
    expect(svg).toContain('Учителева У.: 7 шт.');
    expect(svg).toContain('Классов К.: 4 шт.');
  });

  it('each count links to the lessons it counts', async () => {
    const res = await deputy.get(URL);
    const links = pageLinks(res.body, 'teachers');
    const topicOfTeacher = links[1]![2]!; // Учителева, «Без темы»
    expect(topicOfTeacher).toBe(`/reports/journal-control/lessons?week=2026-11-16&teacher=${s.teacher}&kind=topic`);
    const list = await deputy.get(topicOfTeacher);
    expect(list.statusCode).toBe(200);
    expect(pageTable(list.body, 'lessons').slice(1)).toEqual([['17.11.2026', '2-й урок', '5А', '5А математика', 'Учителева У.', 'Без темы', '1']]);
    expect(list.body).toContain(`href="/journal/lessons/${s.l2}"`);
    const reasons = await deputy.get(`/reports/journal-control/lessons?week=2026-11-16&kind=absenceReasons`);
    expect(pageTable(reasons.body, 'lessons').slice(1).map((r) => r[0])).toEqual(['16.11.2026', '19.11.2026']);
    const substituted = await deputy.get(`/reports/journal-control/lessons?week=2026-11-16&teacher=${s.ct}&group=${s.g1}`);
    expect(pageTable(substituted.body, 'lessons').slice(1)).toEqual([['19.11.2026', '1-й урок', '5А', '5А математика', 'Классов К.', 'Без темы', '1']]);
    expect(links[1]![1]).toBeNull(); // «Уроков» is not a count of missing things
    const periods = await deputy.get(`/reports/journal-control/lessons?week=2026-11-16&kind=periodMarks&group=${s.g3}`);
    expect(pageTable(periods.body, 'lessons').slice(1)).toEqual([['24.10.2026', 'итоговые: 1 четверть', '5А', '5А литература', 'Классов К.', 'Итоговые не выставлены', '3']]);
    expect(periods.body).toContain(`href="/journal/groups/${s.g3}/period-marks?period=${s.schemes.get('quarters')!.periodIds[0]}"`);
  });

  it('exports the same rows: the XLSX (opened with exceljs) and the CSV match the page', async () => {
    const page = pageTable((await deputy.get(URL)).body, 'groups');
    const xlsx = await deputy.get(`${URL}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const kinds = ['text', 'text', ...Array(10).fill('int')];
    expect(await xlsxTable(xlsx.rawPayload, 2, kinds)).toEqual(page);
    const summary = pageTable((await deputy.get(URL)).body, 'summary');
    expect(csvRows((await deputy.get(`${URL}&format=csv`)).rawPayload)).toEqual(summary);
  });
});

describe('a teacher and a class teacher: their own line', () => {
  it('the teacher sees only her lessons', async () => {
    const res = await teacher.get(URL);
    expect(res.statusCode).toBe(200);
    expect(pageTable(res.body, 'teachers').slice(1).map((r) => r[0])).toEqual(['Учителева У.']);
    expect(pageTable(res.body, 'groups').slice(1).map((r) => r[1])).toEqual(['5А математика', '5Б математика']);
    expect(pageTable(res.body, 'summary').at(-1)).toEqual(['Всего', '7', '3']);
    expect(mainText(res.body)).not.toContain('Классов');
  });

  it('the class teacher sees only his own line, and no one else\'s lessons in the detail list', async () => {
    const res = await ct.get(URL);
    expect(pageTable(res.body, 'teachers').slice(1)).toEqual([['Классов К.', '2', '1', '0', '0', '0', '0', '3', '0', '4', '3']]);
    const list = await ct.get('/reports/journal-control/lessons?week=2026-11-16&kind=topic');
    expect(pageTable(list.body, 'lessons').slice(1).map((r) => r[4])).toEqual(['Классов К.']);
    expect((await ct.get(`/reports/journal-control?week=2026-11-16&teacher=${s.teacher}`)).statusCode).toBe(404);
  });
});

describe('refusals', () => {
  it.each(['jc-parent', 'jc-student', 'jc-secretary'])('%s → 403 on the report and on its list', async (login) => {
    const c = await loginAs(t.app, login, FIXTURE_PASSWORD);
    expect((await c.get(URL)).statusCode).toBe(403);
    expect((await c.get('/reports/journal-control/lessons?week=2026-11-16')).statusCode).toBe(403);
  });

  it('another school\'s teacher, class or group → 404', async () => {
    const demo = await schoolOf(t.database.db, 'deputy');
    const [otherTeacher] = await t.database.db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, demo)).limit(1);
    const [otherClass] = await t.database.db.select({ id: schoolClasses.id }).from(schoolClasses).where(eq(schoolClasses.schoolId, demo)).limit(1);
    const [otherGroup] = await t.database.db.select({ id: teachingGroups.id }).from(teachingGroups).where(and(eq(teachingGroups.schoolId, demo))).limit(1);
    expect((await deputy.get(`${URL}&teacher=${otherTeacher!.id}`)).statusCode).toBe(404);
    expect((await deputy.get(`${URL}&class=${otherClass!.id}`)).statusCode).toBe(404);
    expect((await deputy.get(`/reports/journal-control/lessons?week=2026-11-16&group=${otherGroup!.id}`)).statusCode).toBe(404);
  });

  it('a bad week, kind or group → 422 with a Russian message', async () => {
    for (const url of ['/reports/journal-control?week=32.13.2026', '/reports/journal-control/lessons?kind=всё', '/reports/journal-control/lessons?group=7']) {
      const res = await deputy.get(url);
      expect(res.statusCode, url).toBe(422);
      expect(mainText(res.body)).toMatch(/указана неверно|неверна/);
    }
  });
});

describe('the demo school has something to find (seed/demo-report-gaps.ts)', () => {
  it('last week: forgotten homework, a week of absences without a reason, a late mark; the week before: a late control mark', async () => {
    const demoDeputy = await loginAs(t.app, 'deputy');
    const res = await demoDeputy.get('/reports/journal-control?week=2026-11-16');
    expect(res.statusCode).toBe(200);
    const summary = new Map(pageTable(res.body, 'summary').slice(1).map((r) => [r[0], { now: Number(r[1]), prev: Number(r[2]) }]));
    expect(summary.get('Без д/з')!.now).toBeGreaterThan(0);
    expect(summary.get('Отметки позже дня урока')!.now).toBeGreaterThan(0);
    expect(summary.get('Отметки за к/р позже срока')!.prev).toBeGreaterThan(0);
    // The 6Б student away Monday to Saturday: the absences of Mon–Wed are past their 2 working days on Monday 23.11.
    const sixB = pageTable(res.body, 'classes').find((r) => r[0] === '6Б')!;
    expect(Number(sixB[8])).toBeGreaterThanOrEqual(10);
    const russian = pageTable(res.body, 'groups').filter((r) => r[1]!.startsWith('6Б') && r[1]!.includes('Русский язык'));
    expect(russian.some((r) => Number(r[4]) > 0)).toBe(true); // «Без д/з» of the forgetful teacher
  });
});
