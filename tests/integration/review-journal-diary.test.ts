// Review of the journal, the diary and messages: hostile or malformed input never answers 500 and never writes half a
// change; ids outside the actor's school or scope answer 404 / are refused with nothing written.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { marks } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { clearLesson, demoGroup, lessonOf, rosterIds, schoolOf } from './journal-support.ts';

let t: TestApp;
let school: string;
let group: string;
let lesson: { id: string; date: string };
let roster: string[];
let class5A: string;
let teacher: Client;
let classTeacher: Client;
const today = todayIso();
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5А', 'Математика');
  lesson = await lessonOf(db(), school, group, 'latestPast', today);
  await clearLesson(db(), school, lesson.id);
  roster = await rosterIds(db(), school, group, lesson.date);
  const [c] = await db().select({ id: schoolClasses.id }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, school), eq(schoolClasses.name, '5А')));
  class5A = c!.id;
  teacher = await loginAs(t.app, 'teacher');
  classTeacher = await loginAs(t.app, 'classteacher');
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('POST /journal/cells with hostile JSON', () => {
  it('a NUL byte in the reason is not a 500: the mark is saved and its audit row holds the reason without the NUL', async () => {
    await teacher.get(`/journal/groups/${group}`);
    const s = roster[0]!;
    const res = await teacher.json('/journal/cells', { lessonId: lesson.id, studentId: s, column: 1, value: '4', was: '', reason: 'опечатка\u0000исправлена' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, display: '4', changed: true });
    const [m] = await db().select().from(marks).where(and(eq(marks.schoolId, school), eq(marks.lessonId, lesson.id), eq(marks.studentId, s)));
    expect(m?.value).toBe(4);
    const audits = await db().select().from(auditEvents)
      .where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entity, 'mark'), like(auditEvents.entityId, `${lesson.id}:${s}:%`)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.reason).toBe('опечаткаисправлена');
  });

  it('wrong types, arrays and out-of-range columns answer 422 with nothing written', async () => {
    const s = roster[1]!;
    const base = { lessonId: lesson.id, studentId: s, column: 1, value: '5', was: '' };
    for (const body of [
      { ...base, value: 5 }, { ...base, value: ['5'] }, { ...base, column: 99 }, { ...base, column: 'x' }, { ...base, column: null },
      { ...base, studentId: [s] }, { ...base, lessonId: { id: lesson.id } }, { ...base, reason: 7 }, { ...base, was: ['x'] }, [base], 'text', null,
    ]) {
      const res = await teacher.json('/journal/cells', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
    const rows = await db().select().from(marks).where(and(eq(marks.schoolId, school), eq(marks.lessonId, lesson.id), eq(marks.studentId, s)));
    expect(rows).toHaveLength(0);
  });
});

describe('the class attendance sheet with extreme dates', () => {
  it('a range reaching before year 1 answers 422 with the message, not 500', async () => {
    const res = await classTeacher.get(`/journal/classes/${class5A}/attendance?to=0001-01-03`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('ДД.ММ.ГГГГ');
  });

  it('the earliest and the latest readable dates still work', async () => {
    expect((await classTeacher.get(`/journal/classes/${class5A}/attendance?from=0001-01-01`)).statusCode).toBe(200);
    expect((await classTeacher.get(`/journal/classes/${class5A}/attendance?from=9000-12-25`)).statusCode).toBe(200);
  });

  it('a reasons form posted back with such a range re-renders (422), not 500', async () => {
    await classTeacher.get(`/journal/classes/${class5A}/attendance`);
    const res = await classTeacher.post(`/journal/classes/${class5A}/attendance/reasons/days`, {
      from: '', to: '0001-01-02', dayStudent: 'not-a-uuid', dayFrom: '', dayTo: '', dayReason: 'illness',
    });
    expect(res.statusCode).toBe(422);
  });
});

// Skipped: each answers 500 today (PostgreSQL text/jsonb cannot hold U+0000 and only url-encoded bodies drop it). The fix
// belongs in src/web (a JSON content-type parser that drops NUL like parseUrlEncoded) — un-skip with it.
describe('JSON bodies with a NUL byte on the form routes', () => {
  it('a new message and a reply', async () => {
    const parent = await loginAs(t.app, 'parent');
    const pick = await parent.get('/messages/new');
    let student = '';
    let staffId = '';
    for (const [, id] of pick.body.matchAll(/\/messages\/new\?student=([0-9a-f-]{36})/g)) {
      const found = /name="staffId" value="([0-9a-f-]{36})"/.exec((await parent.get(`/messages/new?student=${id}`)).body);
      if (found) [student, staffId] = [id!, found[1]!];
    }
    expect(staffId).not.toBe('');
    const res = await parent.json('/messages', { studentId: student, staffId, subject: 'Тема\u0000', body: 'Текст\u0000сообщения' });
    expect(res.statusCode).toBe(303);
    const thread = res.headers.location as string;
    await parent.get(thread);
    const reply = await parent.json(thread, { body: 'Ещё\u0000 текст' });
    expect(reply.statusCode).toBe(303);
  });

  it('the lesson form, individual homework and attendance with a reason', async () => {
    await teacher.get(`/journal/lessons/${lesson.id}`);
    const plan = await teacher.json(`/journal/lessons/${lesson.id}`, { topic: 'Дроби\u0000', homework: '№ 1\u00002', homeworkMinutes: '10' });
    expect(plan.statusCode).toBe(303);
    const hw = await teacher.json(`/journal/lessons/${lesson.id}/individual-homework`, { [`h_${roster[2]}`]: 'Задача\u00001', [`hw_${roster[2]}`]: '' });
    expect(hw.statusCode).toBe(303);
    const att = await teacher.json(`/journal/lessons/${lesson.id}/attendance`, { [`a_${roster[3]}`]: 'late', [`aw_${roster[3]}`]: 'present', reason: 'x\u0000y' });
    expect(att.statusCode).toBe(303);
  });
});

describe('malformed query strings and ids never answer 500', () => {
  it('journal, diary and messages pages', async () => {
    const parent = await loginAs(t.app, 'parent');
    const deputy = await loginAs(t.app, 'deputy');
    const kid = /\/diary\/([0-9a-f-]{36})/.exec((await parent.get('/diary')).body)![1]!;
    const long = 'x'.repeat(5000);
    const bad = ['a&x=b', `${long}`, '0001-01-01', '9999-12-31', '%00', '2026-02-30', '01.01.0001', '31.12.9999'];
    const urls: Array<[Client, string]> = [];
    for (const v of bad) {
      urls.push([teacher, `/journal/groups/${group}?period=${v}`], [teacher, `/journal/groups/${group}?period[]=${v}`],
        [teacher, `/journal/groups/${group}/period-marks?period=${v}`], [teacher, `/journal/history?lesson=${lesson.id}&student=${roster[0]}&column=${v}`],
        [teacher, `/journal/history?group=${group}&student=${roster[0]}&kind=period&period=${v}`],
        [classTeacher, `/journal/classes/${class5A}/attendance?from=${v}&to=${v}`], [classTeacher, `/journal/classes/${class5A}/attendance?from[]=${v}`],
        [classTeacher, `/journal/classes/attendance?classId=${v}&from=${v}`],
        [classTeacher, `/diary/classes/${class5A}/report?week=${v}`], [classTeacher, `/diary/classes/${class5A}/acknowledgements?week=${v}&week=${v}`],
        [parent, `/diary/${kid}?week=${v}`], [parent, `/diary/${kid}?week=${v}&week=x`], [parent, `/diary/${kid}?date=${v}`],
        [parent, `/diary/${kid}/marks?period=${v}`], [parent, `/diary/${kid}/attendance?period=${v}`], [parent, `/diary/${kid}/timetable?week=${v}`],
        [parent, `/diary/${kid}/print?week=${v}`], [parent, `/messages/new?student=${v}`], [parent, `/messages/${v}`], [parent, `/diary/${v}`],
        [teacher, `/journal/lessons/${v}`], [deputy, `/journal/groups/${v}`], [deputy, `/admin/outbox/${v}`]);
    }
    for (const [c, url] of urls) {
      const res = await c.get(url);
      expect(res.statusCode, url.slice(0, 200)).toBeLessThan(500);
    }
  });

  it('form posts with arrays, missing fields and foreign ids', async () => {
    const parent = await loginAs(t.app, 'parent');
    const deputy = await loginAs(t.app, 'deputy');
    const kid = /\/diary\/([0-9a-f-]{36})/.exec((await parent.get('/diary')).body)![1]!;
    await parent.get(`/diary/${kid}`);
    for (const week of ['0001-01-01', '9999-12-31', 'x']) {
      expect((await parent.post(`/diary/${kid}/acknowledge`, { week })).statusCode).toBeLessThan(500);
    }
    expect((await parent.json(`/diary/${kid}/acknowledge`, { week: ['2026-11-16'] })).statusCode).toBe(422);
    expect((await parent.json('/messages', { studentId: [kid], staffId: 'x' })).statusCode).toBe(404);
    expect((await parent.json('/messages', { studentId: kid, staffId: ['x'], subject: ['a'], body: { a: 1 } })).statusCode).toBe(422);
    await teacher.get(`/journal/lessons/${lesson.id}`);
    for (const path of ['', '/columns', '/attendance', '/marks', '/individual-homework']) {
      for (const body of [[1, 2], 'text', { topic: ['a', 'b'], reason: ['x'], action: ['save'], type_1: ['x'], newType: 5 }]) {
        const res = await teacher.json(`/journal/lessons/${lesson.id}${path}`, body);
        expect(res.statusCode, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    }
    await teacher.get(`/journal/groups/${group}/period-marks`);
    for (const body of [[1], 'text', { reason: ['x'], [`v:${roster[0]}:period`]: ['5', '4'] }, { [`v:${roster[0]}:period`]: { a: 1 } }]) {
      expect((await teacher.json(`/journal/groups/${group}/period-marks`, body)).statusCode).toBeLessThan(500);
    }
    await deputy.get(`/journal/groups/${group}/period-marks`);
    for (const body of [[1], { period: ['x'], reason: 'причина' }, { period: 'year', until: '9999-12-31', reason: 'причина длинная' }]) {
      expect((await deputy.json(`/journal/groups/${group}/reopen`, body)).statusCode).toBeLessThan(500);
      expect((await deputy.json(`/journal/lessons/${lesson.id}/reopen`, body)).statusCode).toBeLessThan(500);
    }
    await classTeacher.get(`/journal/classes/${class5A}/attendance`);
    for (const body of [[1], 'text', { 'reason[x:y]': 'illness' }, { [`reason[${lesson.id}:${roster[0]}]`]: ['illness'] },
      { dayStudent: [roster[0]], dayFrom: ['01.01.2026'], dayReason: 'illness' }, { dayStudent: roster[0], dayFrom: '01.01.0001', dayTo: '', dayReason: 'illness' }]) {
      expect((await classTeacher.json(`/journal/classes/${class5A}/attendance/reasons`, body)).statusCode).toBeLessThan(500);
      expect((await classTeacher.json(`/journal/classes/${class5A}/attendance/reasons/days`, body)).statusCode).toBeLessThan(500);
    }
    await deputy.get('/admin/outbox');
  });
});

describe("another school's student in the journal's writes", () => {
  it('the grid cell and the marks form refuse it; the form writes none of its cells (no half-save)', async () => {
    const s2 = await schoolOf(db(), 'admin2');
    const [foreign] = await db().select({ id: students.id }).from(students).where(eq(students.schoolId, s2)).limit(1);
    await teacher.get(`/journal/lessons/${lesson.id}`);
    const cell = await teacher.json('/journal/cells', { lessonId: lesson.id, studentId: foreign!.id, column: 1, value: '5', was: '' });
    expect(cell.statusCode).toBe(422);
    const own = roster[4]!;
    const form = await teacher.post(`/journal/lessons/${lesson.id}/marks`, { [`m_${own}_1`]: '3', [`w_${own}_1`]: '', [`m_${foreign!.id}_1`]: '5', [`w_${foreign!.id}_1`]: '' });
    expect(form.statusCode).toBe(422);
    const written = await db().select().from(marks).where(and(eq(marks.lessonId, lesson.id)));
    expect(written.filter((m) => m.studentId === own || m.studentId === foreign!.id)).toHaveLength(0);
    const audits = await db().select().from(auditEvents).where(like(auditEvents.entityId, `${lesson.id}:${own}:%`));
    expect(audits).toHaveLength(0);
  });
});
