// The sidecar describing a backup (`<file>.json`): what it is, of which schema, its checksum and row counts.
// A sidecar rather than a header inside the file: the backup itself stays what PostgreSQL's pg_restore (or PGlite's
// loadDataDir) reads as it is, `sha256sum` can check it, and `cat` shows what is in it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { META_SUFFIX, parseBackupFileName } from './rules.ts';

export const FORMAT = 'otmetka-backup';
export const FORMAT_VERSION = 1;

/** A refusal with a message for a person (Russian); the command prints it and exits 1, having written nothing. */
export class BackupError extends Error {}

const metaSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  kind: z.enum(['postgres', 'pglite']),
  file: z.string(),
  createdAt: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  schema: z.object({ tag: z.string().nullable(), createdAt: z.number(), hash: z.string(), applied: z.number().int() }),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  source: z.string(),
  tool: z.string(),
  durationMs: z.number(),
});

export type BackupMeta = z.infer<typeof metaSchema>;

/** The backup file and its sidecar, whichever of the two was named. */
export function backupPaths(file: string): { file: string; meta: string } {
  const resolved = path.resolve(file);
  if (resolved.endsWith(META_SUFFIX)) return { file: resolved.slice(0, -META_SUFFIX.length), meta: resolved };
  return { file: resolved, meta: resolved + META_SUFFIX };
}

/** Reads and checks a sidecar: refuses anything that is not an Otmetka backup's description, in Russian. */
export async function readMeta(metaPath: string, fileName: string): Promise<BackupMeta> {
  let text: string;
  try {
    text = await readFile(metaPath, 'utf8');
  } catch {
    throw new BackupError(`Рядом с файлом нет его описания ${path.basename(metaPath)}: это не резервная копия Отметки `
      + '(или описание потеряно — возьмите копию из второй папки).');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`Описание ${path.basename(metaPath)} повреждено (не JSON): восстановление невозможно.`);
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success || parsed.data.file !== fileName || !parseBackupFileName(fileName)) {
    const other = (json as { format?: unknown } | null)?.format !== FORMAT;
    throw new BackupError(other ? `Файл ${fileName} — не резервная копия Отметки.`
      : `Описание ${path.basename(metaPath)} не подходит к файлу ${fileName} или повреждено.`);
  }
  if (parsed.data.formatVersion > FORMAT_VERSION) {
    throw new BackupError(`Резервная копия в формате версии ${parsed.data.formatVersion}, а программа читает до ${FORMAT_VERSION}: `
      + 'обновите Отметку.');
  }
  return parsed.data;
}
