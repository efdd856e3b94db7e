import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents } from '../../src/modules/accounts/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

/** The operator creates a school through the page; returns the admin's one-time password read off the page. */
async function createSchoolAsOperator(name: string, adminLogin: string): Promise<string> {
  const op = await loginAs(t.app, 'operator');
  await op.get('/operator/schools');
  const res = await op.post('/operator/schools', { name, address: 'ул. Ленина, 1', adminName: 'Директоров Иван Иванович', adminLogin });
  expect(res.statusCode).toBe(200);
  const password = /<dt>Пароль<\/dt><dd><code>([^<]+)<\/code>/.exec(res.body)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9]{10}$/);
  return password!;
}

describe('forced password change', () => {
  it('makes a person with an issued password choose their own before anything else', async () => {
    const oneTime = await createSchoolAsOperator('Школа № 7', 'director7');
    const [row] = await t.database.db.select().from(accounts).where(eq(accounts.login, 'director7'));
    expect(row!.passwordHash).not.toContain(oneTime);
    expect(row!.mustChangePassword).toBe(true);

    const c = new Client(t.app);
    await c.get('/login');
    const login = await c.post('/login', { login: 'director7', password: oneTime });
    expect(login.headers.location).toBe('/password?next=%2F');
    for (const path of ['/', '/admin/members', '/account']) {
      const res = await c.get(path);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/password');
    }
    const page = await c.get('/password');
    expect(mainText(page.body)).toContain('Придумайте свой пароль');

    const bad = [
      [{ current: 'wrong-one-time', password: 'Хороший-пароль-7', confirm: 'Хороший-пароль-7' }, 'Текущий пароль введён неверно.'],
      [{ current: oneTime, password: 'short', confirm: 'short' }, 'не короче 8 символов'],
      [{ current: oneTime, password: 'password123', confirm: 'password123' }, 'слишком распространён'],
      [{ current: oneTime, password: 'Хороший-пароль-7', confirm: 'Другой-пароль-7' }, 'Пароли не совпадают.'],
      [{ current: oneTime, password: oneTime, confirm: oneTime }, 'должен отличаться от текущего'],
      [{ current: oneTime, password: 'x'.repeat(10_000), confirm: 'x' }, 'Пароль слишком длинный'],
    ] as const;
    for (const [form, message] of bad) {
      const res = await c.post('/password', form);
      expect(res.statusCode).toBe(422);
      expect(mainText(res.body)).toContain(message);
    }

    const ok = await c.post('/password', { current: oneTime, password: 'Хороший-пароль-7', confirm: 'Хороший-пароль-7', next: '/' });
    expect(ok.statusCode).toBe(303);
    const home = await c.get('/');
    expect(home.statusCode).toBe(200);
    expect(mainText(home.body)).toContain('Пароль изменён.');
    expect(mainText(home.body)).toContain('Школа № 7');

    // The one-time password no longer works; the new one does.
    const again = new Client(t.app);
    await again.get('/login');
    expect((await again.post('/login', { login: 'director7', password: oneTime })).statusCode).toBe(401);
    await expect(loginAs(t.app, 'director7', 'Хороший-пароль-7')).resolves.toBeDefined();
    const changed = await t.database.db.select().from(authEvents).where(eq(authEvents.kind, 'password_changed'));
    expect(changed.map((e) => e.login)).toContain('director7');
  });

  it('ends the other sessions of the account when the password changes', async () => {
    const other = await loginAs(t.app, 'secretary');
    const c = await loginAs(t.app, 'secretary');
    await c.get('/password');
    const res = await c.post('/password', { current: 'otmetka-demo', password: 'Новый-пароль-секретаря', confirm: 'Новый-пароль-секретаря' });
    expect(res.statusCode).toBe(303);
    expect((await c.get('/')).statusCode).toBe(200);
    expect((await other.get('/')).statusCode).toBe(303);
  });
});

describe('operator', () => {
  it('lists schools and refuses a bad form with messages, keeping the values', async () => {
    const op = await loginAs(t.app, 'operator');
    const list = await op.get('/operator/schools');
    expect(list.statusCode).toBe(200);
    expect(mainText(list.body)).toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
    const res = await op.post('/operator/schools', { name: 'Ли', adminName: '', adminLogin: 'Плохой Логин', address: 'ул. Мира' });
    expect(res.statusCode).toBe(422);
    const text = mainText(res.body);
    expect(text).toContain('Название школы — не короче 3 символов.');
    expect(text).toContain('Логин: 3–64 латинские буквы');
    expect(text).toContain('Введите ФИО администратора.');
    expect(res.body).toContain('value="ул. Мира"');
    const taken = await op.post('/operator/schools', { name: 'Школа № 9', adminName: 'Иванов И. И.', adminLogin: 'teacher' });
    expect(taken.statusCode).toBe(422);
    expect(mainText(taken.body)).toContain('Этот логин уже занят.');
  });

  it('sees no school data: school pages answer 403', async () => {
    const op = await loginAs(t.app, 'operator');
    for (const path of ['/admin/members', '/admin/logins']) expect((await op.get(path)).statusCode).toBe(403);
  });

  it.each(['admin', 'deputy', 'teacher', 'parent', 'student', 'classteacher'])('refuses %s on the operator pages', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/operator/schools')).statusCode).toBe(403);
    await c.get('/');
    const res = await c.post('/operator/schools', { name: 'Чужая школа', adminName: 'Иванов И. И.', adminLogin: `evil-${login}` });
    expect(res.statusCode).toBe(403);
    expect(await t.database.db.select().from(accounts).where(eq(accounts.login, `evil-${login}`))).toHaveLength(0);
  });
});
