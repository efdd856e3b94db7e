// Making a backup and restoring one: every check before the first write, the log line after.
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { codeSchema } from './census.ts';
import { appendLog, copyVerified, ensureDir, exists, fileHead, partialPath, publishBackup, pruneFolder, sha256File } from './files.ts';
import { BackupError, backupPaths, FORMAT, FORMAT_VERSION, readMeta, type BackupMeta } from './meta.ts';
import { dumpPglite, hasPgliteDatabase, inspectPgliteTarget, loadPglite, swapPgliteDir } from './pglite.ts';
import { dumpPostgres, inspectPostgresTarget, restorePostgres, toolVersion, type Census } from './postgres.ts';
import { plural } from '../journal/attendance-rules.ts';
import { backupFileName, countDifferences, sameSchema, schemaLabel, type BackupKind, type KeepPolicy } from './rules.ts';

export type Target = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type BackupOptions = {
  target: Target; dir: string; copyDir: string | undefined; keep: KeepPolicy; prune: boolean; pgDump: string; now: Date;
};

export type BackupResult = {
  file: string; meta: BackupMeta; copy: string | null; copyError: string | null; removed: Array<{ dir: string; names: string[] }>;
};

const MADE_FROM: Record<BackupKind, string> = { postgres: 'с PostgreSQL', pglite: 'со встроенной базы PGlite' };
const SET_UP_FOR: Record<BackupKind, string> = { postgres: 'на PostgreSQL (DATABASE_URL)', pglite: 'на встроенную базу PGlite (DATA_DIR)' };

export async function makeBackup(o: BackupOptions): Promise<BackupResult> {
  // What can be checked before the first write: pg_dump is there, or the PGlite folder holds a database.
  if (o.target.kind === 'pglite' && !hasPgliteDatabase(o.target.dataDir)) {
    throw new BackupError(`В папке ${o.target.dataDir} (DATA_DIR) нет базы PGlite.`);
  }
  const tool = o.target.kind === 'postgres' ? await toolVersion('pg_dump', o.pgDump) : 'PGlite dumpDataDir (gzip)';
  await ensureDir(o.dir, 'резервных копий');
  const file = path.resolve(o.dir, backupFileName(o.now, o.target.kind));
  if (await exists(file)) throw new BackupError(`Копия ${file} уже есть (две копии в одну секунду): повторите позже.`);
  const partial = partialPath(file);
  const started = performance.now();
  let census: Census;
  try {
    census = o.target.kind === 'postgres'
      ? await dumpPostgres(o.target.url, o.pgDump, partial) : await dumpPglite(o.target.dataDir, partial);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  const { sha256, bytes } = await sha256File(partial);
  const meta: BackupMeta = {
    format: FORMAT, formatVersion: FORMAT_VERSION, kind: o.target.kind, file: path.basename(file), createdAt: o.now.toISOString(),
    sha256, bytes, schema: census.schema, tables: census.tables, source: census.source, tool,
    durationMs: Math.round(performance.now() - started),
  };
  await publishBackup(partial, file, meta);
  const line = { event: 'backup', file: meta.file, kind: meta.kind, sha256, bytes, schema: meta.schema.tag, durationMs: meta.durationMs };
  await appendLog(o.dir, line);
  const result: BackupResult = { file, meta, copy: null, copyError: null, removed: [] };
  await copyAndPrune(result, o, line);
  return result;
}

/** The second copy (a failure is reported, the first copy stays), then retention in each folder that has the backup. */
async function copyAndPrune(result: BackupResult, o: BackupOptions, line: Record<string, unknown>): Promise<void> {
  if (o.copyDir) {
    try {
      result.copy = await copyVerified(result.file, result.meta, o.copyDir);
      await appendLog(o.copyDir, { ...line, copyOf: result.file });
    } catch (e) {
      result.copyError = (e as Error).message;
      await appendLog(o.dir, { event: 'copy-failed', file: result.meta.file, copyDir: o.copyDir, error: result.copyError });
    }
  }
  if (!o.prune) return;
  for (const dir of [o.dir, ...(result.copy ? [o.copyDir!] : [])]) {
    const names = (await pruneFolder(dir, o.keep)).map((d) => d.name);
    if (names.length) await appendLog(dir, { event: 'prune', removed: names, keep: o.keep });
    result.removed.push({ dir, names });
  }
}

export type RestoreOptions = { target: Target; file: string; force: boolean; pgRestore: string; now: Date };

export type RestoreResult = { meta: BackupMeta; census: Census; differences: string[]; keptAside: string | null; durationMs: number };

/** Reads and checks a backup file against its sidecar and this code: ours, whole, of this kind and schema version. */
export async function checkBackup(file: string, kind: BackupKind): Promise<{ file: string; meta: BackupMeta }> {
  const paths = backupPaths(file);
  if (!(await exists(paths.file))) throw new BackupError(`Файла ${paths.file} нет.`);
  const meta = await readMeta(paths.meta, path.basename(paths.file));
  const { sha256 } = await sha256File(paths.file);
  if (sha256 !== meta.sha256) {
    throw new BackupError(`Контрольная сумма не совпадает: файл ${path.basename(paths.file)} повреждён или изменён `
      + `(ожидалась ${meta.sha256.slice(0, 16)}…, получена ${sha256.slice(0, 16)}…). Возьмите копию из второй папки.`);
  }
  const head = await fileHead(paths.file, 5);
  const magic = meta.kind === 'postgres' ? head.toString('latin1') === 'PGDMP' : head[0] === 0x1f && head[1] === 0x8b;
  if (!magic) throw new BackupError(`Файл ${path.basename(paths.file)} — не резервная копия Отметки.`);
  if (meta.kind !== kind) {
    throw new BackupError(`Резервная копия сделана ${MADE_FROM[meta.kind]}, а программа настроена ${SET_UP_FOR[kind]}: `
      + 'восстановите её в базу того же вида.');
  }
  const expected = codeSchema();
  if (!sameSchema(meta.schema, expected)) {
    throw new BackupError(`Резервная копия сделана другой версией схемы (${schemaLabel(meta.schema)}), а программа ждёт `
      + `(${schemaLabel(expected)}). Восстановите её той версией Отметки, которой она сделана.`);
  }
  return { file: paths.file, meta };
}

const schoolsWord = (n: number) => plural(n, ['школа', 'школы', 'школ']);

function refuseNonEmpty(schools: number, force: boolean, where: string): void {
  if (schools > 0 && !force) {
    throw new BackupError(`${where} не пуста (${schools} ${schoolsWord(schools)}): восстановление заменит её данные. `
      + 'Если это и нужно, повторите с --force.');
  }
}

/** pg_restore after the target's checks: no other session (a running app), no school unless --force. */
async function restoreIntoPostgres(url: string, o: RestoreOptions, file: string): Promise<Census> {
  await toolVersion('pg_restore', o.pgRestore);
  const target = await inspectPostgresTarget(url);
  if (target.sessions > 0) {
    throw new BackupError(`К базе подключены другие сеансы (${target.sessions}): остановите приложение перед восстановлением.`);
  }
  refuseNonEmpty(target.schools, o.force, 'База данных');
  return restorePostgres(url, o.pgRestore, file);
}

/** Loads the tarball beside DATA_DIR, compares the counts there, and only then moves it into place. */
async function restoreIntoPglite(dataDir: string, o: RestoreOptions, file: string, meta: BackupMeta, stamp: string) {
  const target = await inspectPgliteTarget(dataDir);
  if (target.otherFiles) throw new BackupError(`Папка ${dataDir} (DATA_DIR) не пуста и в ней не база PGlite: укажите другую.`);
  refuseNonEmpty(target.schools, o.force, `База в ${dataDir}`);
  const staging = `${path.resolve(dataDir)}.restoring-${stamp}`;
  let census: Census;
  try {
    census = await loadPglite(file, staging);
    const differences = countDifferences(meta.tables, census.tables);
    if (differences.length) {
      throw new BackupError(`Восстановленная база не совпала с копией по числу строк:\n  ${differences.join('\n  ')}`);
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  return { census, keptAside: await swapPgliteDir(staging, dataDir, stamp) };
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const { file, meta } = await checkBackup(o.file, o.target.kind);
  const started = performance.now();
  const stamp = o.now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const { census, keptAside } = o.target.kind === 'postgres'
    ? { census: await restoreIntoPostgres(o.target.url, o, file), keptAside: null }
    : await restoreIntoPglite(o.target.dataDir, o, file, meta, stamp);
  const durationMs = Math.round(performance.now() - started);
  const differences = countDifferences(meta.tables, census.tables);
  if (!sameSchema(census.schema, meta.schema)) differences.push(`схема: ${schemaLabel(meta.schema)} → ${schemaLabel(census.schema)}`);
  await appendLog(path.dirname(file), { event: 'restore', file: meta.file, kind: meta.kind, durationMs, differences, keptAside })
    .catch(() => undefined); // the backup may sit on read-only media
  return { meta, census, differences, keptAside, durationMs };
}
