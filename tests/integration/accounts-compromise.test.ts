// «Учётная запись скомпрометирована» (seed 003 §4.3–4.4): the teacher's account changes marks and attendance through the
// grid, the admin blocks it (its sessions end) and reverts its changes since a moment — the journal is as before and the
// cell history shows the change and the restore with its reason; a cell the deputy changed later is left alone and listed
// as a conflict; «Отменить выбранные» restores a subset; the deputy reads the list; other roles 403, other schools 404.
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships, sessions } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { COMPROMISE_REASON } from '../../src/modules/accounts/compromise/rules.ts';
import { getGroupHead } from '../../src/modules/journal/grid-queries.ts';
import { attendance, individualHomework, marks, periodMarks } from '../../src/modules/journal/schema.ts';
import { students as studentCards } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { classId } from './accounts-support.ts';
import { localDateTimeInput, ruDate, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { membershipOf, schoolIds } from './accounts-support.ts';
import { demoGroup, recentLesson, rosterIds } from './journal-support.ts';

let t: TestApp;
let school: string;
let group: string;
let lesson: { id: string; date: string };
let roster: string[];
let teacherMember: { id: string; accountId: string };
let admin: Client;
let deputy: Client;
const today = todayIso();
const db = () => t.database.db;
const page = (since?: string) => `/admin/members/${teacherMember.id}/compromise${since ? `?since=${encodeURIComponent(since)}` : ''}`;
/** The moment, to the second, as the school (Moscow) reads it: the «since» of the list. */
const sinceNow = () => localDateTimeInput(new Date(Math.floor(Date.now() / 1000) * 1000), 'Europe/Moscow');
const markKey = (studentId: string, column = 1) => `mark|${lesson.id}:${studentId}:${column}|`;

/** The lesson's marks and attendance, as rows to compare. */
async function snapshot() {
  const m = await db().select({ s: marks.studentId, c: marks.columnNo, v: marks.value }).from(marks)
    .where(and(eq(marks.schoolId, school), eq(marks.lessonId, lesson.id))).orderBy(asc(marks.studentId), asc(marks.columnNo));
  const a = await db().select({ s: attendance.studentId, k: attendance.kind, r: attendance.reason }).from(attendance)
    .where(and(eq(attendance.schoolId, school), eq(attendance.lessonId, lesson.id))).orderBy(asc(attendance.studentId));
  return { marks: m, attendance: a };
}

/** What the student's column-1 cell shows now (the `was` of a grid save). */
async function shown(studentId: string): Promise<string> {
  const s = await snapshot();
  const m = s.marks.find((x) => x.s === studentId && x.c === 1);
  if (m) return String(m.v);
  const a = s.attendance.find((x) => x.s === studentId);
  return a ? (a.k === 'absent' ? 'н' : 'оп') : '';
}

/** Types a value into the student's column-1 cell through the grid's JSON save, as the persona. */
async function type(c: Client, studentId: string, value: string, reason?: string) {
  await c.get(`/journal/groups/${group}`);
  const res = await c.json('/journal/cells', { lessonId: lesson.id, studentId, column: 1, value, was: await shown(studentId), ...(reason ? { reason } : {}) });
  expect(res.statusCode, res.body).toBe(200);
}

/** Another mark than the one in the cell now. */
const another = async (studentId: string) => ((await shown(studentId)) === '5' ? '4' : '5');

/** Where a redirect goes, without its fragment (the browser keeps that to itself). */
const loc = (res: { headers: Record<string, unknown> }) => String(res.headers.location).replace(/#.*$/, '');

type Line = { status: string; text: string; key: string | null };
function lines(html: string): Line[] {
  return [...html.matchAll(/<tr data-change="(\w+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
    status: m[1]!, text: mainText(m[2]!), key: /name="key" value="([^"]+)"/.exec(m[2]!)?.[1] ?? null,
  }));
}

async function studentName(id: string): Promise<string> {
  const [s] = await db().select({ l: studentCards.lastName, f: studentCards.firstName }).from(studentCards).where(eq(studentCards.id, id));
  return `${s!.l} ${s!.f}`;
}

async function revert(form: Record<string, string | string[]>, memberId = teacherMember.id) {
  await admin.get(page());
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
  body.set('_csrf', admin.csrfToken);
  return t.app.inject({
    method: 'POST', url: `/admin/members/${memberId}/compromise/revert`, payload: body.toString(),
    headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function block(memberId = teacherMember.id) {
  await admin.get(page());
  const res = await admin.post(`/admin/members/${memberId}/compromise`);
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/admin/members/${memberId}/compromise`);
}

async function unblock() {
  await admin.get(`/admin/members/${teacherMember.id}`);
  expect((await admin.post(`/admin/members/${teacherMember.id}/enable`)).statusCode).toBe(303);
}

beforeAll(async () => {
  t = await startTestApp();
  const { s1 } = await schoolIds(db());
  school = s1;
  group = await demoGroup(db(), school, '5А', 'Математика');
  lesson = await recentLesson(db(), school, group, today);
  roster = await rosterIds(db(), school, group, lesson.date);
  teacherMember = await membershipOf(db(), 'teacher', school);
  admin = await loginAs(t.app, 'admin');
  deputy = await loginAs(t.app, 'deputy');
}, 240_000);
afterAll(async () => { await t?.close(); });

/** A datetime field's value `days` before the tests' pinned moment, on Moscow's (the demo school's) wall clock. */
const daysBeforeTestNow = (days: number) => localDateTimeInput(new Date(Date.parse(TEST_NOW) - days * 86_400_000), 'Europe/Moscow');

describe('the demo', () => {
  it('shows the demo teacher\'s recent changes (typed through the grid\'s save by the seed) to the admin, newest first', async () => {
    const res = await admin.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`name="since" value="${daysBeforeTestNow(7)}"`); // the default: 7 days before, school time
    const found = lines(res.body);
    const when = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} /;
    const cells = found.filter((l) => /^(Оценка|Посещаемость): 5Б, математика/.test(l.text.replace(when, '')));
    const kinds = cells.map((l) => l.text.replace(when, '').split(':')[0]);
    expect(kinds.filter((k) => k === 'Посещаемость')).toHaveLength(1);
    // Three marks changed; a fourth line when every present student had a mark and «оп» replaced one.
    expect(kinds.filter((k) => k === 'Оценка').length).toBeGreaterThanOrEqual(3);
    expect(cells.every((l) => l.status === 'restorable')).toBe(true);
    expect(found.indexOf(cells[0]!)).toBe(0);
    expect(cells.find((l) => l.text.includes('Посещаемость'))!.text).toMatch(/Посещаемость: .* — оп не отменено$/);
  });
});

describe('the teacher\'s account is compromised', () => {
  it('blocks it, ends its sessions, reverts all its changes since T: the journal is as before, the history shows both steps', async () => {
    const before = await snapshot();
    const teacher = await loginAs(t.app, 'teacher');
    const since = sinceNow();
    await new Promise((r) => setTimeout(r, 1100)); // the changes come after the second the list starts at
    const [a, b, c, d, e, f] = roster;
    for (const s of [a!, b!, c!, d!, e!]) await type(teacher, s, await another(s));
    await type(teacher, f!, (await shown(f!)) === 'н' ? '' : 'н');
    const changed = await snapshot();
    expect(changed).not.toEqual(before);

    const list = await admin.get(page(since));
    expect(list.statusCode).toBe(200);
    const found = lines(list.body);
    const markLines = found.filter((l) => l.text.includes('Оценка:'));
    expect(markLines.length).toBeGreaterThanOrEqual(5);
    const nameA = await studentName(a!);
    const where = `Оценка: 5А, математика, ${ruDate(lesson.date).slice(0, 5)}`;
    expect(markLines.find((l) => l.text.includes(nameA))!.text).toContain(where);
    expect(found.some((l) => l.text.includes('Посещаемость: 5А, математика'))).toBe(true);
    expect(found.every((l) => l.status === 'restorable')).toBe(true);
    // Not blocked yet: the list is there, the revert buttons are not.
    expect(list.body).not.toContain('/compromise/revert');

    // An intruder's own phone as the second factor: cleared with the block.
    await db().update(accounts).set({ totpSecret: 'sealed-by-the-intruder', totpEnabledAt: new Date(), totpLastStep: 1 })
      .where(eq(accounts.id, teacherMember.accountId));
    await block();
    expect(await db().select().from(sessions).where(eq(sessions.accountId, teacherMember.accountId))).toHaveLength(0);
    const [factor] = await db().select({ secret: accounts.totpSecret, on: accounts.totpEnabledAt }).from(accounts)
      .where(eq(accounts.id, teacherMember.accountId));
    expect(factor).toEqual({ secret: null, on: null });
    const out = await teacher.get('/journal');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/login/);
    const blocked = await admin.get(page(since));
    expect(mainText(blocked.body)).toContain('заблокирован');
    expect(blocked.body).toContain('/compromise/revert');

    const res = await revert({ since, scope: 'all' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page(since)}#top`);
    expect(await snapshot()).toEqual(before);
    const after = await admin.get(loc(res));
    expect(mainText(after.body)).toContain(`Восстановлено изменений: ${found.length}.`);
    expect(lines(after.body).every((l) => l.status === 'restored' && l.text.includes('восстановлено: Смирнова Ольга Петровна (admin)'))).toBe(true);

    // The cell history: the teacher's change, then the admin's restore with the reason.
    const history = await deputy.get(`/journal/history?lesson=${lesson.id}&student=${a}&column=1`);
    const rows = [...history.body.matchAll(/<tr data-history-line>([\s\S]*?)<\/tr>/g)].map((m) => mainText(m[1]!));
    expect(rows.at(-2)).toMatch(/Иванова Мария Александровна \(teacher\) учитель отметка/);
    expect(rows.at(-1)).toMatch(new RegExp(`\\(admin\\) администратор отметка .* ${COMPROMISE_REASON}$`));

    const audit = await db().select({ action: auditEvents.action, reason: auditEvents.reason }).from(auditEvents)
      .where(and(eq(auditEvents.entity, 'account'), eq(auditEvents.entityId, teacherMember.id)));
    expect(audit).toEqual(expect.arrayContaining([{ action: 'disabled', reason: COMPROMISE_REASON }, { action: 'compromised', reason: COMPROMISE_REASON }]));

    // A second «Отменить все» finds nothing left to restore.
    const again = await revert({ since, scope: 'all' });
    expect(mainText((await admin.get(loc(again))).body)).toContain('Восстановлено изменений: 0.');
    expect(await snapshot()).toEqual(before);
    await unblock();
  });

  it('leaves a cell the deputy changed later (a conflict), restores a selected subset, then the rest', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const since = sinceNow();
    await new Promise((r) => setTimeout(r, 1100));
    // Students present at the lesson: a mark typed over «н» would change the attendance too (that case is the first test's).
    const away = new Set((await snapshot()).attendance.map((x) => x.s));
    const [a, b, c] = roster.slice(6).filter((s) => !away.has(s)).slice(0, 3) as [string, string, string];
    const was = { a: await shown(a), b: await shown(b), c: await shown(c) };
    for (const s of [a, b, c]) await type(teacher, s, await another(s));
    const teachers = { a: await shown(a), c: await shown(c) };
    const deputys = teachers.a === '3' ? '2' : '3';
    await type(deputy, a, deputys, 'Исправление по просьбе родителей');
    await block();

    const list = lines((await admin.get(page(since))).body);
    const nameA = await studentName(a);
    const lineA = list.find((l) => l.text.includes(nameA) && l.text.includes('Оценка'))!;
    expect(lineA.status).toBe('conflict');
    expect(lineA.text).toMatch(/изменено позже: Кузнецова Елена Викторовна \(deputy\), \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(lineA.key).toBeNull();

    const subset = await revert({ since, scope: 'selected', key: [markKey(b)] });
    expect(subset.statusCode).toBe(303);
    expect(await shown(b)).toBe(was.b);
    expect(await shown(c)).toBe(teachers.c);
    expect(await shown(a)).toBe(deputys);

    const all = await revert({ since, scope: 'all', key: [] });
    expect(mainText((await admin.get(loc(all))).body))
      .toContain('Восстановлено изменений: 1. Изменены позже другими и оставлены как есть: 1.');
    expect(await shown(c)).toBe(was.c);
    expect(await shown(a)).toBe(deputys);
    await unblock();
  });
});

describe('the class teacher\'s account: the other things a journal and a card hold', () => {
  it('restores a lesson\'s topic and homework, an individual homework, an absence reason, a period mark and a card field', async () => {
    const ctMember = await membershipOf(db(), 'classteacher', school);
    const history = await demoGroup(db(), school, '5А', 'История');
    const hLesson = await recentLesson(db(), school, history, today);
    const [s0, s1] = await rosterIds(db(), school, history, hLesson.date);
    const q2 = (await getGroupHead(db(), { schoolId: school, groupId: history }))!.periods.find((p) => p.name === '2 четверть')!.id;
    const class5A = await classId(db(), school, '5А');
    const [absence] = await db().select({ lessonId: attendance.lessonId, studentId: attendance.studentId, reason: attendance.reason }).from(attendance)
      .innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
      .where(and(eq(attendance.schoolId, school), eq(attendance.kind, 'absent'), eq(lessons.groupId, history), lte(lessons.date, today)))
      .orderBy(desc(lessons.date)).limit(1);
    const lessonRow = async () => (await db().select({ topic: lessons.topic, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone,
      homework: lessons.homework, homeworkMinutes: lessons.homeworkMinutes, controlWork: lessons.controlWork }).from(lessons).where(eq(lessons.id, hLesson.id)))[0]!;
    const card = async () => (await db().select().from(studentCards).where(eq(studentCards.id, s1!)))[0]!;
    const reasonNow = async () => (await db().select({ r: attendance.reason }).from(attendance)
      .where(and(eq(attendance.lessonId, absence!.lessonId), eq(attendance.studentId, absence!.studentId))))[0]!.r;
    const periodMarkNow = async () => (await db().select({ v: periodMarks.value }).from(periodMarks)
      .where(and(eq(periodMarks.groupId, history), eq(periodMarks.studentId, s0!), eq(periodMarks.periodId, q2))))[0]?.v ?? null;
    const homeworkNow = async () => (await db().select({ text: individualHomework.text }).from(individualHomework)
      .where(and(eq(individualHomework.lessonId, hLesson.id), eq(individualHomework.studentId, s1!))))[0]?.text ?? null;
    const before = { lesson: await lessonRow(), card: await card(), reason: await reasonNow(), periodMark: await periodMarkNow(), homework: await homeworkNow() };

    const ct = await loginAs(t.app, 'classteacher');
    const since = sinceNow();
    await new Promise((r) => setTimeout(r, 1100));
    const lessonUrl = `/journal/lessons/${hLesson.id}`;
    await ct.get(lessonUrl);
    expect((await ct.post(lessonUrl, { topic: 'Посторонняя тема', workDone: 'ничего', homework: 'не задано', homeworkMinutes: '5', action: 'save' })).statusCode).toBe(303);
    expect((await ct.post(`${lessonUrl}/individual-homework`, { [`h_${s1}`]: 'Постороннее задание', [`hw_${s1}`]: before.homework ?? '' })).statusCode).toBe(303);
    await ct.get(`/journal/classes/${class5A}/attendance`);
    const reasonField = `reason[${absence!.lessonId}:${absence!.studentId}]`;
    expect((await ct.post(`/journal/classes/${class5A}/attendance/reasons`, { [reasonField]: before.reason === 'invalid' ? 'valid' : 'invalid' })).statusCode).toBe(303);
    const pmUrl = `/journal/groups/${history}/period-marks?period=${q2}`;
    await ct.get(pmUrl);
    expect((await ct.post(pmUrl, { [`v:${s0}:period`]: before.periodMark === '2' ? '3' : '2', [`w:${s0}:period`]: before.periodMark ?? '' })).statusCode).toBe(303);
    await ct.get(`/people/students/${s1}/edit`);
    const c = before.card;
    const cardForm = Object.fromEntries(Object.entries({ lastName: c.lastName, firstName: c.firstName, middleName: c.middleName, sex: c.sex, birthDate: c.birthDate,
      phone: c.phone, email: c.email, address: c.address }).map(([k, v]) => [k, v ?? '']));
    expect((await ct.post(`/people/students/${s1}`, { ...cardForm, personalFileNo: 'ВЗЛОМ-1' })).statusCode).toBe(303);
    expect((await card()).personalFileNo).toBe('ВЗЛОМ-1');

    const list = lines((await admin.get(`/admin/members/${ctMember.id}/compromise?since=${encodeURIComponent(since)}`)).body).map((l) => l.text);
    for (const what of ['Тема урока: 5А, история', 'Домашнее задание: 5А, история', 'Индивидуальное задание: 5А, история', 'Причина пропуска: 5А, история',
      'Итоговая отметка за 2 четверть: 5А, история', 'Карточка обучающегося: ']) {
      expect(list.some((l) => l.includes(what)), what).toBe(true);
    }
    expect(list.find((l) => l.includes('номер личного дела'))).toContain('ВЗЛОМ-1');

    await block(ctMember.id);
    const res = await revert({ since, scope: 'all' }, ctMember.id);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(loc(res))).body)).not.toContain('Не восстановлено');
    expect({ lesson: await lessonRow(), card: await card(), reason: await reasonNow(), periodMark: await periodMarkNow(), homework: await homeworkNow() })
      .toEqual({ ...before, card: { ...before.card, updatedAt: expect.any(Date) } });
    const pmHistory = await admin.get(`/journal/history?group=${history}&student=${s0}&kind=period&period=${q2}`);
    expect(mainText(pmHistory.body)).toContain(COMPROMISE_REASON);
    await admin.get(`/admin/members/${ctMember.id}`);
    await admin.post(`/admin/members/${ctMember.id}/enable`);
  });
});

describe('who may open it', () => {
  it('the deputy reads the same list, with no block and no revert', async () => {
    const res = await deputy.get(page(daysBeforeTestNow(22)));
    expect(res.statusCode).toBe(200);
    expect(lines(res.body).length).toBeGreaterThan(0);
    expect(res.body).not.toMatch(/method="post" action="\/admin\/members\//);
    expect(res.body).not.toContain('name="key"');
    await deputy.get(page());
    expect((await deputy.post(`/admin/members/${teacherMember.id}/compromise`)).statusCode).toBe(403);
    expect((await deputy.post(`/admin/members/${teacherMember.id}/compromise/revert`, { scope: 'all' })).statusCode).toBe(403);
    const card = await deputy.get(`/people/staff/${await staffIdOf()}`);
    expect(card.body).toContain(`/admin/members/${teacherMember.id}/compromise`);
  });

  it.each(['classteacher', 'secretary', 'parent', 'student'])('%s: 403', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get(page())).statusCode).toBe(403);
    expect((await c.post(`/admin/members/${teacherMember.id}/compromise`)).statusCode).toBe(403);
    expect((await c.post(`/admin/members/${teacherMember.id}/compromise/revert`, { scope: 'all' })).statusCode).toBe(403);
  });

  it('a member of another school, or no member at all: 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(page())).statusCode).toBe(404);
    await admin2.get('/');
    expect((await admin2.post(`/admin/members/${teacherMember.id}/compromise`)).statusCode).toBe(404);
    expect((await admin2.post(`/admin/members/${teacherMember.id}/compromise/revert`, { scope: 'all' })).statusCode).toBe(404);
    const other = await membershipOf(db(), 'admin2');
    expect((await admin.get(`/admin/members/${other.id}/compromise`)).statusCode).toBe(404);
    expect((await admin.get('/admin/members/not-a-uuid/compromise')).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  it.each(['вчера', '2026-02-30T10:00', '2026-11-16T25:00', 'x'.repeat(200)])('since=%s: 422 with a Russian message', async (since) => {
    const res = await admin.get(page(since));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Укажите дату и время, например 16.11.2026 10:00.');
    expect(lines(res.body)).toHaveLength(0);
  });

  it('a revert with a bad moment or nothing selected: 422, nothing written', async () => {
    await block();
    const count = async () => (await db().select().from(auditEvents)).length;
    const n = await count();
    const bad = await revert({ since: '31.02.2026 10:00', scope: 'all' });
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Укажите дату и время');
    const none = await revert({ since: daysBeforeTestNow(22), scope: 'selected' });
    expect(none.statusCode).toBe(422);
    expect(mainText(none.body)).toContain('Отметьте изменения, которые нужно отменить.');
    expect(await count()).toBe(n);
    await unblock();
  });

  it('the admin cannot declare their own account compromised', async () => {
    const me = await membershipOf(db(), 'admin', school);
    await admin.get(`/admin/members/${me.id}/compromise`);
    const res = await admin.post(`/admin/members/${me.id}/compromise`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(loc(res))).body)).toContain('Свою учётную запись так заблокировать нельзя.');
  });
});

async function staffIdOf(): Promise<string> {
  const [m] = await db().select({ staffId: memberships.staffId }).from(memberships).where(eq(memberships.id, teacherMember.id));
  return m!.staffId!;
}
