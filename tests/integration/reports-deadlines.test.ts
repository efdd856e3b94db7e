// The regulations' deadlines (/reports/deadlines) on a hand-built school (today: Monday 23 Nov 2026): lessons of 5А maths
// with what each lacks, a substituted and a cancelled lesson, an absence still within its 2 working days and one long
// past them, homework written late (from the audit trail), quarter 1 without period marks, families never informed.
// The deputy sees every count; the teacher and the class teacher only what they must fix; others 403; another school 404.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance } from '../../src/modules/journal/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { pageTable, xlsxTable } from './reports-support.ts';

let t: TestApp;
let s: BuiltSchool;
let other: BuiltSchool;
const as = (login: string) => loginAs(t.app, login, FIXTURE_PASSWORD);

async function lesson(groupId: string, staffId: string, date: string, n: number, fill: { topic?: string; homework?: string; taken?: boolean }) {
  const [row] = await t.database.db.insert(lessons).values({
    schoolId: s.schoolId, groupId, staffId, date, lessonNumber: n, topic: fill.topic ?? null, homework: fill.homework ?? null,
    attendanceTakenAt: fill.taken ? new Date(`${date}T09:00:00+03:00`) : null,
  }).returning({ id: lessons.id });
  return row!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  s = await buildSmallSchool(t.database, 'dl');
  other = await buildSmallSchool(t.database, 'dl2');
  const db = t.database.db;
  const [maths] = await db.select({ id: subjects.id }).from(subjects).where(and(eq(subjects.schoolId, s.schoolId), eq(subjects.name, 'Русский язык')));
  const [g] = await db.insert(teachingGroups).values({ schoolId: s.schoolId, yearId: s.yearId, subjectId: maths!.id, kind: 'class', classId: s.classes.get('5А')!, name: '5А Русский язык' })
    .returning({ id: teachingGroups.id });
  const teacher = s.staff.get('teacher')!;
  const ct = s.staff.get('ct')!;
  await db.insert(groupTeachers).values({ schoolId: s.schoolId, groupId: g!.id, staffId: teacher, startsOn: '2026-09-01' });
  const full = await lesson(g!.id, teacher, '2026-11-20', 1, { topic: 'Имя существительное', homework: 'Упр. 12', taken: true });
  await lesson(g!.id, teacher, '2026-11-20', 2, {}); // nothing: topic, homework, attendance
  const cancelled = await lesson(g!.id, teacher, '2026-11-19', 1, {});
  const substituted = await lesson(g!.id, teacher, '2026-11-18', 1, { taken: true });
  const october = await lesson(g!.id, teacher, '2026-10-14', 1, { homework: 'Упр. 3', taken: true });
  await db.insert(substitutions).values([
    { schoolId: s.schoolId, lessonId: cancelled, kind: 'cancelled', reason: 'Карантин' },
    { schoolId: s.schoolId, lessonId: substituted, kind: 'teacher', substituteStaffId: ct, reason: 'Болезнь' },
  ]);
  const pupil = s.students.get('5А-1')!;
  await db.insert(attendance).values([
    { schoolId: s.schoolId, lessonId: full, studentId: pupil, kind: 'absent' }, // Fri 20 Nov: reason due Tue 24 Nov
    { schoolId: s.schoolId, lessonId: october, studentId: pupil, kind: 'absent' },
  ]);
  // The homework of the full lesson was first written at 21:00, long after its end + 4 hours.
  await db.insert(auditEvents).values({ schoolId: s.schoolId, entity: 'lesson', entityId: full, action: 'update', at: new Date('2026-11-20T21:00:00+03:00'),
    oldValue: { homework: null }, newValue: { homework: 'Упр. 12' } });
}, 240_000);
afterAll(async () => { await t?.close(); });

const counts = (html: string) => Object.fromEntries(pageTable(html, 'summary').slice(1).map((r) => [r[0], Number(r[2])]));

describe('/reports/deadlines', () => {
  it('the deputy: every deadline with its count now, the list with who must act', async () => {
    const res = await (await as('dl-deputy')).get('/reports/deadlines');
    expect(res.statusCode).toBe(200);
    expect(counts(res.body)).toEqual({
      'Тема урока': 2, 'Домашнее задание': 3, 'Посещаемость': 1, 'Отметки за урок': 0, 'Отметки за письменные работы': 0,
      'Итоговые отметки за период': 1, 'Причины пропусков': 1, 'Темы и задания за месяц': 1, 'Число контрольных работ': 0,
      'Приказы по движению': 0, 'Учётные записи новых обучающихся и сотрудников': 0, 'Информирование родителей': 6, 'Всего': 15,
    });
    const list = pageTable(res.body, 'list');
    const homework = list.filter((r) => r[0] === 'Домашнее задание');
    expect(homework.map((r) => r[8]).sort()).toEqual(['Классов К. (учитель)', 'Учителева У. (учитель)', 'Учителева У. (учитель)']);
    expect(homework.some((r) => r[1] === 'записано 21:00' && r[6]!.endsWith(' ч'))).toBe(true);
    const absence = list.find((r) => r[0] === 'Причины пропусков')!;
    expect(absence.slice(2, 6)).toEqual(['5А', 'Ученик01 Пётр', '14.10.2026', '16.10.2026']);
    expect(absence[8]).toBe('Классов К. (классный руководитель)');
    expect(list.find((r) => r[0] === 'Темы и задания за месяц')!.slice(1, 7)).toEqual(['нет темы', '5А', '5А Русский язык, 1-й урок', '14.10.2026', '08.11.2026', '15 дн.']);
  });

  it('a teacher sees only what they must fix (not the substituted lesson), the class teacher theirs', async () => {
    const teacher = await (await as('dl-teacher')).get('/reports/deadlines');
    expect(teacher.statusCode).toBe(200);
    const c = counts(teacher.body);
    expect(c).toMatchObject({ 'Тема урока': 1, 'Домашнее задание': 2, 'Посещаемость': 1, 'Итоговые отметки за период': 1, 'Темы и задания за месяц': 1, 'Всего': 6 });
    expect(c['Причины пропусков']).toBeUndefined();
    const ct = counts((await (await as('dl-ct')).get('/reports/deadlines')).body);
    expect(ct).toMatchObject({ 'Тема урока': 1, 'Домашнее задание': 1, 'Причины пропусков': 1, 'Информирование родителей': 3, 'Всего': 6 });
  });

  it('?kind= narrows the list; the XLSX holds the page\'s summary and list', async () => {
    const deputy = await as('dl-deputy');
    const page = await deputy.get('/reports/deadlines?kind=parents');
    const list = pageTable(page.body, 'list');
    expect(list.slice(1).every((r) => r[0] === 'Информирование родителей')).toBe(true);
    expect(list.length - 1).toBe(6);
    const xlsx = await deputy.get('/reports/deadlines?kind=parents&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(await xlsxTable(xlsx.rawPayload, 0, ['text', 'text', 'int', 'text', 'text'])).toEqual(pageTable(page.body, 'summary'));
    expect(await xlsxTable(xlsx.rawPayload, 1, ['text', 'text', 'text', 'text', 'date', 'date', 'text', 'int', 'text'])).toEqual(list);
    expect((await deputy.get('/reports/deadlines?kind=nonsense')).statusCode).toBe(422);
  });

  it.each(['dl-parent', 'dl-student', 'dl-secretary'])('%s gets 403', async (login) => {
    expect((await (await as(login)).get('/reports/deadlines')).statusCode).toBe(403);
  });

  it('another school\'s class answers 404', async () => {
    expect((await (await as('dl-deputy')).get(`/reports/deadlines?class=${other.classes.get('5А')}`)).statusCode).toBe(404);
  });
});

describe('the deputy\'s home page', () => {
  it('shows the counts with links to the lists', async () => {
    const home = await (await as('dl-deputy')).get('/');
    expect(home.body).toContain('Сроки по положению</a>: 15 нарушений');
    expect(home.body).toContain('href="/reports/deadlines?kind=parents#t-list">Информирование родителей: 6</a>');
  });
});

describe('the 1st grade', () => {
  it('gets no marks, so no period mark is due there: the demo (quarter 1 closed in grades 2–11, no marks in 1А/1Б) has none missing', async () => {
    const page = await (await loginAs(t.app, 'deputy')).get('/reports/deadlines?kind=periodMarks'); // the demo's deputy
    expect(page.statusCode).toBe(200);
    expect(counts(page.body)['Итоговые отметки за период']).toBe(0);
  });
});
