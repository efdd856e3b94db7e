// The backup commands' answers to wrong input, before any database or file is touched.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupCommand, restoreCommand } from '../../src/cli/backup.ts';
import { loadConfig } from '../../src/config.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'otmetka-backup-cli-'));
const dirs = { data: path.join(root, 'pglite'), backups: path.join(root, 'backups') };
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(command: typeof backupCommand, args: string[]) {
  const lines: string[] = [];
  const config = loadConfig({ DATA_DIR: dirs.data, BACKUP_DIR: dirs.backups });
  const code = await command(config, args, 'USAGE', { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

describe('backup and restore command lines', () => {
  it.each([
    [backupCommand, ['--bogus'], 2, 'Ошибка: неизвестный параметр «--bogus».\nUSAGE'],
    [backupCommand, ['--out'], 2, 'Ошибка: неверное или пустое значение параметра «--out».\nUSAGE'],
    [backupCommand, ['extra'], 2, 'Ошибка: лишний аргумент «extra».\nUSAGE'],
    [backupCommand, ['--keep-weekly', 'abc'], 1, 'Ошибка: --keep-weekly: нужно целое число от 0, а не «abc».'],
    [backupCommand, ['--keep-monthly', '-1'], 2, 'Ошибка: неверное или пустое значение параметра «--keep-monthly».\nUSAGE'],
    [backupCommand, [], 1, `Ошибка: В папке ${dirs.data} (DATA_DIR) нет базы PGlite.`],
    [restoreCommand, [], 2, 'USAGE'],
    [restoreCommand, ['a.dump', 'b.dump'], 2, 'USAGE'],
    [restoreCommand, ['/nonexistent/otmetka-20261123-070000.dump'], 1, 'Ошибка: Файла /nonexistent/otmetka-20261123-070000.dump нет.'],
  ] as const)('%o %j → exit %i', async (command, args, code, text) => {
    expect(await run(command, [...args])).toEqual({ code, text });
    expect(existsSync(dirs.backups) || existsSync(dirs.data)).toBe(false);
  });
});
