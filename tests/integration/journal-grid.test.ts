// The journal grid and one-cell saves through HTTP: what the teacher sees and types, the scale, the group on the date,
// the edit window, future lessons, concurrent edits, the deputy's correction with a reason, audit rows in the same
// transaction, the class teacher's read-only grid, forbidden roles and another school's ids.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { attendance, marks } from '../../src/modules/journal/schema.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { clearLesson, demoGroup, lessonOf, rosterIds, schoolOf } from './journal-support.ts';
import { editableColumn, gridCell } from '../support/grid-html.ts';

let t: TestApp;
let school: string;
let group: string;
let teacher: Client;
let current: { id: string; date: string };
let students: string[];
const today = todayIso();
const db = () => t.database.db;
const cellAudits = (lessonId: string) => db().select().from(auditEvents)
  .where(and(eq(auditEvents.schoolId, school), like(auditEvents.entityId, `${lessonId}:%`)));
const markOf = async (lessonId: string, studentId: string, column = 1) => (await db().select().from(marks)
  .where(and(eq(marks.schoolId, school), eq(marks.lessonId, lessonId), eq(marks.studentId, studentId), eq(marks.columnNo, column))))[0]?.value ?? null;
const attOf = async (lessonId: string, studentId: string) => (await db().select().from(attendance)
  .where(and(eq(attendance.schoolId, school), eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId))))[0]?.kind ?? null;

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5А', 'Математика');
  current = await lessonOf(db(), school, group, 'latestPast', today);
  await clearLesson(db(), school, current.id);
  students = await rosterIds(db(), school, group, current.date);
  teacher = await loginAs(t.app, 'teacher');
});
afterAll(async () => { await t.close(); });

const cell = (lessonId: string, studentId: string, value: string, was = '', extra: Record<string, unknown> = {}) =>
  ({ lessonId, studentId, column: 1, value, was, ...extra });

describe('the grid\'s weight', () => {
  it('stays within its budget of 80 KB of HTML, and goes gzip-compressed to a browser that accepts it', async () => {
    const page = await teacher.get(`/journal/groups/${group}`);
    expect(page.statusCode).toBe(200);
    expect(Buffer.byteLength(page.body)).toBeLessThanOrEqual(80 * 1024);
    // No per-cell title or id: a read-only column says why once, in its header.
    expect(page.body).not.toMatch(/<td[^>]*><span title=/);
    const zipped = await teacher.get(`/journal/groups/${group}`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(Buffer.byteLength(page.body) / 4);
  });
});

describe('the teacher in the grid', () => {
  it('lists the group under «Журнал» and opens its grid with students, lesson dates and editable cells', async () => {
    const list = await teacher.get('/journal');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).toContain('5А · Математика');
    const res = await teacher.get(`/journal/groups/${group}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`data-lesson="${current.id}"`);
    expect(res.body).toContain('class="cell-in"');
    expect(res.body).toContain('/static/js/grid.js');
    expect(mainText(res.body)).toContain('Итоговые отметки');
  });

  it('saves a mark at once, with an audit row; the same save again changes nothing', async () => {
    await teacher.get(`/journal/groups/${group}`);
    const res = await teacher.json('/journal/cells', cell(current.id, students[0]!, '5'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, display: '5', changed: true });
    expect(await markOf(current.id, students[0]!)).toBe(5);
    const again = await teacher.json('/journal/cells', cell(current.id, students[0]!, '5'));
    expect(again.json()).toMatchObject({ ok: true, display: '5', changed: false });
    const audits = (await cellAudits(current.id)).filter((a) => a.entity === 'mark');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'create', oldValue: null, newValue: { value: 5 } });
    const grid = await teacher.get(`/journal/groups/${group}`);
    expect(gridCell(grid.body, current.id, students[0]!)).toMatch(/<input class="cell-in" value="5"/);
    expect(editableColumn(grid.body, current.id)).toBe(true);
  });

  it('«н» marks the absence; a mark typed over it makes the student present; Backspace clears', async () => {
    const s = students[1]!;
    expect((await teacher.json('/journal/cells', cell(current.id, s, 'н'))).json()).toMatchObject({ ok: true, display: 'н', attendance: 'absent' });
    expect(await attOf(current.id, s)).toBe('absent');
    expect((await teacher.json('/journal/cells', cell(current.id, s, '4', 'н'))).json()).toMatchObject({ ok: true, display: '4', attendance: null });
    expect(await attOf(current.id, s)).toBeNull();
    expect(await markOf(current.id, s)).toBe(4);
    expect((await teacher.json('/journal/cells', cell(current.id, s, '', '4'))).json()).toMatchObject({ ok: true, display: '' });
    expect(await markOf(current.id, s)).toBeNull();
    expect((await teacher.json('/journal/cells', cell(current.id, s, 'оп'))).json()).toMatchObject({ ok: true, display: 'оп', attendance: 'late' });
    const kinds = (await cellAudits(current.id)).filter((a) => a.entityId.startsWith(`${current.id}:${s}`)).map((a) => `${a.entity}:${a.action}`);
    expect(kinds.sort()).toEqual(['attendance:create', 'attendance:create', 'attendance:delete', 'mark:create', 'mark:delete'].sort());
  });

  it('refuses a value outside the scale, a student not in the group, another group and a column that does not exist; nothing written', async () => {
    const before = (await cellAudits(current.id)).length;
    const bad = await teacher.json('/journal/cells', cell(current.id, students[2]!, '7'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('Отметка должна быть одной из: 5, 4, 3, 2, 1');
    const other = await demoGroup(db(), school, '6А', 'Математика');
    const outsider = (await rosterIds(db(), school, other, current.date))[0]!;
    const notIn = await teacher.json('/journal/cells', cell(current.id, outsider, '5'));
    expect(notIn.statusCode).toBe(422);
    expect(notIn.json().message).toBe('Обучающийся не состоит в группе на дату урока.');
    const wrongGroup = await teacher.json('/journal/cells', cell(current.id, students[2]!, '5', '', { groupId: other }));
    expect(wrongGroup.statusCode).toBe(422);
    expect(wrongGroup.json().message).toBe('Этот урок — другой группы.');
    const col2 = await teacher.json('/journal/cells', { ...cell(current.id, students[2]!, '5'), column: 2 });
    expect(col2.statusCode).toBe(422);
    const absentCol2 = await teacher.json('/journal/cells', { ...cell(current.id, students[2]!, 'н'), column: 2 });
    expect(absentCol2.json().message).toBe('Отсутствие и опоздание отмечаются в первой колонке урока.');
    const malformed = await teacher.json('/journal/cells', { lessonId: 'x', value: '5' });
    expect(malformed.statusCode).toBe(422);
    expect(await markOf(current.id, students[2]!)).toBeNull();
    expect((await cellAudits(current.id)).length).toBe(before);
  });

  it('a concurrent edit of the same cell: the second person is told what the cell holds now', async () => {
    const s = students[3]!;
    expect((await teacher.json('/journal/cells', cell(current.id, s, '3'))).statusCode).toBe(200);
    const stale = await teacher.json('/journal/cells', cell(current.id, s, '4', ''));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ ok: false, display: '3' });
    expect(stale.json().message).toContain('сейчас в ней «3»');
    expect(await markOf(current.id, s)).toBe(3);
  });

  it('a lesson past the edit window and a future lesson are refused with the reason', async () => {
    const old = await lessonOf(db(), school, group, 'old', today);
    await clearLesson(db(), school, old.id);
    const late = await teacher.json('/journal/cells', cell(old.id, (await rosterIds(db(), school, group, old.date))[0]!, '5'));
    expect(late.statusCode).toBe(403);
    expect(late.json().message).toContain('Срок внесения истёк');
    const future = await lessonOf(db(), school, group, 'future', today);
    const early = await teacher.json('/journal/cells', cell(future.id, students[0]!, '5'));
    expect(early.statusCode).toBe(403);
    expect(early.json().message).toContain('Урок ещё не прошёл');
    const grid = await teacher.get(`/journal/groups/${group}`);
    expect(editableColumn(grid.body, future.id)).toBe(false);
    expect(gridCell(grid.body, future.id, students[0]!)).toMatch(/^<td[^>]*>[^<]*<\/td>$/);
    expect(grid.body).toContain('. Урок ещё не прошёл: отметки и посещаемость ставятся в день урока."');
  });
});

describe('the deputy corrects with a reason', () => {
  it('past the window: without a reason refused (needReason), with one saved and the reason audited', async () => {
    const old = await lessonOf(db(), school, group, 'old', today);
    const s = (await rosterIds(db(), school, group, old.date))[1]!;
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/journal/groups/${group}`);
    const none = await deputy.json('/journal/cells', cell(old.id, s, '4'));
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ needReason: true });
    const ok = await deputy.json('/journal/cells', cell(old.id, s, '4', '', { reason: 'Ошибка учителя, служебная записка №5' }));
    expect(ok.statusCode).toBe(200);
    const [a] = (await cellAudits(old.id)).filter((x) => x.entity === 'mark');
    expect(a).toMatchObject({ reason: 'Ошибка учителя, служебная записка №5', newValue: { value: 4 } });
    expect(a!.actorRole).toContain('deputy');
  });
});

describe('who reads and who writes', () => {
  it('the class teacher of 5А reads the grid without inputs and cannot save a cell', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const res = await ct.get(`/journal/groups/${group}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('class="cell-in"');
    expect(mainText(res.body)).toContain('журнал только для просмотра');
    const save = await ct.json('/journal/cells', cell(current.id, students[5]!, '5'));
    expect(save.statusCode).toBe(404);
    const six = await ct.get(`/journal/groups/${await demoGroup(db(), school, '6А', 'Математика')}`);
    expect(six.statusCode).toBe(404);
  });

  it('the admin reads any journal, cannot write cells', async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await admin.get(`/journal/groups/${group}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('class="cell-in"');
    expect((await admin.json('/journal/cells', cell(current.id, students[5]!, '5'))).statusCode).toBe(403);
  });

  it.each(['parent', 'student', 'secretary'])('%s gets 403 on the list, the grid and a cell', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/journal')).statusCode).toBe(403);
    expect((await c.get(`/journal/groups/${group}`)).statusCode).toBe(403);
    expect((await c.json('/journal/cells', cell(current.id, students[5]!, '5'))).statusCode).toBe(403);
  });

  it("a cell in another teacher's lesson answers 404 whatever group is sent (not «другой группы»): existence does not leak", async () => {
    const russian = await demoGroup(db(), school, '5А', 'Русский язык');
    const theirs = await lessonOf(db(), school, russian, 'latestPast', today);
    const s = (await rosterIds(db(), school, russian, theirs.date))[0]!;
    const before = await markOf(theirs.id, s);
    await teacher.get(`/journal/groups/${group}`);
    for (const extra of [{ groupId: group }, { groupId: russian }, {}]) {
      const res = await teacher.json('/journal/cells', cell(theirs.id, s, '5', '', extra));
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toBe('Урок не найден.');
    }
    expect(await markOf(theirs.id, s)).toBe(before);
  });

  it('another school: the group and the lesson are 404; a malformed id is 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(`/journal/groups/${group}`)).statusCode).toBe(404);
    expect((await admin2.get('/journal/groups/not-a-uuid')).statusCode).toBe(404);
    expect((await teacher.get(`/journal/groups/${group}?period=not-a-uuid`)).statusCode).toBe(404);
    expect(await markOf(current.id, students[5]!)).toBeNull();
  });

  it('without the CSRF token a cell is refused', async () => {
    const res = await teacher.json('/journal/cells', cell(current.id, students[5]!, '5'), { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await markOf(current.id, students[5]!)).toBeNull();
  });
});
