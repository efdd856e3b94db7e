import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { UndeclaredAccessError } from '../../src/web/access.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText, navLabels } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('route declarations', () => {
  it('refuses to boot when a route declares no access', async () => {
    await expect(startTestApp({ seed: false, extraRoutes: (app) => app.get('/forgotten', async () => 'oops') }))
      .rejects.toThrow(UndeclaredAccessError);
    await expect(startTestApp({ seed: false, extraRoutes: (app) => app.post('/forgotten', async () => 'oops') }))
      .rejects.toThrow(/POST \/forgotten declares no config.access/);
  });

  it('answers an unexpected error with a Russian page, a request id and no stack trace', async () => {
    const broken = await startTestApp({
      seed: false,
      extraRoutes: (app) => app.get('/broken', { config: { access: 'public' } }, async () => { throw new Error('secret internal detail'); }),
    });
    try {
      const res = await broken.app.inject({ url: '/broken' });
      expect(res.statusCode).toBe(500);
      expect(mainText(res.body)).toMatch(/Внутренняя ошибка.*Код запроса: [0-9a-f-]{36}/);
      expect(res.body).not.toContain('secret internal detail');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await broken.close();
    }
  });

  it('boots when every route declares access', async () => {
    const ok = await startTestApp({ seed: false, extraRoutes: (app) => app.get('/declared', { config: { access: 'public' } }, async () => 'ok') });
    try {
      expect((await ok.app.inject({ url: '/declared' })).body).toBe('ok');
    } finally {
      await ok.close();
    }
  });
});

describe('each demo role sees only its navigation', () => {
  it.each([
    ['operator', ['Главная', 'Школы', 'Профиль']],
    ['admin', ['Главная', 'Журнал', 'КТП', 'Учётные записи класса', 'Настройка школы', 'Виды работ', 'Учебный план', 'Отчёты', 'Расписание', 'Замены', 'События', 'Сотрудники', 'Обучающиеся', 'Книга движения', 'Учебный год', 'Импорт', 'Пользователи', 'Журнал входов', 'Профиль']],
    ['deputy', ['Главная', 'Сегодня', 'Журнал', 'Моё расписание', 'Мои группы', 'КТП', 'Настройка школы', 'Виды работ', 'Учебный план', 'Отчёты', 'Расписание', 'Замены', 'События', 'Сотрудники', 'Обучающиеся', 'Книга движения', 'Учебный год', 'Журнал входов', 'Сообщения', 'Профиль']],
    ['secretary', ['Главная', 'Обучающиеся', 'Книга движения', 'Учебный год', 'Профиль']],
    ['teacher', ['Главная', 'Сегодня', 'Журнал', 'Моё расписание', 'Мои группы', 'КТП', 'Отчёты', 'Сообщения', 'Профиль']],
    ['classteacher', ['Главная', 'Сегодня', 'Журнал', 'Моё расписание', 'Мои группы', 'КТП', 'Мой класс', 'Посещаемость класса', 'Учётные записи класса', 'Отчёты', 'События', 'Сообщения', 'Профиль']],
    ['parent', ['Главная', 'Дневник', 'Сообщения', 'Профиль']],
    ['student', ['Главная', 'Дневник', 'Профиль']],
  ])('%s', async (login, nav) => {
    const c = await loginAs(t.app, login);
    const home = await c.get('/');
    const page = login === 'operator' ? await c.get('/operator/schools') : home;
    expect(page.statusCode).toBe(200);
    expect(navLabels(page.body)).toEqual(nav);
  });

  it.each([
    ['admin', 'Администратор'], ['deputy', 'Заместитель директора'], ['secretary', 'Секретарь'], ['teacher', 'Учитель'],
    ['classteacher', 'Классный руководитель'], ['parent', 'Родитель'], ['student', 'Обучающийся'],
  ])('%s finds a home page for its role', async (login, heading) => {
    const c = await loginAs(t.app, login);
    const text = mainText((await c.get('/')).body);
    expect(text).toContain(heading);
    expect(text).toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
  });

  it.each([
    ['admin', 1], ['deputy', 1], ['teacher', 1], ['classteacher', 1], ['secretary', 0], ['parent', 0], ['student', 0],
  ])('%s: the home page links to «Журнал» %i time(s), as the navigation does', async (login, times) => {
    const c = await loginAs(t.app, login);
    const main = /<main[\s\S]*<\/main>/.exec((await c.get('/')).body)![0];
    expect(main.match(/<a href="\/journal">Журнал<\/a>/g) ?? []).toHaveLength(times);
  });

  it.each([
    ['/admin/members', ['deputy', 'secretary', 'teacher', 'classteacher', 'parent', 'student']],
    ['/admin/logins', ['secretary', 'teacher', 'classteacher', 'parent', 'student']],
  ])('%s answers 403 in Russian to %j', async (path, logins) => {
    for (const login of logins) {
      const c = await loginAs(t.app, login);
      const res = await c.get(path);
      expect(res.statusCode, login).toBe(403);
      expect(mainText(res.body)).toContain('Доступ запрещён');
    }
  });
});

describe('several schools', () => {
  it('makes an account of two schools pick one after login, then switch', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    const res = await c.post('/login', { login: 'multi', password: 'otmetka-demo' });
    expect(res.headers.location).toBe('/select-school?next=%2F');
    expect((await c.get('/')).headers.location).toBe('/select-school');
    const page = await c.get('/select-school');
    const ids = [...page.body.matchAll(/name="schoolId" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    expect(mainText(page.body)).toContain('МАОУ «Гимназия № 2» (демо)');

    const pick2 = await c.post('/select-school', { schoolId: ids[0]!, next: '/' });
    expect(pick2.headers.location).toBe('/');
    const home2 = mainText((await c.get('/')).body);
    expect(home2).toContain('Выбрана школа: МАОУ «Гимназия № 2» (демо)');

    await c.get('/select-school');
    await c.post('/select-school', { schoolId: ids[1]! });
    expect(mainText((await c.get('/')).body)).toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
  });

  it('answers a school choice whose next holds Cyrillic or broken bytes (it used to never answer: Location refused)', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    await c.post('/login', { login: 'multi', password: 'otmetka-demo' });
    const page = await c.get('/select-school');
    const id = /name="schoolId" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await c.post('/select-school', { schoolId: id, next: '/people/students?q=Иванов\ufffd' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/people/students?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%EF%BF%BD');
    await c.get('/select-school');
    const tab = await c.post('/select-school', { schoolId: id, next: '/\t/evil.example' });
    expect(tab.headers.location).toBe('/%20/evil.example'); // the form cleaner made the tab a space: a local path
  });

  it('refuses a school the account does not belong to', async () => {
    const c = await loginAs(t.app, 'admin2');
    await c.get('/select-school');
    const foreign = await t.database.db.select({ schoolId: memberships.schoolId }).from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, 'admin'));
    for (const schoolId of [foreign[0]!.schoolId, 'not-a-uuid', '']) {
      const res = await c.post('/select-school', { schoolId });
      expect(res.statusCode).toBe(422);
      expect(mainText(res.body)).toContain('Выберите школу из списка.');
    }
    expect(mainText((await c.get('/')).body)).toContain('МАОУ «Гимназия № 2» (демо)');
  });
});

describe('tenancy', () => {
  async function membershipIdOf(login: string): Promise<string> {
    const [row] = await t.database.db.select({ id: memberships.id }).from(memberships)
      .innerJoin(accounts, and(eq(accounts.id, memberships.accountId), eq(accounts.login, login)));
    return row!.id;
  }

  it('shows an admin the members of their own school', async () => {
    const admin = await loginAs(t.app, 'admin');
    const list = mainText((await admin.get('/admin/members')).body);
    expect(list).toContain('Иванова Мария Александровна');
    expect(list).not.toContain('Новикова Татьяна Юрьевна');
    const member = await admin.get(`/admin/members/${await membershipIdOf('teacher')}`);
    expect(member.statusCode).toBe(200);
    expect(mainText(member.body)).toContain('Активных сеансов');
  });

  it("answers 404 to an admin of school A asking for school B's member, and changes nothing", async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    const victim = await loginAs(t.app, 'teacher');
    const id = await membershipIdOf('teacher');
    const res = await admin2.get(`/admin/members/${id}`);
    expect(res.statusCode).toBe(404);
    expect(mainText(res.body)).toContain('Страница не найдена');
    await admin2.get('/admin/members');
    expect((await admin2.post(`/admin/members/${id}/end-sessions`)).statusCode).toBe(404);
    expect((await victim.get('/')).statusCode).toBe(200);
    expect((await admin2.get('/admin/members/not-a-uuid')).statusCode).toBe(404);
  });

  it('lets an admin end all sessions of a member of their school', async () => {
    const admin = await loginAs(t.app, 'admin');
    const victim = await loginAs(t.app, 'student');
    const id = await membershipIdOf('student');
    await admin.get(`/admin/members/${id}`);
    const res = await admin.post(`/admin/members/${id}/end-sessions`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${id}`)).body)).toMatch(/Завершено сеансов: [1-9]/);
    expect((await victim.get('/')).statusCode).toBe(303);
  });

  it("shows the login journal of one's own school only", async () => {
    await loginAs(t.app, 'admin2');
    const deputy = await loginAs(t.app, 'deputy');
    const text = mainText((await deputy.get('/admin/logins')).body);
    expect(text).toContain('deputy');
    expect(text).not.toContain('admin2');
  });
});

describe('pages every visitor meets', () => {
  it('health and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
  });

  it('a Russian 404 page with the request id and no stack trace', async () => {
    const res = await new Client(t.app).get('/no/such/page?x=%00');
    expect(res.statusCode).toBe(404);
    expect(mainText(res.body)).toMatch(/Страница не найдена.*Код запроса: [0-9a-f-]{36}/);
  });

  it('a Russian 400 for a path with a broken percent escape, a page or a form (fastify alone answers English JSON)', async () => {
    // The form fuzz found «'/journal/lessons/%E0%A4%A' is not a valid url component» on every route with a parameter.
    const c = await loginAs(t.app, 'teacher');
    for (const res of [await c.get('/journal/lessons/%E0%A4%A'), await c.post('/journal/lessons/%E0%A4%A/marks', {})]) {
      expect(res.statusCode).toBe(400);
      expect(mainText(res.body)).toMatch(/Некорректный адрес.*Код запроса: [0-9a-f-]{36}/);
      expect(res.body).not.toMatch(/Bad Request|valid url/);
    }
    const json = await c.json('/journal/%E0%A4%A/cells', { value: '5' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: expect.stringContaining('Адрес страницы повреждён') });
  });

  it('security headers: a CSP without inline script, no framing, no sniffing', async () => {
    const res = await new Client(t.app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/\son[a-z]+="/);
  });

  it('pages of a logged-in person are not cached', async () => {
    const c = await loginAs(t.app, 'teacher');
    expect((await c.get('/')).headers['cache-control']).toBe('no-store');
  });

  it('serves static files to anyone, and no file outside public/', async () => {
    const c = new Client(t.app);
    expect((await c.get('/static/css/app.css')).statusCode).toBe(200);
    expect((await c.get('/static/../package.json')).statusCode).toBe(404);
    expect((await c.get('/static/%2e%2e/package.json')).statusCode).toBe(404);
  });
});
