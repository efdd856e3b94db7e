// /journal/work-types: the defaults, the admin's and deputy's edits with audit rows, bad input at the field,
// the role matrix, another school's ids → 404, and a school created by the operator getting the defaults.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkTypes } from '../../src/cli/seed/demo-work-types.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { lessonColumns, workTypes } from '../../src/modules/journal/schema.ts';
import { isWorkTypeUsed, listWorkTypes } from '../../src/modules/journal/work-types.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';

let t: TestApp;
let school1: string;
let school2: string;
const db = () => t.database.db;

async function schoolOf(login: string): Promise<string> {
  const [m] = await db().select({ schoolId: memberships.schoolId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  return m!.schoolId;
}
const types = (schoolId: string) => listWorkTypes(db(), schoolId);
const byName = async (schoolId: string, name: string) => (await types(schoolId)).find((w) => w.name === name);
const audits = (entityId: string) => db().select().from(auditEvents).where(and(eq(auditEvents.entity, 'work_type'), eq(auditEvents.entityId, entityId)));

beforeAll(async () => {
  t = await startTestApp();
  school1 = await schoolOf('admin');
  school2 = await schoolOf('admin2');
  // The demo seed calls this (idempotent); called here too so the test does not depend on the order of edits.
  await seedDemoWorkTypes(db(), { schoolId: school1 });
  await seedDemoWorkTypes(db(), { schoolId: school2 });
});
afterAll(async () => { await t.close(); });

describe('defaults', () => {
  it('both demo schools have the nine default work types in order, with weights and control flags', async () => {
    for (const s of [school1, school2]) {
      const list = await types(s);
      expect(list.map((w) => [w.shortName, Number(w.weight), w.isControl])).toEqual([
        ['Отв', 1, false], ['ДЗ', 1, false], ['СР', 1, false], ['КР', 2, true], ['Дикт', 2, true], ['Соч', 2, true],
        ['ЛР', 1, false], ['ПР', 1.5, false], ['Тест', 1, false],
      ]);
    }
  });

  it('a school created by the operator gets the defaults', async () => {
    const op = await loginAs(t.app, 'operator');
    await op.get('/operator/schools');
    const res = await op.post('/operator/schools', { name: 'Школа видов работ', address: 'ул. Мира, 3', adminName: 'Видов Иван Иванович', adminLogin: 'wt-admin' });
    expect(res.statusCode).toBe(200);
    const [s] = await db().select({ id: schools.id }).from(schools).where(eq(schools.name, 'Школа видов работ'));
    const list = await types(s!.id);
    expect(list).toHaveLength(9);
    expect(list.find((w) => w.shortName === 'КР')).toMatchObject({ name: 'Контрольная работа', weight: '2.0', isControl: true });
  });
});

describe('the page', () => {
  it('the admin sees the list with weights, the scale and the special values; the nav has «Виды работ»', async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await admin.get('/journal/work-types');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toContain('Проверочная работа ПР 1,5');
    expect(text).toContain('Контрольная работа КР 2 да');
    expect(text).toContain('5 4 3 2 1');
    expect(text).toContain('осв — освобождён');
    expect(text).toContain('Новый вид работы');
    expect(navLabels(res.body)).toContain('Виды работ');
  });

  it('a teacher reads the list without forms and cannot change anything', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const res = await teacher.get('/journal/work-types');
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Домашняя работа ДЗ 1');
    expect(res.body).not.toContain('Новый вид работы');
    expect(res.body).not.toContain('/archive');
    expect(navLabels(res.body)).not.toContain('Виды работ');
    const kr = (await byName(school1, 'Контрольная работа'))!;
    await teacher.get('/');
    expect((await teacher.post('/journal/work-types', { name: 'Учительский', shortName: 'У', weight: '1' })).statusCode).toBe(403);
    expect((await teacher.post(`/journal/work-types/${kr.id}`, { name: 'КР', shortName: 'КР', weight: '5' })).statusCode).toBe(403);
    expect((await teacher.get(`/journal/work-types/${kr.id}`)).statusCode).toBe(403);
    expect((await teacher.post(`/journal/work-types/${kr.id}/delete`)).statusCode).toBe(403);
    expect(await byName(school1, 'Контрольная работа')).toEqual(kr);
  });

  it.each(['secretary', 'parent', 'student'])('%s is refused (403), GET and POST', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/journal/work-types')).statusCode).toBe(403);
    await c.get('/');
    expect((await c.post('/journal/work-types', { name: 'Чужой', shortName: 'Ч', weight: '1' })).statusCode).toBe(403);
    expect(await byName(school1, 'Чужой')).toBeUndefined();
  });
});

describe('changes by the admin and the deputy', () => {
  it('the admin adds a work type (appended last) with an audit row', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/journal/work-types');
    const res = await admin.post('/journal/work-types', { name: 'Изложение', shortName: 'Изл', weight: '1,5', isControl: 'on' });
    expect(res.statusCode).toBe(303);
    const list = await types(school1);
    const izl = list.at(-1)!;
    expect(izl).toMatchObject({ name: 'Изложение', shortName: 'Изл', weight: '1.5', isControl: true, archived: false });
    const rows = await audits(izl.id);
    expect(rows.map((r) => r.action)).toEqual(['create']);
    expect(rows[0]!.schoolId).toBe(school1);
  });

  it('the deputy edits a work type; the audit row keeps the old and new values', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const test = (await byName(school1, 'Тест'))!;
    const page = await deputy.get(`/journal/work-types/${test.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Тест"');
    const res = await deputy.post(`/journal/work-types/${test.id}`, { name: 'Тестирование', shortName: 'Тест', weight: '0.5' });
    expect(res.statusCode).toBe(303);
    expect(await byName(school1, 'Тестирование')).toMatchObject({ id: test.id, weight: '0.5', isControl: false });
    const [row] = await audits(test.id);
    expect(row).toMatchObject({ action: 'update', oldValue: expect.objectContaining({ name: 'Тест' }), newValue: expect.objectContaining({ name: 'Тестирование', weight: 0.5 }) });
    expect(row!.actorRole).toContain('deputy');
  });

  it('archive, unarchive and delete an unused type, each audited', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/journal/work-types');
    const lr = (await byName(school1, 'Лабораторная работа'))!;
    expect((await admin.post(`/journal/work-types/${lr.id}/archive`)).statusCode).toBe(303);
    expect((await byName(school1, 'Лабораторная работа'))!.archived).toBe(true);
    expect((await types(school1)).at(-1)!.id).toBe(lr.id); // archived ones go last
    expect(mainText((await admin.get('/journal/work-types')).body)).toContain('Лабораторная работа в архиве');
    expect((await admin.post(`/journal/work-types/${lr.id}/unarchive`)).statusCode).toBe(303);
    expect((await byName(school1, 'Лабораторная работа'))!.archived).toBe(false);
    expect((await admin.post(`/journal/work-types/${lr.id}/delete`)).statusCode).toBe(303);
    expect(await byName(school1, 'Лабораторная работа')).toBeUndefined();
    expect((await audits(lr.id)).map((r) => r.action).sort()).toEqual(['archive', 'delete', 'unarchive']);
  });

  it('a type used by a lesson column cannot be deleted, only archived; the column keeps it', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/journal/work-types');
    const dict = (await byName(school1, 'Диктант'))!;
    // A lesson without mark columns yet (the demo journal gives past lessons theirs).
    const [lesson] = await db().select({ id: lessons.id }).from(lessons)
      .where(and(eq(lessons.schoolId, school1), sql`not exists (select 1 from lesson_columns lc where lc.school_id = ${lessons.schoolId} and lc.lesson_id = ${lessons.id})`)).limit(1);
    await db().insert(lessonColumns).values({ schoolId: school1, lessonId: lesson!.id, columnNo: 1, workTypeId: dict.id });
    expect(await isWorkTypeUsed(db(), school1, dict.id)).toBe(true);
    expect(await isWorkTypeUsed(db(), school2, dict.id)).toBe(false); // another school's question about this id: not its type
    expect(await isWorkTypeUsed(db(), school1, (await byName(school1, 'Сочинение'))!.id)).toBe(false);

    const res = await admin.post(`/journal/work-types/${dict.id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get('/journal/work-types')).body)).toContain('Вид работы «Диктант» уже есть в отметках: его можно только убрать в архив.');
    expect(await byName(school1, 'Диктант')).toEqual(dict);
    expect(await audits(dict.id)).toHaveLength(0);

    expect((await admin.post(`/journal/work-types/${dict.id}/archive`)).statusCode).toBe(303);
    expect((await byName(school1, 'Диктант'))!.archived).toBe(true);
    const [column] = await db().select().from(lessonColumns).where(and(eq(lessonColumns.schoolId, school1), eq(lessonColumns.lessonId, lesson!.id)));
    expect(column!.workTypeId).toBe(dict.id);
    expect((await audits(dict.id)).map((r) => r.action)).toEqual(['archive']);
    expect((await admin.post(`/journal/work-types/${dict.id}/unarchive`)).statusCode).toBe(303);
  });

  it('reorders up and down', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/journal/work-types');
    const names = async () => (await types(school1)).filter((w) => !w.archived).map((w) => w.shortName);
    const before = await names();
    const dz = (await byName(school1, 'Домашняя работа'))!;
    expect((await admin.post(`/journal/work-types/${dz.id}/up`)).statusCode).toBe(303);
    const after = await names();
    expect(after.slice(0, 2)).toEqual(['ДЗ', 'Отв']);
    expect(after.slice(2)).toEqual(before.slice(2));
    expect((await admin.post(`/journal/work-types/${dz.id}/down`)).statusCode).toBe(303);
    expect(await names()).toEqual(before);
    // The first one cannot move up: nothing changes.
    expect((await admin.post(`/journal/work-types/${(await types(school1))[0]!.id}/up`)).statusCode).toBe(303);
    expect(await names()).toEqual(before);
    expect((await audits(dz.id)).map((r) => r.action)).toEqual(['move_up', 'move_down']);
  });
});

describe('bad input: 422 at the field, values kept, nothing saved', () => {
  const good = { name: 'Зачётная работа', shortName: 'ЗР', weight: '1' };
  it.each([
    ['empty name', { ...good, name: '  ' }, 'Введите название вида работы.'],
    ['duplicate name', { ...good, name: 'Диктант' }, 'Вид работы «Диктант» уже есть.'],
    ['weight below 0.5', { ...good, weight: '0' }, 'Вес — число от 0,5 до 5 с шагом 0,5'],
    ['weight above 5', { ...good, weight: '5,5' }, 'Вес — число от 0,5 до 5 с шагом 0,5'],
    ['weight not a multiple of 0.5', { ...good, weight: '1.2' }, 'Вес — число от 0,5 до 5 с шагом 0,5'],
    ['weight not a number', { ...good, weight: 'два' }, 'Вес — число от 0,5 до 5 с шагом 0,5'],
    ['short name too long', { ...good, shortName: 'Зачётн' + 'ая' }, 'Сокращение — не длиннее 6 символов'],
    ['empty short name', { ...good, shortName: '' }, 'Введите сокращение для заголовка столбца.'],
  ])('add: %s', async (_name, form, message) => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/journal/work-types');
    const count = (await types(school1)).length;
    const res = await admin.post('/journal/work-types', form);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="field-error"');
    expect(mainText(res.body)).toContain(message);
    if (form.name.trim()) expect(res.body).toContain(`value="${form.name}"`);
    expect((await types(school1)).length).toBe(count);
  });

  it('edit: a duplicate name and a bad weight re-render the edit form, nothing changes', async () => {
    const admin = await loginAs(t.app, 'admin');
    const sr = (await byName(school1, 'Самостоятельная работа'))!;
    await admin.get(`/journal/work-types/${sr.id}`);
    const dup = await admin.post(`/journal/work-types/${sr.id}`, { name: 'Сочинение', shortName: 'СР', weight: '1' });
    expect(dup.statusCode).toBe(422);
    expect(mainText(dup.body)).toContain('Вид работы «Сочинение» уже есть.');
    const bad = await admin.post(`/journal/work-types/${sr.id}`, { name: 'Самостоятельная', shortName: 'СР', weight: '7' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value="Самостоятельная"');
    expect(await byName(school1, 'Самостоятельная работа')).toEqual(sr);
    expect(await audits(sr.id)).toHaveLength(0);
  });
});

describe('another school', () => {
  it('admin2 with school 1 ids gets 404 on every route (GET and POST) and nothing changes', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/journal/work-types');
    const before = await db().select().from(workTypes).where(eq(workTypes.schoolId, school1));
    const kr = before.find((w) => w.shortName === 'КР')!;
    expect((await admin2.get(`/journal/work-types/${kr.id}`)).statusCode).toBe(404);
    for (const suffix of ['', '/archive', '/unarchive', '/delete', '/up', '/down']) {
      const res = await admin2.post(`/journal/work-types/${kr.id}${suffix}`, { name: 'Чужая', shortName: 'Ч', weight: '1' });
      expect(res.statusCode, suffix).toBe(404);
    }
    expect((await admin2.get('/journal/work-types/not-a-uuid')).statusCode).toBe(404);
    expect(await db().select().from(workTypes).where(eq(workTypes.schoolId, school1))).toEqual(before);
    expect(await audits(kr.id)).toHaveLength(0);
    // admin2 sees only school 2's list.
    expect(mainText((await admin2.get('/journal/work-types')).body)).not.toContain('Изложение');
  });
});
