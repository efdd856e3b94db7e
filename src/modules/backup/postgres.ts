// PostgreSQL backups with the server's own tools: pg_dump's custom format (-Fc) taken in one snapshot with the row
// counts, pg_restore in one transaction. The dump holds everything of the database: tables, row-level security
// policies, triggers, functions, grants to otmetka_app and drizzle's migrations table (so the restored database is at
// the same schema version and `migrate` finds nothing to do). Roles belong to the server, not to a database: restore
// creates otmetka_app when the server lacks it, as migration 0009 does.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { APP_ROLE } from '../../db/app-role.ts';
import { countRows, countSchools, requireSchema, type RawQuery } from './census.ts';
import { BackupError } from './meta.ts';
import type { SchemaVersion } from './rules.ts';

const ENV_NAME: Record<string, string> = { pg_dump: 'PG_DUMP', pg_restore: 'PG_RESTORE' };

/** The URL without its password (which goes to the tool in PGPASSWORD, never on its command line). */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs pg_dump/pg_restore; a missing program or a failure becomes a Russian message with the tool's own words. */
export function runTool(tool: 'pg_dump' | 'pg_restore', bin: string, args: string[], env = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(new BackupError(e.code === 'ENOENT' || e.code === 'EACCES'
        ? `Программа ${tool} не найдена («${bin}»): установите клиент PostgreSQL той же или более новой версии, чем сервер `
          + `(Debian: apt-get install postgresql-client), или укажите путь к ней в ${ENV_NAME[tool]}.`
        : `Не удалось запустить ${tool} («${bin}»): ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const hint = /version mismatch|unsupported version/.test(err)
        ? `\nВерсия ${tool} не подходит к серверу или к файлу: нужна та же или более новая; путь к ней — в ${ENV_NAME[tool]}.` : '';
      reject(new BackupError(`${tool} завершился с ошибкой (код ${code}):\n${err.trim()}${hint}`));
    });
  });
}

/** `pg_dump (PostgreSQL) 15.20`: also the check that the program is there before anything is read or written. */
export async function toolVersion(tool: 'pg_dump' | 'pg_restore', bin: string): Promise<string> {
  return (await runTool(tool, bin, ['--version'])).trim();
}

async function withClient<T>(url: string, fn: (query: RawQuery) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`Не удалось подключиться к базе PostgreSQL (DATABASE_URL): ${(e as Error).message}`);
  }
  try {
    return await fn(async (text) => (await client.query(text)).rows as Array<Record<string, unknown>>);
  } finally {
    await client.end();
  }
}

export type Census = { schema: SchemaVersion & { applied: number }; tables: Record<string, number>; source: string };

/**
 * pg_dump into `file`, in the snapshot the row counts are read in (a repeatable-read transaction exports it and stays
 * open while pg_dump works), so the counts are exactly what the file holds even while the app keeps writing.
 */
export async function dumpPostgres(url: string, bin: string, file: string): Promise<Census> {
  return withClient(url, async (query) => {
    await query('begin isolation level repeatable read read only');
    try {
      const [snap] = await query('select pg_export_snapshot() as id, version() as v');
      const schema = await requireSchema(query, 'этой базе');
      const tables = await countRows(query);
      const { dbname, env } = toolConnection(url);
      await runTool('pg_dump', bin, ['--format=custom', `--snapshot=${String(snap!.id)}`, '--file', file, '--dbname', dbname], env);
      return { schema, tables, source: String(snap!.v).split(' on ')[0]! };
    } finally {
      await query('rollback');
    }
  });
}

/** What restoring would overwrite: the schools already there, and other sessions (a running app) in the database. */
export async function inspectPostgresTarget(url: string): Promise<{ schools: number; sessions: number }> {
  return withClient(url, async (query) => {
    const schools = await countSchools(query);
    const [row] = await query(`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`);
    return { schools, sessions: Number(row?.n ?? 0) };
  });
}

/**
 * pg_restore in one transaction (all or nothing): `--clean --if-exists` replaces what the dump holds (an empty,
 * migrated database, or the one `--force` allows), `--no-owner` makes the restoring owner (DATABASE_URL) own it all.
 */
export async function restorePostgres(url: string, bin: string, file: string): Promise<Census> {
  await withClient(url, async (query) => {
    if ((await query(`select 1 from pg_roles where rolname = '${APP_ROLE}'`)).length) return;
    try {
      await query(`create role ${APP_ROLE} nologin nosuperuser nocreatedb nocreaterole noinherit`);
    } catch (e) {
      throw new BackupError(`На сервере нет роли ${APP_ROLE}, а создать её не вышло (${(e as Error).message}): `
        + `создайте её от имени администратора сервера (CREATE ROLE ${APP_ROLE} NOLOGIN) и повторите.`);
    }
  });
  const { dbname, env } = toolConnection(url);
  await runTool('pg_restore', bin, ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error',
    '--dbname', dbname, file], env);
  return withClient(url, async (query) => {
    const [v] = await query('select version() as v');
    const schema = await requireSchema(query, 'восстановленной базе');
    return { schema, tables: await countRows(query), source: String(v!.v).split(' on ')[0]! };
  });
}
