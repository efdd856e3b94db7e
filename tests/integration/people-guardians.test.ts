import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdConsents } from '../../src/modules/consents/schema.ts';
import { guardians, studentGuardians } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText } from '../support/client.ts';
import {
  aStudentOf, auditCount, auditRows, guardianById, guardianByName, makeTeacherSubjectOnly, SCHOOL_2, studentByName,
} from './people-support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await makeTeacherSubjectOnly(t.database.db);
});
afterAll(async () => { await t.close(); });

const linksOf = (studentId: string) => t.database.db.select().from(studentGuardians).where(eq(studentGuardians.studentId, studentId));
const guardianCount = async () => Number((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(guardians))[0]!.n);
// A phone is kept only with a consent (152-ФЗ): the new guardian's signed consent comes with the card.
const newGuardian = (over: Record<string, string> = {}) => ({
  relation: 'бабушка', lastName: 'Морозова', firstName: 'Валентина', middleName: 'Петровна', sex: 'ж', birthDate: '1960-01-20', phone: '+7 903 111-22-33', email: '', address: '',
  consentDocument: 'Заявление № 101 от 23.11.2026', ...over,
});

describe('guardians for the admin and the secretary', () => {
  it('creates a guardian and links them to the student in one audited step', async () => {
    const admin = await loginAs(t.app, 'admin');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const page = await admin.get(`/people/students/${dima.id}/guardians/new`);
    expect(page.statusCode).toBe(200);
    const res = await admin.post(`/people/students/${dima.id}/guardians`, newGuardian());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/students/${dima.id}`);
    const grandma = await guardianByName(t.database.db, 'Морозова', 'Валентина');
    expect(grandma).toMatchObject({ middleName: 'Петровна', birthDate: '1960-01-20', phone: '+79031112233' });
    expect((await linksOf(dima.id)).find((l) => l.guardianId === grandma.id)?.relation).toBe('бабушка');
    expect(mainText((await admin.get(`/people/students/${dima.id}`)).body)).toMatch(/бабушка: Морозова Валентина Петровна \+79031112233/);
    expect(await auditRows(t.database.db, 'guardian', grandma.id)).toMatchObject([{ action: 'create', newValue: { lastName: 'Морозова', phone: '+79031112233' } }]);
    expect(await t.database.db.select().from(pdConsents).where(eq(pdConsents.guardianId, grandma.id)))
      .toMatchObject([{ document: 'Заявление № 101 от 23.11.2026', purposes: ['journal', 'contacts', 'alerts'], givenByGuardianId: null }]);
    // Without the consent document the phone is refused beside the field and nothing is written.
    await admin.get(`/people/students/${dima.id}/guardians/new`);
    const refused = await admin.post(`/people/students/${dima.id}/guardians`, newGuardian({ firstName: 'Ольга', consentDocument: '' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="e-phone">Контакты сохраняются только при согласии/);
    expect(await auditRows(t.database.db, 'student_guardian', `${dima.id}:${grandma.id}`))
      .toMatchObject([{ action: 'link', oldValue: null, newValue: { studentId: dima.id, guardianId: grandma.id, relation: 'бабушка' } }]);
  });

  it('finds an existing guardian by name and links them to a sibling; unlinks again', async () => {
    const secretary = await loginAs(t.app, 'secretary');
    const sibling = await aStudentOf(t.database.db, '7Б');
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна');
    const search = await secretary.get(`/people/students/${sibling.id}/guardians/new?q=${encodeURIComponent('морозова анна')}`);
    const text = mainText(search.body);
    expect(text).toContain('Морозова Анна Игоревна');
    expect(text).toMatch(/дети: Морозов Дмитрий Сергеевич \(5А\); Морозова Алиса Сергеевна \(2А\)/);
    expect(search.body).toContain(`name="guardianId" value="${anna.id}"`);

    const res = await secretary.post(`/people/students/${sibling.id}/guardians/link`, { guardianId: anna.id, relation: 'опекун' });
    expect(res.statusCode).toBe(303);
    expect((await linksOf(sibling.id)).find((l) => l.guardianId === anna.id)?.relation).toBe('опекун');
    const linkKey = `${sibling.id}:${anna.id}`;
    expect(await auditRows(t.database.db, 'student_guardian', linkKey)).toMatchObject([{ action: 'link', actorRole: 'secretary', newValue: { relation: 'опекун' } }]);
    // The guardian's card lists all their children, the new one included.
    const card = mainText((await secretary.get(`/people/guardians/${anna.id}`)).body);
    expect(card).toMatch(/мать для Морозов Дмитрий Сергеевич — 5А/);
    expect(card).toMatch(/мать для Морозова Алиса Сергеевна — 2А/);
    expect(card).toContain(`опекун для ${sibling.lastName} ${sibling.firstName}`);

    // Linking again with another relation changes the relation.
    await secretary.get(`/people/students/${sibling.id}/guardians/new`);
    await secretary.post(`/people/students/${sibling.id}/guardians/link`, { guardianId: anna.id, relation: 'попечитель' });
    expect((await linksOf(sibling.id)).find((l) => l.guardianId === anna.id)?.relation).toBe('попечитель');

    await secretary.get(`/people/students/${sibling.id}`);
    const un = await secretary.post(`/people/students/${sibling.id}/guardians/${anna.id}/unlink`);
    expect(un.statusCode).toBe(303);
    expect((await linksOf(sibling.id)).some((l) => l.guardianId === anna.id)).toBe(false);
    expect(await guardianById(t.database.db, anna.id)).toBeDefined();
    const audit = await auditRows(t.database.db, 'student_guardian', linkKey);
    expect(audit.map((a) => a.action)).toEqual(['link', 'update', 'unlink']);
    expect(audit[2]).toMatchObject({ oldValue: { relation: 'попечитель' }, newValue: null });
    // Unlinking what is not linked is a 404.
    await secretary.get(`/people/students/${sibling.id}`);
    expect((await secretary.post(`/people/students/${sibling.id}/guardians/${anna.id}/unlink`)).statusCode).toBe(404);
  });

  it('edits a guardian card with an audit row of the change', async () => {
    const admin = await loginAs(t.app, 'admin');
    const father = await guardianByName(t.database.db, 'Морозов', 'Сергей');
    const form = await admin.get(`/people/guardians/${father.id}/edit`);
    expect(form.body).toContain('value="Морозов"');
    const res = await admin.post(`/people/guardians/${father.id}`, {
      lastName: 'Морозов', firstName: 'Сергей', middleName: 'Викторович', sex: 'м', birthDate: '1985-02-11', phone: '+7 916 000-00-01', email: 'sergey@example.ru', address: '',
    });
    expect(res.statusCode).toBe(303);
    expect(await guardianById(t.database.db, father.id)).toMatchObject({ phone: '+79160000001', email: 'sergey@example.ru' });
    expect(await auditRows(t.database.db, 'guardian', father.id)).toMatchObject([{
      action: 'update', oldValue: { phone: '+7 916 765-43-21', email: null }, newValue: { phone: '+79160000001', email: 'sergey@example.ru' },
    }]);
  });

  it('refuses bad input and writes nothing', async () => {
    const admin = await loginAs(t.app, 'admin');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна');
    const n = await guardianCount();
    const audits = await auditCount(t.database.db);
    const links = (await linksOf(dima.id)).length;
    const cases: Array<[Record<string, string>, string]> = [
      [{ relation: 'сосед' }, 'Выберите, кем приходится обучающемуся.'],
      [{ relation: '' }, 'Выберите, кем приходится обучающемуся.'],
      [{ lastName: '' }, 'Введите фамилию.'],
      [{ birthDate: '2030-05-05' }, 'Дата рождения не может быть в будущем.'],
      [{ firstName: 'В'.repeat(10_000) }, 'Слишком длинно: не больше 100 символов.'],
      [{ email: 'a@b' }, 'Введите адрес электронной почты'],
    ];
    for (const [over, message] of cases) {
      await admin.get(`/people/students/${dima.id}/guardians/new`);
      const res = await admin.post(`/people/students/${dima.id}/guardians`, newGuardian(over));
      expect(res.statusCode, JSON.stringify(over).slice(0, 60)).toBe(422);
      expect(mainText(res.body)).toContain(message);
    }
    await admin.get(`/people/students/${dima.id}/guardians/new`);
    const badLink = await admin.post(`/people/students/${dima.id}/guardians/link`, { guardianId: anna.id, relation: 'сосед', q: 'Морозова' });
    expect(badLink.statusCode).toBe(422);
    expect(mainText(badLink.body)).toContain('Выберите, кем приходится обучающемуся.');
    await admin.get(`/people/guardians/${anna.id}/edit`);
    const badEdit = await admin.post(`/people/guardians/${anna.id}`, { lastName: 'Морозова', firstName: '', sex: 'ж' });
    expect(badEdit.statusCode).toBe(422);
    expect(mainText(badEdit.body)).toContain('Введите имя.');
    expect(await guardianCount()).toBe(n);
    expect(await auditCount(t.database.db)).toBe(audits);
    expect(await linksOf(dima.id)).toHaveLength(links);
    expect((await guardianById(t.database.db, anna.id))!.firstName).toBe('Анна');
  });

  it('the guardian search page finds guardians by name', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const page = await deputy.get(`/people/guardians?q=${encodeURIComponent('Морозова Анна')}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Морозова Анна Игоревна');
    expect(page.body).not.toContain('name="guardianId"'); // a deputy links nothing
  });
});

describe('who may open guardians', () => {
  it('the deputy reads guardian cards and changes nothing', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const card = await deputy.get(`/people/guardians/${anna.id}`);
    expect(card.statusCode).toBe(200);
    expect(card.body).not.toContain(`/people/guardians/${anna.id}/edit`);
    expect((await deputy.get(`/people/guardians/${anna.id}/edit`)).statusCode).toBe(403);
    expect((await deputy.get(`/people/students/${dima.id}/guardians/new`)).statusCode).toBe(403);
    const links = await linksOf(dima.id);
    expect((await deputy.post(`/people/guardians/${anna.id}`, { lastName: 'Иная', firstName: 'Анна' })).statusCode).toBe(403);
    expect((await deputy.post(`/people/students/${dima.id}/guardians`, newGuardian())).statusCode).toBe(403);
    expect((await deputy.post(`/people/students/${dima.id}/guardians/link`, { guardianId: anna.id, relation: 'другое' })).statusCode).toBe(403);
    expect((await deputy.post(`/people/students/${dima.id}/guardians/${anna.id}/unlink`)).statusCode).toBe(403);
    expect(await linksOf(dima.id)).toEqual(links);
    expect((await guardianById(t.database.db, anna.id))!.lastName).toBe('Морозова');
  });

  it.each(['teacher', 'parent', 'student'])('%s gets 403 on guardian pages', async (login) => {
    const c = await loginAs(t.app, login);
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    for (const path of ['/people/guardians?q=a', `/people/guardians/${anna.id}`, `/people/guardians/${anna.id}/edit`, `/people/students/${dima.id}/guardians/new`]) {
      const res = await c.get(path);
      expect(res.statusCode, `${login} ${path}`).toBe(403);
      expect(res.body).not.toContain('+7 915 123-45-67');
    }
    await c.get('/');
    expect((await c.post(`/people/guardians/${anna.id}`, { lastName: 'Иная', firstName: 'Анна' })).statusCode).toBe(403);
    expect((await c.post(`/people/students/${dima.id}/guardians/${anna.id}/unlink`)).statusCode).toBe(403);
    expect((await guardianById(t.database.db, anna.id))!.lastName).toBe('Морозова');
  });

  it('a class teacher keeps the guardians of their class only', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна'); // mother of Дмитрий (5А) and Алиса (2А)
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const card = await ct.get(`/people/guardians/${anna.id}`);
    expect(card.statusCode).toBe(200);
    const text = mainText(card.body);
    expect(text).toContain('Морозов Дмитрий Сергеевич');
    expect(text).not.toContain('Морозова Алиса'); // a child in another class is not shown to this class teacher
    await ct.get(`/people/guardians/${anna.id}/edit`);
    const res = await ct.post(`/people/guardians/${anna.id}`, {
      lastName: 'Морозова', firstName: 'Анна', middleName: 'Игоревна', sex: 'ж', birthDate: '1987-07-21', phone: '+7 915 123-45-68', email: 'morozova.anna@example.ru', address: '',
    });
    expect(res.statusCode).toBe(303);
    expect((await guardianById(t.database.db, anna.id))!.phone).toBe('+79151234568');

    // A guardian of another class: 404 on read and write, nothing changes.
    const other = await aStudentOf(t.database.db, '7А');
    const [link] = await linksOf(other.id);
    const foreign = (await guardianById(t.database.db, link!.guardianId))!;
    expect((await ct.get(`/people/guardians/${foreign.id}`)).statusCode).toBe(404);
    expect((await ct.get(`/people/guardians/${foreign.id}/edit`)).statusCode).toBe(404);
    expect((await ct.post(`/people/guardians/${foreign.id}`, { lastName: 'Чужая', firstName: 'Мать' })).statusCode).toBe(404);
    expect((await ct.get(`/people/students/${other.id}/guardians/new`)).statusCode).toBe(404);
    expect((await ct.post(`/people/students/${other.id}/guardians`, newGuardian())).statusCode).toBe(404);
    expect((await ct.post(`/people/students/${other.id}/guardians/${foreign.id}/unlink`)).statusCode).toBe(404);
    // Nor can they link a guardian of another class to their own student.
    expect((await ct.post(`/people/students/${dima.id}/guardians/link`, { guardianId: foreign.id, relation: 'другое' })).statusCode).toBe(404);
    expect(await guardianById(t.database.db, foreign.id)).toEqual(foreign);
    expect((await linksOf(dima.id)).some((l) => l.guardianId === foreign.id)).toBe(false);
    expect((await linksOf(other.id)).some((l) => l.guardianId === foreign.id)).toBe(true);

    // Their guardian search finds families of their own class only.
    const found = mainText((await ct.get(`/people/students/${dima.id}/guardians/new?q=${encodeURIComponent(foreign.lastName)}`)).body);
    expect(found).not.toContain(`${foreign.lastName} ${foreign.firstName}`);
    const own = mainText((await ct.get(`/people/students/${dima.id}/guardians/new?q=${encodeURIComponent('Морозова Анна')}`)).body);
    expect(own).toContain('Морозова Анна Игоревна');
    expect(own).not.toContain('Морозова Алиса');

    // Adding a guardian for their own student works.
    await ct.get(`/people/students/${dima.id}/guardians/new`);
    expect((await ct.post(`/people/students/${dima.id}/guardians`, newGuardian({ relation: 'дедушка', lastName: 'Морозов', firstName: 'Виктор', middleName: 'Ильич', sex: 'м' }))).statusCode).toBe(303);
    const grandpa = await guardianByName(t.database.db, 'Морозов', 'Виктор');
    expect((await linksOf(dima.id)).find((l) => l.guardianId === grandpa.id)?.relation).toBe('дедушка');
  });

  it("answers 404 to another school's admin", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const anna = await guardianByName(t.database.db, 'Морозова', 'Анна');
    const dima = await studentByName(t.database.db, 'Морозов', 'Дмитрий');
    const own = await aStudentOf(t.database.db, '5А', SCHOOL_2);
    expect((await admin2.get(`/people/guardians/${anna.id}`)).statusCode).toBe(404);
    expect((await admin2.get(`/people/guardians/${anna.id}/edit`)).statusCode).toBe(404);
    expect(mainText((await admin2.get(`/people/guardians?q=${encodeURIComponent('Морозова')}`)).body)).not.toContain('Морозова Анна');
    await admin2.get(`/people/students/${own.id}/guardians/new`);
    expect((await admin2.post(`/people/guardians/${anna.id}`, { lastName: 'Чужая', firstName: 'Анна', sex: 'ж' })).statusCode).toBe(404);
    expect((await admin2.post(`/people/students/${dima.id}/guardians`, newGuardian())).statusCode).toBe(404);
    expect((await admin2.post(`/people/students/${own.id}/guardians/link`, { guardianId: anna.id, relation: 'мать' })).statusCode).toBe(404);
    expect((await admin2.post(`/people/students/${dima.id}/guardians/${anna.id}/unlink`)).statusCode).toBe(404);
    expect((await linksOf(own.id)).some((l) => l.guardianId === anna.id)).toBe(false);
    expect(await t.database.db.select().from(studentGuardians).where(and(eq(studentGuardians.studentId, dima.id), eq(studentGuardians.guardianId, anna.id)))).toHaveLength(1);
    expect((await guardianById(t.database.db, anna.id))!.lastName).toBe('Морозова');
  });

  it('school 2 does not collect contacts: no contact fields for guardians, posted contacts ignored', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const own = await aStudentOf(t.database.db, '6А', SCHOOL_2);
    const page = await admin2.get(`/people/students/${own.id}/guardians/new`);
    expect(page.body).not.toContain('name="phone"');
    const res = await admin2.post(`/people/students/${own.id}/guardians`, newGuardian({ lastName: 'Гимназистова', phone: '+7 999 000-00-00', email: 'g@example.ru' }));
    expect(res.statusCode).toBe(303);
    const g = await guardianByName(t.database.db, 'Гимназистова', 'Валентина', SCHOOL_2);
    expect(g).toMatchObject({ phone: null, email: null });
    // The seeded phones of school 2's guardians are not shown either.
    const [link] = await linksOf(own.id);
    const seeded = (await guardianById(t.database.db, link!.guardianId))!;
    expect(seeded.phone).not.toBeNull();
    const card = mainText((await admin2.get(`/people/guardians/${seeded.id}`)).body);
    expect(card).not.toContain(seeded.phone!);
    expect(card).not.toContain('Телефон');
    expect(mainText((await admin2.get(`/people/students/${own.id}`)).body)).not.toContain(seeded.phone!);
  });
});
