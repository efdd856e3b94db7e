// PGlite backups: the data directory as PGlite's own gzipped tarball (dumpDataDir), restored by loading it into a new
// folder beside the target, checked there, and only then moved into place. PGlite is one process's database: the app
// must be stopped (two processes on one folder would corrupt it).
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase, type Database } from '../../db/client.ts';
import { countRows, countSchools, queryOf, requireSchema } from './census.ts';
import { BackupError } from './meta.ts';
import type { Census } from './postgres.ts';

export const hasPgliteDatabase = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

async function census(database: Database, where: string): Promise<Census> {
  const query = queryOf(database);
  const [v] = await query('select version() as v');
  return { schema: await requireSchema(query, where), tables: await countRows(query), source: `PGlite (${String(v!.v).split(' on ')[0]})` };
}

export async function dumpPglite(dataDir: string, file: string): Promise<Census> {
  if (!hasPgliteDatabase(dataDir)) throw new BackupError(`В папке ${dataDir} (DATA_DIR) нет базы PGlite.`);
  const database = await openDatabase({ dataDir });
  try {
    const found = await census(database, `базе в ${dataDir}`);
    await writeFile(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
    return found;
  } finally {
    await database.close();
  }
}

/** The schools in the target folder's database (0 when the folder holds none); `files` when it holds something else. */
export async function inspectPgliteTarget(dataDir: string): Promise<{ schools: number; otherFiles: boolean }> {
  if (!existsSync(dataDir)) return { schools: 0, otherFiles: false };
  if (!hasPgliteDatabase(dataDir)) return { schools: 0, otherFiles: readdirSync(dataDir).length > 0 };
  const database = await openDatabase({ dataDir });
  try {
    return { schools: await countSchools(queryOf(database)), otherFiles: false };
  } finally {
    await database.close();
  }
}

/** Loads the tarball into a fresh folder beside the target and reads what it holds; the caller then moves it in. */
export async function loadPglite(file: string, staging: string): Promise<Census> {
  const database = await openDatabase({ dataDir: staging, loadDataDir: new Blob([await readFile(file)]) });
  try {
    return await census(database, 'восстановленной базе');
  } finally {
    await database.close();
  }
}

/** Puts the restored folder in place; a previous database is kept aside (renamed), never deleted. */
export async function swapPgliteDir(staging: string, dataDir: string, stamp: string): Promise<string | null> {
  let kept: string | null = null;
  if (existsSync(dataDir)) {
    if (readdirSync(dataDir).length === 0) await rm(dataDir, { recursive: true });
    else {
      kept = `${path.resolve(dataDir)}.before-restore-${stamp}`;
      await rename(dataDir, kept);
    }
  }
  await rename(staging, dataDir);
  return kept;
}
