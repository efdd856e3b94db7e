// /journal/classes/:classId/attendance: the class teacher's sheet (rows, cells, totals, withdrawn students, absences in
// another class's group), absence reasons one by one and for whole days with audit rows, the role matrix, other
// classes and schools → 404, bad dates → 422, and a foreign absence refused with nothing saved.
import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears, schoolClasses } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';

let t: TestApp;
const db = () => t.database.db;
let school1: string;
let class5A: string;
let class6A: string;
let class5Aschool2: string;
type Kid = { id: string; name: string; sex: string | null };
let A: Kid; let B: Kid; let C: Kid; let D: Kid; // A, B, C in 5А; C withdrawn on 19.11.2026; D in 6А
const L: Record<string, string> = {}; // lesson ids by name
const WEEK = '?from=2026-11-16&to=2026-11-21';
const url = (classId: string, suffix = '') => `/journal/classes/${classId}/attendance${suffix}`;

async function schoolOf(login: string) {
  const [m] = await db().select({ schoolId: memberships.schoolId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!.schoolId;
}
async function classId(schoolId: string, name: string) {
  const [c] = await db().select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name)));
  return c!.id;
}
async function kidsOf(klass: string, n: number): Promise<Kid[]> {
  const rows = await db().select({ id: students.id, last: students.lastName, first: students.firstName, middle: students.middleName, sex: students.sex })
    .from(classMemberships).innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, school1), eq(classMemberships.classId, klass), isNull(classMemberships.endsOn)))
    .orderBy(asc(students.lastName), asc(students.firstName)).limit(n);
  return rows.map((r) => ({ id: r.id, name: [r.last, r.first, r.middle].filter(Boolean).join(' '), sex: r.sex }));
}
/** The lessons of a class's own groups on a date, by lesson number. */
async function lessonsOn(klass: string, date: string) {
  return db().select({ id: lessons.id, n: lessons.lessonNumber }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .where(and(eq(lessons.schoolId, school1), eq(teachingGroups.classId, klass), eq(lessons.date, date))).orderBy(asc(lessons.lessonNumber));
}
const reasonOf = async (lessonId: string, studentId: string) =>
  (await db().select({ reason: attendance.reason }).from(attendance).where(and(eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId))))[0]?.reason;
/** When and by whom the absence was last changed (updated_at, updated_by). */
const stampOf = async (lessonId: string, studentId: string) => (await db().select({ at: attendance.updatedAt, by: attendance.updatedBy })
  .from(attendance).where(and(eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId))))[0]!;
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const accountIdOf = async (login: string) =>
  (await db().select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)))[0]!.id;
const reasonAudits = () => db().select().from(auditEvents).where(and(eq(auditEvents.schoolId, school1), eq(auditEvents.entity, 'attendance_reason'))).orderBy(asc(auditEvents.at));
const state = async () => JSON.stringify([
  await db().select().from(attendance).where(eq(attendance.schoolId, school1)).orderBy(asc(attendance.lessonId), asc(attendance.studentId)),
  (await reasonAudits()).length,
]);
/** The visible text of a student's row of the sheet. */
function rowText(html: string, name: string): string {
  const row = html.split('<tr').find((r) => r.includes(name));
  return row ? mainText(`<tr${row.split('</tr>')[0]}`) : '';
}
/** The six totals at the end of a row: missed, illness, valid, invalid, not set, late. */
function totals(html: string, name: string): number[] {
  return rowText(html, name).split(' ').slice(-6).map(Number);
}

beforeAll(async () => {
  t = await startTestApp();
  school1 = await schoolOf('admin');
  class5A = await classId(school1, '5А');
  class6A = await classId(school1, '6А');
  class5Aschool2 = await classId(await schoolOf('admin2'), '5А');
  [A, B, C] = (await kidsOf(class5A, 3)) as [Kid, Kid, Kid];
  [D] = (await kidsOf(class6A, 1)) as [Kid];
  // Demo attendance (if the seed has any) must not blur the figures: these weeks start empty.
  const inWeeks = db().select({ id: lessons.id }).from(lessons).where(and(eq(lessons.schoolId, school1), gte(lessons.date, '2026-11-16'), lte(lessons.date, '2026-11-28')));
  await db().delete(attendance).where(and(eq(attendance.schoolId, school1), inArray(attendance.lessonId, inWeeks)));

  const mon = await lessonsOn(class5A, '2026-11-16');
  const tue = await lessonsOn(class5A, '2026-11-17');
  const wed = await lessonsOn(class5A, '2026-11-18');
  const fri = await lessonsOn(class5A, '2026-11-20');
  const today = await lessonsOn(class5A, '2026-11-23');
  const other = await lessonsOn(class6A, '2026-11-17');
  L.d6A = (await lessonsOn(class6A, '2026-11-16'))[0]!.id;
  Object.assign(L, { mon1: mon[0]!.id, mon2: mon[1]!.id, mon3: mon[2]!.id, tue1: tue[0]!.id, wed1: wed[0]!.id, wed2: wed[1]!.id, fri1: fri[0]!.id, today1: today[0]!.id, other6A: other[0]!.id });
  expect([mon[0]!.n, mon[1]!.n, mon[2]!.n]).toEqual([1, 2, 3]);
  const row = (lessonId: string, s: Kid, kind: 'absent' | 'late', reason: string | null = null) => ({ schoolId: school1, lessonId, studentId: s.id, kind, reason });
  await db().insert(attendance).values([
    row(L.mon1!, A, 'absent', 'illness'), row(L.mon2!, A, 'absent'), row(L.mon3!, A, 'absent'), row(L.tue1!, A, 'late'),
    row(L.wed2!, B, 'absent', 'invalid'), row(L.other6A!, B, 'absent'), // B's absence in a 6А group (an elective) counts for B
    row(L.wed1!, C, 'absent'), row(L.fri1!, C, 'absent'), // C leaves on 19.11: the Friday absence is not 5А's
    row(L.d6A!, D, 'absent'),
    row(L.today1!, A, 'absent'),
  ]);
  // C withdrawn from 19.11.2026 (the membership history is derived from orders; set here directly).
  await db().update(classMemberships).set({ endsOn: '2026-11-19', endKind: 'withdrawal' })
    .where(and(eq(classMemberships.schoolId, school1), eq(classMemberships.studentId, C.id), eq(classMemberships.classId, class5A)));
}, 120_000); // the demo seed with its journal takes long on a loaded machine
afterAll(async () => t?.close());

describe('the sheet', () => {
  it('the class teacher finds it in the menu; it opens his class on the current school week', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const home = await ct.get('/');
    expect(navLabels(home.body)).toContain('Посещаемость класса');
    const res = await ct.get('/journal/classes/attendance');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(url(class5A));
    const page = await ct.get(url(class5A));
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Посещаемость класса 5А');
    expect(text).toContain('с 23.11.2026 по 28.11.2026');
    expect(text).toContain('пн 23.11');
    expect(rowText(page.body, A.name)).toMatch(/1н \?/);
    expect(totals(page.body, A.name)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('shows each absence by lesson number with its reason letter, and the totals per student and for the class', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const page = await ct.get(url(class5A, WEEK));
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('с 16.11.2026 по 21.11.2026');
    for (const day of ['пн 16.11', 'вт 17.11', 'ср 18.11', 'пт 20.11']) expect(text).toContain(day);
    expect(text).not.toContain('вс 22.11');
    expect(text).toContain('Б — по болезни, У — уважительная, Н — неуважительная, ? — не указана');
    expect(rowText(page.body, A.name)).toContain('1н Б 2н ? 3н ? 1оп');
    expect(totals(page.body, A.name)).toEqual([3, 1, 0, 0, 2, 1]);
    expect(rowText(page.body, B.name)).toContain('2н Н');
    expect(totals(page.body, B.name)).toEqual([2, 0, 0, 1, 1, 0]); // the 6А group's lesson counts too
    const c = rowText(page.body, C.name);
    expect(c).toContain(`${C.sex === 'ж' ? 'выбыла' : C.sex === 'м' ? 'выбыл' : 'выбыл(а)'} 19.11.2026`);
    expect(totals(page.body, C.name)).toEqual([1, 0, 0, 0, 1, 0]); // Friday is after they left
    expect(page.body).toContain('ca-cell ca-out');
    expect(text).not.toContain(D.name);
    expect(rowText(page.body, 'Всего по классу').split(' ').slice(-6).map(Number)).toEqual([6, 1, 0, 1, 4, 1]);
    // The hover title names the lesson and subject.
    expect(page.body).toMatch(/title="2 урок, [^"]+: пропуск, причина не указана"/);
  });

  it.each([
    ['?from=31.02.2026&to=2026-11-21', 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.'],
    ['?from=2026-11-21&to=2026-11-16', 'Дата «по» раньше даты «с».'],
    ['?from=2026-09-01&to=2026-12-31', 'Не больше 93 дней за раз (около трёх месяцев): сократите период.'],
    ['?from=2026-11-16&from=2026-11-17&to=2026-11-21', 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.'],
    ['?from=0000-01-01&to=9999-12-31', 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.'],
  ])('bad dates %s → 422 with the message at the field', async (query, message) => {
    const ct = await loginAs(t.app, 'classteacher');
    const res = await ct.get(url(class5A, query));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<p class="field-error" id="ca-`);
    expect(mainText(res.body)).toContain(message);
    expect(res.body).not.toContain('ca-table');
  });

  it('the class picker form goes to the sheet with the dates typed (a bad one answered there)', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const res = await ct.get(`/journal/classes/attendance?classId=${class5A}&from=2026-11-16&to=2026-11-21`);
    expect(res.headers.location).toBe(url(class5A, WEEK));
    const bad = await ct.get(`/journal/classes/attendance?classId=${class5A}&from=вчера&to=`);
    expect(bad.headers.location).toBe(url(class5A, `?from=${encodeURIComponent('вчера')}`));
    expect((await ct.get(bad.headers.location as string)).statusCode).toBe(422);
  });
});

describe('absence reasons', () => {
  it('the class teacher sets several reasons at once; only the changed ones are written and audited', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const page = await ct.get(url(class5A, WEEK));
    expect(page.body).toContain(`name="reason[${L.mon2}:${A.id}]"`);
    expect(page.body).not.toContain(`name="reason[${L.tue1}:${A.id}]"`); // a late has no reason
    const before = (await reasonAudits()).length;
    await db().update(attendance).set({ updatedAt: LONG_AGO }).where(inArray(attendance.lessonId, [L.mon1!, L.mon2!]));
    const res = await ct.post(url(class5A, '/reasons'), {
      from: '2026-11-16', to: '2026-11-21',
      [`reason[${L.mon1}:${A.id}]`]: 'illness', [`reason[${L.mon2}:${A.id}]`]: 'valid', [`reason[${L.mon3}:${A.id}]`]: '',
      [`reason[${L.wed2}:${B.id}]`]: '', [`reason[${L.other6A}:${B.id}]`]: 'invalid',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(url(class5A, WEEK));
    expect(await reasonOf(L.mon2!, A.id)).toBe('valid');
    expect(await reasonOf(L.mon1!, A.id)).toBe('illness');
    expect(await reasonOf(L.mon3!, A.id)).toBeNull();
    expect(await reasonOf(L.wed2!, B.id)).toBeNull();
    expect(await reasonOf(L.other6A!, B.id)).toBe('invalid');
    // A changed reason stamps the absence (when, by whom); an unchanged one keeps its stamp.
    const stamp = await stampOf(L.mon2!, A.id);
    expect(stamp.at.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(stamp.by).toBe(await accountIdOf('classteacher'));
    expect((await stampOf(L.mon1!, A.id)).at).toEqual(LONG_AGO);
    const audits = (await reasonAudits()).slice(before);
    expect(audits.map((a) => [a.entityId, a.oldValue, a.newValue])).toEqual(expect.arrayContaining([
      [`${L.mon2}:${A.id}`, { reason: null }, { reason: 'valid' }],
      [`${L.wed2}:${B.id}`, { reason: 'invalid' }, { reason: null }],
      [`${L.other6A}:${B.id}`, { reason: null }, { reason: 'invalid' }],
    ]));
    expect(audits).toHaveLength(3);
    expect(audits[0]!.action).toBe('update');
    expect(audits[0]!.actorRole).toContain('classTeacher');
    const after = await ct.get(res.headers.location as string);
    expect(mainText(after.body)).toContain('Причины сохранены: изменено 3 пропуска.');
    expect(totals(after.body, A.name)).toEqual([3, 1, 1, 0, 1, 1]);
  });

  it('the same absence posted twice (ids in another letter case) is changed once, with one audit row', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A, WEEK));
    const before = (await reasonAudits()).length;
    const was = await reasonOf(L.mon3!, A.id);
    const next = was === 'invalid' ? 'illness' : 'invalid';
    const res = await ct.post(url(class5A, '/reasons'), {
      from: '2026-11-16', to: '2026-11-21',
      [`reason[${L.mon3}:${A.id}]`]: 'valid', [`reason[${L.mon3!.toUpperCase()}:${A.id.toUpperCase()}]`]: next,
    });
    expect(res.statusCode).toBe(303);
    expect(await reasonOf(L.mon3!, A.id)).toBe(next);
    const audits = (await reasonAudits()).slice(before);
    expect(audits.map((a) => [a.oldValue, a.newValue])).toEqual([[{ reason: was }, { reason: next }]]);
  });

  it('«причина за дни» sets one reason on all of the student\'s absences in those days, each audited', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A, WEEK));
    const before = (await reasonAudits()).length;
    await db().update(attendance).set({ updatedAt: LONG_AGO }).where(eq(attendance.lessonId, L.mon3!));
    const res = await ct.post(url(class5A, '/reasons/days'), {
      from: '2026-11-16', to: '2026-11-21', dayStudent: A.id, dayFrom: '16.11.2026', dayTo: '2026-11-18', dayReason: 'illness',
    });
    expect(res.statusCode).toBe(303);
    for (const l of [L.mon1!, L.mon2!, L.mon3!]) expect(await reasonOf(l, A.id)).toBe('illness');
    expect(await reasonOf(L.tue1!, A.id)).toBeNull(); // the late stays without a reason
    expect((await stampOf(L.mon3!, A.id)).at.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(await reasonOf(L.today1!, A.id)).toBeNull(); // outside the days
    const audits = (await reasonAudits()).slice(before);
    expect(audits.map((a) => a.entityId).sort()).toEqual([`${L.mon2}:${A.id}`, `${L.mon3}:${A.id}`].sort());
    expect(audits.every((a) => a.reason === 'Причина за дни 16.11.2026–18.11.2026')).toBe(true);
    const after = await ct.get(res.headers.location as string);
    expect(mainText(after.body)).toContain('Причина «по болезни» поставлена: 3 пропуска с 16.11.2026 по 18.11.2026 (изменено 2).');
    // One day only (the last day left empty).
    await ct.post(url(class5A, '/reasons/days'), { dayStudent: A.id, dayFrom: '2026-11-23', dayTo: '', dayReason: 'valid' });
    expect(await reasonOf(L.today1!, A.id)).toBe('valid');
  });

  it.each([
    [{ dayStudent: '' }, 'Выберите обучающегося из списка.'],
    [{ dayFrom: '' }, 'Укажите первый день.'],
    [{ dayFrom: '30.02.2026' }, 'Такой даты нет: укажите её в виде ДД.ММ.ГГГГ.'],
    [{ dayTo: '2026-11-01' }, 'Последний день раньше первого.'],
    [{ dayTo: '2027-05-01' }, 'Не больше 93 дней за раз.'],
    [{ dayReason: 'sick' }, 'Выберите причину из списка.'],
    [{ dayFrom: '2026-11-20', dayTo: '2026-11-21' }, 'В эти дни у обучающегося нет пропусков (в этом классе).'],
  ] as Array<[Record<string, string>, string]>)('«причина за дни» refuses %j: 422 at the field, values kept, nothing saved', async (change, message) => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A, WEEK));
    const before = await state();
    const res = await ct.post(url(class5A, '/reasons/days'), {
      from: '2026-11-16', to: '2026-11-21', dayStudent: A.id, dayFrom: '2026-11-16', dayTo: '2026-11-18', dayReason: 'invalid', ...change,
    });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain(message);
    expect(res.body).toContain('ca-table'); // the sheet is shown again
    if (change.dayTo) expect(res.body).toContain(`value="${change.dayTo}"`);
    expect(await state()).toBe(before);
  });

  it('a bad reason value re-renders the form with the message at the absence; nothing saved', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A, WEEK));
    const before = await state();
    const res = await ct.post(url(class5A, '/reasons'), { from: '2026-11-16', to: '2026-11-21', [`reason[${L.mon3}:${A.id}]`]: 'valid', [`reason[${L.mon2}:${A.id}]`]: 'sick' });
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Выберите причину из списка.');
    expect(await state()).toBe(before);
  });

  it('an absence outside the class is refused with 404 and nothing is saved, the good ones of the same form neither', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A, WEEK));
    const good = { from: '2026-11-16', to: '2026-11-21', [`reason[${L.mon3}:${A.id}]`]: 'invalid' };
    const foreign: Array<[string, Record<string, string>]> = [
      ['a 6А student\'s absence', { [`reason[${L.d6A}:${D.id}]`]: 'valid' }],
      ['C\'s absence after leaving 5А', { [`reason[${L.fri1}:${C.id}]`]: 'valid' }],
      ['a late row', { [`reason[${L.tue1}:${A.id}]`]: 'valid' }],
      ['a lesson without that student\'s absence', { [`reason[${L.mon1}:${B.id}]`]: 'valid' }],
      ['a malformed key', { 'reason[abc:def]': 'valid' }],
    ];
    for (const [what, fields] of foreign) {
      const before = await state();
      const res = await ct.post(url(class5A, '/reasons'), { ...good, ...fields });
      expect(res.statusCode, what).toBe(404);
      expect(await state(), what).toBe(before);
    }
    // «Причина за дни» for a 6А student: 404, nothing saved.
    const before = await state();
    const res = await ct.post(url(class5A, '/reasons/days'), { dayStudent: D.id, dayFrom: '2026-11-16', dayTo: '2026-11-21', dayReason: 'valid' });
    expect(res.statusCode).toBe(404);
    expect(await state()).toBe(before);
  });

  it('the deputy reads any class and sets reasons; the admin reads only', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const pick = await deputy.get('/journal/classes/attendance');
    expect(pick.statusCode).toBe(200);
    expect(pick.body).toContain(url(class6A));
    const six = await deputy.get(url(class6A, WEEK));
    expect(six.statusCode).toBe(200);
    expect(mainText(six.body)).toContain(D.name);
    const res = await deputy.post(url(class6A, '/reasons'), { [`reason[${L.d6A}:${D.id}]`]: 'valid' });
    expect(res.statusCode).toBe(303);
    expect(await reasonOf(L.d6A!, D.id)).toBe('valid');
    expect((await reasonAudits()).at(-1)!.actorRole).toContain('deputy');

    const admin = await loginAs(t.app, 'admin');
    const page = await admin.get(url(class5A, WEEK));
    expect(page.statusCode).toBe(200);
    expect(totals(page.body, A.name)[0]).toBe(3);
    expect(page.body).not.toContain('/attendance/reasons');
    expect(page.body).toContain('<select id="ca-class" name="classId">');
    const before = await state();
    expect((await admin.post(url(class5A, '/reasons'), { [`reason[${L.mon3}:${A.id}]`]: 'valid' })).statusCode).toBe(403);
    expect((await admin.post(url(class5A, '/reasons/days'), { dayStudent: A.id, dayFrom: '2026-11-16', dayReason: 'valid' })).statusCode).toBe(403);
    expect(await state()).toBe(before);
  });
});

describe('access', () => {
  it('the class teacher of 5А gets 404 for 6А (sheet, picker and both forms) and for a malformed id', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get(url(class5A));
    const before = await state();
    expect((await ct.get(url(class6A))).statusCode).toBe(404);
    expect((await ct.get(`/journal/classes/attendance?classId=${class6A}`)).statusCode).toBe(404);
    expect((await ct.post(url(class6A, '/reasons'), { [`reason[${L.d6A}:${D.id}]`]: 'invalid' })).statusCode).toBe(404);
    expect((await ct.post(url(class6A, '/reasons/days'), { dayStudent: D.id, dayFrom: '2026-11-16', dayReason: 'invalid' })).statusCode).toBe(404);
    expect((await ct.get('/journal/classes/not-a-uuid/attendance')).statusCode).toBe(404);
    expect(await state()).toBe(before);
  });

  it.each(['teacher', 'parent', 'student', 'secretary'])('%s gets 403 on the sheet, the picker and both forms', async (login) => {
    const c: Client = await loginAs(t.app, login);
    await c.get('/');
    const before = await state();
    expect((await c.get('/journal/classes/attendance')).statusCode).toBe(403);
    expect((await c.get(url(class5A))).statusCode).toBe(403);
    expect((await c.post(url(class5A, '/reasons'), { [`reason[${L.mon3}:${A.id}]`]: 'valid' })).statusCode).toBe(403);
    expect((await c.post(url(class5A, '/reasons/days'), { dayStudent: A.id, dayFrom: '2026-11-16', dayReason: 'valid' })).statusCode).toBe(403);
    expect(navLabels((await c.get('/')).body)).not.toContain('Посещаемость класса');
    expect(await state()).toBe(before);
  });

  it("school 2's class id → 404; school 1's class to admin2 → 404", async () => {
    const ct = await loginAs(t.app, 'classteacher');
    expect((await ct.get(url(class5Aschool2))).statusCode).toBe(404);
    await ct.get(url(class5A));
    expect((await ct.post(url(class5Aschool2, '/reasons'), {})).statusCode).toBe(404);
    const deputy = await loginAs(t.app, 'deputy');
    expect((await deputy.get(url(class5Aschool2))).statusCode).toBe(404);
    expect((await deputy.get(`/journal/classes/attendance?classId=${class5Aschool2}`)).statusCode).toBe(404);
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(url(class5A))).statusCode).toBe(404);
    const own = await admin2.get(url(class5Aschool2));
    expect(own.statusCode).toBe(200);
    expect(mainText(own.body)).not.toContain(A.name);
  });
});

describe('a closed year', () => {
  it('is read-only: the deputy reads it without forms and a post changes nothing; its class teacher no longer opens it', async () => {
    const [klass] = await db().select({ yearId: schoolClasses.yearId }).from(schoolClasses).where(eq(schoolClasses.id, class5A));
    await db().update(academicYears).set({ status: 'closed' }).where(eq(academicYears.id, klass!.yearId));
    try {
      const deputy = await loginAs(t.app, 'deputy');
      const page = await deputy.get(url(class5A, WEEK));
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('/attendance/reasons');
      const before = await state();
      const res = await deputy.post(url(class5A, '/reasons'), { from: '2026-11-16', to: '2026-11-21', [`reason[${L.mon3}:${A.id}]`]: 'invalid' });
      expect(res.statusCode).toBe(303);
      expect(mainText((await deputy.get(res.headers.location as string)).body)).toContain('Учебный год этого класса закрыт: причины пропусков больше не меняются.');
      expect(await state()).toBe(before);
      const ct = await loginAs(t.app, 'classteacher');
      expect((await ct.get(url(class5A, WEEK))).statusCode).toBe(404);
    } finally {
      await db().update(academicYears).set({ status: 'open' }).where(eq(academicYears.id, klass!.yearId));
    }
  });
});
