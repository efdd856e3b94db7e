// The busiest statements built once per process. Drizzle builds a query's text from its parts on every call: the grid's
// head (a select with joins and two JSON subqueries) cost ≈ 0.15–0.3 ms of building for a statement PostgreSQL runs in
// ≈ 0.1 ms. A cached query is built the first time with placeholders (sql.placeholder) in place of its values; later
// calls only fill the values in and run the same text on whatever handle they are given (the pool or a request's
// transaction), mapped exactly as drizzle maps it. The text is the same on every call, so the prepared statement's
// name (db/prepared.ts) is found without building a new string.
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import * as drizzleUtils from 'drizzle-orm/utils';
import type { Db } from './client.ts';
import type { Tx } from './tenant.ts';

type Q = Db | Tx;
type Values = Record<string, unknown>;
/** The placeholders a builder puts where the values go: p.schoolId stands for values.schoolId. */
export type Placeholders<V extends Values> = { readonly [K in keyof V]: Placeholder<K & string> };

type Query = { sql: string; params: unknown[] };
/** What drizzle's sessions (node-postgres and PGlite, drizzle-orm 0.45, pinned) need to run a built query. */
type Session = {
  prepareQuery(query: Query, fields: unknown, name: undefined, arrayMode: boolean): {
    joinsNotNullableMap?: unknown; execute(values: Values): Promise<unknown>;
  };
};
type Parts = { dialect: { sqlToQuery(s: SQL): Query }; session: Session };
/** The parts of a select builder that its own prepare() uses (PgSelectBase._prepare). */
type SelectParts = { getSQL(): SQL; config: { fields: Record<string, unknown> }; joinsNotNullableMap: unknown };

/** Drizzle's own (exported by drizzle-orm/utils, not declared in its types): the select's fields in column order. */
const { orderSelectedFields } = drizzleUtils as unknown as { orderSelectedFields(fields: Record<string, unknown>): unknown };

function placeholdersFor<V extends Values>(): Placeholders<V> {
  return new Proxy({}, { get: (_t, key) => sql.placeholder(String(key)) }) as Placeholders<V>;
}

/** A raw statement (as db.execute runs it), built once: `const q = cachedSql<{ id: string }>((p) => sql`… ${p.id}`)`. */
export function cachedSql<V extends Values>(build: (p: Placeholders<V>) => SQL): (db: Q, values: V) => Promise<unknown> {
  let query: Query | undefined;
  return (db, values) => {
    const { dialect, session } = db as unknown as Parts;
    query ??= dialect.sqlToQuery(build(placeholdersFor<V>()));
    return session.prepareQuery(query, undefined, undefined, false).execute(values);
  };
}

/**
 * A select builder's query, built once: `cachedSelect((db, p) => db.select({…}).from(t).where(eq(t.id, p.id)))`.
 * Resolves to the rows as the builder would (same field mapping, joins' nulls included).
 */
export function cachedSelect<V extends Values, R>(build: (db: Q, p: Placeholders<V>) => PromiseLike<R[]>): (db: Q, values: V) => Promise<R[]> {
  let built: { query: Query; fields: unknown; joins: unknown } | undefined;
  return (db, values) => {
    const { dialect, session } = db as unknown as Parts;
    if (!built) {
      const select = build(db, placeholdersFor<V>()) as unknown as SelectParts;
      built = { query: dialect.sqlToQuery(select.getSQL()), fields: orderSelectedFields(select.config.fields), joins: select.joinsNotNullableMap };
    }
    const prepared = session.prepareQuery(built.query, built.fields, undefined, true);
    prepared.joinsNotNullableMap = built.joins;
    return prepared.execute(values) as Promise<R[]>;
  };
}
