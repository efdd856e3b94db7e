import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { failuresFromAddressQuery, loginFacts, recentFailuresFromAddress } from '../../src/modules/accounts/queries.ts';
import { authEvents, sessions } from '../../src/modules/accounts/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const countSessions = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(sessions))[0]!.n;
const events = (login: string, kind: string) =>
  t.database.db.select().from(authEvents).where(and(eq(authEvents.login, login), eq(authEvents.kind, kind)));

describe('login', () => {
  it('logs in with the right password, with a new session id, and records it', async () => {
    const c = new Client(t.app, '10.0.0.1');
    await c.get('/login');
    c.cookies.set('otmetka.sid', 'forged-session-id.signature');
    const res = await c.post('/login', { login: 'teacher', password: 'otmetka-demo' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const sid = c.cookies.get('otmetka.sid');
    expect(sid).toBeDefined();
    expect(sid).not.toBe('forged-session-id.signature');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/otmetka\.sid=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const home = await c.get('/');
    expect(mainText(home.body)).toContain('Здравствуйте, Иванова Мария Александровна');
    expect((await events('teacher', 'login_ok')).length).toBeGreaterThan(0);

    const again = await loginAs(t.app, 'teacher');
    expect(again.cookies.get('otmetka.sid')).not.toBe(sid);
  });

  it('ends the live session the browser brought to a login; a login without one stores only its new session', async () => {
    const first = await loginAs(t.app, 'teacher');
    const planted = first.cookies.get('otmetka.sid')!;
    const plantedSid = planted.split('.')[0]!;
    expect(await t.database.db.select().from(sessions).where(eq(sessions.sid, plantedSid))).toHaveLength(1);
    const again = await first.post('/login', { login: 'teacher', password: 'otmetka-demo' });
    expect(again.statusCode).toBe(303);
    expect(first.cookies.get('otmetka.sid')).not.toBe(planted);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.sid, plantedSid))).toHaveLength(0);
    const stale = new Client(t.app, '10.0.0.9');
    stale.cookies.set('otmetka.sid', planted);
    expect((await stale.get('/')).headers.location).toMatch(/^\/login/);

    const before = await countSessions();
    const fresh = new Client(t.app, '10.0.0.9');
    await fresh.get('/login');
    expect(fresh.cookies.has('otmetka.sid')).toBe(false);
    expect((await fresh.post('/login', { login: 'teacher', password: 'otmetka-demo' })).statusCode).toBe(303);
    expect(await countSessions()).toBe(before + 1);
    expect((await fresh.get('/')).statusCode).toBe(200);
  });

  it('accepts the login in any letter case and with spaces around it', async () => {
    const c = await loginAs(t.app, '  TEACHER ');
    expect((await c.get('/')).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown login with the same message', async () => {
    for (const [login, password] of [['teacher', 'wrong-password'], ['nobody-here', 'otmetka-demo']]) {
      const c = new Client(t.app, '10.0.0.2');
      await c.get('/login');
      const res = await c.post('/login', { login: login!, password: password! });
      expect(res.statusCode).toBe(401);
      expect(mainText(res.body)).toContain('Неверный логин или пароль.');
      expect(res.body).toContain(`value="${login}"`);
      expect(c.cookies.has('otmetka.sid')).toBe(false);
    }
    expect((await events('teacher', 'login_failed')).length).toBe(1);
    expect((await events('nobody-here', 'login_failed')).length).toBe(1);
  });

  it('locks a login for 15 minutes after 5 failures, even for the right password, and records the lockout', async () => {
    const c = new Client(t.app, '10.0.0.3');
    await c.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post('/login', { login: 'secretary', password: `wrong-${i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await c.post('/login', { login: 'secretary', password: 'otmetka-demo' });
    expect(locked.statusCode).toBe(429);
    expect(mainText(locked.body)).toMatch(/Слишком много неудачных попыток входа\. Попробуйте снова через 15 мин\./);
    expect(c.cookies.has('otmetka.sid')).toBe(false);
    expect((await events('secretary', 'login_locked')).length).toBe(2);
    // Another login from the same address is not affected.
    const other = await c.post('/login', { login: 'deputy', password: 'otmetka-demo' });
    expect(other.statusCode).toBe(303);
  });

  it('locks an address after many failures across logins; other addresses still log in', async () => {
    const c = new Client(t.app, '10.0.0.4');
    await c.get('/login');
    for (let i = 0; i < 50; i++) await c.post('/login', { login: `guess-${i}`, password: 'x' });
    const res = await c.post('/login', { login: 'student', password: 'otmetka-demo' });
    expect(res.statusCode).toBe(429);
    expect(mainText(res.body)).toContain('Слишком много неудачных попыток');
    await expect(loginAs(t.app, 'student', undefined, '10.0.0.5')).resolves.toBeDefined();
  });

  it.each([
    ['empty fields', { login: '', password: '' }, 422, 'Введите логин.'],
    ['empty password', { login: 'teacher', password: '' }, 422, 'Введите пароль.'],
    ['10 kB login', { login: 'я'.repeat(10_240), password: 'x' }, 422, 'Логин слишком длинный'],
    ['10 kB password', { login: 'teacher', password: 'x'.repeat(10_240) }, 422, 'Пароль слишком длинный'],
    ['SQL-looking login', { login: "' OR 1=1; DROP TABLE accounts; --", password: "' OR '1'='1" }, 401, 'Неверный логин или пароль.'],
    ['unicode login', { login: 'учитель😀\u0000名前', password: 'пароль' }, 401, 'Неверный логин или пароль.'],
    ['missing fields', {}, 422, 'Введите логин.'],
  ])('%s → a message, never a 500', async (_name, form, status, message) => {
    const c = new Client(t.app, '10.0.1.1');
    await c.get('/login');
    const res = await c.post('/login', form as Record<string, string>);
    expect(res.statusCode).toBe(status);
    expect(mainText(res.body)).toContain(message);
  });

  it('reads an address\'s failures from the index of failures, not past its successful logins', async () => {
    // A shared address (a school's Wi-Fi, a mobile operator) logs in thousands of times on 1 September.
    const ip = '10.9.8.7';
    await t.database.db.insert(authEvents).values([
      ...Array.from({ length: 300 }, () => ({ kind: 'login_ok', login: 'teacher', ip })),
      { kind: 'login_failed', login: 'nobody', ip },
    ]);
    expect(await recentFailuresFromAddress(t.database.db, ip)).toHaveLength(1);
    const facts = await loginFacts(t.database.db, 'nobody', ip);
    expect(facts.fromAddress).toHaveLength(1);
    expect(facts.ofLogin).toHaveLength(1);
    expect(facts.account).toBeUndefined();
    expect((await loginFacts(t.database.db, 'teacher', ip)).account?.login).toBe('teacher');
    // As the app runs it: a prepared statement whose plan does not know the values (a generic plan).
    const q = failuresFromAddressQuery(t.database.db, ip).toSQL();
    const values = q.params.map((v) => (typeof v === 'number' ? String(v) : `'${String(v)}'`)).join(', ');
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      await tx.execute(sql.raw(`prepare failures_from_address as ${q.sql}`));
      try {
        return rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql.raw(`explain execute failures_from_address(${values})`)));
      } finally {
        await tx.execute(sql`deallocate failures_from_address`);
      }
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('auth_events_ip_failures');
  });

  it('refuses an oversized body with a Russian page', async () => {
    const c = new Client(t.app, '10.0.1.2');
    await c.get('/login');
    const res = await c.post('/login', { login: 'teacher', password: 'x'.repeat(300 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(mainText(res.body)).toContain('Слишком большой запрос');
  });

  it('creates no session row for anonymous visitors', async () => {
    const before = await countSessions();
    const c = new Client(t.app, '10.0.1.3');
    for (let i = 0; i < 5; i++) await c.get('/login');
    await c.get('/static/css/app.css');
    await c.get('/no-such-page');
    await c.post('/login', { login: 'teacher', password: 'bad' });
    expect(await countSessions()).toBe(before);
  });

  it('a disabled account cannot log in', async () => {
    await t.database.db.execute(sql`update accounts set disabled_at = now() where login = 'admin2'`);
    const c = new Client(t.app, '10.0.1.4');
    await c.get('/login');
    const res = await c.post('/login', { login: 'admin2', password: 'otmetka-demo' });
    expect(res.statusCode).toBe(403);
    expect(mainText(res.body)).toContain('Учётная запись заблокирована');
  });
});

describe('rate limit', () => {
  it('answers 429 in Russian past the per-minute limit of login attempts', async () => {
    const small = await startTestApp({ seed: false, loginRateLimit: 3 });
    try {
      const c = new Client(small.app, '10.0.2.1');
      await c.get('/login');
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await c.post('/login', { login: 'x', password: 'y' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      const last = await c.post('/login', { login: 'x', password: 'y' });
      expect(mainText(last.body)).toContain('Слишком много запросов');
    } finally {
      await small.close();
    }
  });
});
