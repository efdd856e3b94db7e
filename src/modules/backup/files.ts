// Backup files on disk: checksums, writing so a half-written file never looks finished, the copy to the second
// destination (read back and checked), the folder's log, and pruning by the retention rule.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, copyFile, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BackupError, type BackupMeta } from './meta.ts';
import { META_SUFFIX, parseBackupFileName, selectRetention, type KeepPolicy, type RetentionDecision } from './rules.ts';

/** The log of backups, restores and prunes: one JSON line each, in every backup folder. */
export const LOG_FILE = 'backups.jsonl';

export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The first bytes of a file (to tell pg_dump's `PGDMP` and gzip's 1f 8b from anything else). */
export async function fileHead(file: string, n: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Where a file is written before it is complete: renamed into place only when whole and synced. */
export const partialPath = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.partial`);

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function ensureDir(dir: string, what: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new BackupError(`Не удалось создать папку ${what} ${dir}: ${(e as Error).message}`);
  }
}

/** Moves a finished backup and then its sidecar into place: a backup without a sidecar is an unfinished one. */
export async function publishBackup(partialFile: string, file: string, meta: BackupMeta): Promise<void> {
  await syncFile(partialFile);
  await rename(partialFile, file);
  const metaPartial = partialPath(file + META_SUFFIX);
  await writeFile(metaPartial, JSON.stringify(meta, null, 2) + '\n');
  await syncFile(metaPartial);
  await rename(metaPartial, file + META_SUFFIX);
}

/** Copies a backup with its sidecar to another folder and reads the copy back to check its checksum. */
export async function copyVerified(file: string, meta: BackupMeta, dir: string): Promise<string> {
  await ensureDir(dir, 'для второй копии');
  const target = path.join(dir, path.basename(file));
  const partial = partialPath(target);
  try {
    await copyFile(file, partial);
    const check = await sha256File(partial);
    if (check.sha256 !== meta.sha256) throw new BackupError(`копия в ${dir} не совпала с оригиналом по контрольной сумме`);
    await publishBackup(partial, target, meta);
  } catch (e) {
    await rm(partial, { force: true });
    throw e instanceof BackupError ? e : new BackupError(`Не удалось записать копию в ${dir}: ${(e as Error).message}`);
  }
  return target;
}

export async function appendLog(dir: string, entry: Record<string, unknown>): Promise<void> {
  await appendFile(path.join(dir, LOG_FILE), JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n');
}

/** Applies the retention rule to the finished backups of one folder (only files named as ours); returns the removed. */
export async function pruneFolder(dir: string, policy: KeepPolicy): Promise<RetentionDecision[]> {
  const names = new Set(await readdir(dir));
  const backups = [...names].flatMap((name) => {
    const parsed = parseBackupFileName(name);
    return parsed && names.has(name + META_SUFFIX) ? [{ name, at: parsed.at }] : [];
  });
  const removed = selectRetention(backups, policy).filter((d) => !d.keep);
  for (const d of removed) {
    await rm(path.join(dir, d.name), { force: true });
    await rm(path.join(dir, d.name + META_SUFFIX), { force: true });
  }
  return removed;
}

export async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
