// «Attendance was taken» per lesson, so the deputy can tell "not taken" from "everyone present": set (the first time only,
// by the app's clock, with the account and an audit row) by «Все присутствуют» or the attendance form on the lesson page
// and by an absence or a late saved from the grid or the marks form; shown on the lesson page and in the grid's column
// head; refused to parents, students and the secretary; another school's lesson is 404; the demo's past lessons.
import { and, desc, eq, gte, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { lessonColumns, periodClosures } from '../../src/modules/journal/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { now } from '../../src/web/clock.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { clearLesson, demoGroup, rosterIds, schoolOf, schoolTwoLesson } from './journal-support.ts';

let t: TestApp;
let school: string;
let group: string;
let teacher: Client;
let teacherAccount: string;
/** Lessons of 5А maths in the edit window, newest first, their marks, attendance and «taken» cleared. */
let fresh: Array<{ id: string; date: string }>;
const today = todayIso();
const db = () => t.database.db;
const url = (id: string, sub = '') => `/journal/lessons/${id}${sub}`;

const taken = async (id: string) => {
  const [l] = await db().select({ at: lessons.attendanceTakenAt, by: lessons.attendanceTakenBy }).from(lessons).where(eq(lessons.id, id));
  return l!;
};
const takenAudits = (id: string) => db().select().from(auditEvents).where(and(
  eq(auditEvents.schoolId, school), eq(auditEvents.entity, 'lesson'), eq(auditEvents.entityId, id),
  eq(auditEvents.action, 'attendance_taken'),
));
const accountOf = async (login: string) => (await db().select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)))[0]!.id;
/** What a lesson's column head in the grid holds after its link (the attendance mark, if any). */
const headAfterLink = (html: string, lessonId: string) =>
  new RegExp(`<a href="/journal/lessons/${lessonId}"[^>]*>[^]*?</a>([^]*?)</th>`).exec(html)?.[1];
const cell = (lessonId: string, studentId: string, value: string, was = '') =>
  ({ lessonId, studentId, column: 1, value, was, groupId: group });

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5А', 'Математика');
  fresh = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), lte(lessons.date, today), gte(lessons.date, addDays(today, -9))))
    .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(5);
  expect(fresh.length).toBe(5);
  for (const l of fresh) {
    await clearLesson(db(), school, l.id);
    await db().update(lessons).set({ attendanceTakenAt: null, attendanceTakenBy: null }).where(eq(lessons.id, l.id));
  }
  // The demo closes the periods that have ended; these lessons are judged by the edit window alone.
  await db().delete(periodClosures).where(and(eq(periodClosures.schoolId, school), eq(periodClosures.groupId, group)));
  teacher = await loginAs(t.app, 'teacher');
  teacherAccount = await accountOf('teacher');
}, 300_000);
afterAll(async () => { await t?.close(); });

describe('the lesson page', () => {
  it('«Все присутствуют» records that attendance was taken, when and by whom, with an audit row; the page says so', async () => {
    const lesson = fresh[0]!;
    const before = await teacher.get(url(lesson.id));
    expect(mainText(before.body)).toContain('Посещаемость не отмечена');
    const res = await teacher.post(url(lesson.id, '/attendance'), { action: 'all' });
    expect(res.statusCode).toBe(303);
    const row = await taken(lesson.id);
    expect(row.by).toBe(teacherAccount);
    expect(Math.abs(row.at!.getTime() - now().getTime())).toBeLessThan(60_000);
    const audits = await takenAudits(lesson.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorAccountId: teacherAccount, oldValue: null,
      newValue: { attendanceTakenAt: row.at!.toISOString(), attendanceTakenBy: teacherAccount },
    });
    const page = await teacher.get(url(lesson.id));
    expect(mainText(page.body)).toMatch(/Посещаемость отмечена 23\.11\.2026 10:\d\d, Иванова М\. А\./);
    expect(mainText(page.body)).not.toContain('Посещаемость не отмечена');
  });

  it('pressed again, or later by the deputy with a reason, it keeps the first taker and time', async () => {
    const lesson = fresh[0]!;
    const first = await taken(lesson.id);
    await teacher.get(url(lesson.id));
    expect((await teacher.post(url(lesson.id, '/attendance'), { action: 'all' })).statusCode).toBe(303);
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(url(lesson.id));
    const again = await deputy.post(url(lesson.id, '/attendance'), { action: 'all', reason: 'Проверка посещаемости заместителем' });
    expect(again.statusCode).toBe(303);
    expect(await taken(lesson.id)).toEqual(first);
    expect(await takenAudits(lesson.id)).toHaveLength(1);
  });

  it('the attendance form with an absence records it; the marks form with «оп» records it', async () => {
    const [, a, b] = fresh as [unknown, { id: string; date: string }, { id: string; date: string }];
    const [s0] = await rosterIds(db(), school, group, a.date);
    await teacher.get(url(a.id));
    const att = await teacher.post(url(a.id, '/attendance'), { action: 'save', [`a_${s0}`]: 'absent', [`aw_${s0}`]: 'present' });
    expect(att.statusCode).toBe(303);
    expect((await taken(a.id)).by).toBe(teacherAccount);
    expect(await takenAudits(a.id)).toHaveLength(1);

    const [s1] = await rosterIds(db(), school, group, b.date);
    await teacher.get(url(b.id));
    const five = await teacher.post(url(b.id, '/marks'), { [`m_${s1}_1`]: '5', [`w_${s1}_1`]: '' });
    expect(five.statusCode).toBe(303);
    expect((await taken(b.id)).at).toBeNull();
    await teacher.get(url(b.id));
    const late = await teacher.post(url(b.id, '/marks'), { [`m_${s1}_1`]: 'оп', [`w_${s1}_1`]: '5' });
    expect(late.statusCode).toBe(303);
    expect((await taken(b.id)).by).toBe(teacherAccount);
    expect(await takenAudits(b.id)).toHaveLength(1);
  });
});

describe('the grid', () => {
  it('a mark does not record it; an «н» does, once, and the column head shows ✓ with when and by whom', async () => {
    const lesson = fresh[3]!;
    const [s0, s1] = await rosterIds(db(), school, group, lesson.date) as [string, string];
    await teacher.get(`/journal/groups/${group}`);
    expect((await teacher.json('/journal/cells', cell(lesson.id, s0, '4'))).statusCode).toBe(200);
    expect((await taken(lesson.id)).at).toBeNull();
    expect((await teacher.json('/journal/cells', cell(lesson.id, s1, 'н'))).json()).toMatchObject({ ok: true, display: 'н' });
    const row = await taken(lesson.id);
    expect(row.by).toBe(teacherAccount);
    expect((await teacher.json('/journal/cells', cell(lesson.id, s0, 'оп', '4'))).statusCode).toBe(200);
    expect(await taken(lesson.id)).toEqual(row);
    expect(await takenAudits(lesson.id)).toHaveLength(1);

    const grid = await teacher.get(`/journal/groups/${group}`);
    expect(headAfterLink(grid.body, lesson.id))
      .toMatch(/^<span class="att-ok" title="Посещаемость отмечена \d\d\.\d\d\.2026 \d\d:\d\d, Иванова М\. А\.">✓<\/span>\s*$/);
  });

  it('a past lesson given without attendance taken shows «н/о» in its column head', async () => {
    const past = fresh[4]!;
    expect(past.date < today).toBe(true);
    expect((await taken(past.id)).at).toBeNull();
    const grid = await teacher.get(`/journal/groups/${group}`);
    expect(headAfterLink(grid.body, past.id)).toMatch(/^<span class="att-no" title="Посещаемость не отмечена">н\/о<\/span>\s*$/);
  });
});

describe('who may not', () => {
  it.each(['parent', 'student', 'secretary'])('%s cannot record attendance on the lesson page or from the grid', async (login) => {
    const lesson = fresh[4]!;
    const c = await loginAs(t.app, login);
    expect((await c.post(url(lesson.id, '/attendance'), { action: 'all' })).statusCode).toBe(403);
    const [s0] = await rosterIds(db(), school, group, lesson.date);
    expect((await c.json('/journal/cells', cell(lesson.id, s0!, 'н'))).statusCode).toBe(403);
    expect((await taken(lesson.id)).at).toBeNull();
  });

  it("another school's lesson answers 404 on the lesson page and from the grid, and nothing is recorded", async () => {
    const other = await schoolTwoLesson(db(), today);
    const [s0] = await rosterIds(db(), school, group, today);
    await teacher.get(url(fresh[0]!.id));
    expect((await teacher.post(url(other, '/attendance'), { action: 'all' })).statusCode).toBe(404);
    expect((await teacher.json('/journal/cells', { lessonId: other, studentId: s0, column: 1, value: 'н', was: '' })).statusCode).toBe(404);
    expect((await taken(other)).at).toBeNull();
    expect(await db().select().from(auditEvents).where(eq(auditEvents.entityId, other))).toHaveLength(0);
  });
});

describe('the demo', () => {
  it('has attendance taken on the lessons it filled, by the teacher\'s account if any, but a few of the last week', async () => {
    const filled = await db().selectDistinct({ id: lessons.id, at: lessons.attendanceTakenAt }).from(lessons)
      .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, lessons.schoolId), eq(lessonColumns.lessonId, lessons.id)))
      .where(and(eq(lessons.schoolId, school), lt(lessons.date, addDays(today, -10))));
    expect(filled.length).toBeGreaterThan(500);
    expect(filled.every((l) => l.at !== null)).toBe(true);
    const recentNotTaken = await db().selectDistinct({ id: lessons.id }).from(lessons)
      .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, lessons.schoolId), eq(lessonColumns.lessonId, lessons.id)))
      .where(and(
        eq(lessons.schoolId, school), gte(lessons.date, addDays(today, -7)), lt(lessons.date, today), isNull(lessons.attendanceTakenAt),
      ));
    expect(recentNotTaken.length).toBeGreaterThan(0);
    const byTeacher = await db().select({ id: lessons.id }).from(lessons).where(and(
      eq(lessons.schoolId, school), lt(lessons.date, addDays(today, -10)), eq(lessons.attendanceTakenBy, teacherAccount),
      isNotNull(lessons.attendanceTakenAt),
    ));
    expect(byTeacher.length).toBeGreaterThan(20);
  });
});
