// The lesson page /journal/lessons/:id: the lesson form (topic from the КТП and back, homework, control flag) with
// audit rows, the marks form saved all-or-nothing, attendance («все присутствуют», absences), mark columns, the edit
// window and the deputy's correction with a reason, future lessons, substitutions, the class teacher's read-only page,
// forbidden roles and another school's ids.
import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { attendance, individualHomework, lessonColumns, marks, periodClosures, workTypes } from '../../src/modules/journal/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { clearLesson, demoGroup, lessonOf, rosterIds, schoolOf, schoolTwoLesson } from './journal-support.ts';
import { staffOf } from './schedule-lessons-support.ts';

let t: TestApp;
let school: string;
let group: string;
let teacher: Client;
let current: { id: string; date: string };
let students: string[];
const today = todayIso();
const db = () => t.database.db;
const url = (id: string, sub = '') => `/journal/lessons/${id}${sub}`;

const lessonRow = async (id: string) => (await db().select().from(lessons).where(eq(lessons.id, id)))[0]!;
const audits = (entity: string, entityId: string) => db().select().from(auditEvents)
  .where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entity, entity), eq(auditEvents.entityId, entityId))).orderBy(auditEvents.at);
const markOf = async (lessonId: string, studentId: string, column = 1) => (await db().select().from(marks)
  .where(and(eq(marks.lessonId, lessonId), eq(marks.studentId, studentId), eq(marks.columnNo, column))))[0]?.value ?? null;
const attOf = async (lessonId: string, studentId: string) => (await db().select().from(attendance)
  .where(and(eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId))))[0]?.kind ?? null;
const columnsOf = async (lessonId: string) => db().select().from(lessonColumns).where(eq(lessonColumns.lessonId, lessonId)).orderBy(lessonColumns.columnNo);
const typeId = async (shortName: string) => (await db().select().from(workTypes).where(and(eq(workTypes.schoolId, school), eq(workTypes.shortName, shortName))))[0]!.id;

/** A lesson with no marks, attendance, columns, homework or work done (the demo may have filled it). */
async function emptyLesson(id: string) {
  await clearLesson(db(), school, id);
  await db().delete(individualHomework).where(eq(individualHomework.lessonId, id));
  await db().delete(lessonColumns).where(eq(lessonColumns.lessonId, id));
  await db().update(lessons).set({ workDone: null, homework: null, homeworkMinutes: null, controlWork: false }).where(eq(lessons.id, id));
}

/** The latest lesson of the group just past the edit window (10 days), in a period that is not closed. */
async function pastWindow(): Promise<{ id: string; date: string }> {
  const [l] = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), lt(lessons.date, addDays(today, -10))))
    .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(1);
  return l!;
}

const plan = (over: Record<string, string> = {}) => ({ topic: 'Тема', workDone: '', homework: '', homeworkMinutes: '', action: 'save', ...over });

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  group = await demoGroup(db(), school, '5А', 'Математика');
  current = await lessonOf(db(), school, group, 'latestPast', today);
  await emptyLesson(current.id);
  students = await rosterIds(db(), school, group, current.date);
  // The demo closes the periods that have ended; this file's lessons are judged by the edit window alone.
  await db().delete(periodClosures).where(and(eq(periodClosures.schoolId, school), eq(periodClosures.groupId, group)));
  teacher = await loginAs(t.app, 'teacher');
}, 300_000); // the demo seed is slow on a busy machine
afterAll(async () => { await t?.close(); });

describe('the teacher on the lesson page', () => {
  it('opens the lesson with its facts, the КТП topic and every form; the old schedule address redirects here', async () => {
    const res = await teacher.get(url(current.id));
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Математика');
    expect(text).toContain('5А');
    expect(text).toContain('Иванова');
    const { topic } = await lessonRow(current.id);
    expect(topic).toBeTruthy(); // filled from the demo КТП
    expect(res.body).toContain(`value="${topic}"`);
    for (const action of ['', '/columns', '/attendance', '/marks', '/individual-homework']) expect(res.body).toContain(`action="${url(current.id, action)}"`);
    expect(res.body).toContain(`/journal/history?lesson=${current.id}&amp;student=${students[0]}&amp;column=1`);
    expect(res.body).not.toContain('/reopen'); // the deputy's form only
    expect(res.body).not.toContain('name="reason"');
    const old = await teacher.get(`/schedule/lessons/${current.id}`);
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe(url(current.id));
  });

  it('saves topic, work done, homework and the control flag with an audit row of old and new values; the КТП topic comes back', async () => {
    const before = await lessonRow(current.id);
    await teacher.get(url(current.id));
    const res = await teacher.post(url(current.id), plan({ topic: 'Решение задач на движение', workDone: 'Разобрали № 101–105', homework: '№ 110, 112', homeworkMinutes: '25', controlWork: 'on' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${url(current.id)}#plan`);
    const after = await lessonRow(current.id);
    expect(after).toMatchObject({ topic: 'Решение задач на движение', topicOverridden: true, ktpTopicId: null, workDone: 'Разобрали № 101–105', homework: '№ 110, 112', homeworkMinutes: 25, controlWork: true });
    const [a] = await audits('lesson', current.id);
    expect(a).toMatchObject({ action: 'update', reason: null });
    expect(a!.oldValue).toEqual({ topic: before.topic, topicOverridden: false, workDone: null, homework: null, homeworkMinutes: null, controlWork: false });
    expect(a!.newValue).toEqual({ topic: 'Решение задач на движение', topicOverridden: true, workDone: 'Разобрали № 101–105', homework: '№ 110, 112', homeworkMinutes: 25, controlWork: true });
    expect(mainText((await teacher.get(url(current.id))).body)).toContain('Урок сохранён.');

    const back = await teacher.post(url(current.id), plan({ topic: 'Решение задач на движение', workDone: 'Разобрали № 101–105', homework: '№ 110, 112', homeworkMinutes: '25', controlWork: 'on', action: 'ktp' }));
    expect(back.statusCode).toBe(303);
    expect(await lessonRow(current.id)).toMatchObject({ topic: before.topic, topicOverridden: false, ktpTopicId: before.ktpTopicId, homeworkMinutes: 25, controlWork: true });
    const rows = await audits('lesson', current.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.newValue).toEqual({ topic: before.topic, topicOverridden: false });
    // Saving the same again writes nothing.
    await teacher.get(url(current.id));
    await teacher.post(url(current.id), plan({ topic: before.topic!, workDone: 'Разобрали № 101–105', homework: '№ 110, 112', homeworkMinutes: '25', controlWork: 'on' }));
    expect(await audits('lesson', current.id)).toHaveLength(2);
  });

  it('refuses bad minutes with a message at the field, values kept and nothing saved', async () => {
    const before = await lessonRow(current.id);
    await teacher.get(url(current.id));
    const res = await teacher.post(url(current.id), plan({ topic: 'Новая тема', homework: 'читать', homeworkMinutes: '300' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="lj-min-error"');
    expect(mainText(res.body)).toContain('целое число минут от 0 до 240');
    expect(res.body).toContain('value="Новая тема"');
    expect(await lessonRow(current.id)).toMatchObject({ topic: before.topic, homework: before.homework });
  });

  it('saves several marks in one form; one bad value → 422 at its row and none saved', async () => {
    const [s0, s1, s2] = students as [string, string, string];
    await teacher.get(url(current.id));
    const bad = await teacher.post(url(current.id, '/marks'), {
      [`m_${s0}_1`]: '5', [`w_${s0}_1`]: '', [`m_${s1}_1`]: '4', [`w_${s1}_1`]: '', [`m_${s2}_1`]: '7', [`w_${s2}_1`]: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(new RegExp(`class="lp-row lj-row-error" id="s-${s2}"[\\s\\S]*id="e-${s2}" role="alert">Отметка должна быть одной из: 5, 4, 3, 2, 1`));
    expect(mainText(bad.body)).toContain('Ничего не сохранено');
    // The page opens at the refused student's keys (focused), the message read with them.
    expect(bad.body).toMatch(new RegExp(`id="k-${s2}" aria-describedby="e-${s2}" autofocus`));
    expect(bad.body.match(/ autofocus/g)).toHaveLength(1);
    expect(await markOf(current.id, s0)).toBeNull();
    expect(await markOf(current.id, s1)).toBeNull();
    expect(await audits('mark', `${current.id}:${s0}:1`)).toHaveLength(0);

    const ok = await teacher.post(url(current.id, '/marks'), {
      [`m_${s0}_1`]: '5', [`w_${s0}_1`]: '', [`m_${s1}_1`]: '4', [`w_${s1}_1`]: '', [`m_${s2}_1`]: '', [`w_${s2}_1`]: '',
    });
    expect(ok.statusCode).toBe(303);
    expect(await markOf(current.id, s0)).toBe(5);
    expect(await markOf(current.id, s1)).toBe(4);
    expect((await columnsOf(current.id)).map((c) => c.columnNo)).toEqual([1]);
    expect(await audits('mark', `${current.id}:${s0}:1`)).toMatchObject([{ action: 'create', newValue: { value: 5 } }]);
    const page = await teacher.get(url(current.id));
    expect(page.body).toContain(`name="w_${s0}_1" value="5"`);

    // A stale form: someone changed the cell after it was shown → 409, the other cell of the form not saved either.
    const stale = await teacher.post(url(current.id, '/marks'), { [`m_${s0}_1`]: '3', [`w_${s0}_1`]: '', [`m_${s2}_1`]: '2', [`w_${s2}_1`]: '' });
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('сейчас в ней «5»');
    expect(await markOf(current.id, s0)).toBe(5);
    expect(await markOf(current.id, s2)).toBeNull();
  });

  it('attendance: absent and late saved, a student with a mark cannot be absent, reasons shown, «все присутствуют» clears', async () => {
    const [s0, , , s3, s4] = students as [string, string, string, string, string];
    await teacher.get(url(current.id));
    const withMark = await teacher.post(url(current.id, '/attendance'), { action: 'save', [`a_${s0}`]: 'absent', [`aw_${s0}`]: 'present', [`a_${s3}`]: 'absent', [`aw_${s3}`]: 'present' });
    expect(withMark.statusCode).toBe(422);
    expect(mainText(withMark.body)).toContain('есть отметка за этот урок');
    expect(await attOf(current.id, s3)).toBeNull();

    const ok = await teacher.post(url(current.id, '/attendance'), { action: 'save', [`a_${s3}`]: 'absent', [`aw_${s3}`]: 'present', [`a_${s4}`]: 'late', [`aw_${s4}`]: 'present', [`a_${s0}`]: 'present', [`aw_${s0}`]: 'present' });
    expect(ok.statusCode).toBe(303);
    expect(await attOf(current.id, s3)).toBe('absent');
    expect(await attOf(current.id, s4)).toBe('late');
    expect(await audits('attendance', `${current.id}:${s3}`)).toMatchObject([{ action: 'create', oldValue: null, newValue: { kind: 'absent' } }]);

    await db().update(attendance).set({ reason: 'illness' }).where(and(eq(attendance.lessonId, current.id), eq(attendance.studentId, s3)));
    const page = await teacher.get(url(current.id));
    expect(mainText(page.body)).toContain('причина: по болезни');
    expect(page.body).toMatch(new RegExp(`name="a_${s3}" value="absent" checked`));

    const all = await teacher.post(url(current.id, '/attendance'), { action: 'all' });
    expect(all.statusCode).toBe(303);
    expect(await attOf(current.id, s3)).toBeNull();
    expect(await attOf(current.id, s4)).toBeNull();
    const rows = await audits('attendance', `${current.id}:${s3}`);
    expect(rows.at(-1)).toMatchObject({ action: 'delete', oldValue: { kind: 'absent', reason: 'illness' }, newValue: null });
  });

  it('columns: the first is created on save, one is added, its type changed, the last removed only without marks', async () => {
    const lesson = await lessonOf(db(), school, group, 'latestPast', today);
    const s = students[5]!;
    const [kr, sr] = [await typeId('КР'), await typeId('СР')];
    await teacher.get(url(lesson.id));
    const cols = await columnsOf(lesson.id);
    expect(cols).toHaveLength(1); // created by the marks saved above
    const add = await teacher.post(url(lesson.id, '/columns'), { action: 'add', type_1: cols[0]!.workTypeId, newType: kr });
    expect(add.statusCode).toBe(303);
    expect((await columnsOf(lesson.id)).map((c) => [c.columnNo, c.workTypeId])).toEqual([[1, cols[0]!.workTypeId], [2, kr]]);
    const change = await teacher.post(url(lesson.id, '/columns'), { action: 'save', type_1: cols[0]!.workTypeId, type_2: sr });
    expect(change.statusCode).toBe(303);
    expect((await columnsOf(lesson.id))[1]!.workTypeId).toBe(sr);
    const entries = await audits('lesson', lesson.id);
    expect(entries.filter((a) => a.action === 'columns')).toHaveLength(2);
    expect(entries.at(-1)!.newValue).toMatchObject({ columns: [{ columnNo: 1 }, { columnNo: 2, workTypeId: sr, workType: 'СР' }] });

    // The screen shows one column at a time: the first, with a tab for the second showing its work type.
    const page = await teacher.get(url(lesson.id));
    expect(page.body).toContain(`name="m_${s}_1"`);
    expect(page.body).not.toContain(`name="m_${s}_2"`);
    expect(page.body).toContain(`href="${url(lesson.id)}?col=2#marks" title="Самостоятельная работа, вес`);
    const second = await teacher.get(`${url(lesson.id)}?col=2`);
    expect(second.body).toContain(`name="m_${s}_2"`);
    expect(second.body).toContain(`action="${url(lesson.id, '/marks')}?col=2"`);
    expect(mainText(second.body)).toContain('Отметки · Самостоятельная работа, вес');
    // One key tapped without JavaScript: back to the student's row, in the same column.
    const tapped = await teacher.post(`${url(lesson.id, '/marks')}?col=2`, { [`m_${s}_2`]: '3', [`w_${s}_2`]: '' });
    expect(tapped.statusCode).toBe(303);
    expect(tapped.headers.location).toBe(`${url(lesson.id)}?col=2#s-${s}`);
    expect((await teacher.get(`${url(lesson.id)}?col=2`)).body).toMatch(new RegExp(`name="m_${s}_2" value="" data-v="3" aria-pressed="true"`));
    const busy = await teacher.post(url(lesson.id, '/columns'), { action: 'remove', type_1: cols[0]!.workTypeId, type_2: sr });
    expect(busy.statusCode).toBe(422);
    expect(mainText(busy.body)).toContain('В колонке 2 есть отметки');
    expect(await columnsOf(lesson.id)).toHaveLength(2);
    expect((await teacher.post(url(lesson.id, '/marks'), { [`m_${s}_2`]: '', [`w_${s}_2`]: '3' })).statusCode).toBe(303);
    expect((await teacher.post(url(lesson.id, '/columns'), { action: 'remove', type_1: cols[0]!.workTypeId, type_2: sr })).statusCode).toBe(303);
    expect(await columnsOf(lesson.id)).toHaveLength(1);
    const bogus = await teacher.post(url(lesson.id, '/columns'), { action: 'save', type_1: 'not-a-uuid' });
    expect(bogus.statusCode).toBe(422);
  });

  it('individual homework is saved and audited', async () => {
    const s = students[6]!;
    await teacher.get(url(current.id));
    const res = await teacher.post(url(current.id, '/individual-homework'), { [`h_${s}`]: 'Карточка № 3', [`hw_${s}`]: '' });
    expect(res.statusCode).toBe(303);
    const [row] = await db().select().from(individualHomework).where(and(eq(individualHomework.lessonId, current.id), eq(individualHomework.studentId, s)));
    expect(row?.text).toBe('Карточка № 3');
    expect(await audits('individual_homework', `${current.id}:${s}`)).toMatchObject([{ action: 'create', newValue: { text: 'Карточка № 3' } }]);
    expect(mainText((await teacher.get(url(current.id))).body)).toContain('Индивидуальные задания');
  });
});

describe('junk input', () => {
  it('every form answers 422 with a message (never 500) and writes nothing', async () => {
    const s = students[8]!;
    const before = (await db().select().from(auditEvents).where(eq(auditEvents.schoolId, school))).length;
    await teacher.get(url(current.id));
    const cases: Array<[string, Record<string, string>]> = [
      ['', { topic: 'т'.repeat(600) }], ['', { homeworkMinutes: '-1' }], ['', { homeworkMinutes: '1e2' }], ['', { action: 'drop' }],
      ['/columns', { action: 'explode' }], ['/columns', { action: 'add', newType: 'нет' }],
      ['/columns', { action: 'save', type_1: '00000000-0000-4000-8000-000000000000' }],
      ['/attendance', { [`a_${s}`]: 'maybe', [`aw_${s}`]: 'present' }],
      ['/marks', { [`m_${s}_1`]: '%00', [`w_${s}_1`]: '' }], ['/marks', { [`m_${s}_1`]: 'оп', [`w_${s}_1`]: '', [`m_${s}_2`]: 'н', [`w_${s}_2`]: '' }],
      ['/marks', { [`m_00000000-0000-4000-8000-000000000000_1`]: '5' }],
      ['/individual-homework', { [`h_${s}`]: 'x'.repeat(1500), [`hw_${s}`]: '' }],
      ['/individual-homework', { [`h_00000000-0000-4000-8000-000000000000`]: 'x' }],
    ];
    for (const [sub, form] of cases) {
      const res = await teacher.post(url(current.id, sub), form);
      expect([sub, res.statusCode]).toEqual([sub, 422]);
      expect(res.body).toContain('class="field-error');
    }
    expect((await db().select().from(auditEvents).where(eq(auditEvents.schoolId, school))).length).toBe(before);
  });
});

describe('the edit window, future lessons and the deputy', () => {
  it('past the window the teacher reads: values shown without forms, every POST refused with the reason', async () => {
    const old = await pastWindow();
    await emptyLesson(old.id);
    const page = await teacher.get(url(old.id));
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Срок внесения истёк');
    expect(page.body).not.toContain(`action="${url(old.id, '/marks')}"`);
    const before = await lessonRow(old.id);
    const res = await teacher.post(url(old.id), plan({ topic: 'Поздно' }));
    expect(res.statusCode).toBe(403);
    expect(mainText(res.body)).toContain('Срок внесения истёк');
    const s = (await rosterIds(db(), school, group, old.date))[0]!;
    expect((await teacher.post(url(old.id, '/marks'), { [`m_${s}_1`]: '5', [`w_${s}_1`]: '' })).statusCode).toBe(403);
    expect((await teacher.post(url(old.id, '/attendance'), { action: 'all' })).statusCode).toBe(403);
    expect(await lessonRow(old.id)).toMatchObject({ topic: before.topic, updatedAt: before.updatedAt });
    expect(await markOf(old.id, s)).toBeNull();
  });

  it('the deputy corrects with a reason; without one the form is refused (422)', async () => {
    const old = await pastWindow();
    await emptyLesson(old.id);
    const s = (await rosterIds(db(), school, group, old.date))[1]!;
    const deputy = await loginAs(t.app, 'deputy');
    const page = await deputy.get(url(old.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="reason"');
    expect(page.body).toContain(`action="${url(old.id, '/reopen')}"`);
    expect(page.body).toContain(`value="${addDays(today, 3)}"`);
    const none = await deputy.post(url(old.id), plan({ topic: 'Исправленная тема' }));
    expect(none.statusCode).toBe(422);
    expect(mainText(none.body)).toContain('Укажите причину изменения');
    const noneMarks = await deputy.post(url(old.id, '/marks'), { [`m_${s}_1`]: '4', [`w_${s}_1`]: '', reason: '' });
    expect(noneMarks.statusCode).toBe(422);
    expect(await markOf(old.id, s)).toBeNull();
    const ok = await deputy.post(url(old.id), plan({ topic: 'Исправленная тема', reason: 'Служебная записка учителя № 7' }));
    expect(ok.statusCode).toBe(303);
    expect((await lessonRow(old.id)).topic).toBe('Исправленная тема');
    const [a] = await audits('lesson', old.id);
    expect(a).toMatchObject({ reason: 'Служебная записка учителя № 7', newValue: { topic: 'Исправленная тема', topicOverridden: true } });
    const marked = await deputy.post(url(old.id, '/marks'), { [`m_${s}_1`]: '4', [`w_${s}_1`]: '', reason: 'Служебная записка учителя № 7' });
    expect(marked.statusCode).toBe(303);
    expect(await markOf(old.id, s)).toBe(4);
    expect((await audits('mark', `${old.id}:${s}:1`))[0]).toMatchObject({ reason: 'Служебная записка учителя № 7' });
  });

  it('a future lesson: topic and homework may be prepared, marks and attendance are refused', async () => {
    const future = await lessonOf(db(), school, group, 'future', today);
    const page = await teacher.get(url(future.id));
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Урок ещё не прошёл');
    expect(page.body).toContain(`action="${url(future.id)}"`);
    expect(page.body).not.toContain(`action="${url(future.id, '/marks')}"`);
    const ok = await teacher.post(url(future.id), plan({ topic: 'Подготовка к контрольной', homework: 'Повторить § 5', homeworkMinutes: '30' }));
    expect(ok.statusCode).toBe(303);
    expect(await lessonRow(future.id)).toMatchObject({ homework: 'Повторить § 5', homeworkMinutes: 30 });
    const s = (await rosterIds(db(), school, group, future.date))[0]!;
    const marksRes = await teacher.post(url(future.id, '/marks'), { [`m_${s}_1`]: '5', [`w_${s}_1`]: '' });
    expect(marksRes.statusCode).toBe(403);
    expect(mainText(marksRes.body)).toContain('Урок ещё не прошёл');
    expect((await teacher.post(url(future.id, '/attendance'), { action: 'save', [`a_${s}`]: 'absent', [`aw_${s}`]: 'present' })).statusCode).toBe(403);
    expect(await markOf(future.id, s)).toBeNull();
    expect(await attOf(future.id, s)).toBeNull();
  });
});

describe('who opens the lesson page', () => {
  it('a substitute fills a substituted lesson; the regular teacher only reads it', async () => {
    const recent = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
      .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), gte(lessons.date, addDays(today, -6)), lte(lessons.date, today)))
      .orderBy(desc(lessons.date), desc(lessons.lessonNumber));
    const lesson = recent.find((l) => l.id !== current.id)!;
    const { staffId: sokolov } = await staffOf(db(), 'classteacher');
    await db().insert(substitutions).values({ schoolId: school, lessonId: lesson.id, kind: 'teacher', substituteStaffId: sokolov, reason: 'болезнь учителя' });
    const sub = await loginAs(t.app, 'classteacher');
    const page = await sub.get(url(lesson.id));
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('замена учителя');
    expect(page.body).toContain(`action="${url(lesson.id)}"`);
    expect((await sub.post(url(lesson.id), plan({ topic: 'Тема на замене', homework: 'стр. 40' }))).statusCode).toBe(303);
    expect((await lessonRow(lesson.id)).homework).toBe('стр. 40');

    const regular = await teacher.get(url(lesson.id));
    expect(regular.statusCode).toBe(200);
    expect(mainText(regular.body)).toContain('только просматриваете');
    expect(regular.body).not.toContain(`action="${url(lesson.id)}"`);
    const refused = await teacher.post(url(lesson.id), plan({ topic: 'Не моя тема' }));
    expect(refused.statusCode).toBe(403);
    expect((await lessonRow(lesson.id)).topic).toBe('Тема на замене');
  });

  it('the class teacher of 5А reads the maths lesson without forms and cannot save; 6А maths is 404 for him', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const page = await ct.get(url(current.id));
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Вы классный руководитель');
    expect(page.body).not.toContain(`action="${url(current.id)}`);
    expect(page.body).not.toContain('/journal/history?');
    const res = await ct.post(url(current.id), plan({ topic: 'Чужая тема' }));
    expect(res.statusCode).toBe(403);
    expect((await ct.post(url(current.id, '/marks'), { [`m_${students[7]}_1`]: '5', [`w_${students[7]}_1`]: '' })).statusCode).toBe(403);
    expect(await markOf(current.id, students[7]!)).toBeNull();
    const sixA = await lessonOf(db(), school, await demoGroup(db(), school, '6А', 'Математика'), 'latestPast', today);
    expect((await ct.get(url(sixA.id))).statusCode).toBe(404);
  });

  it('a teacher of another subject gets 404; the admin reads without forms and may not post', async () => {
    const other = await loginAs(t.app, 'multi');
    await other.get('/select-school');
    expect((await other.post('/select-school', { schoolId: school, next: '/' })).statusCode).toBe(303);
    expect((await other.get(url(current.id))).statusCode).toBe(404);
    expect((await other.post(url(current.id), plan())).statusCode).toBe(404);
    const admin = await loginAs(t.app, 'admin');
    const page = await admin.get(url(current.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="${url(current.id, '/attendance')}"`);
    expect((await admin.post(url(current.id), plan())).statusCode).toBe(403);
  });

  it.each(['parent', 'student', 'secretary'])('%s gets 403 on the page and every form', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(url(current.id))).statusCode).toBe(403);
    for (const sub of ['', '/columns', '/attendance', '/marks', '/individual-homework']) expect((await c.post(url(current.id, sub), {})).statusCode).toBe(403);
  });

  it("another school's lesson and a malformed id answer 404; nothing is written", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(url(current.id))).statusCode).toBe(404);
    expect((await teacher.get(url('not-a-uuid'))).statusCode).toBe(404);
    expect((await teacher.get(url('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
    expect((await teacher.post(url('not-a-uuid', '/marks'), {})).statusCode).toBe(404);
    const other = await schoolTwoLesson(db(), today);
    await teacher.get(url(current.id));
    expect((await teacher.get(url(other))).statusCode).toBe(404);
    expect((await teacher.post(url(other), plan({ topic: 'Взлом' }))).statusCode).toBe(404);
    expect((await teacher.post(url(other, '/marks'), {})).statusCode).toBe(404);
    expect((await lessonRow(other)).topic).toBeNull();
  });
});
