import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staff } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import { auditCount, auditRows, memberOf, staffById, staffFormValues, makeTeacherSubjectOnly } from './people-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await makeTeacherSubjectOnly(t.database.db);
});
afterAll(async () => { await t.close(); });

const staffCount = async () => Number((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(staff))[0]!.n);

describe('staff cards for the admin', () => {
  it('lists the staff and finds them by name', async () => {
    const admin = await loginAs(t.app, 'admin');
    const all = await admin.get('/people/staff');
    expect(all.statusCode).toBe(200);
    const text = mainText(all.body);
    expect(text).toContain('Иванова Мария Александровна');
    expect(text).toContain('Соколов Андрей Николаевич');
    expect(text).not.toContain('Новикова Татьяна Юрьевна'); // school 2
    const found = mainText((await admin.get(`/people/staff?q=${encodeURIComponent('иванова мария')}`)).body);
    expect(found).toContain('Иванова Мария Александровна');
    expect(found).not.toContain('Соколов Андрей');
    expect(found).toContain('Найдено: 1');
  });

  it('creates a card, normalizes the phone, and audits it', async () => {
    const admin = await loginAs(t.app, 'admin');
    expect((await admin.get('/people/staff/new')).statusCode).toBe(200);
    const res = await admin.post('/people/staff', staffFormValues());
    expect(res.statusCode).toBe(303);
    const id = /\/people\/staff\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!;
    const card = await staffById(t.database.db, id);
    expect(card).toMatchObject({ lastName: 'Тестова', firstName: 'Дарья', middleName: 'Олеговна', sex: 'ж', birthDate: '1991-02-03', phone: '+79160001122', email: 'testova@example.ru', externalId: null, rank: null });
    const page = mainText((await admin.get(res.headers.location as string)).body);
    expect(page).toContain('Карточка сотрудника создана: Тестова Дарья Олеговна.');
    expect(page).toContain('03.02.1991');
    expect(page).toContain('Учитель химии');
    expect(page).toContain('Нет учётной записи.');
    const audit = await auditRows(t.database.db, 'staff', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', oldValue: null, actorRole: 'admin' });
    expect(audit[0]!.newValue).toMatchObject({ lastName: 'Тестова', phone: '+79160001122' });
  });

  it('drops control characters typed or pasted into a card: a terminal colour, backspace, DEL, a lone CR', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/people/staff/new');
    const res = await admin.post('/people/staff', staffFormValues({
      lastName: '\u001b[31mТестов\u001b[0m', firstName: 'Пё\u0001тр\u007f', middleName: '\u0008Ильич', position: 'Учитель\rфизики',
    }));
    expect(res.statusCode).toBe(303);
    const id = /\/people\/staff\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!;
    expect(await staffById(t.database.db, id))
      .toMatchObject({ lastName: 'Тестов', firstName: 'Пётр', middleName: 'Ильич', position: 'Учитель физики' });
    expect((await auditRows(t.database.db, 'staff', id))[0]!.newValue).toMatchObject({ lastName: 'Тестов', firstName: 'Пётр' });
  });

  it('edits a card and audits only what changed; saving it unchanged writes nothing', async () => {
    const admin = await loginAs(t.app, 'admin');
    const { staffId } = await memberOf(t.database.db, 'teacher');
    const form = await admin.get(`/people/staff/${staffId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Иванова"');
    const before = (await staffById(t.database.db, staffId!))!;
    const values = {
      lastName: before.lastName, firstName: before.firstName, middleName: before.middleName ?? '', sex: before.sex ?? '', birthDate: before.birthDate ?? '',
      position: 'Учитель математики и информатики', category: 'высшая', rank: '', diplomaSpecialty: before.diplomaSpecialty ?? '', phone: '', email: '', externalId: 'T-0005',
    };
    const res = await admin.post(`/people/staff/${staffId}`, values);
    expect(res.statusCode).toBe(303);
    expect(await staffById(t.database.db, staffId!)).toMatchObject({ position: 'Учитель математики и информатики', category: 'высшая', externalId: 'T-0005', lastName: 'Иванова' });
    const audit = await auditRows(t.database.db, 'staff', staffId!);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.oldValue).toEqual({ position: 'Учитель математики', category: 'первая', externalId: null });
    expect(audit[0]!.newValue).toEqual({ position: 'Учитель математики и информатики', category: 'высшая', externalId: 'T-0005' });

    await admin.get(`/people/staff/${staffId}/edit`);
    const again = await admin.post(`/people/staff/${staffId}`, values);
    expect(again.statusCode).toBe(303);
    expect(mainText((await admin.get(again.headers.location as string)).body)).toContain('Изменений нет.');
    expect(await auditRows(t.database.db, 'staff', staffId!)).toHaveLength(1);
  });

  it('shows the login and roles of the card, and the class a class teacher leads', async () => {
    const admin = await loginAs(t.app, 'admin');
    const { staffId } = await memberOf(t.database.db, 'classteacher');
    const text = mainText((await admin.get(`/people/staff/${staffId}`)).body);
    expect(text).toContain('Учётная запись');
    expect(text).toContain('classteacher');
    expect(text).toMatch(/Роли учитель, классный руководитель/);
    expect(text).toMatch(/Классный руководитель 5А/);
  });

  it('refuses bad input with Russian messages and writes nothing', async () => {
    const admin = await loginAs(t.app, 'admin');
    const n = await staffCount();
    const audits = await auditCount(t.database.db);
    const cases: Array<[Record<string, string>, string]> = [
      [{ birthDate: '2099-01-01' }, 'Дата рождения не может быть в будущем.'],
      [{ birthDate: '2015-01-01' }, 'Сотрудник: возраст на'],
      [{ birthDate: '31.02.1990' }, 'Введите настоящую дату'],
      [{ lastName: '' }, 'Введите фамилию.'],
      [{ lastName: '   ' }, 'Введите фамилию.'],
      [{ firstName: 'Дарья1' }, 'Только буквы, дефис, пробел и апостроф.'],
      [{ lastName: 'Я'.repeat(10_000) }, 'Слишком длинно: не больше 100 символов.'],
      [{ position: 'x'.repeat(10_000) }, 'Слишком длинно: не больше 200 символов.'],
      [{ email: 'not-an-email' }, 'Введите адрес электронной почты'],
      [{ phone: 'позвонить маме' }, 'Телефон: цифры'],
      [{ sex: 'x' }, 'Выберите пол'],
    ];
    for (const [over, message] of cases) {
      await admin.get('/people/staff/new');
      const res = await admin.post('/people/staff', staffFormValues(over));
      expect(res.statusCode, JSON.stringify(over).slice(0, 80)).toBe(422);
      expect(mainText(res.body)).toContain(message);
    }
    // The typed values come back in the form.
    await admin.get('/people/staff/new');
    const kept = await admin.post('/people/staff', staffFormValues({ birthDate: '2099-01-01', position: 'Учитель музыки' }));
    expect(kept.body).toContain('value="Учитель музыки"');
    expect(await staffCount()).toBe(n);
    expect(await auditCount(t.database.db)).toBe(audits);
  });

  it('refuses an external id another card already has', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get('/people/staff/new');
    expect((await admin.post('/people/staff', staffFormValues({ lastName: 'Первая', externalId: 'EXT-1' }))).statusCode).toBe(303);
    const n = await staffCount();
    await admin.get('/people/staff/new');
    const res = await admin.post('/people/staff', staffFormValues({ lastName: 'Вторая', externalId: 'EXT-1' }));
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Этот внешний идентификатор уже есть у другого сотрудника школы.');
    expect(await staffCount()).toBe(n);
  });
});

describe('who may open staff cards', () => {
  it('lets the deputy read but not change them', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const { staffId } = await memberOf(t.database.db, 'teacher');
    expect((await deputy.get('/people/staff')).statusCode).toBe(200);
    const card = await deputy.get(`/people/staff/${staffId}`);
    expect(card.statusCode).toBe(200);
    expect(mainText(card.body)).toContain('Иванова Мария Александровна');
    expect(card.body).not.toContain(`/people/staff/${staffId}/edit`);
    expect((await deputy.get(`/people/staff/${staffId}/edit`)).statusCode).toBe(403);
    expect((await deputy.get('/people/staff/new')).statusCode).toBe(403);
    const before = await staffById(t.database.db, staffId!);
    expect((await deputy.post(`/people/staff/${staffId}`, staffFormValues())).statusCode).toBe(403);
    expect((await deputy.post('/people/staff', staffFormValues({ lastName: 'Депутатова' })).then((r) => r.statusCode))).toBe(403);
    expect(await staffById(t.database.db, staffId!)).toEqual(before);
    expect(await t.database.db.select().from(staff).where(eq(staff.lastName, 'Депутатова'))).toHaveLength(0);
  });

  it('the secretary cannot edit staff', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const { staffId } = await memberOf(t.database.db, 'teacher');
    const before = await staffById(t.database.db, staffId!);
    for (const path of ['/people/staff', `/people/staff/${staffId}`, `/people/staff/${staffId}/edit`, '/people/staff/new']) {
      const res = await secretary.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(mainText(res.body)).toContain('Доступ запрещён');
    }
    await secretary.get('/');
    expect((await secretary.post(`/people/staff/${staffId}`, staffFormValues())).statusCode).toBe(403);
    expect((await secretary.post('/people/staff', staffFormValues({ lastName: 'Секретарская' }))).statusCode).toBe(403);
    expect(await staffById(t.database.db, staffId!)).toEqual(before);
    expect(await t.database.db.select().from(staff).where(eq(staff.lastName, 'Секретарская'))).toHaveLength(0);
  });

  it.each(['teacher', 'classteacher', 'parent', 'student'])('%s gets 403 on staff pages', async (login) => {
    const c = await loginAs(t.app, login);
    const { staffId } = await memberOf(t.database.db, 'deputy');
    for (const path of ['/people/staff', `/people/staff/${staffId}`, `/people/staff/${staffId}/edit`, '/people/staff/new']) {
      expect((await c.get(path)).statusCode, `${login} ${path}`).toBe(403);
    }
    await c.get('/');
    expect((await c.post(`/people/staff/${staffId}`, staffFormValues())).statusCode).toBe(403);
  });

  it("answers 404 to another school's admin and to a malformed id, changing nothing", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const { staffId } = await memberOf(t.database.db, 'teacher');
    const before = await staffById(t.database.db, staffId!);
    expect(mainText((await admin2.get('/people/staff')).body)).not.toContain('Иванова Мария');
    expect((await admin2.get(`/people/staff/${staffId}`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/staff/${staffId}/edit`)).statusCode).toBe(404);
    await admin2.get('/people/staff/new');
    expect((await admin2.post(`/people/staff/${staffId}`, staffFormValues())).statusCode).toBe(404);
    expect(await staffById(t.database.db, staffId!)).toEqual(before);
    expect((await admin2.get('/people/staff/not-a-uuid')).statusCode).toBe(404);
    expect((await admin2.get('/people/staff/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
