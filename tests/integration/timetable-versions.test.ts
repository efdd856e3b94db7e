import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timetables, timetableSlots } from '../../src/modules/schedule/schema.ts';
import { slotsInForce } from '../../src/modules/schedule/timetable-queries.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { otherSchoolIds, timetableFixture, type Fixture } from './timetable-support.ts';

let t: TestApp;
let f: Fixture;
let deputy: Client;
let v1 = '';

const slotCount = async (timetableId: string) =>
  Number((await t.database.db.select({ n: count() }).from(timetableSlots).where(and(eq(timetableSlots.schoolId, f.schoolId), eq(timetableSlots.timetableId, timetableId))))[0]!.n);

async function add(c: Client, timetableId: string, fields: Record<string, string>) {
  await c.get(`/schedule/timetables/${timetableId}?class=${fields.classId}`);
  return c.post(`/schedule/timetables/${timetableId}/slots`, { weekday: '2', lessonNumber: '3', staffId: '', room: '', parity: '', ...fields });
}

beforeAll(async () => {
  t = await startTestApp();
  f = await timetableFixture(t.database.db);
  deputy = await loginAs(t.app, 'deputy');
  await deputy.get('/schedule/timetables');
  const res = await deputy.post('/schedule/timetables', { validFrom: '2026-09-01', note: '' });
  expect(res.statusCode).toBe(303);
  v1 = res.headers.location!.split('/').pop()!;
}, 120_000);
afterAll(async () => t?.close());

describe('timetable versions and slots', () => {
  it('lists the version and shows the class grid with the bell times of its shift', async () => {
    const list = await deputy.get('/schedule/timetables');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).toContain('01.09.2026');
    expect(navLabels(list.body)).toContain('Расписание');
    const grid = await deputy.get(`/schedule/timetables/${v1}?class=${f.c2b.id}`);
    expect(grid.statusCode).toBe(200);
    expect(mainText(grid.body)).toContain('13:30–14:15'); // 2Б is in the 2nd shift
  });

  it('adds a slot with the group teacher by default', async () => {
    const res = await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aMath, room: 'каб. 201' });
    expect(res.statusCode).toBe(303);
    const page = await deputy.get(res.headers.location!);
    expect(mainText(page.body)).toMatch(/Математика\s+Иванова М\. А\., каб\. 201/);
  });

  it('refuses the same teacher at the same time, naming the conflict, and writes nothing', async () => {
    const before = await slotCount(v1);
    const res = await add(deputy, v1, { classId: f.c5b.id, groupId: f.g5bMath });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Конфликт: учитель Иванова М. А. в это время ведёт 5А — Математика (вторник, 3 урок)');
    expect(await slotCount(v1)).toBe(before);
  });

  it('refuses the same room', async () => {
    const before = await slotCount(v1);
    const res = await add(deputy, v1, { classId: f.c5b.id, groupId: f.g5bMath, staffId: f.sokolov, room: 'КАБ. 201' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Конфликт: кабинет «201» в это время занят: 5А — Математика (вторник, 3 урок)');
    expect(await slotCount(v1)).toBe(before);
  });

  it('refuses the same class twice', async () => {
    const res = await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aHist });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Конфликт: у класса 5А в это время урок 5А — Математика (вторник, 3 урок)');
  });

  it('lets subgroups of one split run in parallel, but not with the whole class', async () => {
    expect((await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aEn1, lessonNumber: '4', room: '301' })).statusCode).toBe(303);
    expect((await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aEn2, lessonNumber: '4', room: '302' })).statusCode).toBe(303);
    const res = await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aHist, lessonNumber: '4' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('у класса 5А');
  });

  it('refuses a student in two places (elective vs the class lesson of a member)', async () => {
    expect((await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aHist, lessonNumber: '5' })).statusCode).toBe(303);
    const before = await slotCount(v1);
    const res = await add(deputy, v1, { classId: f.c5a.id, groupId: f.gChem, lessonNumber: '5' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Конфликт: обучающийся Морозов Дмитрий в это время на уроке 5А — История (вторник, 5 урок)');
    expect(await slotCount(v1)).toBe(before);
  });

  it('week A and week B of one teacher do not clash; every week clashes with both', async () => {
    expect((await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aMath, weekday: '3', lessonNumber: '1', parity: 'A' })).statusCode).toBe(303);
    expect((await add(deputy, v1, { classId: f.c5b.id, groupId: f.g5bMath, weekday: '3', lessonNumber: '1', parity: 'B' })).statusCode).toBe(303);
    const res = await add(deputy, v1, { classId: f.c5b.id, groupId: f.g5bMath, weekday: '3', lessonNumber: '1' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('учитель Иванова М. А.');
  });

  it('compares bell times across shifts: 2Б lesson 1 (13:30) meets shift-1 lesson 7 (14:20)? no; lesson 6 (13:25–14:10) yes', async () => {
    expect((await add(deputy, v1, { classId: f.c5a.id, groupId: f.g5aMath, weekday: '4', lessonNumber: '6', staffId: f.deputy })).statusCode).toBe(303);
    const res = await add(deputy, v1, { classId: f.c2b.id, groupId: f.g2bMath, weekday: '4', lessonNumber: '1' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('(четверг, 6 урок)');
    expect((await add(deputy, v1, { classId: f.c2b.id, groupId: f.g2bMath, weekday: '4', lessonNumber: '3' })).statusCode).toBe(303);
  });

  it('keeps the typed values and answers 422 for bad input', async () => {
    await deputy.get(`/schedule/timetables/${v1}?class=${f.c5a.id}`);
    const res = await deputy.post(`/schedule/timetables/${v1}/slots`, { classId: f.c5a.id, weekday: '9', lessonNumber: '1', groupId: 'x', room: 'каб. 999' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="каб. 999"');
  });

  it('a new version from a date copies the one in force and keeps the past', async () => {
    const before = await slotCount(v1);
    await deputy.get('/schedule/timetables');
    const res = await deputy.post('/schedule/timetables', { validFrom: '16.11.2026', note: 'после каникул' });
    expect(res.statusCode).toBe(303);
    const v2 = res.headers.location!.split('/').pop()!;
    expect(await slotCount(v2)).toBe(before);
    expect((await add(deputy, v2, { classId: f.c5a.id, groupId: f.g5aMath, weekday: '5', lessonNumber: '2' })).statusCode).toBe(303);
    expect(await slotCount(v2)).toBe(before + 1);
    expect(await slotCount(v1)).toBe(before);
    const inForce = await slotsInForce(t.database.db, { schoolId: f.schoolId, yearId: f.yearId });
    expect(inForce.map((v) => [v.validFrom, v.validUntil, v.slots.length])).toEqual([['2026-09-01', '2026-11-16', before], ['2026-11-16', null, before + 1]]);
    const del = await deputy.post(`/schedule/timetables/${v2}/slots/${inForce[1]!.slots[0]!.id}/delete`, { classId: f.c5a.id });
    expect(del.statusCode).toBe(303);
    expect(await slotCount(v2)).toBe(before);
    expect(await slotCount(v1)).toBe(before);
  });

  it.each([
    ['2026-08-31', 'внутри учебного года'],
    ['2026-09-01', 'уже есть'],
    ['31.02.2027', 'ДД.ММ.ГГГГ'],
  ])('refuses a version from %s', async (validFrom, message) => {
    await deputy.get('/schedule/timetables');
    const n = (await t.database.db.select({ n: count() }).from(timetables).where(eq(timetables.schoolId, f.schoolId)))[0]!.n;
    const res = await deputy.post('/schedule/timetables', { validFrom });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(message);
    expect((await t.database.db.select({ n: count() }).from(timetables).where(eq(timetables.schoolId, f.schoolId)))[0]!.n).toBe(n);
  });
});

describe('access', () => {
  it.each([['teacher', 403], ['classteacher', 403], ['parent', 403], ['student', 403], ['secretary', 200], ['admin', 200]])('%s GET /schedule/timetables → %i', async (login, status) => {
    const c = await loginAs(t.app, login);
    const res = await c.get('/schedule/timetables');
    expect(res.statusCode).toBe(status);
    if (login === 'secretary') expect(res.body).not.toContain('Создать версию');
  });

  it.each(['secretary', 'teacher', 'parent'])('%s may not add a slot or create a version', async (login) => {
    const c = await loginAs(t.app, login);
    await c.get('/');
    expect((await c.post(`/schedule/timetables/${v1}/slots`, { classId: f.c5a.id, weekday: '1', lessonNumber: '1', groupId: f.g5aMath })).statusCode).toBe(403);
    expect((await c.post('/schedule/timetables', { validFrom: '2027-01-11' })).statusCode).toBe(403);
  });

  it('another school\'s ids and malformed ids answer 404', async () => {
    const other = await otherSchoolIds(t.database.db);
    expect((await deputy.get(`/schedule/timetables/${other.timetableId}`)).statusCode).toBe(404);
    expect((await deputy.get('/schedule/timetables/not-a-uuid')).statusCode).toBe(404);
    expect((await deputy.get(`/schedule/timetables/${v1}?class=${other.classId}`)).statusCode).toBe(404);
    await deputy.get(`/schedule/timetables/${v1}`);
    expect((await deputy.post(`/schedule/timetables/${other.timetableId}/slots`, { classId: f.c5a.id, weekday: '1', lessonNumber: '1', groupId: f.g5aMath })).statusCode).toBe(404);
    expect((await deputy.post(`/schedule/timetables/${v1}/slots/${other.timetableId}/delete`, {})).statusCode).toBe(404);
  });
});
