// Closing the school year on the demo school: the live checklist (what is missing, with the students), «Закрыть год»
// refused over blockers without a reason and accepted with one (audited as an override), then every write to the
// closed year refused by the database with a Russian 409 — a mark from the grid, a lesson's topic, a holiday, an order —
// while the year stays readable (the grid, the parent's diary); the admin reopens it with a reason and writes work again.
// Forbidden roles and another school's year.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { currentYear } from '../../src/modules/setup/lookups.ts';
import { todayIso } from '../../src/web/dates.ts';
import { withSchool } from '../../src/db/tenant.ts';
import { rowsOf } from '../../src/db/client.ts';
import { closedYearRefusal } from '../../src/db/faults.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { clearLesson, demoGroup, lessonOf, rosterIds, schoolOf } from './journal-support.ts';

let t: TestApp;
let school: string;
let yearId: string;
let admin: Client;
let lesson: { id: string; date: string };
let students: string[];
const today = todayIso();
const db = () => t.database.db;
const yearRow = async () => (await db().select().from(academicYears).where(eq(academicYears.id, yearId)))[0]!;
const cell = (value: string) => ({ lessonId: lesson.id, studentId: students[0]!, column: 1, value, was: '' });

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  yearId = (await currentYear(db(), { schoolId: school, date: today }))!.id;
  const group = await demoGroup(db(), school, '5А', 'Математика');
  lesson = await lessonOf(db(), school, group, 'latestPast', today);
  await clearLesson(db(), school, lesson.id);
  students = await rosterIds(db(), school, group, lesson.date);
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => { await t.close(); });

describe('the checklist', () => {
  it('lists what is missing in the running year, with the students, and counts every line', async () => {
    const res = await admin.get(`/year/close?year=${yearId}`);
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Учебный год ещё не закончился');
    // No year marks yet in November: every marked group's students are listed (the first lines) and counted.
    const n = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from class_memberships cm join classes c on c.school_id = cm.school_id
      and c.id = cm.class_id where cm.school_id = ${school} and c.year_id = ${yearId} and cm.ends_on is null`))[0]!.n;
    expect(text).toContain(`Нет решения о переводе (приказа): ${n}`);
    expect(text).toMatch(/Нет годовых отметок: [1-9]\d*/);
    expect(text).toContain('Нет годовых отметок (');
    expect(res.body).toContain('/year/promotion/');
  });

  it('is read by the deputy without the close form', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const res = await deputy.get('/year/close');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('method="post" action="/year/close"');
    expect((await deputy.post('/year/close', { yearId, reason: 'Завуч пытается закрыть год' })).statusCode).toBe(403);
    expect((await yearRow()).status).toBe('open');
  });
});

describe('closing', () => {
  it('is refused over blockers without a reason (422, nothing written), and a too short reason is refused too', async () => {
    const before = await yearRow();
    const res = await admin.post('/year/close', { yearId, reason: '' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Закрыть год нельзя: учебный год ещё не закончился');
    const short = await admin.post('/year/close', { yearId, reason: 'надо' });
    expect(short.statusCode).toBe(422);
    expect(mainText(short.body)).toContain('Причина слишком короткая');
    expect(await yearRow()).toEqual(before);
  });

  it('closes with a written reason: the year is closed and the override is in the audit trail', async () => {
    const res = await admin.post('/year/close', { yearId, reason: 'Проверка закрытия года по распоряжению директора' });
    expect(res.statusCode).toBe(303);
    const y = await yearRow();
    expect(y.status).toBe('closed');
    expect(y.closedAt).not.toBeNull();
    const [audit] = await db().select().from(auditEvents)
      .where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entityId, yearId), eq(auditEvents.action, 'close_override')));
    expect(audit?.reason).toBe('Проверка закрытия года по распоряжению директора');
    expect((audit?.newValue as { blockers: Record<string, number> }).blockers.notOver).toBe(1);
    expect(mainText((await admin.get(res.headers.location as string)).body)).toContain('закрыт');
    expect((await admin.post('/year/close', { yearId, reason: 'Ещё раз закрыть этот год' })).statusCode).toBe(422);
  });

  it('makes every write to the year refused in Russian (the journal\'s own rule, else the database\'s 409), changing nothing', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const mark = await teacher.json('/journal/cells', cell('5'));
    expect(mark.statusCode).toBe(403);
    expect(mark.json().message).toContain('Учебный год закрыт');
    const n = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from marks where school_id = ${school} and lesson_id = ${lesson.id}`))[0]!.n;
    expect(n).toBe(0);
    const topic = await teacher.post(`/journal/lessons/${lesson.id}`, { topic: 'Новая тема', homework: 'без задания' });
    expect([403, 409]).toContain(topic.statusCode);
    expect(mainText(topic.body)).toContain('Учебный год');
    expect(mainText(topic.body)).toContain('закрыт');
    const holiday = await admin.post(`/setup/years/${yearId}/holidays`, { name: 'Лишний день', kind: 'dayoff', startsOn: '2027-03-01', endsOn: '2027-03-01' });
    expect(holiday.statusCode).toBe(409);
  });

  it('is refused by the database itself, whoever writes: the app\'s role, in the school\'s transaction (OTY01)', async () => {
    const writes = [
      sql`update lessons set topic = 'x' where school_id = ${school} and id = ${lesson.id}`,
      sql`update classes set shift = 2 where school_id = ${school} and year_id = ${yearId}`,
      sql`delete from holidays where school_id = ${school} and year_id = ${yearId}`,
      sql`update teaching_groups set name = name || '!' where school_id = ${school} and year_id = ${yearId}`,
      sql`delete from period_marks where school_id = ${school} and group_id in (select id from teaching_groups where year_id = ${yearId})`,
      sql`update order_items set reason = 'x' where school_id = ${school} and effective_on = (select starts_on from academic_years where id = ${yearId})`,
      sql`update academic_years set ends_on = ends_on - 1 where school_id = ${school} and id = ${yearId}`,
    ];
    for (const w of writes) {
      const err = await withSchool(t.appDatabase.db, school, (tx) => tx.execute(w)).then(() => null, (e: unknown) => e);
      expect(closedYearRefusal(err), String(w.queryChunks[0])).toBe((await yearRow()).name);
    }
  });

  it('keeps the year readable: the grid and the lesson page read-only for the teacher, the diary for the parent', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    expect((await teacher.get('/journal')).statusCode).toBe(200);
    const page = await teacher.get(`/journal/lessons/${lesson.id}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Учебный год закрыт: журнал только для чтения.');
    const parent = await loginAs(t.app, 'parent');
    const diary = await parent.get('/diary');
    expect([200, 303]).toContain(diary.statusCode);
  });

  it('is reopened only by the admin, with a reason (audited); writes are accepted again', async () => {
    expect((await admin.post('/year/reopen', { yearId, reason: '' })).statusCode).toBe(422);
    expect((await yearRow()).status).toBe('closed');
    const res = await admin.post('/year/reopen', { yearId, reason: 'Исправление ошибки в годовых отметках 5А' });
    expect(res.statusCode).toBe(303);
    expect((await yearRow()).status).toBe('open');
    const [audit] = await db().select().from(auditEvents)
      .where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entityId, yearId), eq(auditEvents.action, 'reopen')));
    expect(audit?.reason).toBe('Исправление ошибки в годовых отметках 5А');
    const teacher = await loginAs(t.app, 'teacher');
    expect((await teacher.json('/journal/cells', cell('5'))).json()).toMatchObject({ ok: true });
  });
});

describe('access', () => {
  it('«Учебный год» shows each role only its steps, and is closed to the others (403)', async () => {
    const steps = async (who: string) => [...mainText((await (await loginAs(t.app, who)).get('/year')).body)
      .matchAll(/Решения о переводе|Закрытие года|Переход на новый год|Архив года|Выгрузка OneRoster/g)].map((m) => m[0]);
    expect(await steps('admin')).toEqual(['Решения о переводе', 'Закрытие года', 'Переход на новый год', 'Архив года', 'Выгрузка OneRoster']);
    expect(await steps('deputy')).toEqual(['Решения о переводе', 'Закрытие года']);
    expect(await steps('secretary')).toEqual(['Решения о переводе']);
    for (const who of ['teacher', 'classteacher', 'parent', 'student']) {
      expect((await (await loginAs(t.app, who)).get('/year')).statusCode, who).toBe(403);
    }
  });

  it.each(['teacher', 'parent', 'student', 'secretary', 'classteacher'])('%s may not open the checklist (403)', async (who) => {
    expect((await (await loginAs(t.app, who)).get('/year/close')).statusCode).toBe(403);
  });

  it('another school\'s year answers 404 to its admin, to read and to close', async () => {
    const other = await loginAs(t.app, 'admin2');
    expect((await other.get(`/year/close?year=${yearId}`)).statusCode).toBe(404);
    expect((await other.post('/year/close', { yearId, reason: 'Чужой год закрыть нельзя никому' })).statusCode).toBe(404);
    expect((await other.post('/year/reopen', { yearId, reason: 'Чужой год открыть нельзя никому' })).statusCode).toBe(404);
    expect((await yearRow()).status).toBe('open');
    expect((await other.get('/year/close?year=not-a-uuid')).statusCode).toBe(404);
  });
});
