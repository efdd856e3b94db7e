import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authEvents, sessions } from '../../src/modules/accounts/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

/** Moves a session's clock back: as if the person had been idle, or logged in long ago. */
async function age(c: Client, { idleMinutes, ageMinutes }: { idleMinutes: number; ageMinutes: number }) {
  const sid = decodeURIComponent(c.cookies.get('otmetka.sid')!).split('.')[0]!;
  const now = Date.now();
  await t.database.db.update(sessions).set({
    data: sql`${sessions.data} || ${JSON.stringify({ lastSeenAt: now - idleMinutes * 60_000, createdAt: now - ageMinutes * 60_000 })}::jsonb`,
  }).where(eq(sessions.sid, sid));
}

describe('sessions', () => {
  it('sends a visitor who is not logged in to the login page with the return path', async () => {
    const res = await new Client(t.app).get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Faccount');
  });

  it('returns to the requested page after login', async () => {
    const c = new Client(t.app);
    await c.get('/login?next=%2Faccount');
    const res = await c.post('/login', { login: 'teacher', password: 'otmetka-demo', next: '/account' });
    expect(res.headers.location).toBe('/account');
    const evil = await new Client(t.app);
    await evil.get('/login');
    const res2 = await evil.post('/login', { login: 'teacher', password: 'otmetka-demo', next: '//evil.example/' });
    expect(res2.headers.location).toBe('/');
  });

  it('logs out: the session ends and the event is recorded', async () => {
    const c = await loginAs(t.app, 'deputy');
    await c.get('/');
    const res = await c.post('/logout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?ended=out');
    expect(mainText((await c.get('/login?ended=out')).body)).toContain('Вы вышли из системы.');
    expect((await c.get('/')).statusCode).toBe(303);
    const rows = await t.database.db.select().from(authEvents).where(eq(authEvents.kind, 'logout'));
    expect(rows.some((r) => r.login === 'deputy')).toBe(true);
  });

  it('logs out everywhere: every session of the account ends, other accounts keep theirs', async () => {
    const phone = await loginAs(t.app, 'classteacher');
    const laptop = await loginAs(t.app, 'classteacher');
    const someoneElse = await loginAs(t.app, 'secretary');
    await laptop.get('/account');
    const res = await laptop.post('/logout-everywhere');
    expect(res.headers.location).toBe('/login?ended=all');
    expect((await phone.get('/')).statusCode).toBe(303);
    expect((await laptop.get('/')).statusCode).toBe(303);
    expect((await someoneElse.get('/')).statusCode).toBe(200);
  });

  it('ends a staff session after 30 idle minutes (the default) and says why', async () => {
    const c = await loginAs(t.app, 'teacher');
    await age(c, { idleMinutes: 29, ageMinutes: 29 });
    expect((await c.get('/')).statusCode).toBe(200);
    await age(c, { idleMinutes: 31, ageMinutes: 40 });
    const res = await c.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?ended=idle');
    expect(mainText((await c.get('/login?ended=idle')).body)).toContain('Сеанс завершён из-за бездействия');
    expect((await c.get('/')).statusCode).toBe(303);
  });

  it('uses the school setting for the staff idle limit', async () => {
    const c = await loginAs(t.app, 'admin');
    const [school] = await t.database.db.select().from(schools).where(sql`${schools.name} like '%№ 1%'`);
    await t.database.db.update(schools).set({ staffIdleMinutes: 5 }).where(eq(schools.id, school!.id));
    try {
      await age(c, { idleMinutes: 6, ageMinutes: 6 });
      expect((await c.get('/')).headers.location).toBe('/login?ended=idle');
    } finally {
      await t.database.db.update(schools).set({ staffIdleMinutes: 30 }).where(eq(schools.id, school!.id));
    }
  });

  it('ends a staff session at the absolute limit however active it is', async () => {
    const c = await loginAs(t.app, 'teacher');
    await age(c, { idleMinutes: 1, ageMinutes: 12 * 60 + 1 });
    expect((await c.get('/')).headers.location).toBe('/login?ended=expired');
  });

  it('keeps a parent logged in for hours without activity, with a lasting cookie', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    const res = await c.post('/login', { login: 'parent', password: 'otmetka-demo' });
    expect(String(res.headers['set-cookie'])).toMatch(/otmetka\.sid=[^;]+;.*Expires=/);
    await age(c, { idleMinutes: 6 * 60, ageMinutes: 6 * 60 });
    expect((await c.get('/')).statusCode).toBe(200);
    await age(c, { idleMinutes: 15 * 24 * 60, ageMinutes: 15 * 24 * 60 });
    expect((await c.get('/')).statusCode).toBe(303);
  });

  it('extends the idle limit on activity, writing the session at most once a minute', async () => {
    const c = await loginAs(t.app, 'secretary');
    await age(c, { idleMinutes: 20, ageMinutes: 20 });
    await c.get('/');
    const sid = decodeURIComponent(c.cookies.get('otmetka.sid')!).split('.')[0]!;
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.sid, sid));
    expect(Math.abs((row!.data as { lastSeenAt: number }).lastSeenAt - Date.now())).toBeLessThan(10_000);
    const updated = row!.updatedAt.getTime();
    await c.get('/account');
    const [row2] = await t.database.db.select().from(sessions).where(eq(sessions.sid, sid));
    expect(row2!.updatedAt.getTime()).toBe(updated);
  });

  it('prunes expired sessions', async () => {
    const c = await loginAs(t.app, 'student');
    const sid = decodeURIComponent(c.cookies.get('otmetka.sid')!).split('.')[0]!;
    await t.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.sid, sid));
    expect(await t.app.pgSessionStore.prune()).toBeGreaterThanOrEqual(1);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.sid, sid))).toHaveLength(0);
  });

  it('ends the session of an account disabled meanwhile', async () => {
    const c = await loginAs(t.app, 'multi');
    await t.database.db.execute(sql`update accounts set disabled_at = now() where login = 'multi'`);
    expect((await c.get('/account')).statusCode).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without a token, and with a wrong one', async () => {
    const c = await loginAs(t.app, 'teacher');
    await c.get('/account');
    for (const csrf of [false, 'forged-token'] as const) {
      const res = await c.post('/logout-everywhere', {}, { csrf });
      expect(res.statusCode).toBe(403);
      expect(mainText(res.body)).toContain('Форма устарела');
    }
    expect((await c.get('/')).statusCode).toBe(200);
  });

  it('refuses a login post without a token', async () => {
    const c = new Client(t.app);
    const res = await c.post('/login', { login: 'teacher', password: 'otmetka-demo' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(c.cookies.has('otmetka.sid')).toBe(false);
  });

  it('changes nothing on GET', async () => {
    const c = await loginAs(t.app, 'deputy');
    expect((await c.get('/logout')).statusCode).toBe(404);
    expect((await c.get('/')).statusCode).toBe(200);
  });
});
