import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The tenant transaction the current code runs in: the request's (web/tenant-tx.ts) or one opened by `withSchool`.
 * `open` turns false at COMMIT/ROLLBACK, after which the handle must not be used (on PostgreSQL its connection is back
 * in the pool, serving someone else).
 */
export type TenantScope = { tx: Tx; schoolId: string; open: boolean };

const scope = new AsyncLocalStorage<TenantScope>();
const RAW = Symbol('otmetka.rawDb');

export function currentScope(): TenantScope | undefined {
  const s = scope.getStore();
  return s?.open ? s : undefined;
}

/** Runs `fn` with `s` as the ambient tenant transaction of everything it awaits. */
export function runInScope<T>(s: TenantScope, fn: () => T): T {
  return scope.run(s, fn);
}

/**
 * The database handle every module receives. Inside a tenant scope (a school member's request, or `withSchool`) it IS
 * that scope's transaction — so reads go through the request's transaction as well as writes, and `db.transaction()`
 * there opens a savepoint; outside any scope it is the pool (or PGlite), where row-level security shows no school's rows.
 */
export function ambientDb(raw: Db): Db {
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === RAW) return target;
      const here = currentScope()?.tx ?? target;
      const value: unknown = Reflect.get(here, prop, here);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(here) : value;
    },
  });
}

function rawOf(db: Db | Tx): Db | Tx {
  return ((db as unknown as Record<symbol, Db | undefined>)[RAW]) ?? db;
}

/** Sets the tenant of the current transaction: row-level security shows and accepts only this school's rows. */
export async function enterSchool(tx: Tx, schoolId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.school_id', ${schoolId}, true)`);
}

/**
 * Runs `fn` in a transaction of one school. Inside a scope of the same school (a request's transaction) it is a
 * savepoint of that transaction, so a refused write (a unique violation the caller catches) leaves the request's
 * transaction usable; elsewhere (CLI, timers, routes with `tx: 'manual'`) a new transaction with `app.school_id` set.
 * Use `tx` inside, never a captured pool handle: on PGlite that deadlocks, on PostgreSQL it escapes the transaction.
 */
export async function withSchool<T>(
  db: Db | Tx, schoolId: string, fn: (tx: Tx) => Promise<T>, opts: { savepoint?: boolean } = {},
): Promise<T> {
  const here = currentScope();
  if (here) {
    if (here.schoolId !== schoolId) throw new Error(`withSchool(${schoolId}) inside the tenant transaction of ${here.schoolId}`);
    // `savepoint: false` on a hot path whose caller never catches a database error (it fails the request anyway).
    return opts.savepoint === false ? fn(here.tx) : here.tx.transaction(fn);
  }
  return (rawOf(db) as Db).transaction(async (tx) => {
    await enterSchool(tx, schoolId);
    const s: TenantScope = { tx, schoolId, open: true };
    try {
      return await runInScope(s, () => fn(tx));
    } finally {
      s.open = false;
    }
  });
}

/**
 * A short transaction that may read the memberships of one account in every school (the actor hook, login, the school
 * switcher): row-level security lets `memberships` rows of `app.account_id` through, and nothing else of any school
 * but `schoolId` when given.
 */
export async function withAccount<T>(db: Db, accountId: string, schoolId: string | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const here = currentScope();
  if (here) {
    // Inside a request: the same transaction, the setting cleared again after (it would outlive a savepoint).
    await here.tx.execute(sql`select set_config('app.account_id', ${accountId}, true)`);
    const result = await fn(here.tx);
    await here.tx.execute(sql`select set_config('app.account_id', '', true)`);
    return result;
  }
  return (rawOf(db) as Db).transaction(async (tx) => {
    // One round trip for both settings: this runs on every request (the actor hook).
    await tx.execute(sql`select set_config('app.account_id', ${accountId}, true), set_config('app.school_id', ${schoolId ?? ''}, true)`);
    return fn(tx);
  });
}
