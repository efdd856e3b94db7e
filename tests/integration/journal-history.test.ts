// GET /journal/history: a mark cell's history (marks and attendance of the lesson's student) and a period mark's history:
// who (name, login), role, when (Moscow time), from → to, reason; the deputy's reopenings of the lesson or the period in
// order with the changes; who may open it and who gets 403 / 404.
import { and, desc, eq, gte, isNull, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { getGroupHead } from '../../src/modules/journal/grid-queries.ts';
import { periodMarks } from '../../src/modules/journal/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { addDays, ruDate, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { otherSchoolIds } from './journal-period-support.ts';
import { clearLesson, demoGroup, rosterIds, schoolOf } from './journal-support.ts';

let t: TestApp;
let school: string;
let group: string;
let lesson: { id: string; date: string };
let students: string[];
let q1: string;
let q2: string;
let other: { groupId: string; lessonId: string; studentId: string };
let teacher: Client;
let deputy: Client;
const today = todayIso();
const db = () => t.database.db;
const cellUrl = (lessonId: string, studentId: string, column = 1) => `/journal/history?lesson=${lessonId}&student=${studentId}&column=${column}`;
const lines = (html: string) => [...html.matchAll(/<tr data-history-line>([\s\S]*?)<\/tr>/g)].map((m) => mainText(m[1]!));
const DEPUTY = 'Кузнецова Елена Викторовна (deputy) заместитель директора, учитель';
const TEACHER = 'Иванова Мария Александровна (teacher) учитель';
const cell = (lessonId: string, studentId: string, value: string, was = '', extra: Record<string, unknown> = {}) =>
  ({ lessonId, studentId, column: 1, value, was, ...extra });

/** A lesson of a group without a substitution: the latest within the edit window. */
async function recentLesson(groupId: string) {
  const [l] = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, groupId), lte(lessons.date, today), gte(lessons.date, addDays(today, -9)), isNull(substitutions.id)))
    .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(1);
  return l!;
}

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5А', 'Математика');
  lesson = await recentLesson(group);
  await clearLesson(db(), school, lesson.id);
  students = await rosterIds(db(), school, group, lesson.date);
  const periods = (await getGroupHead(db(), { schoolId: school, groupId: group }))!.periods;
  q1 = periods.find((p) => p.name === '1 четверть')!.id;
  q2 = periods.find((p) => p.name === '2 четверть')!.id;
  other = await otherSchoolIds(db(), await schoolOf(db(), 'admin2'), today);
  teacher = await loginAs(t.app, 'teacher');
  deputy = await loginAs(t.app, 'deputy');
  // The teacher types 5, changes it to 4, then «н»; the deputy makes it 3 with a reason.
  await teacher.get(`/journal/groups/${group}`);
  const s = students[0]!;
  for (const [value, was] of [['5', ''], ['4', '5'], ['н', '4']] as const) {
    expect((await teacher.json('/journal/cells', cell(lesson.id, s, value, was))).statusCode).toBe(200);
  }
  await deputy.get(`/journal/groups/${group}`);
  expect((await deputy.json('/journal/cells', cell(lesson.id, s, '3', 'н', { reason: 'Ученик был на уроке, ошибка ввода' }))).statusCode).toBe(200);
}, 240_000); // the demo school with its journal: slow when the machine is busy
afterAll(async () => { await t?.close(); });

describe('a mark cell', () => {
  it('lists who changed it, when (Moscow time), from what to what and why', async () => {
    const res = await teacher.get(cellUrl(lesson.id, students[0]!));
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('История изменений');
    expect(mainText(res.body)).toContain(`Урок ${ruDate(lesson.date)}`);
    const l = lines(res.body);
    expect(l).toHaveLength(6);
    // Audit rows carry the real moment of the save (the tests' app clock is pinned to a day of the demo year).
    const when = new RegExp(`^${ruDate(todayIso(new Date())).replace(/\./g, '\\.')} \\d{2}:\\d{2} `);
    for (const line of l) expect(line).toMatch(when);
    const rest = l.map((x) => x.replace(when, ''));
    expect(rest[0]).toBe('Иванова Мария Александровна (teacher) учитель отметка — 5');
    expect(rest[1]).toBe('Иванова Мария Александровна (teacher) учитель отметка 5 4');
    // «н» typed over 4: the attendance row and the mark row of the same save.
    expect(rest.slice(2, 4).sort()).toEqual([
      'Иванова Мария Александровна (teacher) учитель отметка 4 —',
      'Иванова Мария Александровна (teacher) учитель посещаемость — н',
    ]);
    expect(rest.slice(4).sort()).toEqual([
      'Кузнецова Елена Викторовна (deputy) заместитель директора, учитель отметка — 3 Ученик был на уроке, ошибка ввода',
      'Кузнецова Елена Викторовна (deputy) заместитель директора, учитель посещаемость н — Ученик был на уроке, ошибка ввода',
    ]);
  });

  it('an untouched cell has no history; another column shows only the attendance', async () => {
    expect(mainText((await teacher.get(cellUrl(lesson.id, students[1]!))).body)).toContain('Изменений не было.');
    const col2 = lines((await teacher.get(cellUrl(lesson.id, students[0]!, 2))).body);
    expect(col2.every((x) => x.includes('посещаемость'))).toBe(true);
    expect(col2).toHaveLength(2);
  });

  it('the deputy, the admin and the class teacher of 5А open it', async () => {
    for (const c of [deputy, await loginAs(t.app, 'admin'), await loginAs(t.app, 'classteacher')]) {
      const res = await c.get(cellUrl(lesson.id, students[0]!));
      expect(res.statusCode).toBe(200);
      expect(lines(res.body)).toHaveLength(6);
    }
  });

  it('another teacher gets 404; the substitute of that lesson may open it', async () => {
    const russian9 = await demoGroup(db(), school, '9А', 'Русский язык');
    const l9 = await recentLesson(russian9);
    const s9 = (await rosterIds(db(), school, russian9, l9.date))[0]!;
    expect((await teacher.get(cellUrl(l9.id, s9))).statusCode).toBe(404);
    const ct = await loginAs(t.app, 'classteacher');
    const maths6 = await demoGroup(db(), school, '6А', 'Математика');
    const l6 = await recentLesson(maths6);
    expect((await ct.get(cellUrl(l6.id, (await rosterIds(db(), school, maths6, l6.date))[0]!))).statusCode).toBe(404);
    const [me] = await db().select({ staffId: memberships.staffId }).from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(accounts.login, 'teacher'), eq(memberships.schoolId, school)));
    await db().insert(substitutions).values({ schoolId: school, lessonId: l9.id, kind: 'teacher', substituteStaffId: me!.staffId, reason: 'болезнь' });
    expect((await teacher.get(cellUrl(l9.id, s9))).statusCode).toBe(200);
  });

  it.each(['parent', 'student', 'secretary'])('%s: 403', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(cellUrl(lesson.id, students[0]!))).statusCode).toBe(403);
  });

  it('another school\'s ids, wrong and malformed parameters: 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(cellUrl(lesson.id, students[0]!))).statusCode).toBe(404);
    expect((await deputy.get(cellUrl(other.lessonId, other.studentId))).statusCode).toBe(404);
    expect((await deputy.get(cellUrl(lesson.id, other.studentId))).statusCode).toBe(404);
    expect((await deputy.get(cellUrl(lesson.id, students[0]!, 6))).statusCode).toBe(404);
    expect((await deputy.get(cellUrl('not-a-uuid', students[0]!))).statusCode).toBe(404);
    expect((await deputy.get('/journal/history')).statusCode).toBe(404);
    expect((await deputy.get(`/journal/history?lesson=${lesson.id}&lesson=${lesson.id}&student=${students[0]}&column=1`)).statusCode).toBe(404);
  });

  it('shows the deputy reopening the lesson: who, until when, why', async () => {
    await deputy.get(`/journal/lessons/${lesson.id}`);
    const until = addDays(today, 2);
    expect((await deputy.post(`/journal/lessons/${lesson.id}/reopen`, { reason: 'Урок перенесён', until })).statusCode).toBe(303);
    const l = lines((await teacher.get(cellUrl(lesson.id, students[0]!))).body).map((x) => x.replace(/^\S+ \S+ /, ''));
    expect(l).toHaveLength(7);
    expect(l.at(-1)).toBe(`${DEPUTY} урок открыт для учителя — до ${ruDate(until)} включительно Урок перенесён`);
  });
});

describe('a period mark', () => {
  const url = (studentId: string, kind = 'period', period: string | null = q2) =>
    `/journal/history?group=${group}&student=${studentId}&kind=${kind}${period ? `&period=${period}` : ''}`;

  it('lists its changes, linked from the period-marks page', async () => {
    const s = students[1]!;
    const page = await teacher.get(`/journal/groups/${group}/period-marks?period=${q2}`);
    expect(page.body).toContain(url(s).replace(/&/g, '&amp;'));
    expect((await teacher.post(`/journal/groups/${group}/period-marks?period=${q2}`, { [`v:${s}:period`]: '4', [`w:${s}:period`]: '' })).statusCode).toBe(303);
    await teacher.get(`/journal/groups/${group}/period-marks?period=${q2}`);
    expect((await teacher.post(`/journal/groups/${group}/period-marks?period=${q2}`, { [`v:${s}:period`]: 'н/а', [`w:${s}:period`]: '4' })).statusCode).toBe(303);
    const res = await teacher.get(url(s));
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Итоговая отметка: 2 четверть');
    const l = lines(res.body).map((x) => x.replace(/^\S+ \S+ /, ''));
    expect(l).toEqual([
      'Иванова Мария Александровна (teacher) учитель итоговая отметка — 4',
      'Иванова Мария Александровна (teacher) учитель итоговая отметка 4 н/а',
    ]);
    expect((await deputy.get(url(s))).statusCode).toBe(200);
    expect((await (await loginAs(t.app, 'classteacher')).get(url(s))).statusCode).toBe(200);
  });

  it('shows the deputy reopening the closed period (who, until when, why) in order with the mark changes', async () => {
    const s = students[2]!;
    const pmUrl = `/journal/groups/${group}/period-marks?period=${q1}`;
    const [pm] = await db().select({ value: periodMarks.value }).from(periodMarks).where(and(eq(periodMarks.schoolId, school),
      eq(periodMarks.groupId, group), eq(periodMarks.studentId, s), eq(periodMarks.kind, 'period'), eq(periodMarks.periodId, q1)));
    const was = pm?.value ?? '';
    const next = was === '3' ? '4' : '3';
    await teacher.get(pmUrl);
    expect((await teacher.post(pmUrl, { [`v:${s}:period`]: next, [`w:${s}:period`]: was })).statusCode).toBe(403);
    await deputy.get(pmUrl);
    const reason = 'Ученик пересдал после болезни';
    expect((await deputy.post(`/journal/groups/${group}/reopen`, { period: q1, reason, until: '' })).statusCode).toBe(303);
    await teacher.get(pmUrl);
    expect((await teacher.post(pmUrl, { [`v:${s}:period`]: next, [`w:${s}:period`]: was })).statusCode).toBe(303);
    const l = lines((await deputy.get(url(s, 'period', q1))).body).map((x) => x.replace(/^\S+ \S+ /, ''));
    expect(l.slice(-2)).toEqual([
      `${DEPUTY} период открыт для учителя — до ${ruDate(addDays(today, 3))} включительно ${reason}`,
      `${TEACHER} итоговая отметка ${was || '—'} ${next}`,
    ]);
    // Another period's history does not show this reopening.
    expect(lines((await deputy.get(url(s))).body).some((x) => x.includes('открыт'))).toBe(false);
  });

  it('year marks have their own history; wrong combinations, other teachers and other schools: 404', async () => {
    const s = students[1]!;
    expect((await teacher.get(url(s, 'year', null))).statusCode).toBe(200);
    expect((await teacher.get(url(s, 'period', null))).statusCode).toBe(404);
    expect((await teacher.get(url(s, 'year', q2))).statusCode).toBe(404);
    expect((await teacher.get(url(s, 'weekly', q2))).statusCode).toBe(404);
    expect((await teacher.get(url(s, 'period', '00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
    const ct = await loginAs(t.app, 'classteacher');
    const maths6 = await demoGroup(db(), school, '6А', 'Математика');
    expect((await ct.get(`/journal/history?group=${maths6}&student=${s}&kind=year`)).statusCode).toBe(404);
    expect((await deputy.get(`/journal/history?group=${other.groupId}&student=${other.studentId}&kind=year`)).statusCode).toBe(404);
    expect((await deputy.get(url(other.studentId))).statusCode).toBe(404);
    expect((await (await loginAs(t.app, 'admin2')).get(url(s))).statusCode).toBe(404);
    expect((await (await loginAs(t.app, 'parent')).get(url(s))).statusCode).toBe(403);
  });
});
