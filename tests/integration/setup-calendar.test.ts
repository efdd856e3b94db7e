// School settings, academic years, period schemes and periods, holidays and transferred days — as the admin.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../src/modules/platform/schema.ts';
import { academicYears, holidays, periods, periodSchemes, transferredDays } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { auditRows, demoFacts, fieldErrors, snapshot } from './setup-support.ts';

let t: TestApp;
let admin: Client;
let facts: Awaited<ReturnType<typeof demoFacts>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  facts = await demoFacts(t.database.db);
});
afterAll(async () => { await t.close(); });

/** The journal fields every post of the school settings form carries (the form always sends them). */
const JOURNAL = { journalEditDays: '10', minMarksPerPeriod: '3', periodRounding: 'half_up', controlMarkDays: '7', controlWorksMainLimit: '2', controlWorksOtherLimit: '1',
  medalFirstMaxFours: '0', medalSecondMaxFours: '2', distinctionMaxFours: '0' };

const yearUrl = () => `/setup/years/${facts.year.id}`;

/** Posts a form that must be refused: 422, the message shown, and nothing written. */
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

describe('overview and school settings', () => {
  it('shows the current year, the links and the settings form', async () => {
    const res = await admin.get('/setup');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Текущий учебный год');
    expect(text).toContain('2026/2027 : 01.09.2026 – 31.08.2027');
    for (const href of ['/setup/years', `/setup/years/${facts.year.id}/classes`, '/setup/bells', '/setup/subjects']) expect(res.body).toContain(`href="${href}"`);
    expect(res.body).toContain('name="collectContacts"');
    expect(res.body).toContain('value="30"');
  });

  it('saves the school name, address, contacts switch and idle minutes, with an audit row', async () => {
    await admin.get('/setup');
    const res = await admin.post('/setup/school', { name: 'МБОУ СОШ № 1 (переименована)', address: 'г. Демоград, ул. Новая, 1', collectContacts: 'on', staffIdleMinutes: '45', ...JOURNAL });
    expect(res.statusCode).toBe(303);
    const [school] = await t.database.db.select().from(schools).where(eq(schools.id, facts.schoolId));
    expect(school).toMatchObject({ name: 'МБОУ СОШ № 1 (переименована)', address: 'г. Демоград, ул. Новая, 1', collectContacts: true, staffIdleMinutes: 45 });
    const page = await admin.get('/setup');
    expect(mainText(page.body)).toContain('Настройки школы сохранены.');
    expect(page.body).toContain('МБОУ СОШ № 1 (переименована)');
    const audit = await auditRows(t.database.db, facts.schoolId, 'school_settings');
    expect(audit.at(-1)).toMatchObject({ action: 'update', entityId: facts.schoolId, newValue: expect.objectContaining({ staffIdleMinutes: 45 }) });
    // Unchecking the box turns collection off; only this school's row changed.
    await admin.post('/setup/school', { name: 'МБОУ СОШ № 1 (переименована)', address: '', staffIdleMinutes: '30', ...JOURNAL });
    const [after] = await t.database.db.select().from(schools).where(eq(schools.id, facts.schoolId));
    expect(after).toMatchObject({ collectContacts: false, address: null, staffIdleMinutes: 30 });
    const others = await t.database.db.select().from(schools);
    expect(others.filter((s) => s.name === 'МБОУ СОШ № 1 (переименована)')).toHaveLength(1);
  });

  it.each([
    [{ staffIdleMinutes: '4' }, 'Укажите целое число минут от 5 до 240.'],
    [{ staffIdleMinutes: '241' }, 'Укажите целое число минут от 5 до 240.'],
    [{ staffIdleMinutes: 'полчаса' }, 'Укажите целое число минут от 5 до 240.'],
    [{ name: '' }, 'Введите название школы.'],
  ] as Array<[Record<string, string>, string]>)('refuses %j', async (change, message) => {
    const res = await refused('/setup/school', { name: 'Школа', staffIdleMinutes: '30', ...JOURNAL, ...change }, message, '/setup');
    if (change.staffIdleMinutes) expect(res.body).toContain(`value="${change.staffIdleMinutes}"`);
  });
});

/** The journal settings of a school as stored (the columns of `schools` the journal and the period-marks page read). */
async function journalSettings(db: TestApp['database']['db'], schoolId: string) {
  const [row] = await db.select({
    editDays: schools.journalEditDays, minMarks: schools.minMarksPerPeriod, rounding: schools.periodRounding,
    classTeacherPeriodMarks: schools.classTeacherPeriodMarks,
  }).from(schools).where(eq(schools.id, schoolId));
  return row;
}

describe('journal settings', () => {
  it('shows the defaults: 10 days, 3 marks, rounding from 0,5, class teachers without period marks', async () => {
    expect(await journalSettings(t.database.db, facts.schoolId)).toEqual({ editDays: 10, minMarks: 3, rounding: 'half_up', classTeacherPeriodMarks: false });
    const res = await admin.get('/setup');
    const text = mainText(res.body);
    expect(text).toContain('Сколько дней после урока учитель может изменять журнал');
    expect(text).toContain('с 0,5 — вверх (3,5 → 4)');
    expect(text).toContain('с 0,6 — вверх (3,5 → 3)');
    expect(res.body).toMatch(/name="journalEditDays" type="text" value="10"/);
    expect(res.body).toMatch(/name="minMarksPerPeriod" type="text" value="3"/);
    expect(res.body).toMatch(/name="periodRounding" value="half_up" checked/);
    expect(res.body).not.toMatch(/name="classTeacherPeriodMarks" value="on" checked/);
  });

  it('the admin changes all four, with the old and new values in the audit row; only this school changes', async () => {
    const other = await demoFacts(t.database.db, 'admin2');
    await admin.get('/setup');
    const res = await admin.post('/setup/school', {
      name: 'МБОУ СОШ № 1', staffIdleMinutes: '30', journalEditDays: ' 7 ', minMarksPerPeriod: '0', periodRounding: 'strict', classTeacherPeriodMarks: 'on',
      controlMarkDays: '9', controlWorksMainLimit: '3', controlWorksOtherLimit: '2', medalFirstMaxFours: '1', medalSecondMaxFours: '3', distinctionMaxFours: '1',
    });
    expect(res.statusCode).toBe(303);
    const [control] = await t.database.db.select({ days: schools.controlMarkDays, main: schools.controlWorksMainLimit, other: schools.controlWorksOtherLimit })
      .from(schools).where(eq(schools.id, facts.schoolId));
    expect(control).toEqual({ days: 9, main: 3, other: 2 });
    const [medals] = await t.database.db.select({ first: schools.medalFirstMaxFours, second: schools.medalSecondMaxFours, nine: schools.distinctionMaxFours })
      .from(schools).where(eq(schools.id, facts.schoolId));
    expect(medals).toEqual({ first: 1, second: 3, nine: 1 });
    expect(await journalSettings(t.database.db, facts.schoolId)).toEqual({ editDays: 7, minMarks: 0, rounding: 'strict', classTeacherPeriodMarks: true });
    expect(await journalSettings(t.database.db, other.schoolId)).toEqual({ editDays: 10, minMarks: 3, rounding: 'half_up', classTeacherPeriodMarks: false });
    const audit = (await auditRows(t.database.db, facts.schoolId, 'school_settings')).at(-1)!;
    expect(audit.oldValue).toMatchObject({ journalEditDays: 10, minMarksPerPeriod: 3, periodRounding: 'half_up', classTeacherPeriodMarks: false });
    expect(audit.newValue).toMatchObject({ journalEditDays: 7, minMarksPerPeriod: 0, periodRounding: 'strict', classTeacherPeriodMarks: true });
    const page = await admin.get('/setup');
    expect(page.body).toMatch(/name="periodRounding" value="strict" checked/);
    expect(page.body).toMatch(/name="classTeacherPeriodMarks" value="on" checked/);
    expect(page.body).toMatch(/name="controlMarkDays" type="text" value="9"/);
    // The deputy reads them.
    const deputy = await loginAs(t.app, 'deputy');
    const text = mainText((await deputy.get('/setup')).body);
    expect(text).toContain('Изменение журнала после урока 7 дн.');
    expect(text).toContain('Минимум отметок за период 0');
    expect(text).toContain('Округление средней отметки с 0,6 — вверх (3,5 → 3)');
    expect(text).toContain('Итоговые отметки классного руководителя по всем предметам класса');
    expect(text).toContain('Срок отметок за письменные работы 9 дн.');
    expect(text).toContain('Контрольных работ за четверть математика и русский язык — до 3, другие предметы — до 2');
    expect(text).toContain('Кандидаты на медали: «4» не больше I степень — 1, II степень — 3; аттестат с отличием (9 класс) — 1');
    // Back to the defaults; the unchecked box turns the class teachers' period marks off.
    await admin.post('/setup/school', { name: 'МБОУ СОШ № 1', staffIdleMinutes: '30', ...JOURNAL, journalEditDays: '30', minMarksPerPeriod: '20' });
    expect(await journalSettings(t.database.db, facts.schoolId)).toEqual({ editDays: 30, minMarks: 20, rounding: 'half_up', classTeacherPeriodMarks: false });
  });

  it.each([
    [{ journalEditDays: '0' }, 'Укажите целое число дней от 1 до 30.'],
    [{ journalEditDays: '31' }, 'Укажите целое число дней от 1 до 30.'],
    [{ journalEditDays: '1.5' }, 'Укажите целое число дней от 1 до 30.'],
    [{ journalEditDays: '' }, 'Укажите целое число дней от 1 до 30.'],
    [{ minMarksPerPeriod: '-1' }, 'Укажите целое число отметок от 0 до 20.'],
    [{ controlMarkDays: '6' }, 'Срок проверки письменных работ — целое число дней от 7 до 10.'],
    [{ controlMarkDays: '11' }, 'Срок проверки письменных работ — целое число дней от 7 до 10.'],
    [{ controlWorksMainLimit: '0' }, 'Укажите целое число контрольных работ от 1 до 10.'],
    [{ controlWorksOtherLimit: 'две' }, 'Укажите целое число контрольных работ от 1 до 10.'],
    [{ minMarksPerPeriod: '21' }, 'Укажите целое число отметок от 0 до 20.'],
    [{ minMarksPerPeriod: 'три' }, 'Укажите целое число отметок от 0 до 20.'],
    [{ periodRounding: 'down' }, 'Выберите правило округления средней отметки.'],
    [{ periodRounding: '' }, 'Выберите правило округления средней отметки.'],
    [{ medalFirstMaxFours: '-1' }, 'Медаль I степени: число допустимых «4» — целое от 0 до 10.'],
    [{ medalSecondMaxFours: 'два' }, 'Медаль II степени: число допустимых «4» — целое от 0 до 10.'],
    [{ distinctionMaxFours: '11' }, 'Аттестат с отличием: число допустимых «4» — целое от 0 до 10.'],
    [{ medalSecondMaxFours: '0', medalFirstMaxFours: '1' }, 'Для медали II степени «4» допускается не меньше, чем для медали I степени.'],
  ] as Array<[Record<string, string>, string]>)('refuses %j at the field, values kept', async (change, message) => {
    const res = await refused('/setup/school', { name: 'Школа', staffIdleMinutes: '30', ...JOURNAL, ...change }, message, '/setup');
    const [field, value] = Object.entries(change)[0]!;
    if (field !== 'periodRounding') expect(res.body).toContain(`name="${field}" type="text" value="${value}"`);
  });

  it('refuses a form without the journal fields (nothing reset to defaults)', async () => {
    await refused('/setup/school', { name: 'Школа', staffIdleMinutes: '30' }, 'Укажите целое число дней от 1 до 30.', '/setup');
  });
});

describe('academic years', () => {
  it('lists years and creates 2027/2028 with an audit row', async () => {
    const list = await admin.get('/setup/years');
    expect(mainText(list.body)).toContain('2026/2027 01.09.2026 31.08.2027');
    const res = await admin.post('/setup/years', { name: '2027/2028', startsOn: '01.09.2027', endsOn: '2028-05-31' });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(academicYears).where(and(eq(academicYears.schoolId, facts.schoolId), eq(academicYears.name, '2027/2028')));
    expect(row).toMatchObject({ startsOn: '2027-09-01', endsOn: '2028-05-31', status: 'open' });
    expect(res.headers.location).toBe(`/setup/years/${row!.id}`);
    const page = await admin.get(res.headers.location as string);
    expect(mainText(page.body)).toContain('Учебный год 2027/2028 создан.');
    expect((await auditRows(t.database.db, facts.schoolId, 'academic_year')).map((a) => a.entityId)).toContain(row!.id);

    // Its dates can be edited, and an empty year can be deleted.
    await admin.post(`/setup/years/${row!.id}`, { name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-06-30' });
    const [edited] = await t.database.db.select().from(academicYears).where(eq(academicYears.id, row!.id));
    expect(edited!.endsOn).toBe('2028-06-30');
    await admin.get(`/setup/years/${row!.id}`);
    expect((await admin.post(`/setup/years/${row!.id}/delete`)).statusCode).toBe(303);
    expect(await t.database.db.select().from(academicYears).where(eq(academicYears.id, row!.id))).toHaveLength(0);
    expect((await auditRows(t.database.db, facts.schoolId, 'academic_year')).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it.each([
    [{ name: '2027-2028' }, 'Название — два года подряд через косую черту, например 2027/2028.'],
    [{ name: '2027/2029' }, 'Название — два года подряд через косую черту, например 2027/2028.'],
    [{ endsOn: '2027-08-01' }, 'Учебный год должен заканчиваться позже, чем начинается.'],
    [{ startsOn: '31.02.2027' }, 'Такой даты нет: укажите её в виде ДД.ММ.ГГГГ.'],
    [{ name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' }, /Даты пересекаются с учебным годом 2026\/2027/],
    [{ startsOn: '2028-09-01' }, 'Учебный год 2027/2028 должен начинаться в 2027 году.'],
  ])('refuses a new year %j', async (change, message) => {
    await refused('/setup/years', { name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-05-31', ...change }, message);
  });

  it('refuses new dates that leave a period outside, and deleting a year with classes', async () => {
    await refused(yearUrl(), { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-20' }, /^Период «(4 четверть|2 полугодие)» .* не помещается в новые даты: закончите год не раньше 26\.05\.2027\.$/, yearUrl());
    const res = await refused(`${yearUrl()}/delete`, {}, 'В этом учебном году есть классы: удалить год нельзя. Сначала удалите его классы.', yearUrl());
    expect(mainText(res.body)).toContain('Учебный год 2026/2027');
  });
});

describe('period schemes and periods', () => {
  it('shows the year with its schemes, periods, holidays and transfers', async () => {
    const text = mainText((await admin.get(yearUrl())).body);
    expect(text).toContain('Четверти');
    expect(text).toMatch(/2 2 четверть 05\.11\.2026 28\.12\.2026/);
    expect(text).toContain('Полугодия');
    expect(text).toMatch(/Классы: 10А, 10Б, 11А, 11Б/);
    expect(text).toMatch(/Дополнительные каникулы для 1-х классов Каникулы 15\.02\.2027 – 21\.02\.2027 1/);
    expect(text).toMatch(/20\.02\.2027 понедельник/);
  });

  it('creates trimesters, offers the generated names and saves the dates of all periods at once', async () => {
    await admin.get(yearUrl());
    const res = await admin.post(`${yearUrl()}/schemes`, { kind: 'trimesters', name: '' });
    expect(res.statusCode).toBe(303);
    const [scheme] = await t.database.db.select().from(periodSchemes).where(and(eq(periodSchemes.schoolId, facts.schoolId), eq(periodSchemes.kind, 'trimesters')));
    expect(scheme!.name).toBe('Триместры');
    expect(res.headers.location).toBe(`/setup/schemes/${scheme!.id}`);
    const page = await admin.get(`/setup/schemes/${scheme!.id}`);
    for (const [i, name] of ['1 триместр', '2 триместр', '3 триместр'].entries()) {
      expect(page.body).toContain(`name="name_${i}" type="text" value="${name}"`);
      expect(page.body).toContain(`name="ordinal_${i}" type="text" value="${i + 1}"`);
    }
    const rows = {
      ordinal_0: '1', name_0: '1 триместр', startsOn_0: '2026-09-01', endsOn_0: '2026-11-29',
      ordinal_1: '2', name_1: '2 триместр', startsOn_1: '2026-11-30', endsOn_1: '2027-02-28',
      ordinal_2: '3', name_2: '3 триместр', startsOn_2: '2027-03-01', endsOn_2: '2027-05-31',
    };
    const saved = await admin.post(`/setup/schemes/${scheme!.id}/periods`, rows);
    expect(saved.statusCode).toBe(303);
    const ps = await t.database.db.select().from(periods).where(and(eq(periods.schoolId, facts.schoolId), eq(periods.schemeId, scheme!.id)));
    expect(ps.map((p) => [p.ordinal, p.name, p.startsOn, p.endsOn]).sort()).toEqual([
      [1, '1 триместр', '2026-09-01', '2026-11-29'], [2, '2 триместр', '2026-11-30', '2027-02-28'], [3, '3 триместр', '2027-03-01', '2027-05-31'],
    ]);
    expect((await auditRows(t.database.db, facts.schoolId, 'period')).filter((a) => a.action === 'create')).toHaveLength(3);
    // Now the page offers the next one: "4 триместр".
    expect((await admin.get(`/setup/schemes/${scheme!.id}`)).body).toContain('name="name_0" type="text" value="4 триместр"');
    // A scheme no class uses can be deleted, its periods with it.
    expect((await admin.post(`/setup/schemes/${scheme!.id}/delete`)).statusCode).toBe(303);
    expect(await t.database.db.select().from(periods).where(eq(periods.schemeId, scheme!.id))).toHaveLength(0);
  });

  const quarterRow = (change: Record<string, string>) => ({ ordinal_0: '5', name_0: '5 четверть', startsOn_0: '2027-05-27', endsOn_0: '2027-05-30', ...change });
  it.each([
    ['outside its year', { endsOn_0: '2027-09-15' }, 'Период заканчивается после окончания учебного года (31.08.2027).'],
    ['starting before the year', { startsOn_0: '2026-08-20' }, 'Период начинается раньше учебного года (01.09.2026).'],
    ['ending before it starts', { startsOn_0: '2027-05-30', endsOn_0: '2027-05-28' }, 'Период должен заканчиваться позже, чем начинается.'],
    ['overlapping the 4th quarter', { startsOn_0: '2027-05-20' }, 'Период пересекается с периодом «4 четверть» (30.03.2027 – 26.05.2027).'],
    ['numbered 0', { ordinal_0: '0' }, 'Номер периода — от 1 до 12.'],
    ['numbered after a period it precedes', { startsOn_0: '2027-03-22', endsOn_0: '2027-03-28' }, 'Период № 5 должен идти после периода № 4 «4 четверть» (30.03.2027 – 26.05.2027), а по датам он раньше.'],
    ['with a taken number', { ordinal_0: '4' }, 'Номер 4 уже у периода «4 четверть».'],
    ['without a date', { endsOn_0: '' }, 'Укажите дату окончания периода.'],
  ] as Array<[string, Record<string, string>, string]>)('refuses a period %s', async (_what, change, message) => {
    const res = await refused(`/setup/schemes/${facts.quarters.id}/periods`, quarterRow(change), message, `/setup/schemes/${facts.quarters.id}`);
    // The typed values stay in the form.
    if (change.startsOn_0) expect(res.body).toContain(`value="${change.startsOn_0}"`);
  });

  it('refuses overlapping rows entered together, writing none of them', async () => {
    await admin.get(yearUrl());
    await admin.post(`${yearUrl()}/schemes`, { kind: 'semesters', name: 'Семестры' });
    const [scheme] = await t.database.db.select().from(periodSchemes).where(and(eq(periodSchemes.schoolId, facts.schoolId), eq(periodSchemes.kind, 'semesters')));
    await refused(`/setup/schemes/${scheme!.id}/periods`, {
      ordinal_0: '1', name_0: '1 семестр', startsOn_0: '2026-09-01', endsOn_0: '2027-01-20',
      ordinal_1: '2', name_1: '2 семестр', startsOn_1: '2027-01-10', endsOn_1: '2027-05-31',
    }, 'Период пересекается с периодом «1 семестр» (01.09.2026 – 20.01.2027).', `/setup/schemes/${scheme!.id}`);
    await refused(`/setup/schemes/${scheme!.id}/periods`, {
      ordinal_0: '1', name_0: '1 семестр', startsOn_0: '2027-01-21', endsOn_0: '2027-05-31',
      ordinal_1: '2', name_1: '2 семестр', startsOn_1: '2026-09-01', endsOn_1: '2027-01-20',
    }, /^Период № 1 должен закончиться до периода № 2/, `/setup/schemes/${scheme!.id}`);
  });

  it('edits one period and refuses an overlap with its neighbour', async () => {
    const second = facts.quarterPeriods[1]!;
    const url = `/setup/periods/${second.id}`;
    const page = await admin.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="2026-11-05"');
    await refused(url, { ordinal: '2', name: '2 четверть', startsOn: '2026-10-20', endsOn: '2026-12-28' }, 'Период пересекается с периодом «1 четверть» (01.09.2026 – 24.10.2026).');
    const res = await admin.post(url, { ordinal: '2', name: '2 четверть', startsOn: '2026-11-06', endsOn: '2026-12-27' });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(periods).where(eq(periods.id, second.id));
    expect(row).toMatchObject({ startsOn: '2026-11-06', endsOn: '2026-12-27' });
    const audit = (await auditRows(t.database.db, facts.schoolId, 'period')).find((a) => a.entityId === second.id && a.action === 'update');
    expect(audit?.oldValue).toMatchObject({ startsOn: '2026-11-05' });
  });

  it('refuses to delete a scheme a class uses', async () => {
    const res = await refused(`/setup/schemes/${facts.quarters.id}/delete`, {}, /^Это деление используют классы \(1А, 1Б, 2А/, `/setup/schemes/${facts.quarters.id}`);
    expect(res.statusCode).toBe(422);
  });
});

describe('holidays and transferred days', () => {
  it('adds a holiday for grade 1 only, edits and deletes it', async () => {
    await admin.get(yearUrl());
    const res = await admin.post(`${yearUrl()}/holidays`, { name: 'Доп. каникулы 1-х классов', kind: 'vacation', startsOn: '2027-02-08', endsOn: '2027-02-12', grades: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${yearUrl()}#holidays`);
    const [row] = await t.database.db.select().from(holidays).where(and(eq(holidays.schoolId, facts.schoolId), eq(holidays.name, 'Доп. каникулы 1-х классов')));
    expect(row).toMatchObject({ kind: 'vacation', startsOn: '2027-02-08', endsOn: '2027-02-12', grades: [1] });
    expect(mainText((await admin.get(yearUrl())).body)).toContain('Доп. каникулы 1-х классов Каникулы 08.02.2027 – 12.02.2027 1');

    const edit = await admin.get(`/setup/holidays/${row!.id}`);
    expect(edit.body).toContain('value="1"');
    await admin.post(`/setup/holidays/${row!.id}`, { name: 'Доп. каникулы', kind: 'vacation', startsOn: '2027-02-08', endsOn: '2027-02-14', grades: '' });
    const [edited] = await t.database.db.select().from(holidays).where(eq(holidays.id, row!.id));
    expect(edited).toMatchObject({ name: 'Доп. каникулы', endsOn: '2027-02-14', grades: null });
    await admin.get(`/setup/holidays/${row!.id}`);
    expect((await admin.post(`/setup/holidays/${row!.id}/delete`)).statusCode).toBe(303);
    expect(await t.database.db.select().from(holidays).where(eq(holidays.id, row!.id))).toHaveLength(0);
    expect((await auditRows(t.database.db, facts.schoolId, 'holiday')).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it.each([
    [{ startsOn: '2027-09-01', endsOn: '2027-09-05' }, 'Даты должны быть внутри учебного года (01.09.2026 – 31.08.2027).'],
    [{ startsOn: '2027-04-10', endsOn: '2027-04-09' }, 'Дата окончания не может быть раньше даты начала.'],
    [{ grades: '0, 12' }, 'Классы — числа от 1 до 11 через запятую, например: 1 или 1, 2. Пусто — для всей школы.'],
    [{ kind: 'party' }, 'Выберите: каникулы, праздник или выходной.'],
    [{ startsOn: '2027-02-19', endsOn: '2027-02-21' }, '20.02.2027 — перенесённый учебный день: уберите перенос или измените даты.'],
  ])('refuses a holiday %j', async (change, message) => {
    await refused(`${yearUrl()}/holidays`, { name: 'Каникулы', kind: 'vacation', startsOn: '2027-04-10', endsOn: '2027-04-12', ...change }, message, yearUrl());
  });

  it('adds a transferred day, edits and deletes it', async () => {
    await admin.get(yearUrl());
    const res = await admin.post(`${yearUrl()}/transfers`, { date: '2026-12-26', worksAs: '1', note: 'Суббота по расписанию понедельника' });
    expect(res.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(transferredDays).where(and(eq(transferredDays.schoolId, facts.schoolId), eq(transferredDays.date, '2026-12-26')));
    expect(row).toMatchObject({ worksAs: 1, note: 'Суббота по расписанию понедельника', yearId: facts.year.id });
    expect(mainText((await admin.get(yearUrl())).body)).toContain('26.12.2026 понедельник Суббота по расписанию понедельника');
    await admin.get(`/setup/transfers/${row!.id}`);
    await admin.post(`/setup/transfers/${row!.id}`, { date: '2026-12-26', worksAs: '5', note: '' });
    const [edited] = await t.database.db.select().from(transferredDays).where(eq(transferredDays.id, row!.id));
    expect(edited).toMatchObject({ worksAs: 5, note: null });
    await admin.post(`/setup/transfers/${row!.id}/delete`);
    expect(await t.database.db.select().from(transferredDays).where(eq(transferredDays.id, row!.id))).toHaveLength(0);
    expect((await auditRows(t.database.db, facts.schoolId, 'transferred_day')).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it.each([
    [{ date: '2027-09-04' }, 'Дата должна быть внутри учебного года (01.09.2026 – 31.08.2027).'],
    [{ date: '2026-12-30' }, /^Эта дата приходится на «Зимние каникулы» \(29\.12\.2026 – 10\.01\.2027\) для всей школы/],
    [{ worksAs: '7' }, 'Выберите день недели с понедельника по субботу.'],
    [{ date: '2026-12-28', worksAs: '1' }, 'Этот день и так понедельник: перенос не нужен.'],
    [{ date: '2027-02-20' }, 'На 20.02.2027 перенос уже назначен.'],
  ])('refuses a transferred day %j', async (change, message) => {
    await refused(`${yearUrl()}/transfers`, { date: '2026-12-26', worksAs: '1', ...change }, message, yearUrl());
  });

  it('lets a transfer fall inside a holiday of grade 1 only', async () => {
    await admin.get(yearUrl());
    const res = await admin.post(`${yearUrl()}/transfers`, { date: '2027-02-20', worksAs: '1' });
    expect(res.statusCode).toBe(422); // the seeded transfer already holds that date
    const ok = await admin.post(`${yearUrl()}/transfers`, { date: '2027-02-21', worksAs: '2' });
    expect(ok.statusCode).toBe(303);
  });
});
