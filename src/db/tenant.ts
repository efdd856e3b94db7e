import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Opens a tenant transaction: every read and write of one school's data for a request goes through here,
 * so that row-level security (keyed on `app.school_id`) can be switched on in one place later.
 * Use `tx` inside, never `db`: on PGlite that deadlocks, on PostgreSQL it escapes the transaction.
 */
export async function withSchool<T>(db: Db, schoolId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.school_id', ${schoolId}, true)`);
    return fn(tx);
  });
}
