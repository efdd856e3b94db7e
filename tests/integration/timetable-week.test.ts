import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, timetables, timetableSlots } from '../../src/modules/schedule/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { insertLesson, insertSubstitution, otherSchoolIds, timetableFixture, type Fixture } from './timetable-support.ts';

let t: TestApp;
let f: Fixture;
let deputy: Client;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  f = await timetableFixture(db);
  deputy = await loginAs(t.app, 'deputy');
  // Week of 23.11.2026: maths on Monday, history cancelled on Tuesday, English group 1 given by Соколов on Wednesday.
  await insertLesson(db, f, { groupId: f.g5aMath, date: '2026-11-23', lessonNumber: 1, staffId: f.ivanova, room: 'каб. 201' });
  const hist = await insertLesson(db, f, { groupId: f.g5aHist, date: '2026-11-24', lessonNumber: 2, staffId: f.sokolov, room: 'каб. 305' });
  await insertSubstitution(db, f, hist, 'cancelled', null);
  const en = await insertLesson(db, f, { groupId: f.g5aEn1, date: '2026-11-25', lessonNumber: 3, staffId: f.en1T, room: 'каб. 201' });
  await insertSubstitution(db, f, en, 'teacher', f.sokolov);
  await insertLesson(db, f, { groupId: f.g5bMath, date: '2026-11-26', lessonNumber: 4, staffId: f.ivanova, room: 'каб. 202' });
  // A timetable version for the weeks without lessons: maths in 5А on Friday, lesson 2, every week; history on week B only.
  const [v] = await db.insert(timetables).values({ schoolId: f.schoolId, yearId: f.yearId, validFrom: '2026-09-01' }).returning({ id: timetables.id });
  await db.insert(timetableSlots).values([
    { schoolId: f.schoolId, timetableId: v!.id, weekday: 5, lessonNumber: 2, groupId: f.g5aMath, staffId: f.ivanova, room: 'каб. 201' },
    { schoolId: f.schoolId, timetableId: v!.id, weekday: 1, lessonNumber: 6, groupId: f.g5aHist, staffId: f.sokolov, weekParity: 'B' },
  ]);
}, 120_000);
afterAll(async () => t?.close());

describe('week views from the lessons', () => {
  it('class week: lessons with bell times, a cancelled one struck through, a substituted one marked', async () => {
    const res = await deputy.get(`/schedule/week/class/${f.c5a.id}?date=2026-11-25`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Неделя 23.11.2026 — 29.11.2026');
    expect(text).toMatch(/08:30–09:15\s+Математика\s+Иванова М\. А\./);
    expect(res.body).toMatch(/<s>[\s\S]*?История[\s\S]*?<\/s> <span class="tt-mark">отменён<\/span>/);
    expect(text).toMatch(/Английский язык[\s\S]*?замена: Соколов А\. Н\./);
    expect(text).not.toContain('5Б');
    expect(res.body).toContain(`/schedule/week/class/${f.c5a.id}?date=2026-11-16`);
    expect(res.body).toContain(`/schedule/week/class/${f.c5a.id}?date=2026-11-30`);
  });

  it('teacher week: own lessons and lessons they substitute', async () => {
    const text = mainText((await deputy.get(`/schedule/week/teacher/${f.sokolov}?date=2026-11-23`)).body);
    expect(text).toContain('История');
    expect(text).toMatch(/Английский язык[\s\S]*?замена/);
    expect(text).not.toContain('Математика');
    const iv = mainText((await deputy.get(`/schedule/week/teacher/${f.ivanova}?date=2026-11-23`)).body);
    expect(iv).toContain('5А');
    expect(iv).toContain('5Б');
  });

  it('room week: the lessons in that room', async () => {
    const text = mainText((await deputy.get(`/schedule/week/room/${encodeURIComponent('каб. 201')}?date=2026-11-23`)).body);
    expect(text).toContain('Математика');
    expect(text).toContain('Английский язык');
    expect(text).not.toContain('История');
    // The same room spelt without its prefix: the same lessons, titled once.
    const bare = mainText((await deputy.get('/schedule/week/room/201?date=2026-11-23')).body);
    expect(bare).toMatch(/^Кабинет 201 Неделя/);
    expect(bare).toContain('Английский язык');
    expect(bare).toContain('каб. 201');
    expect(bare).not.toContain('каб. каб.');
  });

  it('falls back to the version in force for a week without lessons, with that week\'s parity', async () => {
    const weekA = mainText((await deputy.get(`/schedule/week/class/${f.c5a.id}?date=2026-09-02`)).body);
    expect(weekA).toContain('показано расписание, действующее с 01.09.2026');
    expect(weekA).toContain('Математика');
    expect(weekA).not.toContain('История');
    const weekB = mainText((await deputy.get(`/schedule/week/class/${f.c5a.id}?date=2026-09-09`)).body);
    expect(weekB).toContain('История');
  });

  it('the teacher sees their own week at /schedule/week/me', async () => {
    const c = await loginAs(t.app, 'teacher');
    const res = await c.get('/schedule/week/me?date=2026-11-23');
    expect(res.statusCode).toBe(200);
    expect(navLabels(res.body)).toContain('Моё расписание');
    expect(mainText(res.body)).toContain('Моё расписание');
    expect(mainText(res.body)).toContain('5Б');
  });
});

describe('access', () => {
  it.each([['teacher', 200], ['classteacher', 200], ['secretary', 200], ['admin', 200], ['parent', 403], ['student', 403]])('%s → %i', async (login, status) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(`/schedule/week/class/${f.c5a.id}`)).statusCode).toBe(status);
    expect((await c.get(`/schedule/week/teacher/${f.ivanova}`)).statusCode).toBe(status);
    expect((await c.get('/schedule/week/room/201')).statusCode).toBe(status);
  });

  it('another school\'s class or teacher, or a malformed id → 404', async () => {
    const other = await otherSchoolIds(t.database.db);
    expect((await deputy.get(`/schedule/week/class/${other.classId}`)).statusCode).toBe(404);
    expect((await deputy.get(`/schedule/week/teacher/${other.staffId}`)).statusCode).toBe(404);
    expect((await deputy.get('/schedule/week/class/123')).statusCode).toBe(404);
    const sec = await loginAs(t.app, 'secretary');
    expect((await sec.get('/schedule/week/me')).statusCode).toBe(403);
  });
});

describe('events on the week views', () => {
  it("shows the class's and the school's events on the class week, not another class's", async () => {
    const db = t.database.db;
    await db.insert(events).values([
      { schoolId: f.schoolId, classId: f.c5a.id, date: '2026-11-27', startsAt: '15:00', title: 'Классный час «Безопасный интернет»' },
      { schoolId: f.schoolId, classId: null, date: '2026-11-25', title: 'Единый день сдачи нормативов ГТО' },
      { schoolId: f.schoolId, classId: f.c5b.id, date: '2026-11-26', title: 'Экскурсия 5Б в музей' },
    ]);
    const text = mainText((await deputy.get(`/schedule/week/class/${f.c5a.id}?date=2026-11-25`)).body);
    expect(text).toContain('События недели');
    expect(text).toContain('27.11.2026 15:00 — Классный час «Безопасный интернет» (5А)');
    expect(text).toContain('25.11.2026 — Единый день сдачи нормативов ГТО (вся школа)');
    expect(text).not.toContain('Экскурсия 5Б');
    const nextWeek = mainText((await deputy.get(`/schedule/week/class/${f.c5a.id}?date=2026-12-02`)).body);
    expect(nextWeek).not.toContain('Классный час');
  });
});
