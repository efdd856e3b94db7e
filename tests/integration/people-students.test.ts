import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import {
  aStudentOf, auditCount, auditRows, classByName, SCHOOL_2, studentById, studentByName, studentFormValues,
  makeTeacherSubjectOnly,
} from './people-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await makeTeacherSubjectOnly(t.database.db);
});
afterAll(async () => { await t.close(); });

const studentCount = async () => Number((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(students))[0]!.n);
const idFrom = (location: unknown) => /\/people\/students\/([0-9a-f-]{36})$/.exec(String(location))![1]!;

/** The edit form's values for a card, so a test changes one field and keeps the rest. */
function cardValues(card: typeof students.$inferSelect, over: Record<string, string> = {}): Record<string, string> {
  return {
    lastName: card.lastName, firstName: card.firstName, middleName: card.middleName ?? '', sex: card.sex ?? '', birthDate: card.birthDate ?? '',
    personalFileNo: card.personalFileNo ?? '', phone: card.phone ?? '', email: card.email ?? '', address: card.address ?? '', ...over,
  };
}

async function create(c: Client, values: Record<string, string>) {
  await c.get('/people/students/new');
  return c.post('/people/students', values);
}

describe('the student list', () => {
  it('shows every student with the class today, filters by class and finds by name', async () => {
    const admin = await loginAs(t.app, 'admin');
    const all = mainText((await admin.get('/people/students')).body);
    expect(all).toContain('Найдено: 200 (показаны первые 200; выберите класс или уточните поиск)');
    const c5a = await classByName(t.database.db, '5А');
    const in5a = await admin.get(`/people/students?class=${c5a.id}`);
    const text = mainText(in5a.body);
    expect(text).toMatch(/Морозов Дмитрий Сергеевич 5А 03\.05\.2015 М-0001/);
    expect(text).not.toContain('Морозова Алиса');
    // Today's students of 5А (the demo has a 5А student who left on 12.11.2026).
    const n5a = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(classMemberships)
      .where(and(eq(classMemberships.classId, c5a.id), sql`${classMemberships.startsOn} <= current_date and (${classMemberships.endsOn} is null or ${classMemberships.endsOn} > current_date)`)))[0]!.n;
    expect(text).toContain(`Найдено: ${n5a}.`);
    const found = mainText((await admin.get(`/people/students?q=${encodeURIComponent('Морозов')}`)).body);
    expect(found).toMatch(/Морозов Дмитрий Сергеевич 5А/);
    expect(found).toMatch(/Морозова Алиса Сергеевна 2А/);
    // A class id that is not a class of this year is ignored, not an error.
    expect((await admin.get('/people/students?class=not-a-uuid')).statusCode).toBe(200);
  });

  it('says "выбыл" for a student who left and "не зачислен" for a card without a class', async () => {
    const admin = await loginAs(t.app, 'admin');
    const left = await aStudentOf(t.database.db, '9Б');
    await t.database.db.update(classMemberships).set({ endsOn: '2026-11-12', endKind: 'withdrawal' }).where(eq(classMemberships.studentId, left.id));
    const created = await create(admin, studentFormValues({ lastName: 'Безклассова', firstName: 'Вера', personalFileNo: '' }));
    expect(created.statusCode).toBe(303);
    const list = mainText((await admin.get(`/people/students?q=${encodeURIComponent(left.lastName + ' ' + left.firstName)}`)).body);
    expect(list).toMatch(new RegExp(`${left.lastName} ${left.firstName} \\S+ выбыла? \\d`));
    expect(mainText((await admin.get(`/people/students?q=${encodeURIComponent('Безклассова')}`)).body)).toContain('не зачислена');
    // The card shows the class history with the reason it ended.
    const card = mainText((await admin.get(`/people/students/${left.id}`)).body);
    expect(card).toMatch(/9Б 01\.09\.2026 12\.11\.2026 выбытие/);
  });
});

describe('student cards for the admin and the secretary', () => {
  it('the secretary creates a card (enrolment is left to an order) and it is audited', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const formPage = await secretary.get('/people/students/new');
    expect(mainText(formPage.body)).toContain('В класс обучающегося зачисляет секретарь приказом в книге движения обучающихся');
    // The note links to the contingent book once that module is registered.
    expect(formPage.body.includes('href="/contingent"')).toBe(t.app.hasRoute({ method: 'GET', url: '/contingent' }));
    // A new card's contacts wait for the consent of a legal representative (152-ФЗ): refused beside each field.
    const contacts = { phone: '8 (916) 555-44-33', email: 'varya@example.ru', address: 'ул. Школьная, 5' };
    const refused = await secretary.post('/people/students', studentFormValues(contacts));
    expect(refused.statusCode).toBe(422);
    for (const f of ['phone', 'email', 'address']) expect(refused.body).toMatch(new RegExp(`id="e-${f}">Контакты сохраняются только при согласии`));
    expect(refused.body).toContain('value="varya@example.ru"');
    const res = await secretary.post('/people/students', studentFormValues());
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    expect(await studentById(t.database.db, id)).toMatchObject({
      lastName: 'Новикова', firstName: 'Варвара', birthDate: '2016-03-15', personalFileNo: 'Н-9001', phone: null, email: null, address: null,
    });
    const card = mainText((await secretary.get(`/people/students/${id}`)).body);
    expect(card).toContain('Карточка обучающегося создана: Новикова Варвара Андреевна.');
    expect(card).toContain('Обучающийся ещё не зачислен ни в один класс.');
    expect(card).toContain('нет согласия');
    const audit = await auditRows(t.database.db, 'student', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actorRole: 'secretary' });
    expect(audit[0]!.newValue).toMatchObject({ lastName: 'Новикова', personalFileNo: 'Н-9001' });
  });

  it('shows guardians, class history and the account on the card', async () => {
    const admin = await loginAs(t.app, 'admin');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const text = mainText((await admin.get(`/people/students/${dima.id}`)).body);
    expect(text).toContain('Морозов Дмитрий Сергеевич');
    expect(text).toMatch(/мать: Морозова Анна Игоревна \+7 915 123-45-67, morozova\.anna@example\.ru/);
    expect(text).toMatch(/отец: Морозов Сергей Викторович/);
    expect(text).toMatch(/5А 01\.09\.2026 по настоящее время/);
    expect(text).toMatch(/Учётная запись Логин: student/);
    const alisa = await studentByName(t.database.db, 'Морозова', 'Алиса');
    expect(mainText((await admin.get(`/people/students/${alisa.id}`)).body)).toContain('Нет учётной записи.');
  });

  it('edits a card: the change and the audit row commit together; unchanged saves write nothing', async () => {
    const admin = await loginAs(t.app, 'admin');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const form = await admin.get(`/people/students/${dima.id}/edit`);
    expect(form.body).toContain('value="2015-05-03"');
    const res = await admin.post(`/people/students/${dima.id}`, cardValues(dima, { birthDate: '04.05.2015' }));
    expect(res.statusCode).toBe(303);
    expect((await studentById(t.database.db, dima.id))!.birthDate).toBe('2015-05-04');
    const audit = await auditRows(t.database.db, 'student', dima.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', oldValue: { birthDate: '2015-05-03' }, newValue: { birthDate: '2015-05-04' } });
    const n = await auditCount(t.database.db);
    await admin.get(`/people/students/${dima.id}/edit`);
    await admin.post(`/people/students/${dima.id}`, cardValues((await studentById(t.database.db, dima.id))!));
    expect(await auditCount(t.database.db)).toBe(n);
  });

  it('refuses a duplicate personal file number with a message, on create and on edit', async () => {
    const admin = await loginAs(t.app, 'admin');
    const n = await studentCount();
    const audits = await auditCount(t.database.db);
    const dup = await create(admin, studentFormValues({ lastName: 'Дублёва', personalFileNo: 'М-0001' }));
    expect(dup.statusCode).toBe(422);
    expect(mainText(dup.body)).toContain('Такой номер личного дела уже есть в школе.');
    expect(dup.body).toContain('value="Дублёва"');
    const alisa = await studentByName(t.database.db, 'Морозова', 'Алиса');
    await admin.get(`/people/students/${alisa.id}/edit`);
    const edit = await admin.post(`/people/students/${alisa.id}`, cardValues(alisa, { personalFileNo: 'М-0001' }));
    expect(edit.statusCode).toBe(422);
    expect(mainText(edit.body)).toContain('Такой номер личного дела уже есть в школе.');
    expect((await studentById(t.database.db, alisa.id))!.personalFileNo).toBe('М-0002');
    expect(await studentCount()).toBe(n);
    expect(await auditCount(t.database.db)).toBe(audits);
  });

  it('refuses bad input with Russian messages and writes nothing', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const n = await studentCount();
    const audits = await auditCount(t.database.db);
    const cases: Array<[Record<string, string>, string]> = [
      [{ birthDate: '2027-01-01' }, 'Дата рождения не может быть в будущем.'],
      [{ birthDate: '2023-01-01' }, 'Обучающийся: возраст на 01.09.2026 должен быть от 5 до 25 лет (получается 3).'],
      [{ birthDate: '1990-01-01' }, 'должен быть от 5 до 25 лет (получается 36)'],
      [{ birthDate: '' }, 'Введите дату рождения.'],
      [{ birthDate: '2016-13-01' }, 'Введите настоящую дату'],
      [{ lastName: '' }, 'Введите фамилию.'],
      [{ firstName: '' }, 'Введите имя.'],
      [{ middleName: '<script>' }, 'Только буквы, дефис, пробел и апостроф.'],
      [{ lastName: 'Щ'.repeat(10_240) }, 'Слишком длинно: не больше 100 символов.'],
      [{ personalFileNo: '1'.repeat(10_240) }, 'Слишком длинно: не больше 50 символов.'],
      [{ address: 'д'.repeat(10_240) }, 'Слишком длинно: не больше 500 символов.'],
      [{ email: 'varya@' }, 'Введите адрес электронной почты'],
      [{ phone: '12' }, 'Телефон: цифры'],
      [{ sex: '' }, 'Выберите пол: м или ж.'],
    ];
    for (const [over, message] of cases) {
      const res = await create(secretary, studentFormValues({ personalFileNo: 'Н-0422', ...over }));
      expect(res.statusCode, JSON.stringify(over).slice(0, 60)).toBe(422);
      expect(mainText(res.body)).toContain(message);
    }
    expect(await studentCount()).toBe(n);
    expect(await auditCount(t.database.db)).toBe(audits);
  });

  it("accepts names with a hyphen, an apostrophe and a space (Д'Артаньян, Салтыков-Щедрин)", async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await create(admin, studentFormValues({ lastName: '  Салтыков-Щедрин ', firstName: "Д'Артаньян", middleName: 'Оглы  Ахмед', personalFileNo: 'С-7777' }));
    expect(res.statusCode).toBe(303);
    expect(await studentById(t.database.db, idFrom(res.headers.location))).toMatchObject({ lastName: 'Салтыков-Щедрин', firstName: "Д'Артаньян", middleName: 'Оглы Ахмед' });
  });
});

describe('contacts only when the school collects them', () => {
  it('school 1 (collects): the form and the card have phone, e-mail and address', async () => {
    const admin = await loginAs(t.app, 'admin');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const form = await admin.get(`/people/students/${dima.id}/edit`);
    expect(form.body).toContain('name="phone"');
    expect(form.body).toContain('name="address"');
    expect(mainText((await admin.get(`/people/students/${dima.id}`)).body)).toContain('Телефон');
  });

  it('school 2 (does not): no contact fields, contacts posted are ignored', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const form = await admin2.get('/people/students/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="phone"');
    expect(form.body).not.toContain('name="email"');
    expect(form.body).not.toContain('name="address"');
    const res = await admin2.post('/people/students', studentFormValues({ phone: '+7 999 111-22-33', email: 'x@example.ru', address: 'где-то', personalFileNo: 'Г2-1' }));
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    expect(await studentById(t.database.db, id)).toMatchObject({ phone: null, email: null, address: null });
    const card = await admin2.get(`/people/students/${id}`);
    expect(mainText(card.body)).not.toContain('Телефон');
    // Editing an existing card in school 2 leaves stored contacts alone, even when a form posts some.
    const s2 = await aStudentOf(t.database.db, '5А', SCHOOL_2);
    await t.database.db.update(students).set({ phone: '+70000000000' }).where(eq(students.id, s2.id));
    const card2 = (await studentById(t.database.db, s2.id))!;
    await admin2.get(`/people/students/${s2.id}/edit`);
    expect((await admin2.post(`/people/students/${s2.id}`, cardValues(card2, { phone: '+7 111 111-11-11', middleName: 'Иванович' }))).statusCode).toBe(303);
    expect(await studentById(t.database.db, s2.id)).toMatchObject({ phone: '+70000000000', middleName: 'Иванович' });
    expect(mainText((await admin2.get(`/people/students/${s2.id}`)).body)).not.toContain('+70000000000');
  });
});

describe('who may open student cards', () => {
  it('the deputy reads them and cannot change them', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    expect((await deputy.get('/people/students')).statusCode).toBe(200);
    const card = await deputy.get(`/people/students/${dima.id}`);
    expect(card.statusCode).toBe(200);
    expect(card.body).not.toContain(`/people/students/${dima.id}/edit`);
    expect(card.body).not.toContain('/guardians/new');
    expect((await deputy.get(`/people/students/${dima.id}/edit`)).statusCode).toBe(403);
    expect((await deputy.get('/people/students/new')).statusCode).toBe(403);
    const before = await studentById(t.database.db, dima.id);
    expect((await deputy.post(`/people/students/${dima.id}`, cardValues(dima, { lastName: 'Заменов' }))).statusCode).toBe(403);
    expect((await deputy.post('/people/students', studentFormValues({ personalFileNo: 'D-1' }))).statusCode).toBe(403);
    expect(await studentById(t.database.db, dima.id)).toEqual(before);
  });

  it.each(['teacher', 'parent', 'student'])('%s gets 403 on every student page and sees no personal data', async (login) => {
    const c = await loginAs(t.app, login);
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    for (const path of ['/people/students', '/people/students/new', `/people/students/${dima.id}`, `/people/students/${dima.id}/edit`]) {
      const res = await c.get(path);
      expect(res.statusCode, `${login} ${path}`).toBe(403);
      expect(res.body).not.toContain('03.05.2015');
      expect(res.body).not.toContain('М-0001');
    }
    await c.get('/');
    const before = await studentById(t.database.db, dima.id);
    expect((await c.post(`/people/students/${dima.id}`, cardValues(dima, { lastName: 'Заменов' }))).statusCode).toBe(403);
    expect((await c.post('/people/students', studentFormValues({ personalFileNo: 'X-1' }))).statusCode).toBe(403);
    expect(await studentById(t.database.db, dima.id)).toEqual(before);
  });

  it('a class teacher opens and edits the cards of their class only (another class: 404, nothing changed)', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    expect((await ct.get('/people/students')).statusCode).toBe(403);
    expect((await ct.get('/people/students/new')).statusCode).toBe(403);
    const own = await aStudentOf(t.database.db, '5А');
    const ownCard = (await studentById(t.database.db, own.id))!;
    expect((await ct.get(`/people/students/${own.id}`)).statusCode).toBe(200);
    expect((await ct.get(`/people/students/${own.id}/edit`)).statusCode).toBe(200);
    const res = await ct.post(`/people/students/${own.id}`, cardValues(ownCard, { middleName: 'Петрович' }));
    expect(res.statusCode).toBe(303);
    expect((await studentById(t.database.db, own.id))!.middleName).toBe('Петрович');
    expect((await auditRows(t.database.db, 'student', own.id)).at(-1)).toMatchObject({ actorRole: 'teacher,classTeacher', newValue: { middleName: 'Петрович' } });

    const alisa = await studentByName(t.database.db, 'Морозова', 'Алиса'); // 2А
    const before = await studentById(t.database.db, alisa.id);
    expect((await ct.get(`/people/students/${alisa.id}`)).statusCode).toBe(404);
    expect((await ct.get(`/people/students/${alisa.id}/edit`)).statusCode).toBe(404);
    await ct.get(`/people/students/${own.id}/edit`);
    expect((await ct.post(`/people/students/${alisa.id}`, cardValues(alisa, { lastName: 'Чужая' }))).statusCode).toBe(404);
    expect(await studentById(t.database.db, alisa.id)).toEqual(before);
  });

  it('a class teacher loses a student who left the class (404)', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const last = await aStudentOf(t.database.db, '5А');
    expect((await ct.get(`/people/students/${last!.id}`)).statusCode).toBe(200);
    await t.database.db.update(classMemberships).set({ endsOn: '2026-11-20', endKind: 'withdrawal' }).where(eq(classMemberships.studentId, last!.id));
    expect((await ct.get(`/people/students/${last!.id}`)).statusCode).toBe(404);
  });

  it("answers 404 to another school's admin and to a malformed id", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const before = await studentById(t.database.db, dima.id);
    expect(mainText((await admin2.get(`/people/students?q=${encodeURIComponent('Морозов')}`)).body)).not.toContain('Морозов Дмитрий');
    expect((await admin2.get(`/people/students/${dima.id}`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/students/${dima.id}/edit`)).statusCode).toBe(404);
    await admin2.get('/people/students/new');
    expect((await admin2.post(`/people/students/${dima.id}`, cardValues(dima, { lastName: 'Чужой' }))).statusCode).toBe(404);
    expect(await studentById(t.database.db, dima.id)).toEqual(before);
    expect((await admin2.get('/people/students/123')).statusCode).toBe(404);
    // A class of school 1 as a filter in school 2 is ignored.
    const c5a = await classByName(t.database.db, '5А');
    expect(mainText((await admin2.get(`/people/students?class=${c5a.id}&q=${encodeURIComponent('Морозов')}`)).body)).not.toContain('Морозов Дмитрий');
  });
});
