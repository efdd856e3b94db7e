// A school transaction on PostgreSQL sends BEGIN and the school's setting in the same write as its first statement
// (src/db/opening-query.ts). These tests hold the transaction to what it promised before: the first statement runs inside
// the transaction and in the school, a failure of it leaves the connection usable, a named statement whose Parse never ran
// is parsed again next time, a transaction that sent nothing commits nothing and still makes its write at the commit.
// On PGlite the request transaction is drizzle's own (no opener): the file checks only that.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { AfterCommitError } from '../../src/db/pg-school-tx.ts';
import { subjects } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { schoolOf } from './journal-support.ts';

let t: TestApp;
let s1: string;
const owner = () => t.database.db;
const named = (name: string) => owner().select().from(subjects).where(eq(subjects.name, name));
/** drizzle wraps PostgreSQL's message as the cause of «Failed query». */
const messageOf = (err: unknown) => String((err as { cause?: Error }).cause?.message ?? (err as Error).message);

beforeAll(async () => {
  t = await startTestApp();
  s1 = await schoolOf(owner(), 'admin');
});
afterAll(async () => { await t.close(); });

describe('a school transaction opens with its first statement', () => {
  it('the first statement (with parameters) runs in the school and inside the transaction: a rollback undoes it', async () => {
    const open = t.appDatabase.openSchoolTx;
    if (t.appDatabase.kind !== 'postgres') return expect(open).toBeUndefined();
    const a = await open!(s1);
    const [row] = rowsOf<{ id: string; n: number }>(await a.tx.execute(sql`select current_setting('app.school_id') as id, ${7}::int as n`));
    expect(row).toEqual({ id: s1, n: 7 });
    await a.end(true);

    const name = `Первый оператор ${Date.now()}`;
    const b = await open!(s1);
    await b.tx.insert(subjects).values({ schoolId: s1, name, shortName: 'Прв' }); // the first statement: an insert
    await b.end(false);
    expect(await named(name)).toHaveLength(0); // BEGIN went before it: the rollback undid it

    const c = await open!(s1);
    await c.tx.insert(subjects).values({ schoolId: s1, name, shortName: 'Прв' });
    await c.end(true);
    expect(await named(name)).toHaveLength(1);
  });

  it('a first statement without parameters (simple protocol) gets the opening before it, alone', async () => {
    const open = t.appDatabase.openSchoolTx;
    if (t.appDatabase.kind !== 'postgres') return;
    const name = `Простой протокол ${Date.now()}`;
    const a = await open!(s1);
    await a.tx.execute(sql.raw(`insert into subjects (school_id, name, short_name) values ('${s1}', '${name}', 'Прс')`));
    await a.end(false);
    expect(await named(name)).toHaveLength(0);
  });

  it('a failing first statement fails alone: the connection serves the next transactions, a statement never parsed is parsed again', async () => {
    const open = t.appDatabase.openSchoolTx;
    if (t.appDatabase.kind !== 'postgres') return;
    // Fails at Parse (no such column): node-postgres must not believe the named statement exists on the connection.
    for (let i = 0; i < 3; i++) {
      const a = await open!(s1);
      const err = await a.tx.execute(sql`select no_such_column from subjects where school_id = ${s1}`).then(() => null, (e: unknown) => e);
      expect(messageOf(err)).toMatch(/no_such_column/);
      await a.end(false);
    }
    // Fails at execution (division by zero) with every connection of the pool in turn; then all of them serve.
    const failing = await Promise.all(Array.from({ length: 6 }, () => open!(s1)));
    for (const f of failing) await expect(f.tx.execute(sql`select 1 / ${0}::int as n`)).rejects.toThrow();
    await Promise.all(failing.map((f) => f.end(false)));
    const good = await Promise.all(Array.from({ length: 6 }, () => open!(s1)));
    const answers = await Promise.all(good.map((g) => g.tx.execute(sql`select current_setting('app.school_id') as id, ${1}::int as n`)));
    expect(answers.map((r) => rowsOf<{ id: string }>(r)[0]!.id)).toEqual(Array(6).fill(s1));
    await Promise.all(good.map((g) => g.end(true)));
  });

  it('a transaction that sent nothing ends without a round trip, and still makes its write at the commit', async () => {
    const open = t.appDatabase.openSchoolTx;
    if (t.appDatabase.kind !== 'postgres') return;
    const a = await open!(s1);
    expect(a.readOnly()).toBe(true);
    await a.end(true);
    const name = `Запись при коммите ${Date.now()}`;
    const b = await open!(s1);
    await b.end(true, `insert into subjects (school_id, name, short_name) values ('${s1}', '${name}', 'Зпк')`);
    expect(await named(name)).toHaveLength(1);
    // Its failure: the request had nothing of its own, so its answer stands (AfterCommitError), and the pool serves.
    const c = await open!(s1);
    await expect(c.end(true, 'select 1/0')).rejects.toBeInstanceOf(AfterCommitError);
    const d = await open!(s1);
    expect(rowsOf<{ n: number }>(await d.tx.execute(sql`select ${3}::int as n`))).toEqual([{ n: 3 }]);
    await d.end(true);
  });

  it('statements sent at once (Promise.all) as the first ones: the opening goes once, all run in the transaction', async () => {
    const open = t.appDatabase.openSchoolTx;
    if (t.appDatabase.kind !== 'postgres') return;
    const a = await open!(s1);
    const rows = await Promise.all([1, 2, 3].map((n) => a.tx.execute(sql`select ${n}::int as n, txid_current() as x`)));
    const xids = rows.map((r) => rowsOf<{ x: string }>(r)[0]!.x);
    expect(new Set(xids).size).toBe(1); // one transaction, not three
    await a.end(true);
  });
});
