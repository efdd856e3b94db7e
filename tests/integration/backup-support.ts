// Backup tests' helpers: databases made and dropped by the test, the commands run in-process with their output kept,
// and what "the same data" means (every table's count, a hash of every mark).
import { cellValue, gridCell } from '../support/grid-html.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { backupCommand, restoreCommand, type Io } from '../../src/cli/backup.ts';
import { loadConfig } from '../../src/config.ts';
import { countRows, type RawQuery } from '../../src/modules/backup/census.ts';
import { adminQuery, testServerUrl, urlForDatabase } from '../support/pg-admin.ts';

const made: string[] = [];

/** A temporary folder, removed by removeTmpDirs() after the file's tests. */
export function tmpDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `otmetka-${label}-`));
  made.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A database of the test's own on the test server: a copy of a template, or (null) created empty, never migrated. */
export async function newDatabase(template: string | null): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = testServerUrl()!;
  const name = `otmetka_bk_${randomBytes(6).toString('hex')}`;
  await adminQuery(server, `create database ${name}${template ? ` template ${template}` : ''}`);
  return { url: urlForDatabase(server, name), drop: () => adminQuery(server, `drop database if exists ${name} with (force)`) };
}

/** Runs fn with a raw query on one connection of that database. */
export async function withQuery<T>(url: string, fn: (query: RawQuery) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(async (text) => (await client.query(text)).rows as Array<Record<string, unknown>>);
  } finally {
    await client.end();
  }
}

/** Every mark (all columns) in one hash, in a fixed order: equal hashes, equal marks. */
export async function marksHash(query: RawQuery): Promise<{ n: number; md5: string }> {
  const [row] = await query(`select count(*)::int as n, md5(coalesce(string_agg(m::text, '|' order by m::text), '')) as md5 from marks m`);
  return { n: Number(row!.n), md5: String(row!.md5) };
}

export const census = async (query: RawQuery) => ({ counts: await countRows(query), marks: await marksHash(query) });

export type Run = { code: number; out: string; err: string };

/** `npm run cli -- backup|restore …` in-process, with this environment as its configuration. */
export async function cli(command: 'backup' | 'restore', env: Record<string, string>, args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const run = command === 'backup' ? backupCommand : restoreCommand;
  const code = await run(config, args, 'USAGE', io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The latest mark in 5А's maths class group (the demo's and the load school's): what the teacher's grid must show. */
export async function latestMathsMark(query: RawQuery): Promise<{ groupId: string; shows: (html: string) => boolean }> {
  const [m] = await query(`select m.lesson_id, m.student_id, m.value, l.group_id from marks m
    join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
    join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
    join classes c on c.school_id = g.school_id and c.id = g.class_id join subjects s on s.school_id = g.school_id and s.id = g.subject_id
    where c.name = '5А' and s.name = 'Математика' and g.kind = 'class' and m.column_no = 1 order by l.date desc, m.student_id limit 1`);
  if (!m) throw new Error('no mark in 5А maths');
  const shows = (html: string) => cellValue(gridCell(html, String(m.lesson_id), String(m.student_id))) === String(m.value);
  return { groupId: String(m.group_id), shows };
}

/** The backup file a successful `backup` printed. */
export function backupFileOf(run: Run): string {
  const m = /Резервная копия создана: (\S+)/.exec(run.out);
  if (run.code !== 0 || !m) throw new Error(`backup failed (${run.code}): ${run.err}${run.out}`);
  return m[1]!;
}
