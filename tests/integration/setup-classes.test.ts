// Bell schedules, subjects and classes — as the admin.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { bells, bellSchedules, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { auditRows, demoFacts, fieldErrors, schoolIdOf, snapshot } from './setup-support.ts';

let t: TestApp;
let admin: Client;
let facts: Awaited<ReturnType<typeof demoFacts>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  facts = await demoFacts(t.database.db);
});
afterAll(async () => { await t.close(); });

async function refused(url: string, form: Record<string, string>, message: string | RegExp, openFirst = url) {
  const before = await snapshot(t.database.db, facts.schoolId);
  await admin.get(openFirst);
  const res = await admin.post(url, form);
  expect(res.statusCode).toBe(422);
  const errors = fieldErrors(res.body);
  if (typeof message === 'string') expect(errors).toContain(message);
  else expect(errors.some((e) => message.test(e)), errors.join(' | ')).toBe(true);
  expect(await snapshot(t.database.db, facts.schoolId)).toBe(before);
  return res;
}

describe('bell schedules', () => {
  it('lists the schedules of both shifts', async () => {
    const text = mainText((await admin.get('/setup/bells')).body);
    expect(text).toMatch(/1 смена Урок Начало Конец 1 08:30 09:15 2 09:25 10:10/);
    expect(text).toMatch(/2 смена Урок Начало Конец 1 13:30 14:15/);
  });

  it('creates the 3rd shift, saves its lessons, and refuses a second schedule for a shift', async () => {
    await admin.get('/setup/bells');
    const res = await admin.post('/setup/bells', { shift: '3', name: '' });
    expect(res.statusCode).toBe(303);
    const [schedule] = await t.database.db.select().from(bellSchedules).where(and(eq(bellSchedules.schoolId, facts.schoolId), eq(bellSchedules.shift, 3)));
    expect(schedule!.name).toBe('3 смена');
    expect(res.headers.location).toBe(`/setup/bells/${schedule!.id}`);
    const page = await admin.get(`/setup/bells/${schedule!.id}`);
    expect(page.body).toContain('name="lessonNumber_2" type="text" value="3"');
    const saved = await admin.post(`/setup/bells/${schedule!.id}`, {
      name: 'Третья смена', lessonNumber_0: '1', startsAt_0: '17:00', endsAt_0: '17:40', lessonNumber_1: '2', startsAt_1: '17:50', endsAt_1: '18:30',
      lessonNumber_2: '3', startsAt_2: '', endsAt_2: '',
    });
    expect(saved.statusCode).toBe(303);
    const rows = await t.database.db.select().from(bells).where(eq(bells.scheduleId, schedule!.id));
    expect(rows.map((b) => [b.lessonNumber, b.startsAt.slice(0, 5), b.endsAt.slice(0, 5)]).sort()).toEqual([[1, '17:00', '17:40'], [2, '17:50', '18:30']]);
    const audit = await auditRows(t.database.db, facts.schoolId, 'bell');
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.newValue).toMatchObject({ name: 'Третья смена', bells: [{ lessonNumber: 1, startsAt: '17:00', endsAt: '17:40' }, { lessonNumber: 2, startsAt: '17:50', endsAt: '18:30' }] });

    await refused('/setup/bells', { shift: '3' }, 'Расписание звонков для 3 смены уже есть.');
    await admin.get(`/setup/bells/${schedule!.id}`);
    expect((await admin.post(`/setup/bells/${schedule!.id}/delete`)).statusCode).toBe(303);
    expect(await t.database.db.select().from(bells).where(eq(bells.scheduleId, schedule!.id))).toHaveLength(0);
  });

  const lessons = (change: Record<string, string>) => ({
    name: '1 смена', lessonNumber_0: '1', startsAt_0: '08:30', endsAt_0: '09:15', lessonNumber_1: '2', startsAt_1: '09:25', endsAt_1: '10:10', ...change,
  });
  it.each([
    [{ endsAt_1: '09:20' }, 'Урок должен заканчиваться позже, чем начинается.'],
    [{ startsAt_1: '09:10' }, 'Урок № 2 начинается раньше, чем заканчивается урок № 1 (09:15).'],
    [{ lessonNumber_1: '1' }, 'Урок № 1 указан дважды.'],
    [{ startsAt_1: '9.25' }, 'Время в виде ЧЧ:ММ, например 08:30.'],
    [{ lessonNumber_1: '13' }, 'Номер урока — от 0 до 12.'],
    [{ name: '' }, 'Введите название, например «1 смена».'],
  ])('refuses lessons %j', async (change, message) => {
    const url = `/setup/bells/${facts.bellSchedule.id}`;
    const res = await refused(url, lessons(change), message);
    expect(res.body).toContain('value="08:30"');
  });
});

describe('subjects', () => {
  it('lists, creates and edits subjects, refusing a duplicate name', async () => {
    expect(mainText((await admin.get('/setup/subjects')).body)).toContain('Математика Матем. Математика и информатика');
    const res = await admin.post('/setup/subjects', { name: 'Астрономия', shortName: 'Астр.', area: 'Естественно-научные предметы' });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(subjects).where(and(eq(subjects.schoolId, facts.schoolId), eq(subjects.name, 'Астрономия')));
    expect(row).toMatchObject({ shortName: 'Астр.', area: 'Естественно-научные предметы' });
    expect(mainText((await admin.get('/setup/subjects')).body)).toContain('Предмет «Астрономия» добавлен.');

    await refused('/setup/subjects', { name: 'Математика', shortName: 'М' }, 'Предмет «Математика» уже есть.');
    await refused(`/setup/subjects/${row!.id}`, { name: 'Физика', shortName: 'Ф' }, 'Предмет «Физика» уже есть.');
    await refused('/setup/subjects', { name: '  ' }, 'Введите название предмета.');

    await admin.get(`/setup/subjects/${row!.id}`);
    expect((await admin.post(`/setup/subjects/${row!.id}`, { name: 'Астрономия', shortName: '', area: '' })).statusCode).toBe(303);
    const [edited] = await t.database.db.select().from(subjects).where(eq(subjects.id, row!.id));
    expect(edited).toMatchObject({ shortName: 'Астрономия', area: null });
    expect((await auditRows(t.database.db, facts.schoolId, 'subject')).map((a) => a.action)).toEqual(['create', 'update']);
  });
});

describe('classes', () => {
  const url = () => `/setup/years/${facts.year.id}/classes`;
  const form = (change: Record<string, string> = {}) => ({ grade: '5', letter: 'в', groupName: '', shift: '2', schemeId: facts.quarters.id, classTeacherId: '', ...change });

  it('lists the classes with shift, scheme, class teacher and students today', async () => {
    const [{ n }] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(classMemberships)
      .where(and(eq(classMemberships.classId, facts.class5A.id), isNull(classMemberships.endsOn))) as [{ n: number }];
    expect(n).toBeGreaterThan(10);
    const text = mainText((await admin.get(url())).body);
    expect(text).toContain(`5А 1 Четверти Соколов Андрей Николаевич ${n}`);
    expect(text).toMatch(/11Б 1 Полугодия \S+ \S+ \S+ \d+/);

    // A student who left yesterday and one who comes tomorrow are not counted today.
    const members = await t.database.db.select().from(classMemberships).where(and(eq(classMemberships.classId, facts.class5A.id), isNull(classMemberships.endsOn))).limit(2);
    const today = todayIso();
    await t.database.db.update(classMemberships).set({ endsOn: today }).where(eq(classMemberships.id, members[0]!.id));
    await t.database.db.update(classMemberships).set({ startsOn: addDays(today, 1) }).where(eq(classMemberships.id, members[1]!.id));
    expect(mainText((await admin.get(url())).body)).toContain(`5А 1 Четверти Соколов Андрей Николаевич ${n - 2}`);
    await t.database.db.update(classMemberships).set({ endsOn: null }).where(eq(classMemberships.id, members[0]!.id));
    await t.database.db.update(classMemberships).set({ startsOn: members[1]!.startsOn }).where(eq(classMemberships.id, members[1]!.id));
  });

  it('creates 5В (letter upper-cased) and a college group, edits and deletes one', async () => {
    const [teacher] = await t.database.db.select().from(staff).where(and(eq(staff.schoolId, facts.schoolId), eq(staff.lastName, 'Иванова')));
    await admin.get(url());
    const res = await admin.post(url(), form({ classTeacherId: teacher!.id }));
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, facts.schoolId), eq(schoolClasses.name, '5В')));
    expect(row).toMatchObject({ grade: 5, letter: 'В', shift: 2, schemeId: facts.quarters.id, classTeacherId: teacher!.id, yearId: facts.year.id });
    expect(mainText((await admin.get(url())).body)).toContain('5В 2 Четверти Иванова Мария Александровна 0');

    expect((await admin.post(url(), form({ grade: '', letter: '', groupName: 'ИСП-21', schemeId: facts.halves!.id }))).statusCode).toBe(303);
    const [group] = await t.database.db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, facts.schoolId), eq(schoolClasses.name, 'ИСП-21')));
    expect(group).toMatchObject({ grade: null, letter: null });

    await admin.get(`/setup/classes/${row!.id}`);
    expect((await admin.post(`/setup/classes/${row!.id}`, form({ letter: 'Г', shift: '1' }))).statusCode).toBe(303);
    const [edited] = await t.database.db.select().from(schoolClasses).where(eq(schoolClasses.id, row!.id));
    expect(edited).toMatchObject({ name: '5Г', shift: 1, classTeacherId: null });

    await admin.get(`/setup/classes/${group!.id}`);
    expect((await admin.post(`/setup/classes/${group!.id}/delete`)).statusCode).toBe(303);
    expect(await t.database.db.select().from(schoolClasses).where(eq(schoolClasses.id, group!.id))).toHaveLength(0);
    expect((await auditRows(t.database.db, facts.schoolId, 'class')).map((a) => a.action)).toEqual(['create', 'create', 'update', 'delete']);
  });

  it('refuses a duplicate class name and keeps the values', async () => {
    const res = await refused(url(), form({ letter: 'а', shift: '2' }), 'Класс «5А» в 2026/2027 учебном году уже есть.');
    expect(res.body).toContain('value="а"');
    await refused(`/setup/classes/${(await demoFacts(t.database.db)).class5A.id}`, form({ grade: '6', letter: 'Б' }), 'Класс «6Б» в 2026/2027 учебном году уже есть.');
  });

  it('refuses bad classes', async () => {
    const otherSchoolStaff = await t.database.db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, await schoolIdOf(t.database.db, 'admin2'))).limit(1);
    const otherScheme = (await demoFacts(t.database.db, 'admin2')).quarters.id;
    const cases: Array<[Record<string, string>, string]> = [
      [{ letter: '' }, 'Укажите литеру класса, например А.'],
      [{ letter: 'A' }, 'Литера — одна или две русские буквы, например А.'],
      [{ letter: 'АБВ' }, 'Литера — одна или две русские буквы, например А.'],
      [{ grade: '12' }, 'Параллель — число от 1 до 11 (пусто для группы колледжа).'],
      [{ grade: '', letter: '' }, 'Укажите параллель и литеру (5 и А) или название группы колледжа.'],
      [{ shift: '4' }, 'Смена — 1, 2 или 3.'],
      [{ schemeId: otherScheme }, 'Выберите деление на периоды этого учебного года.'],
      [{ schemeId: 'nonsense' }, 'Выберите деление года на периоды.'],
      [{ classTeacherId: otherSchoolStaff[0]!.id }, 'Выберите классного руководителя из списка сотрудников школы.'],
    ];
    for (const [change, message] of cases) await refused(url(), form(change), message);
  });

  it('refuses to delete a class with students', async () => {
    const res = await refused(`/setup/classes/${facts.class5A.id}/delete`, {}, 'В классе есть или были обучающиеся (история движения): удалить его нельзя.');
    expect(res.body).toContain('Класс 5А');
  });
});
