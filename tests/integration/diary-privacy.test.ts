// Privacy of the diary: a parent reads only their own children, a student only themself. Every diary route with another
// child's id, a malformed id or school 2's ids → 404; staff roles → 403 (the diary is for families); a student never
// reaches the journal; no page shows the other child's data. Bad weeks and dates far outside the year → a message, never
// a 500. A child in another school of the account: listed with a button that switches the school.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { childInSchool2, member, someStudentOf, studentByFile } from './diary-pages-support.ts';
import { demoGroup } from './journal-support.ts';

let t: TestApp;
const db = () => t.database.db;
let school1: string;
let school2: string;
let dmitry: string;
let alisa: string;
let stranger: string;
let school2Student: string;
let parent: Client;
let student: Client;
const today = todayIso();
const WEEK = '2026-11-16';

/** Every GET page of a child's diary. */
const pages = (id: string) => [
  `/diary/${id}`, `/diary/${id}?week=${WEEK}`, `/diary/${id}/marks`, `/diary/${id}/marks/year`, `/diary/${id}/homework`,
  `/diary/${id}/attendance`, `/diary/${id}/timetable`,
];

beforeAll(async () => {
  t = await startTestApp();
  school1 = (await member(db(), 'parent')).schoolId;
  school2 = (await member(db(), 'admin2')).schoolId;
  dmitry = await studentByFile(db(), school1, 'М-0001');
  alisa = await studentByFile(db(), school1, 'М-0002');
  stranger = await someStudentOf(db(), school1, '5Б', today);
  school2Student = await someStudentOf(db(), school2, '5А', today);
  parent = await loginAs(t.app, 'parent');
  student = await loginAs(t.app, 'student');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('another child, a malformed id, another school', () => {
  it('a parent: another family\'s child, a malformed id and a school 2 child → 404 on every diary route', async () => {
    for (const id of [stranger, 'not-a-uuid', '00000000-0000-0000-0000-000000000000', school2Student]) {
      for (const url of pages(id)) expect((await parent.get(url)).statusCode, url).toBe(404);
      await parent.get(`/diary/${dmitry}`);
      expect((await parent.post(`/diary/${id}/acknowledge`, { week: WEEK })).statusCode, id).toBe(404);
    }
  });

  it('a student: his sister\'s diary and anyone else\'s → 404; his own → 200', async () => {
    for (const id of [alisa, stranger, school2Student]) {
      for (const url of pages(id)) expect((await student.get(url)).statusCode, url).toBe(404);
    }
    for (const url of pages(dmitry)) expect((await student.get(url)).statusCode, url).toBe(200);
  });

  it('a student never reaches the journal (403)', async () => {
    const group = await demoGroup(db(), school1, '5А', 'Математика');
    for (const url of ['/journal', `/journal/groups/${group}`, `/journal/groups/${group}/period-marks`, '/journal/classes/attendance']) {
      expect((await student.get(url)).statusCode, url).toBe(403);
    }
    expect((await student.get('/diary')).body).not.toContain('href="/journal"');
  });

  it('staff roles (teacher, class teacher, deputy, admin, secretary, admin2) → 403 on every diary route', async () => {
    for (const login of ['teacher', 'classteacher', 'deputy', 'admin', 'secretary', 'admin2']) {
      const c = await loginAs(t.app, login);
      for (const url of ['/diary', ...pages(dmitry), ...pages(school2Student)]) expect((await c.get(url)).statusCode, `${login} ${url}`).toBe(403);
      await c.get('/');
      expect((await c.post(`/diary/${dmitry}/acknowledge`, { week: WEEK })).statusCode, login).toBe(403);
    }
  });
});

describe('no page shows the other child', () => {
  it('Дмитрий\'s pages do not name Алиса nor show 2А\'s subjects; Алиса\'s do not show Дмитрий or 5А\'s', async () => {
    for (const url of pages(dmitry)) {
      const text = mainText((await parent.get(url)).body);
      expect(text, url).not.toContain('Алиса');
      expect(text, url).not.toContain('Окружающий мир');
      expect(text, url).not.toContain('Литературное чтение');
    }
    for (const url of pages(alisa)) {
      const text = mainText((await parent.get(url)).body);
      expect(text, url).not.toContain('Дмитрий');
      expect(text, url).not.toContain('История');
      expect(text, url).not.toContain('Биология');
    }
  });
});

describe('bad weeks and dates', () => {
  it('a malformed week → 400 with a Russian message and the date picker; never a 500', async () => {
    for (const q of ['week=abc', 'week=2026-13-45', 'week=2026-02-30', 'date=31.02.2026', 'week=0001-01-01', 'week=a&week=b', `week=${'9'.repeat(300)}`]) {
      for (const base of [`/diary/${dmitry}`, `/diary/${dmitry}/timetable`]) {
        const res = await parent.get(`${base}?${q}`);
        expect(res.statusCode, `${base}?${q}`).toBe(400);
        expect(mainText(res.body)).toContain('Неделя указана неверно');
        expect(res.body).toContain('name="week" type="date"');
      }
    }
    // Control characters are dropped by the query parser: an empty week is this week.
    expect((await parent.get(`/diary/${dmitry}?week=%00`)).statusCode).toBeLessThan(500);
  });

  it('a date far outside the school year → an empty week that says there is no school year', async () => {
    for (const week of ['1900-01-01', '2999-01-01', '1000-01-07', '8999-12-31']) {
      const res = await parent.get(`/diary/${dmitry}?week=${week}`);
      expect(res.statusCode, week).toBe(200);
      expect(mainText(res.body)).toContain('На эту неделю нет учебного года');
      expect((await parent.get(`/diary/${dmitry}/timetable?week=${week}`)).statusCode, week).toBe(200);
    }
  });

  it('a bad period → 404 (like any unknown id)', async () => {
    for (const q of ['period=abc', 'period=00000000-0000-0000-0000-000000000000']) {
      expect((await parent.get(`/diary/${dmitry}/marks?${q}`)).statusCode, q).toBe(404);
      expect((await parent.get(`/diary/${dmitry}/attendance?${q}`)).statusCode, q).toBe(404);
    }
  });
});

describe('a child in another school of the account', () => {
  it('is listed with a button that switches the school; the diary opens after switching, not before', async () => {
    const p = await member(db(), 'parent');
    const pyotr = await childInSchool2(db(), school2, p.accountId, '5А', '2026-09-01');
    const c = await loginAs(t.app, 'parent');
    await c.get('/select-school');
    const picked = await c.post('/select-school', { schoolId: school1, next: '/diary' });
    expect(picked.statusCode).toBe(303);
    const list = await c.get('/diary');
    expect(list.statusCode).toBe(200);
    const text = mainText(list.body);
    expect(text).toContain('Дмитрий Морозов');
    expect(text).toContain('Пётр Морозов');
    expect(text).toContain('Перейти в школу «МАОУ «Гимназия № 2» (демо)»');
    expect(list.body).toContain(`name="next" value="/diary/${pyotr}"`);
    expect(list.body).toContain(`name="schoolId" value="${school2}"`);
    expect((await c.get(`/diary/${pyotr}`)).statusCode).toBe(404);
    const switched = await c.post('/select-school', { schoolId: school2, next: `/diary/${pyotr}` });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe(`/diary/${pyotr}`);
    const diary = await c.get(`/diary/${pyotr}`);
    expect(diary.statusCode).toBe(200);
    expect(mainText(diary.body)).toContain('Пётр Морозов 5А');
    // In school 2 the school 1 children answer 404 until switching back.
    expect((await c.get(`/diary/${dmitry}`)).statusCode).toBe(404);
    expect((await c.get(`/diary/${dmitry}/marks`)).statusCode).toBe(404);
  });
});
