import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { layoutLessons } from '../../src/modules/schedule/layout.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { withSchool } from '../../src/db/tenant.ts';
import { seedAudit } from '../../src/cli/seed/seed-audit.ts';
import { todayIso } from '../../src/web/dates.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { lessonFixture, staffOf, type Fixture } from './schedule-lessons-support.ts';

let t: TestApp;
let f: Fixture;
const DAY = '2026-11-23'; // Monday
let mathsId: string;   // 5А maths, lesson 1, teacher
let historyId: string; // 7А history, lesson 2, classteacher

beforeAll(async () => {
  t = await startTestApp();
  f = await lessonFixture(t.database.db);
  const by = { audit: await seedAudit(t.database.db, f.schoolId, 'deputy'), today: todayIso() };
  await withSchool(t.database.db, f.schoolId, (tx) => layoutLessons(tx, { schoolId: f.schoolId, yearId: f.yearId }, by));
  const find = async (groupId: string) => (await t.database.db.select().from(lessons)
    .where(and(eq(lessons.schoolId, f.schoolId), eq(lessons.groupId, groupId), eq(lessons.date, DAY))))[0]!.id;
  mathsId = await find(f.groups.maths5a);
  historyId = await find(f.groups.history7a);
});
afterAll(async () => t?.close());

/** The old lesson address redirects to the journal's lesson page; follows it. */
async function lessonPage(c: Client, lessonId: string) {
  const res = await c.get(`/schedule/lessons/${lessonId}`);
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/journal/lessons/${lessonId}`);
  return c.get(`/journal/lessons/${lessonId}`);
}

const subOf = async (lessonId: string) => (await t.database.db.select().from(substitutions).where(eq(substitutions.lessonId, lessonId)))[0];

describe('substitutions', () => {
  it("the deputy sees the day's lessons and the free-teacher hint", async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const day = mainText((await deputy.get(`/schedule/substitutions?date=${DAY}`)).body);
    expect(day).toContain('5А Математика (тест)');
    expect(day).toContain('7А История (тест)');
    const form = await deputy.get(`/schedule/substitutions/lessons/${historyId}`);
    expect(form.statusCode).toBe(200);
    const free = /<optgroup label="Свободны на этом уроке">([\s\S]*?)<\/optgroup>/.exec(form.body)![1]!;
    expect(free).not.toContain(f.classteacher); // the lesson's own teacher
    const atTwo = await t.database.db.select({ staffId: lessons.staffId, sub: substitutions.id }).from(lessons)
      .leftJoin(substitutions, eq(substitutions.lessonId, lessons.id))
      .where(and(eq(lessons.schoolId, f.schoolId), eq(lessons.date, DAY), eq(lessons.lessonNumber, 2)));
    for (const l of atTwo.filter((x) => !x.sub)) expect(free).not.toContain(l.staffId); // busy at lesson 2
    expect(free).toContain('<option value='); // someone is free
  });

  it('a reason is required; the substitute must be a teacher', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions/lessons/${historyId}`);
    const noReason = await deputy.post(`/schedule/substitutions/lessons/${historyId}`, { kind: 'teacher', substituteStaffId: f.teacher, subjectId: '', reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    expect(mainText(noReason.body)).toContain('Укажите причину.');
    const noTeacher = await deputy.post(`/schedule/substitutions/lessons/${historyId}`, { kind: 'teacher', substituteStaffId: '', subjectId: '', reason: 'болезнь' });
    expect(noTeacher.statusCode).toBe(422);
    expect(await subOf(historyId)).toBeUndefined();
  });

  it('replacing the teacher: the substitute fills the lesson, the regular teacher reads it, others get 404', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions/lessons/${historyId}`);
    const res = await deputy.post(`/schedule/substitutions/lessons/${historyId}`, { kind: 'teacher', substituteStaffId: f.teacher, subjectId: '', reason: 'болезнь учителя' });
    expect(res.statusCode).toBe(303);
    const sub = await subOf(historyId);
    expect(sub).toMatchObject({ kind: 'teacher', substituteStaffId: f.teacher, reason: 'болезнь учителя', createdBy: f.deputy });

    const teacher = await loginAs(t.app, 'teacher');
    const today = mainText((await teacher.get(`/today?date=${DAY}`)).body);
    expect(today).toContain('замена');
    expect(today).toContain('История');
    const asSub = await lessonPage(teacher, historyId);
    expect(asSub.statusCode).toBe(200);
    expect(mainText(asSub.body)).toContain('замена учителя');
    expect(mainText(asSub.body)).not.toContain('только просматриваете');

    const regular = await loginAs(t.app, 'classteacher');
    const asRegular = await lessonPage(regular, historyId);
    expect(asRegular.statusCode).toBe(200);
    expect(mainText(asRegular.body)).toContain('только просматриваете');

    const other = await loginAs(t.app, 'multi'); // a teacher of school 1 (and of school 2) who has nothing to do with this lesson
    await other.get('/select-school');
    expect((await other.post('/select-school', { schoolId: f.schoolId, next: '/' })).statusCode).toBe(303);
    expect((await other.get(`/journal/lessons/${historyId}`)).statusCode).toBe(404);
  });

  it('replacing the subject stores the subject; cancelling strikes the lesson; removing is audited', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions/lessons/${mathsId}`);
    const badSubject = await deputy.post(`/schedule/substitutions/lessons/${mathsId}`, { kind: 'subject', substituteStaffId: f.classteacher, subjectId: '', reason: 'x' });
    expect(badSubject.statusCode).toBe(422);
    const cancel = await deputy.post(`/schedule/substitutions/lessons/${mathsId}`, { kind: 'cancelled', substituteStaffId: '', subjectId: '', reason: 'учитель на курсах повышения квалификации' });
    expect(cancel.statusCode).toBe(303);
    expect(await subOf(mathsId)).toMatchObject({ kind: 'cancelled', substituteStaffId: null });

    const teacher = await loginAs(t.app, 'teacher');
    const today = await teacher.get(`/today?date=${DAY}`);
    expect(today.body).toContain('lesson-cancelled');
    expect(mainText(today.body)).toContain('учитель на курсах повышения квалификации');
    expect(mainText((await lessonPage(teacher, mathsId)).body)).toContain('Урок отменён');

    await deputy.get(`/schedule/substitutions/lessons/${mathsId}`);
    expect((await deputy.post(`/schedule/substitutions/lessons/${mathsId}/delete`)).statusCode).toBe(303);
    expect(await subOf(mathsId)).toBeUndefined();
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, f.schoolId), eq(auditEvents.entity, 'substitution')));
    expect(audits.map((a) => a.action).sort()).toEqual(['create', 'create', 'delete']);
  });

  it('an extra lesson is added, a clash with an existing lesson is refused', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/substitutions?date=${DAY}`);
    const clash = await deputy.post('/schedule/substitutions/extra', { groupId: f.groups.maths5a, date: DAY, lessonNumber: '1', staffId: f.teacher, room: '' });
    expect(clash.statusCode).toBe(422);
    expect(mainText(clash.body)).toContain('У группы уже есть урок с этим номером в этот день.');
    const ok = await deputy.post('/schedule/substitutions/extra', { groupId: f.groups.maths5a, date: DAY, lessonNumber: '7', staffId: f.teacher, room: '12' });
    expect(ok.statusCode).toBe(303);
    const [extra] = await t.database.db.select().from(lessons)
      .where(and(eq(lessons.groupId, f.groups.maths5a), eq(lessons.date, DAY), eq(lessons.lessonNumber, 7)));
    expect(extra).toMatchObject({ origin: 'extra', staffId: f.teacher, room: '12' });
    // A re-layout leaves the extra lesson alone.
    const by = { audit: await seedAudit(t.database.db, f.schoolId, 'deputy'), today: todayIso() };
    await withSchool(t.database.db, f.schoolId, (tx) => layoutLessons(tx, { schoolId: f.schoolId, yearId: f.yearId }, by));
    expect((await t.database.db.select().from(lessons).where(eq(lessons.id, extra!.id))).length).toBe(1);
  });

  it.each(['teacher', 'classteacher', 'secretary', 'parent', 'student'])('%s may not manage substitutions (403)', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/schedule/substitutions')).statusCode).toBe(403);
    expect((await c.get(`/schedule/substitutions/lessons/${mathsId}`)).statusCode).toBe(403);
    expect((await c.post('/schedule/substitutions/extra', {})).statusCode).toBe(403);
  });

  it('the admin may manage substitutions too', async () => {
    const admin = await loginAs(t.app, 'admin');
    expect((await admin.get(`/schedule/substitutions?date=${DAY}`)).statusCode).toBe(200);
  });

  it("another school's lesson and a malformed id answer 404", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(`/schedule/substitutions/lessons/${mathsId}`)).statusCode).toBe(404);
    expect((await admin2.post(`/schedule/substitutions/lessons/${mathsId}/delete`)).statusCode).toBe(404);
    expect((await admin2.get(`/schedule/lessons/${mathsId}`)).statusCode).toBe(404);
    const deputy = await loginAs(t.app, 'deputy');
    expect((await deputy.get('/schedule/substitutions/lessons/not-a-uuid')).statusCode).toBe(404);
    expect((await deputy.get('/schedule/lessons/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('the teacher\'s today lists her lessons with times and rooms, and switches days', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const res = await teacher.get(`/today?date=${DAY}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Математика');
    expect(text).toContain('каб. 21');
    expect(res.body).toContain(`/journal/lessons/${mathsId}`);
    expect(res.body).toContain('href="/today?date=2026-11-21"'); // previous school day: Saturday
    expect(res.body).toContain('href="/today?date=2026-11-24"');
    const sat = await teacher.get('/today?date=2026-10-24');
    expect(sat.body).toContain('href="/today?date=2026-11-05"'); // next school day after the autumn vacation
    const home = await teacher.get('/');
    expect(home.body).toContain('href="/today"');
    const { staffId } = await staffOf(t.database.db, 'teacher');
    expect(staffId).toBe(f.teacher);
  });

  it('a room typed with its prefix («каб. 220», «Каб.221») is printed with it once: today, lesson, week, substitution', async () => {
    const db = t.database.db;
    await db.update(lessons).set({ room: 'каб. 220' }).where(eq(lessons.id, mathsId));
    await db.update(lessons).set({ room: 'Каб.221' }).where(eq(lessons.id, historyId));
    const teacher = await loginAs(t.app, 'teacher');
    const today = mainText((await teacher.get(`/today?date=${DAY}`)).body);
    expect(today).toContain('каб. 220');
    const lesson = mainText((await teacher.get(`/journal/lessons/${mathsId}`)).body);
    expect(lesson).toContain('Кабинет 220');
    const week = mainText((await teacher.get(`/schedule/week/me?date=${DAY}`)).body);
    expect(week).toContain('каб. 220');
    const deputy = await loginAs(t.app, 'deputy');
    const sub = mainText((await deputy.get(`/schedule/substitutions/lessons/${historyId}`)).body);
    expect(sub).toContain('История, ');
    expect(sub).toContain('каб. 221');
    const byRoom = mainText((await deputy.get(`/schedule/week/room/${encodeURIComponent('220')}?date=${DAY}`)).body);
    expect(byRoom).toContain('Кабинет 220');
    expect(byRoom).toContain('Математика');
    for (const text of [today, lesson, week, sub, byRoom]) expect(text.toLowerCase()).not.toMatch(/каб\.?\s*каб|кабинет каб/);
  });

  it.each(['secretary', 'parent', 'student', 'admin'])('%s has no «Сегодня» (403)', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/today')).statusCode).toBe(403);
  });
});
