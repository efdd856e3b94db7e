// Sessions and account facts kept in memory (web/auth-cache.ts) by two app processes on one database, as in cluster mode
// or behind a load balancer: what one changes — or an administrator changes in the database — the other stops serving
// from memory as soon as the database announces it (migration 0015), well before the cache's own age limit.
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { studentGuardians, students } from '../../src/modules/people/schema.ts';
import { MAX_AGE_MS } from '../../src/web/auth-cache.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs } from '../support/client.ts';

const onPostgres = inject('testTemplates').kind === 'postgres';

let t: TestApp;
let other: FastifyInstance;

/** The same person's browser, its requests going to the other process. */
function sameBrowserOn(app: FastifyInstance, c: Client): Client {
  const copy = new Client(app);
  for (const [k, v] of c.cookies) copy.cookies.set(k, v);
  return copy;
}

/** Polls until `check` holds; the time it took (ms). Fails past `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const listening = (app: FastifyInstance) => within(5000, async () => app.authCache?.active === true);

describe.skipIf(!onPostgres)('sessions and account facts in memory, across two app processes', () => {
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_CACHE: 'on' } });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_CACHE: 'on' });
    other = await buildApp({ config, database: t.appDatabase, loginRateLimit: 1000 });
    await listening(t.app);
    await listening(other);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('serves a logged-in person from memory after the first request, on either process', async () => {
    const a = await loginAs(t.app, 'teacher');
    const b = sameBrowserOn(other, a);
    expect((await b.get('/journal')).statusCode).toBe(200);
    const before = { ...other.authCache!.counts };
    for (let i = 0; i < 3; i++) expect((await b.get('/journal')).statusCode).toBe(200);
    expect(other.authCache!.counts.hits - before.hits).toBe(3);
    expect(other.authCache!.counts.misses).toBe(before.misses);
  });

  it('serves the first page after a login from memory on the process that made the session; the other reads it', async () => {
    const a = await loginAs(t.app, 'deputy');
    const mine = { ...t.app.authCache!.counts };
    expect((await a.get('/')).statusCode).toBe(200);
    expect(t.app.authCache!.counts.hits - mine.hits).toBe(1);
    expect(t.app.authCache!.counts.misses).toBe(mine.misses);
    const theirs = { ...other.authCache!.counts };
    expect((await sameBrowserOn(other, a).get('/')).statusCode).toBe(200);
    expect(other.authCache!.counts.misses - theirs.misses).toBe(1);
  });

  it('logging out on one process ends the session on the other within a second', async () => {
    const a = await loginAs(t.app, 'deputy');
    const b = sameBrowserOn(other, a);
    expect((await b.get('/journal')).statusCode).toBe(200);
    expect((await b.get('/journal')).statusCode).toBe(200); // now from memory
    await a.post('/logout');
    const ms = await within(1000, async () => (await b.get('/journal')).statusCode === 303);
    expect(ms).toBeLessThan(MAX_AGE_MS);
  });

  it('an account blocked in the database is refused on both processes within a second', async () => {
    const a = await loginAs(t.app, 'secretary');
    const b = sameBrowserOn(other, a);
    expect((await a.get('/')).statusCode).toBe(200);
    expect((await b.get('/')).statusCode).toBe(200);
    await t.database.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.login, 'secretary'));
    await within(1000, async () => (await a.get('/')).statusCode === 303);
    await within(1000, async () => (await b.get('/')).statusCode === 303);
  });

  it('a role taken away in the database takes effect within a second (facts of every account read again)', async () => {
    const a = await loginAs(t.app, 'admin');
    const b = sameBrowserOn(other, a);
    expect((await b.get('/setup')).statusCode).toBe(200);
    expect((await b.get('/setup')).statusCode).toBe(200);
    const [admin] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, 'admin'));
    await t.database.db.update(memberships).set({ roles: sql`array_remove(${memberships.roles}, 'admin')` })
      .where(eq(memberships.accountId, admin!.id));
    await within(1000, async () => (await b.get('/setup')).statusCode === 403);
  });

  it('a family is read once, then served from memory; a child renamed, then unlinked, shows on both processes within a second', async () => {
    const a = await loginAs(t.app, 'parent');
    const b = sameBrowserOn(other, a);
    const childId = /href="\/diary\/([0-9a-f-]{36})"/.exec((await a.get('/diary')).body)![1]!;
    expect((await b.get(`/diary/${childId}`)).statusCode).toBe(200);
    const hits = other.authCache!.counts.familyHits;
    const page = await b.get(`/diary/${childId}`);
    expect(page.statusCode).toBe(200);
    expect(other.authCache!.counts.familyHits).toBe(hits + 1);
    const [kid] = await t.database.db.select().from(students).where(eq(students.id, childId));
    expect(page.body).toContain(`Дневник: ${kid!.firstName} ${kid!.lastName}`);

    await t.database.db.update(students).set({ firstName: 'Святослав' }).where(eq(students.id, childId));
    await within(1000, async () => (await b.get(`/diary/${childId}`)).body.includes(`Дневник: Святослав ${kid!.lastName}`));
    await within(1000, async () => (await a.get(`/diary/${childId}`)).body.includes(`Дневник: Святослав ${kid!.lastName}`));

    await t.database.db.delete(studentGuardians).where(eq(studentGuardians.studentId, childId));
    await within(1000, async () => (await b.get(`/diary/${childId}`)).statusCode === 404);
    await within(1000, async () => (await a.get(`/diary/${childId}`)).statusCode === 404);
  });

  it('with the announcements cut off, nothing is served from memory until the listener is back', async () => {
    const a = await loginAs(t.app, 'classteacher');
    const b = sameBrowserOn(other, a);
    expect((await b.get('/')).statusCode).toBe(200);
    await t.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query ilike 'listen otmetka_auth%'`);
    await within(2000, async () => other.authCache!.active === false);
    const misses = other.authCache!.counts.misses;
    expect((await b.get('/')).statusCode).toBe(200); // from the database
    expect(other.authCache!.counts.misses).toBe(misses); // not even looked up while not listening
    await within(5000, async () => other.authCache!.active === true);
    expect((await b.get('/')).statusCode).toBe(200);
    expect((await b.get('/')).statusCode).toBe(200);
  });
});
