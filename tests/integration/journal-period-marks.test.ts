// Period marks through HTTP: the page's averages, suggestions and «мало отметок» from marks typed in the grid; saving all
// marks closes the period and locks it for the teacher; the deputy's corrections with a reason, reopening a period and a
// lesson; concurrent edits; the class teacher's setting; the year tab; forbidden roles and another school's ids.
import { and, asc, desc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { getGroupHead, periodRoster, type PeriodStudent } from '../../src/modules/journal/grid-queries.ts';
import { attendance, journalReopens, lessonColumns, marks, periodClosures, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { demoGroup, schoolOf } from './journal-support.ts';
import { otherSchoolIds } from './journal-period-support.ts';

let t: TestApp;
let school: string;
let other: { groupId: string; lessonId: string; studentId: string };
let group: string;
let q1: { id: string; startsOn: string; endsOn: string };
let q2: { id: string; startsOn: string; endsOn: string };
let roster: PeriodStudent[];
let due: PeriodStudent[];
let recent: Array<{ id: string; date: string }>;
let teacher: Client;
let deputy: Client;
const today = todayIso();
const db = () => t.database.db;

const pageUrl = (period: string) => `/journal/groups/${group}/period-marks?period=${period}`;
const audits = (entity: string) => db().select().from(auditEvents).where(and(eq(auditEvents.schoolId, school), eq(auditEvents.entity, entity)))
  .orderBy(asc(auditEvents.at));
const pmOf = async (studentId: string, kind = 'period', periodId: string | null = q2.id) => (await db().select({ v: periodMarks.value }).from(periodMarks)
  .where(and(eq(periodMarks.schoolId, school), eq(periodMarks.groupId, group), eq(periodMarks.studentId, studentId), eq(periodMarks.kind, kind),
    periodId === null ? isNull(periodMarks.periodId) : eq(periodMarks.periodId, periodId))))[0]?.v ?? null;
const closed = async (periodId = q2.id) => (await db().select().from(periodClosures)
  .where(and(eq(periodClosures.schoolId, school), eq(periodClosures.groupId, group), eq(periodClosures.periodId, periodId)))).length > 0;
const cell = (lessonId: string, studentId: string, value: string, was = '', extra: Record<string, unknown> = {}) =>
  ({ lessonId, studentId, column: 1, value, was, ...extra });
/** The row of a student on the period-marks page, as text, and one of its cells. */
const rowHtml = (html: string, studentId: string) => new RegExp(`<tr data-student="${studentId}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
const cellText = (row: string, name: string) => mainText(new RegExp(`<td data-${name}>([\\s\\S]*?)</td>`).exec(row)?.[1] ?? '');
const form = (entries: Record<string, [string, string]>, extra: Record<string, string> = {}, kind = 'period') => {
  const out: Record<string, string> = { ...extra };
  for (const [id, [value, was]] of Object.entries(entries)) {
    out[`v:${id}:${kind}`] = value;
    out[`w:${id}:${kind}`] = was;
  }
  return out;
};

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  other = await otherSchoolIds(db(), await schoolOf(db(), 'admin2'), today);
  group = await demoGroup(db(), school, '5А', 'Математика');
  const head = (await getGroupHead(db(), { schoolId: school, groupId: group }))!;
  q1 = head.periods.find((p) => p.name === '1 четверть')!;
  q2 = head.periods.find((p) => p.name === '2 четверть')!;
  expect(q2.startsOn <= today && today <= q2.endsOn).toBe(true);
  // Start quarter 2 of 5А maths from an empty journal (the demo fills lessons before today).
  const q2Lessons = (await db().select({ id: lessons.id }).from(lessons).where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group),
    gte(lessons.date, q2.startsOn), lte(lessons.date, q2.endsOn)))).map((l) => l.id);
  await db().delete(marks).where(and(eq(marks.schoolId, school), inArray(marks.lessonId, q2Lessons)));
  await db().delete(attendance).where(and(eq(attendance.schoolId, school), inArray(attendance.lessonId, q2Lessons)));
  await db().delete(lessonColumns).where(and(eq(lessonColumns.schoolId, school), inArray(lessonColumns.lessonId, q2Lessons)));
  await db().delete(periodMarks).where(and(eq(periodMarks.schoolId, school), eq(periodMarks.groupId, group), eq(periodMarks.periodId, q2.id)));
  await db().delete(periodClosures).where(and(eq(periodClosures.schoolId, school), eq(periodClosures.groupId, group), eq(periodClosures.periodId, q2.id)));
  // Three lessons within the edit window, without substitutions; the middle one a test (weight 2).
  recent = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), lte(lessons.date, today), gte(lessons.date, addDays(today, -9)),
      gte(lessons.date, q2.startsOn), isNull(substitutions.id)))
    .orderBy(desc(lessons.date), desc(lessons.lessonNumber)).limit(3);
  expect(recent).toHaveLength(3);
  const [kr] = await db().select({ id: workTypes.id }).from(workTypes).where(and(eq(workTypes.schoolId, school), eq(workTypes.name, 'Контрольная работа')));
  await db().insert(lessonColumns).values({ schoolId: school, lessonId: recent[1]!.id, columnNo: 1, workTypeId: kr!.id });
  roster = await periodRoster(db(), { schoolId: school, groupId: group, from: q2.startsOn, to: q2.endsOn });
  due = roster.filter((s) => s.joinedOn <= today && (s.leftOn === null || s.leftOn > today));
  expect(due.length).toBeGreaterThan(5);
  teacher = await loginAs(t.app, 'teacher');
  deputy = await loginAs(t.app, 'deputy');
}, 240_000); // the demo school with its journal: slow when the machine is busy
afterAll(async () => { await t?.close(); });

describe('the period-marks page', () => {
  it('shows the count, the weighted average, the suggestion and «мало отметок» from marks typed in the grid', async () => {
    const [a, b] = [due[0]!.studentId, due[1]!.studentId];
    await teacher.get(`/journal/groups/${group}`);
    const typed: Array<[number, string, string]> = [[0, a, '5'], [1, a, '3'], [0, b, '5'], [1, b, '5'], [2, b, '4']];
    for (const [i, s, v] of typed) {
      const res = await teacher.json('/journal/cells', cell(recent[i]!.id, s, v));
      expect(res.statusCode, res.body).toBe(200);
    }
    const res = await teacher.get(pageUrl(q2.id));
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Итоговые отметки: 5А · Математика');
    const rowA = rowHtml(res.body, a);
    // a: 5 (weight 1) and 3 (test, weight 2) → 11/3 = 3,67 → 4; two marks, fewer than the school's 3.
    expect([cellText(rowA, 'count'), cellText(rowA, 'average'), cellText(rowA, 'suggested')]).toEqual(['2 мало отметок', '3,67', '4']);
    // b: 5, 5·2, 4 → 19/4 = 4,75 → 5; three marks: no flag.
    const rowB = rowHtml(res.body, b);
    expect([cellText(rowB, 'count'), cellText(rowB, 'average'), cellText(rowB, 'suggested')]).toEqual(['3', '4,75', '5']);
    const rowC = rowHtml(res.body, due[2]!.studentId);
    expect([cellText(rowC, 'count'), cellText(rowC, 'average'), cellText(rowC, 'suggested')]).toEqual(['0 мало отметок', '—', '—']);
    // The suggestion is never preselected: the select stays empty.
    expect(rowA).toContain('<option value="" selected>');
    expect(rowA).toContain(`name="v:${a}:period"`);
    expect(mainText(res.body)).toContain('Период открыт');
  });

  it('the admin and the class teacher read the page without a form; a wrong period is 404', async () => {
    for (const login of ['admin', 'classteacher']) {
      const c = await loginAs(t.app, login);
      const res = await c.get(pageUrl(q2.id));
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<select');
      expect(res.body).toContain('data-mode-why');
    }
    expect((await teacher.get(pageUrl('not-a-uuid'))).statusCode).toBe(404);
    expect((await teacher.get(pageUrl('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
  });

  it('refuses a value that is not a period mark, and a student of another group, saving nothing', async () => {
    await teacher.get(pageUrl(q2.id));
    const a = due[0]!.studentId;
    const bad = await teacher.post(pageUrl(q2.id), form({ [a]: ['6', ''], [due[1]!.studentId]: ['5', ''] }));
    expect(bad.statusCode).toBe(422);
    expect(mainText(rowHtml(bad.body, a))).toContain('Итоговая отметка — одна из: 5, 4, 3, 2, 1, осв, н/а, зач, незач');
    const other = await demoGroup(db(), school, '6А', 'Математика');
    const outsider = (await periodRoster(db(), { schoolId: school, groupId: other, from: q2.startsOn, to: q2.endsOn }))[0]!.studentId;
    const notIn = await teacher.post(pageUrl(q2.id), form({ [outsider]: ['5', ''] }));
    expect(notIn.statusCode).toBe(422);
    expect(await pmOf(due[1]!.studentId)).toBeNull();
    expect(await pmOf(outsider)).toBeNull();
    expect(await audits('period_mark')).toHaveLength(0);
  });
});

describe('closing the period', () => {
  it('saving some marks does not close it; saving the rest (not the withdrawn student) closes it in the same transaction', async () => {
    const withdrawn = roster.filter((s) => s.leftOn !== null && s.leftOn <= today);
    expect(withdrawn.length).toBeGreaterThan(0);
    await teacher.get(pageUrl(q2.id));
    const half = Math.floor(due.length / 2);
    const first = Object.fromEntries(due.slice(0, half).map((s, i) => [s.studentId, [i === 0 ? '4' : '5', ''] as [string, string]]));
    const r1 = await teacher.post(pageUrl(q2.id), form(first));
    expect(r1.statusCode).toBe(303);
    expect(await closed()).toBe(false);
    const page = await teacher.get(pageUrl(q2.id));
    expect(mainText(page.body)).toContain(`Сохранено итоговых отметок: ${half}.`);
    const rest = Object.fromEntries(due.slice(half).map((s, i) => [s.studentId, [i === 0 ? 'н/а' : '3', ''] as [string, string]]));
    const r2 = await teacher.post(pageUrl(q2.id), form(rest));
    expect(r2.statusCode).toBe(303);
    expect(await closed()).toBe(true);
    expect(await pmOf(due[0]!.studentId)).toBe('4');
    expect(await pmOf(due[half]!.studentId)).toBe('н/а');
    const pm = await audits('period_mark');
    expect(pm).toHaveLength(due.length);
    expect(pm.find((x) => x.entityId === `${group}:${due[0]!.studentId}:period:${q2.id}`)).toMatchObject({ action: 'create', oldValue: null, newValue: { value: '4' } });
    expect((await audits('period_closure')).map((x) => x.entityId)).toEqual([`${group}:${q2.id}`]);
    const after = await teacher.get(pageUrl(q2.id));
    expect(mainText(after.body)).toContain('Все итоговые отметки выставлены: период закрыт.');
    expect(mainText(after.body)).toContain('Период закрыт');
  });

  it('the closed period is locked for the teacher: cells and period marks are refused with the reason', async () => {
    await teacher.get(`/journal/groups/${group}`);
    const res = await teacher.json('/journal/cells', cell(recent[2]!.id, due[2]!.studentId, '5'));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('период закрыт');
    const page = await teacher.get(pageUrl(q2.id));
    expect(page.body).not.toContain('<select');
    const pm = await teacher.post(pageUrl(q2.id), form({ [due[0]!.studentId]: ['5', '4'] }));
    expect(pm.statusCode).toBe(403);
    expect(mainText(pm.body)).toContain('период закрыт');
    expect(await pmOf(due[0]!.studentId)).toBe('4');
  });

  it('the deputy corrects a period mark only with a reason, audited', async () => {
    const a = due[0]!.studentId;
    const page = await deputy.get(pageUrl(q2.id));
    expect(page.body).toContain(`name="v:${a}:period"`);
    expect(mainText(page.body)).toContain('Причина изменения (обязательно)');
    const none = await deputy.post(pageUrl(q2.id), form({ [a]: ['5', '4'] }));
    expect(none.statusCode).toBe(422);
    expect(mainText(none.body)).toContain('Укажите причину изменения');
    expect(await pmOf(a)).toBe('4');
    const ok = await deputy.post(pageUrl(q2.id), form({ [a]: ['5', '4'] }, { reason: 'Пересдача контрольной, приказ №12' }));
    expect(ok.statusCode).toBe(303);
    expect(await pmOf(a)).toBe('5');
    const row = (await audits('period_mark')).at(-1)!;
    expect(row).toMatchObject({ entityId: `${group}:${a}:period:${q2.id}`, action: 'update', oldValue: { value: '4' }, newValue: { value: '5' }, reason: 'Пересдача контрольной, приказ №12' });
    expect(row.actorRole).toContain('deputy');
  });

  it('the deputy corrects a cell of the closed period: without a reason 422, with one saved and audited', async () => {
    await deputy.get(`/journal/groups/${group}`);
    const s = due[3]!.studentId;
    const none = await deputy.json('/journal/cells', cell(recent[2]!.id, s, '4'));
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ needReason: true });
    const ok = await deputy.json('/journal/cells', cell(recent[2]!.id, s, '4', '', { reason: 'Исправление по заявлению' }));
    expect(ok.statusCode).toBe(200);
    const [a] = (await audits('mark')).filter((x) => x.entityId === `${recent[2]!.id}:${s}:1`);
    expect(a).toMatchObject({ reason: 'Исправление по заявлению', newValue: { value: 4 } });
  });

  it('a concurrent change of a period mark: a clear message, nothing saved, the current value shown', async () => {
    // Reopened by the deputy so the teacher may edit again (see below for the reopen itself).
    await deputy.get(pageUrl(q2.id));
    expect((await deputy.post(`/journal/groups/${group}/reopen`, { period: q2.id, reason: 'Учитель исправляет ошибки', until: '' })).statusCode).toBe(303);
    const [a, b] = [due[0]!.studentId, due[1]!.studentId];
    await teacher.get(pageUrl(q2.id));
    const before = (await audits('period_mark')).length;
    // The teacher's page still shows a = 4 (the deputy made it 5); b is changed in the same form.
    const res = await teacher.post(pageUrl(q2.id), form({ [a]: ['3', '4'], [b]: ['4', '5'] }));
    expect(res.statusCode).toBe(409);
    expect(mainText(res.body)).toContain('изменил кто-то другой: ничего не сохранено');
    const row = rowHtml(res.body, a);
    expect(mainText(row)).toContain('сейчас «5»');
    expect(row).toContain(`name="w:${a}:period" value="5"`);
    expect(row).toContain('<option value="5" selected>');
    expect(await pmOf(a)).toBe('5');
    expect(await pmOf(b)).toBe('5');
    expect((await audits('period_mark')).length).toBe(before);
  });
});

describe('reopening', () => {
  it('the deputy reopens a lesson of a closed, past period for the teacher', async () => {
    const [old] = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
      .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
      .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), gte(lessons.date, q1.startsOn), lte(lessons.date, q1.endsOn), isNull(substitutions.id)))
      .orderBy(desc(lessons.date)).limit(1);
    const s = (await periodRoster(db(), { schoolId: school, groupId: group, from: old!.date, to: old!.date }))[0]!.studentId;
    await db().delete(marks).where(and(eq(marks.schoolId, school), eq(marks.lessonId, old!.id), eq(marks.studentId, s)));
    await db().delete(attendance).where(and(eq(attendance.schoolId, school), eq(attendance.lessonId, old!.id), eq(attendance.studentId, s)));
    await teacher.get(`/journal/groups/${group}`);
    expect((await teacher.json('/journal/cells', cell(old!.id, s, '5'))).statusCode).toBe(403);
    await deputy.get(pageUrl(q1.id));
    const bad = await deputy.post(`/journal/lessons/${old!.id}/reopen`, { reason: 'Урок перенесён', until: '31.02.2026' });
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Укажите дату в виде ДД.ММ.ГГГГ');
    const ok = await deputy.post(`/journal/lessons/${old!.id}/reopen`, { reason: 'Урок перенесён', until: addDays(today, 1) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/journal/lessons/${old!.id}`);
    const [r] = await db().select().from(journalReopens).where(and(eq(journalReopens.schoolId, school), eq(journalReopens.lessonId, old!.id)));
    expect(r).toMatchObject({ groupId: group, periodId: null, untilDate: addDays(today, 1), reason: 'Урок перенесён' });
    expect((await teacher.json('/journal/cells', cell(old!.id, s, '5'))).statusCode).toBe(200);
  });

  it('the deputy reopens the period: the form is checked; then the teacher edits cells and period marks again', async () => {
    const page = await deputy.get(pageUrl(q2.id));
    expect(mainText(page.body)).toContain('Открыть период для учителя');
    const noReason = await deputy.post(`/journal/groups/${group}/reopen`, { period: q2.id, reason: '', until: '' });
    expect(noReason.statusCode).toBe(422);
    expect(mainText(noReason.body)).toContain('Укажите причину изменения');
    const far = await deputy.post(`/journal/groups/${group}/reopen`, { period: q2.id, reason: 'Учитель болел две недели', until: addDays(today, 31) });
    expect(far.statusCode).toBe(422);
    expect(mainText(far.body)).toContain('не более чем на 30 дней');
    const past = await deputy.post(`/journal/groups/${group}/reopen`, { period: q2.id, reason: 'Учитель болел две недели', until: addDays(today, -1) });
    expect(past.statusCode).toBe(422);
    expect((await deputy.post(`/journal/groups/${group}/reopen`, { period: q1.id, reason: 'Учитель болел две недели', until: '' })).statusCode).toBe(303);
    const reopens = await db().select().from(journalReopens).where(and(eq(journalReopens.schoolId, school), eq(journalReopens.groupId, group)));
    expect(reopens.find((r) => r.periodId === q1.id)).toMatchObject({ untilDate: addDays(today, 3), reason: 'Учитель болел две недели', lessonId: null });
    const audit = (await audits('journal_reopen')).at(-1)!;
    expect(audit).toMatchObject({ reason: 'Учитель болел две недели', newValue: { periodId: q1.id, until: addDays(today, 3) } });
    // Quarter 2 was reopened in the previous test (until today + 3): the teacher edits it again.
    await teacher.get(`/journal/groups/${group}`);
    expect((await teacher.json('/journal/cells', cell(recent[2]!.id, due[2]!.studentId, '5'))).statusCode).toBe(200);
    const p = await teacher.get(pageUrl(q2.id));
    expect(mainText(p.body)).toContain(`Открыт заместителем директора до`);
    expect((await teacher.post(pageUrl(q2.id), form({ [due[1]!.studentId]: ['4', '5'] }))).statusCode).toBe(303);
    expect(await pmOf(due[1]!.studentId)).toBe('4');
  });

  it.each(['teacher', 'admin', 'classteacher', 'secretary', 'parent', 'student'])('%s may not reopen (403)', async (login) => {
    const c = await loginAs(t.app, login);
    await c.get('/');
    expect((await c.post(`/journal/groups/${group}/reopen`, { period: q2.id, reason: 'Хочу исправить', until: '' })).statusCode).toBe(403);
    expect((await c.post(`/journal/lessons/${recent[0]!.id}/reopen`, { reason: 'Хочу исправить', until: '' })).statusCode).toBe(403);
  });

  it('another school\'s group, period or lesson, and malformed ids: 404', async () => {
    await deputy.get(pageUrl(q2.id));
    const body = { period: q2.id, reason: 'Чужая школа', until: '' };
    expect((await deputy.post(`/journal/groups/${other.groupId}/reopen`, body)).statusCode).toBe(404);
    expect((await deputy.post(`/journal/lessons/${other.lessonId}/reopen`, body)).statusCode).toBe(404);
    expect((await deputy.post(`/journal/groups/not-a-uuid/reopen`, body)).statusCode).toBe(404);
    expect((await deputy.post(`/journal/lessons/not-a-uuid/reopen`, body)).statusCode).toBe(404);
    expect((await deputy.post(`/journal/groups/${group}/reopen`, { ...body, period: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect(await db().select().from(journalReopens).where(eq(journalReopens.reason, 'Чужая школа'))).toHaveLength(0);
  });
});

describe('the class teacher and the school setting', () => {
  it('without the setting the class teacher is refused (403); with it they set a period mark', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(pageUrl(q2.id));
    const c = due[4]!.studentId;
    const current = (await pmOf(c))!;
    const next = current === '5' ? '4' : '5';
    const refused = await ct.post(pageUrl(q2.id), form({ [c]: [next, current] }));
    expect(refused.statusCode).toBe(403);
    expect(mainText(refused.body)).toContain('не разрешено в настройках школы');
    await db().update(schools).set({ classTeacherPeriodMarks: true }).where(eq(schools.id, school));
    try {
      const page = await ct.get(pageUrl(q2.id));
      expect(page.body).toContain(`name="v:${c}:period"`);
      expect((await ct.post(pageUrl(q2.id), form({ [c]: [next, current] }))).statusCode).toBe(303);
      expect(await pmOf(c)).toBe(next);
    } finally {
      await db().update(schools).set({ classTeacherPeriodMarks: false }).where(eq(schools.id, school));
    }
  });
});

describe('the year tab', () => {
  it('shows every period\'s marks and the suggested year mark; the teacher sets year, exam and final marks', async () => {
    const a = due[0]!.studentId;
    const res = await teacher.get(pageUrl('year'));
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Год');
    expect(text).toContain('Годовая');
    expect(text).toContain('Экзамен');
    const row = rowHtml(res.body, a);
    const q1Mark = await pmOf(a, 'period', q1.id);
    expect(mainText(row)).toContain(`${q1Mark ?? ''} 5`.trim());
    expect(row).toContain(`name="v:${a}:year"`);
    const post = await teacher.post(pageUrl('year'), { ...form({ [a]: ['5', ''] }, {}, 'year'), ...form({ [a]: ['зач', ''] }, {}, 'final') });
    expect(post.statusCode).toBe(303);
    expect(await pmOf(a, 'year', null)).toBe('5');
    expect(await pmOf(a, 'final', null)).toBe('зач');
    expect((await audits('period_mark')).map((x) => x.entityId)).toContain(`${group}:${a}:year:`);
  });
});

describe('who may open the page', () => {
  it.each(['secretary', 'parent', 'student'])('%s: 403 for the page and the save', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(pageUrl(q2.id))).statusCode).toBe(403);
    await c.get('/');
    expect((await c.post(pageUrl(q2.id), form({ [due[0]!.studentId]: ['2', '5'] }))).statusCode).toBe(403);
  });

  it('the admin may read but not save (403)', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get(pageUrl(q2.id));
    expect((await admin.post(pageUrl(q2.id), form({ [due[0]!.studentId]: ['2', '5'] }))).statusCode).toBe(403);
    expect(await pmOf(due[0]!.studentId)).toBe('5');
  });

  it('a teacher of other groups and the class teacher of another class: 404', async () => {
    const russian9 = await demoGroup(db(), school, '9А', 'Русский язык');
    expect((await teacher.get(`/journal/groups/${russian9}/period-marks`)).statusCode).toBe(404);
    const ct = await loginAs(t.app, 'classteacher');
    const maths6 = await demoGroup(db(), school, '6А', 'Математика');
    expect((await ct.get(`/journal/groups/${maths6}/period-marks`)).statusCode).toBe(404);
  });

  it('another school: 404 for its users and for its ids', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(pageUrl(q2.id))).statusCode).toBe(404);
    expect((await deputy.get(`/journal/groups/${other.groupId}/period-marks`)).statusCode).toBe(404);
    expect((await deputy.get(`/journal/groups/${other.groupId}/period-marks?period=year`)).statusCode).toBe(404);
    await deputy.get(pageUrl(q2.id));
    expect((await deputy.post(`/journal/groups/${other.groupId}/period-marks?period=${q2.id}`, form({ [other.studentId]: ['5', ''] }))).statusCode).toBe(404);
    // A student of another school on this group's page: refused at the field, nothing saved.
    const res = await deputy.post(pageUrl(q2.id), form({ [other.studentId]: ['5', ''] }));
    expect(res.statusCode).toBe(422);
    expect((await teacher.get(`/journal/groups/not-a-uuid/period-marks`)).statusCode).toBe(404);
  });
});
