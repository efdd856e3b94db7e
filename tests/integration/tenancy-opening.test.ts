// A school transaction on PostgreSQL sends BEGIN and the school's setting in the same write as its first statement
// (src/db/opening-query.ts). These tests hold the transaction to what it promised before: the first statement runs inside
// the transaction and in the school, the opening goes once and with it, a failure leaves the connection usable, a named
// statement whose Parse never ran is parsed again next time, a transaction that sent nothing sends no COMMIT and still
// makes its write at the commit, a statement asked for after the end is refused. PGlite has no opener (drizzle's own
// transaction): checked apart.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { OpeningQuery } from '../../src/db/opening-query.ts';
import { AfterCommitError } from '../../src/db/pg-school-tx.ts';
import { PreparingClient } from '../../src/db/prepared.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testServerUrl } from '../support/pg-admin.ts';
import { schoolOf } from './journal-support.ts';

const onPostgres = Boolean(testServerUrl());
let t: TestApp;
let s1: string;
const owner = () => t.database.db;
const open = (schoolId: string) => t.appDatabase.openSchoolTx!(schoolId);
const named = (name: string) => owner().select().from(subjects).where(eq(subjects.name, name));
/** drizzle wraps PostgreSQL's message as the cause of «Failed query». */
const messageOf = (err: unknown) => String((err as { cause?: Error }).cause?.message ?? (err as Error).message);
/** Spies on the pool's clients: `texts()` gives what they were asked to run as plain queries (BEGIN, COMMIT …) since. */
function plainQueries() {
  const spy = vi.spyOn(PreparingClient.prototype, 'query');
  return { texts: () => spy.mock.calls.map((c) => c[0]).filter((q): q is string => typeof q === 'string') };
}

beforeAll(async () => {
  t = await startTestApp();
  s1 = await schoolOf(owner(), 'admin');
});
afterAll(async () => { await t.close(); });
afterEach(() => { vi.restoreAllMocks(); });

it.skipIf(onPostgres)('on PGlite the request transaction is drizzle\'s own: there is no opener', () => {
  expect(t.appDatabase.openSchoolTx).toBeUndefined();
});

describe.skipIf(!onPostgres)('a school transaction opens with its first statement (PostgreSQL)', () => {
  it('the opening goes once, in the same write as the first statement; that statement runs in the school, inside the transaction', async () => {
    const submitted = vi.spyOn(OpeningQuery.prototype, 'submit');
    const plain = plainQueries();
    const a = await open(s1);
    const [row] = rowsOf<{ id: string; n: number }>(await a.tx.execute(sql`select current_setting('app.school_id') as id, ${7}::int as n`));
    expect(row).toEqual({ id: s1, n: 7 });
    await a.tx.execute(sql`select ${8}::int as n`);
    await a.end(true);
    expect(submitted).toHaveBeenCalledTimes(1);
    expect(plain.texts().filter((q) => /^\s*begin/i.test(q))).toEqual([]); // no BEGIN of its own
    expect(plain.texts()).toContain('commit'); // (the spy sees the plain queries)

    const name = `Первый оператор ${Date.now()}`;
    const b = await open(s1);
    await b.tx.insert(subjects).values({ schoolId: s1, name, shortName: 'Прв' }); // the first statement: an insert
    await b.end(false);
    expect(await named(name)).toHaveLength(0); // BEGIN went before it: the rollback undid it
    const c = await open(s1);
    await c.tx.insert(subjects).values({ schoolId: s1, name, shortName: 'Прв' });
    await c.end(true);
    expect(await named(name)).toHaveLength(1);
  });

  it('a first statement without parameters (simple protocol) gets the opening sent before it, alone', async () => {
    const submitted = vi.spyOn(OpeningQuery.prototype, 'submit');
    const plain = plainQueries();
    const name = `Простой протокол ${Date.now()}`;
    const a = await open(s1);
    await a.tx.execute(sql.raw(`insert into subjects (school_id, name, short_name) values ('${s1}', '${name}', 'Прс')`));
    await a.end(false);
    expect(submitted).not.toHaveBeenCalled();
    expect(plain.texts().filter((q) => /^begin; select set_config\('app\.school_id', '[0-9a-f-]{36}', true\)$/.test(q))).toHaveLength(1);
    expect(await named(name)).toHaveLength(0);
  });

  it('a failing first statement fails alone: the connection serves the next transactions, a statement never parsed is parsed again', async () => {
    // Fails at Parse (no such column): node-postgres must not believe the named statement exists on the connection.
    for (let i = 0; i < 3; i++) {
      const a = await open(s1);
      const err = await a.tx.execute(sql`select no_such_column from subjects where school_id = ${s1}`).then(() => null, (e: unknown) => e);
      expect(messageOf(err)).toMatch(/no_such_column/);
      await a.end(false);
    }
    // Fails at execution (division by zero) on six connections at once; then six transactions are served.
    const failing = await Promise.all(Array.from({ length: 6 }, () => open(s1)));
    for (const f of failing) await expect(f.tx.execute(sql`select 1 / ${0}::int as n`)).rejects.toThrow();
    await Promise.all(failing.map((f) => f.end(false)));
    const good = await Promise.all(Array.from({ length: 6 }, () => open(s1)));
    const answers = await Promise.all(good.map((g, i) => g.tx.execute(sql`select current_setting('app.school_id') as id, ${i}::int as n`)));
    expect(answers.map((r) => rowsOf<{ id: string; n: number }>(r)[0])).toEqual(good.map((_, i) => ({ id: s1, n: i })));
    await Promise.all(good.map((g) => g.end(true)));
  });

  it('a transaction that sent nothing sends no COMMIT, and still makes its write at the commit', async () => {
    const plain = plainQueries();
    const a = await open(s1);
    expect(a.readOnly()).toBe(true);
    await a.end(true);
    expect(plain.texts().filter((q) => /^\s*(begin|commit|rollback)/i.test(q))).toEqual([]);
    const name = `Запись при коммите ${Date.now()}`;
    const b = await open(s1);
    await b.end(true, `insert into subjects (school_id, name, short_name) values ('${s1}', '${name}', 'Зпк')`);
    expect(await named(name)).toHaveLength(1);
    // Its failure: the request had nothing of its own, so its answer stands (AfterCommitError), and the pool serves.
    const c = await open(s1);
    await expect(c.end(true, 'select 1/0')).rejects.toBeInstanceOf(AfterCommitError);
    const d = await open(s1);
    expect(rowsOf<{ n: number }>(await d.tx.execute(sql`select ${3}::int as n`))).toEqual([{ n: 3 }]);
    await d.end(true);
  });

  it('statements asked for at once (Promise.all) as the first ones: each gets its own rows, all in one transaction', async () => {
    const a = await open(s1);
    const rows = await Promise.all([1, 2, 3].map((n) => a.tx.execute(sql`select ${n}::int as n, txid_current()::text as x`)));
    const got = rows.map((r) => rowsOf<{ n: number; x: string }>(r)[0]!);
    expect(got.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(new Set(got.map((r) => r.x)).size).toBe(1); // one transaction, not three
    await a.end(true);
  });

  it('a statement asked for after the end is refused and never sent: the client goes back to the pool out of any transaction', async () => {
    const name = `После конца ${Date.now()}`;
    const a = await open(s1);
    const ended = a.end(true);
    const late = a.tx.insert(subjects).values({ schoolId: s1, name, shortName: 'Пзд' }).then(() => null, (e: unknown) => e);
    await ended;
    expect(messageOf(await late)).toMatch(/has ended/);
    expect(await named(name)).toHaveLength(0);
    const clients = await Promise.all(Array.from({ length: 4 }, () => open(s1)));
    const states = await Promise.all(clients.map((c) => c.tx.execute(sql`select ${1}::int as n, txid_current_if_assigned() is null as fresh`)));
    expect(states.map((r) => rowsOf<{ fresh: boolean }>(r)[0]!.fresh)).toEqual([true, true, true, true]);
    await Promise.all(clients.map((c) => c.end(true)));
  });
});
