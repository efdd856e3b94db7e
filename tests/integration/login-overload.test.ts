// Beyond capacity the app answers fast: logins beyond the bounds of the login and argon2 queues get 503 + Retry-After and
// the login form again (the others log in); pages beyond the request gate's bound, and every page while the event loop
// lags, get 503 at once with a short Russian page — all but the health checks and static files.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents } from '../../src/modules/accounts/schema.ts';
import { loginQueue, passwordQueue } from '../../src/modules/accounts/passwords.ts';
import type { WorkQueue } from '../../src/web/work-queue.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';

/** Takes a place in `queue` until `release()` (by default the argon2 queue's only slot: every password check waits). */
function holdQueue(queue: WorkQueue = passwordQueue): { release: () => void; held: Promise<void> } {
  let released = false;
  let finish = () => {};
  const held = queue.run(() => new Promise<void>((r) => { finish = r; if (released) r(); }));
  // A place still waiting for its turn is let go as soon as it gets it.
  return { release: () => { released = true; finish(); }, held };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the password queue beyond its bound', () => {
  let t: TestApp;
  // One check at a time, two waiting; a wait long enough that only the count decides here.
  beforeAll(async () => { t = await startTestApp({ passwordQueue: { concurrency: 1, maxWaiting: 2, maxWaitMs: 60_000, jobMs: 25 } }); });
  afterAll(async () => { await t.close(); });

  it('refuses the logins beyond it with 503, Retry-After and the login form; the ones in the queue log in', async () => {
    const logins = ['teacher', 'parent', 'student', 'deputy'];
    const clients = logins.map((_, i) => new Client(t.app, `10.9.0.${i + 1}`));
    for (const c of clients) await c.get('/login');
    const hold = holdQueue();
    let answered = 0;
    const answers = clients.map((c, i) => c.post('/login', { login: logins[i]!, password: 'otmetka-demo' }).finally(() => { answered++; }));
    // Two wait in the queue and two are answered already (refused), while the slot is still held.
    await until(() => passwordQueue.stats().waiting === 2 && answered === 2, 'two logins queued, two answered');
    hold.release();
    await hold.held;
    const res = await Promise.all(answers);
    expect(res.map((r) => r.statusCode).sort()).toEqual([303, 303, 503, 503]);
    for (const [i, r] of res.entries()) {
      if (r.statusCode === 303) {
        expect((await clients[i]!.get('/')).statusCode).toBe(200);
        continue;
      }
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const text = mainText(r.body);
      expect(text).toMatch(/очень много людей одновременно\. Подождите \d+ секунд[ыу]? и нажмите «Войти» ещё раз/);
      expect(r.body).toContain(`value="${logins[i]}"`); // the form again, the login kept
      expect(clients[i]!.cookies.has('otmetka.sid')).toBe(false); // no session
      // The refused parent presses «Войти» again once the crowd has passed, and is in.
      const again = await clients[i]!.post('/login', { login: logins[i]!, password: 'otmetka-demo' });
      expect(again.statusCode).toBe(303);
    }
    expect(passwordQueue.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('refuses a login at once, before reading anything, when the logins in line are full', async () => {
    const c = new Client(t.app, '10.9.1.1');
    await c.get('/login');
    // The login queue: 4 at once (4 per hash at once), 2 waiting (as the hashes).
    expect(loginQueue.stats()).toMatchObject({ concurrency: 4, maxWaiting: 2 });
    const events = async () => (await t.database.db.select().from(authEvents).where(eq(authEvents.login, 'classteacher'))).length;
    const before = await events();
    const holds = Array.from({ length: 6 }, () => holdQueue(loginQueue));
    try {
      const res = await c.post('/login', { login: 'classteacher', password: 'otmetka-demo' });
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(mainText(res.body)).toContain('входит очень много людей одновременно');
      expect(await events()).toBe(before); // nothing done: not even a failed attempt recorded
    } finally {
      holds.forEach((h) => h.release());
      await Promise.all(holds.map((h) => h.held));
    }
    expect((await c.post('/login', { login: 'classteacher', password: 'otmetka-demo' })).statusCode).toBe(303);
  });

  it('refuses a password change beyond it with 503 and changes nothing', async () => {
    const c = await loginAs(t.app, 'secretary');
    await c.get('/password');
    const [before] = await t.database.db.select().from(accounts).where(eq(accounts.login, 'secretary'));
    const fillers = [holdQueue()];
    const waiting = [passwordQueue.run(async () => 'w1'), passwordQueue.run(async () => 'w2')];
    const res = await c.post('/password', { current: 'otmetka-demo', password: 'Новый-пароль-2026!', confirm: 'Новый-пароль-2026!' });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(mainText(res.body)).toContain('Ничего не изменено');
    fillers.forEach((f) => f.release());
    await Promise.all(waiting);
    const [after] = await t.database.db.select().from(accounts).where(eq(accounts.login, 'secretary'));
    expect(after!.passwordHash).toBe(before!.passwordHash);
    expect((await c.get('/account')).statusCode).toBe(200); // still logged in
  });
});

describe('the request gate beyond its bound', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ gate: { atOnce: 1, maxWaitMs: 2000 } }); });
  afterAll(async () => { await t.close(); });

  it('lets a request wait its turn, refuses one beyond it with 503; health checks, static files and logins pass by', async () => {
    const gate = t.app.requestGate!;
    gate.setLimits({ maxWaiting: 1 });
    const c = new Client(t.app, '10.9.2.1');
    await c.get('/login');
    const hold = holdQueue(gate);
    let answered = false;
    const waiting = c.get('/login').finally(() => { answered = true; });
    await until(() => gate.stats().waiting === 1, 'a request waiting at the gate');
    const refused = await new Client(t.app, '10.9.2.2').get('/login');
    expect(refused.statusCode).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    expect(mainText(refused.body)).toMatch(/Сервер перегружен.*очень много людей одновременно\. Подождите \d секунд[ыу]? и обновите/);
    expect((await c.get('/healthz')).statusCode).toBe(200);
    expect((await c.get('/static/css/app.css')).statusCode).toBe(200);
    expect((await c.post('/login', { login: 'parent', password: 'otmetka-demo' })).statusCode).toBe(303);
    expect(answered).toBe(false);
    hold.release();
    expect((await waiting).statusCode).toBe(200);
    await until(() => gate.stats().running === 0, 'the gate to empty');
  });
});

describe('the server under pressure (event loop lagging)', () => {
  let t: TestApp;
  // A tiny threshold, so that blocking the event loop for 3 s trips it; Retry-After 7 s.
  beforeAll(async () => { t = await startTestApp({ pressure: { maxEventLoopDelayMs: 20, retryAfterSeconds: 7 } }); });
  afterAll(async () => { await t.close(); });

  it('answers pages 503 with Retry-After and a Russian page (JSON for JSON requests); health checks and CSS still answer', async () => {
    const c = await loginAs(t.app, 'parent');
    // The event loop blocked for 2 s at a time (what an overloaded server looks like from inside) until a sample sees it.
    for (let i = 0; i < 5 && !t.app.isUnderPressure(); i++) {
      const end = Date.now() + 2000;
      while (Date.now() < end) { /* busy */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(t.app.isUnderPressure()).toBe(true);
    // The state holds until the next sample (1 s): these requests are quick.

    for (const path of ['/login', '/diary']) {
      const res = await c.get(path);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(mainText(res.body)).toContain('Сервер перегружен');
      expect(mainText(res.body)).toContain('Подождите 7 секунд и обновите страницу. Сохранённые данные не потеряны.');
    }
    const json = await c.get('/diary', { accept: 'application/json' });
    expect(json.statusCode).toBe(503);
    expect(json.json()).toMatchObject({ error: expect.stringContaining('Подождите 7 секунд') });
    expect((await c.get('/healthz')).statusCode).toBe(200);
    expect((await c.get('/readyz')).statusCode).toBe(200);
    expect((await c.get('/static/css/app.css')).statusCode).toBe(200);

    await until(() => !t.app.isUnderPressure(), 'the pressure to pass', 5000);
    expect((await c.get('/diary')).statusCode).toBe(200);
  });
});
