// npm run cli -- backup [--out DIR] [--copy DIR] [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--no-prune]
// npm run cli -- restore FILE [--force]
// Both run before the command line opens (and migrates) the database: a backup changes nothing in it, and a restore
// needs the target as it is.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { BackupError } from '../modules/backup/meta.ts';
import { makeBackup, restoreBackup, type Target } from '../modules/backup/run.ts';
import { codeSchema } from '../modules/backup/census.ts';
import { sameSchema, schemaLabel } from '../modules/backup/rules.ts';

export type Io = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const targetOf = (config: Config): Target =>
  config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} с`;

function keepCount(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,4}$/.test(value)) throw new BackupError(`--${flag}: нужно целое число от 0, а не «${value}».`);
  return Number(value);
}

const PARSE_ERRORS: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'неизвестный параметр',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'неверное или пустое значение параметра',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'лишний аргумент',
};

/** Runs a command body; a refusal prints its Russian message and exits 1, a wrong flag prints the usage and exits 2. */
async function guarded(io: Io, usage: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BackupError) {
      io.err(`Ошибка: ${e.message}`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      const name = /'([^' ]+)/.exec((e as Error).message)?.[1] ?? '';
      io.err(`Ошибка: ${PARSE_ERRORS[code] ?? 'неверные параметры'} «${name}».\n${usage}`);
      return 2;
    }
    throw e;
  }
}

export function backupCommand(config: Config, args: string[], usage: string, io: Io = consoleIo, now = new Date()): Promise<number> {
  return guarded(io, usage, async () => {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' }, copy: { type: 'string' }, 'no-prune': { type: 'boolean' },
        'keep-daily': { type: 'string' }, 'keep-weekly': { type: 'string' }, 'keep-monthly': { type: 'string' },
      },
    });
    const keep = {
      daily: keepCount(values['keep-daily'], config.backup.keep.daily, 'keep-daily'),
      weekly: keepCount(values['keep-weekly'], config.backup.keep.weekly, 'keep-weekly'),
      monthly: keepCount(values['keep-monthly'], config.backup.keep.monthly, 'keep-monthly'),
    };
    const r = await makeBackup({
      target: targetOf(config), dir: values.out ?? config.backup.dir, copyDir: values.copy ?? config.backup.copyDir,
      keep, prune: !values['no-prune'], pgDump: config.backup.pgDump, now,
    });
    const rows = Object.values(r.meta.tables).reduce((a, n) => a + n, 0);
    io.out(`Резервная копия создана: ${r.file}`);
    io.out(`  ${mb(r.meta.bytes)}, ${seconds(r.meta.durationMs)}; схема ${schemaLabel(r.meta.schema)}; `
      + `школ ${r.meta.tables['public.schools'] ?? 0}, отметок ${r.meta.tables['public.marks'] ?? 0}, строк всего ${rows}`);
    io.out(`  SHA-256 ${r.meta.sha256}`);
    const code = codeSchema();
    if (!sameSchema(r.meta.schema, code)) {
      io.out(`Внимание: схема базы (${schemaLabel(r.meta.schema)}) не та, что у программы (${schemaLabel(code)}): `
        + 'восстановить эту копию сможет только версия Отметки с той же схемой.');
    }
    if (r.copy) io.out(`Вторая копия записана и проверена: ${r.copy}`);
    for (const { dir, names } of r.removed) {
      if (names.length) io.out(`Удалены по правилу хранения (${dir}): ${names.join(', ')}`);
    }
    if (r.copyError) {
      io.err(`Ошибка: вторая копия не записана: ${r.copyError}`);
      return 1;
    }
    if (!r.copy) io.out('Вторая папка (BACKUP_COPY_DIR) не задана: копия лежит только здесь.');
    return 0;
  });
}

export function restoreCommand(config: Config, args: string[], usage: string, io: Io = consoleIo, now = new Date()): Promise<number> {
  return guarded(io, usage, async () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
    if (positionals.length !== 1) {
      io.err(usage);
      return 2;
    }
    const target = targetOf(config);
    const r = await restoreBackup({ target, file: positionals[0]!, force: values.force === true, pgRestore: config.backup.pgRestore, now });
    io.out(`Восстановлено из ${r.meta.file} (сделана ${r.meta.createdAt}) за ${seconds(r.durationMs)}; `
      + `схема ${schemaLabel(r.census.schema)}.`);
    if (r.keptAside) io.out(`Прежняя база сохранена в ${r.keptAside}.`);
    const width = Math.max(...Object.keys(r.census.tables).map((t) => t.length));
    io.out('Строк в таблицах:');
    for (const [table, n] of Object.entries(r.census.tables)) io.out(`  ${table.padEnd(width)}  ${n}`);
    if (r.differences.length) {
      io.err(`Ошибка: число строк не совпало с записанным в копии:\n  ${r.differences.join('\n  ')}`);
      return 1;
    }
    io.out(`Число строк совпадает с копией во всех таблицах (${Object.keys(r.census.tables).length}).`);
    io.out(`Можно запускать приложение${target.kind === 'pglite' ? ` (DATA_DIR=${path.resolve(target.dataDir)})` : ''}.`);
    return 0;
  });
}
