// The database restarts while teachers save marks: every backend of the app's database is terminated twice (57P01, as
// `pg_ctl restart -m fast` does), the second time with the server unreachable for a while (connections refused, through a
// proxy). The app must stay up, answer 503 in Russian during the outage, report it on /readyz and come back by itself;
// every save it acknowledged is stored with its audit rows. Then a silent server: requests give up within the connect
// timeout. PostgreSQL only: PGlite is one in-process connection that cannot be cut.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.ts';
import { appRoleUrl } from '../../src/db/app-role.ts';
import { isDatabaseUnavailable } from '../../src/db/faults.ts';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { todayIso } from '../../src/web/dates.ts';
import { openTestDatabase } from '../support/app.ts';
import { loginAs, type Client } from '../support/client.ts';
import { TEST_APP_ROLE_PASSWORD, terminateBackends, testServerUrl, urlForDatabase } from '../support/pg-admin.ts';
import { checkStorm, SaveStorm, stormCells } from '../support/save-storm.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { schoolOf } from './journal-support.ts';

const server = testServerUrl();
if (!server) {
  console.log('faults-database-restart.test.ts: SKIPPED — no PostgreSQL server (set TEST_DATABASE_URL); PGlite has no connections to cut.');
}

const CONNECT_TIMEOUT_MS = 1500;
const NOBODY = '00000000-0000-4000-8000-000000000000';
/** A save that never reaches the handler while the database is away (the session is read first). */
const anySave = { lessonId: NOBODY, studentId: NOBODY, column: 1, value: '5', was: '' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let direct: Database; // the test's own connection: fixtures and checks, never through the proxy
let dropDatabase: () => Promise<void>;
let proxy: TcpProxy;
let appDb: Database;
let app: FastifyInstance;
let teacher: Client;
let school: string;
let dbName: string;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => { uncaught.push(err); };

const terminateAll = () => terminateBackends(server!, dbName);

/** Polls /readyz every 100 ms and keeps its answers. */
function watchReadyz() {
  const seen: Array<{ at: number; status: number }> = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      seen.push({ at: performance.now(), status: res.statusCode });
      await sleep(100);
    }
  })();
  return { seen, stop: async () => { on = false; await loop; } };
}

async function waitReady(timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return Math.round(performance.now() - t0);
    await sleep(50);
  }
  throw new Error(`/readyz not 200 after ${timeoutMs} ms`);
}

const post = (c: Client) => async (body: Record<string, unknown>) => {
  const res = await c.json('/journal/cells', body);
  return { status: res.statusCode, body: res.body };
};

describe.skipIf(!server)('the database restarts while teachers save marks (PostgreSQL only: set TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    ({ database: direct, drop: dropDatabase } = await openTestDatabase());
    await seedDemo(direct.db);
    dbName = rowsOf<{ db: string }>(await direct.db.execute(sql`select current_database() as db`))[0]!.db;
    const target = new URL(server!);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    // The app logs in as its own role, as in production (row-level security on), through the proxy.
    appDb = await openDatabase({ databaseUrl: proxy.urlFor(appRoleUrl(urlForDatabase(server!, dbName), TEST_APP_ROLE_PASSWORD)), connectTimeoutMs: CONNECT_TIMEOUT_MS });
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: appDb, loginRateLimit: 1000 });
    school = await schoolOf(direct.db, 'teacher');
    teacher = await loginAs(app, 'teacher');
    await teacher.get('/');
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await app?.close();
    await appDb?.close();
    await proxy?.close();
    await dropDatabase?.();
  });

  it('keeps saving through two terminations of every backend; every acknowledged save is stored with its audit rows', async () => {
    const { cells, since } = await stormCells(direct.db, { schoolId: school, login: 'teacher', today: todayIso(), lessons: 4 });
    const storm = new SaveStorm(cells, post(teacher));
    const ready = watchReadyz();
    const t = { start: performance.now(), first: 0, second: 0, back: 0, end: 0 };
    storm.start();
    await sleep(800);

    // 1: every backend terminated; the server accepts new connections at once.
    t.first = performance.now();
    const terminatedFirst = await terminateAll();
    await sleep(1500);

    // 2: a restart — the port refuses connections while every backend is terminated, for two seconds.
    t.second = performance.now();
    await proxy.refuse();
    const terminatedSecond = await terminateAll();
    await sleep(700);
    const page = await teacher.get('/journal');
    const save = await teacher.json('/journal/cells', anySave);
    await sleep(1300);
    t.back = performance.now();
    await proxy.forward();
    const readyAfterMs = await waitReady(10_000);
    await sleep(1000);
    await storm.stop();
    t.end = performance.now();
    await ready.stop();

    expect(uncaught).toEqual([]);
    expect(terminatedFirst).toBeGreaterThan(0);
    expect(terminatedSecond).toBeGreaterThan(0);
    // During the outage: a Russian page, JSON for fetch, both 503 with Retry-After.
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('База данных временно недоступна');
    expect(save.statusCode).toBe(503);
    expect(save.headers['retry-after']).toBeDefined();
    expect(save.json()).toMatchObject({ error: expect.stringContaining('База данных временно недоступна') });
    // /readyz said 503 while the port was closed and 200 again soon after.
    expect(ready.seen.filter((r) => r.at > t.second + 200 && r.at < t.back).map((r) => r.status)).toContain(503);
    expect(ready.seen.filter((r) => r.at > t.back + readyAfterMs + 100).every((r) => r.status === 200)).toBe(true);
    expect(readyAfterMs).toBeLessThan(3000);
    // Clients saw only 503 (never 500, never a hang) and every save was answered in the end.
    const errors = storm.answers.filter((a) => a.status !== 200);
    expect(new Set(errors.map((a) => a.status))).toEqual(new Set(errors.length ? [503] : []));
    expect(storm.refused).toEqual([]);
    expect(storm.unanswered).toBe(0);
    const [round1, round2] = [storm.seen(t.first, t.second), storm.seen(t.second, t.end)];
    expect(round1.saves_acknowledged).toBeGreaterThan(0);
    expect(round2.saves_acknowledged).toBeGreaterThan(0);

    const check = await checkStorm(direct.db, school, cells, since);
    expect(check.lost).toEqual([]);
    expect(check.auditBroken).toEqual([]);
    expect(check.stray).toEqual([]);

    // A new save after the storm is stored.
    const { lessonId, studentId, value } = cells[1]!;
    const fresh = await teacher.json('/journal/cells', { lessonId, studentId, column: 1, value: value === '5' ? '4' : '5', was: value });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({ ok: true, changed: true });
    // No pool client was lost on the way: every one is back, idle.
    const stats = appDb.poolStats!();
    expect(stats.total).toBe(stats.idle);

    console.log(JSON.stringify({
      name: 'db_terminate_twice', cells: cells.length, saves_acknowledged: storm.acknowledged,
      acknowledged_unchanged: storm.acknowledgedUnchanged, client_errors: storm.errors(),
      backends_terminated: [terminatedFirst, terminatedSecond], round1_terminate: round1, round2_terminate_port_closed: round2,
      port_closed_ms: Math.round(t.back - t.second), readyz_200_after_port_open_ms: readyAfterMs,
      audit_rows: check.auditRows, lost: check.lost.length, marks_without_audit: check.auditBroken.length,
      pool: stats,
    }));
  });

  it('a transaction whose connection dies at BEGIN gives its client back to the pool (drizzle alone would leak it)', async () => {
    await waitReady(5000);
    await Promise.all([1, 2, 3].map(() => appDb.db.execute(sql`select 1`))); // idle clients in the pool
    proxy.cutAll(); // their sockets are gone, which the pool learns only on its next read: the transaction below takes one
    const failed: unknown = await appDb.db.transaction((tx) => tx.execute(sql`select 1`)).then(() => 'committed', (err: unknown) => err);
    await sleep(200);
    expect(uncaught).toEqual([]);
    expect(isDatabaseUnavailable(failed)).toBe(true);
    const stats = appDb.poolStats!();
    expect(stats.total).toBe(stats.idle);
    expect((await teacher.get('/journal')).statusCode).toBe(200);
  });

  it('a silent server: pages, saves and /readyz answer 503 within the connect timeout, and all comes back', async () => {
    await proxy.hang();
    proxy.cutAll();
    await sleep(300); // the pool notices its connections are gone: the requests below must connect anew
    const t0 = performance.now();
    const [ready, page, save] = await Promise.all([
      app.inject({ method: 'GET', url: '/readyz' }),
      teacher.get('/journal'),
      teacher.json('/journal/cells', anySave),
    ]);
    const waited = performance.now() - t0;
    await proxy.forward();
    expect(uncaught).toEqual([]);
    expect([ready.statusCode, page.statusCode, save.statusCode]).toEqual([503, 503, 503]);
    expect(save.json()).toMatchObject({ error: expect.stringContaining('База данных временно недоступна') });
    expect(waited).toBeGreaterThan(CONNECT_TIMEOUT_MS - 100);
    expect(waited).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    expect(await waitReady(5000)).toBeLessThan(3000);
    expect((await teacher.get('/journal')).statusCode).toBe(200);
    console.log(JSON.stringify({ name: 'db_silent', answered_503_within_ms: Math.round(waited), connect_timeout_ms: CONNECT_TIMEOUT_MS }));
  });
});
