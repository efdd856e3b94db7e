// What a database holds, read the same way on PostgreSQL and PGlite: its schema version (the last migration drizzle
// applied) and the row count of every table of ours.
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER, rowsOf, type Database } from '../../db/client.ts';
import { BackupError } from './meta.ts';
import type { SchemaVersion } from './rules.ts';

/** One SQL statement, its rows (a pg client's or PGlite's query, inside whatever transaction the caller holds). */
export type RawQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** A raw query through an open database's owner handle (PGlite's one connection, or a pooled pg client). */
export const queryOf = (database: Database): RawQuery => async (text) =>
  rowsOf<Record<string, unknown>>(await database.db.execute(sql.raw(text)));

const SCHEMAS = ['public', 'drizzle'];

type JournalEntry = { tag: string; when: number };

function journal(): JournalEntry[] {
  return (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

/** The schema version this code brings: its last migration. */
export function codeSchema(): SchemaVersion & { applied: number } {
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const entries = journal();
  const last = files[files.length - 1]!;
  return { tag: entries[entries.length - 1]!.tag, createdAt: last.folderMillis, hash: last.hash, applied: files.length };
}

/** The tag this code's journal gives a migration's timestamp, when it knows it. */
export function tagOf(createdAt: number): string | null {
  return journal().find((e) => e.when === createdAt)?.tag ?? null;
}

/** The database's schema version, or a refusal when drizzle has never migrated it (not Otmetka's, or empty). */
export async function databaseSchema(query: RawQuery): Promise<(SchemaVersion & { applied: number }) | null> {
  const [table] = await query(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!table?.t) return null;
  const [last] = await query(`select hash, created_at::text as created_at, (select count(*) from drizzle.__drizzle_migrations)::int as n
    from drizzle.__drizzle_migrations order by created_at desc limit 1`);
  if (!last) return null;
  const createdAt = Number(last.created_at);
  return { tag: tagOf(createdAt), createdAt, hash: String(last.hash), applied: Number(last.n) };
}

export async function requireSchema(query: RawQuery, where: string): Promise<SchemaVersion & { applied: number }> {
  const schema = await databaseSchema(query);
  if (!schema) throw new BackupError(`В ${where} нет таблицы миграций Отметки: база пуста или не её.`);
  return schema;
}

/** Row counts of every table in our schemas, keyed `schema.table`, sorted by name. */
export async function countRows(query: RawQuery): Promise<Record<string, number>> {
  const tables = await query(`select n.nspname as s, c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname in (${SCHEMAS.map((s) => `'${s}'`).join(', ')}) order by 1, 2`);
  const counts: Record<string, number> = {};
  for (const { s, t } of tables as Array<{ s: string; t: string }>) {
    const [row] = await query(`select count(*)::int as n from "${s}"."${t.replaceAll('"', '""')}"`);
    counts[`${s}.${t}`] = Number(row?.n ?? 0);
  }
  return counts;
}

/** How many schools the database holds: 0 when it has no schools table yet. */
export async function countSchools(query: RawQuery): Promise<number> {
  const [table] = await query(`select to_regclass('public.schools')::text as t`);
  if (!table?.t) return 0;
  const [row] = await query('select count(*)::int as n from public.schools');
  return Number(row?.n ?? 0);
}
