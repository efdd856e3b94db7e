// Backup and restore on PostgreSQL with pg_dump/pg_restore: the demo school backed up (with its second copy), restored
// into a fresh empty database with every table's count and every mark equal, migrations finding nothing to do, the
// audit chain intact, and the app serving the teacher's grid from it. Bad input writes nothing: a damaged file,
// a file that is not ours, another schema version, a non-empty target, a running app, a missing pg_dump.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { verifyChains } from '../../src/modules/audit/chain.ts';
import { codeSchema, countSchools } from '../../src/modules/backup/census.ts';
import { loginAs } from '../support/client.ts';
import { TEST_APP_ROLE_PASSWORD, testServerUrl } from '../support/pg-admin.ts';
import { buildSmallSchool } from '../support/fixtures.ts';
import { backupFileOf, census, cli, latestMathsMark, newDatabase, removeTmpDirs, tmpDir, withQuery, type Run } from './backup-support.ts';

const onPostgres = inject('testTemplates').kind === 'postgres' && Boolean(testServerUrl());
const drops: Array<() => Promise<void>> = [];
let source: string;
let file: string;
let made: Run;
let folders: { main: string; copy: string };

async function database(template: 'demo' | 'empty' | null): Promise<string> {
  const templates = inject('testTemplates');
  const db = await newDatabase(template ? templates[template] : null);
  drops.push(db.drop);
  return db.url;
}
const restore = (url: string, args: string[]) => cli('restore', { DATABASE_URL: url }, args);
/** No table at all: the database is as `create database` left it. */
const untouched = (url: string) => withQuery(url, async (q) => (await q(`select count(*)::int as n from pg_tables
  where schemaname in ('public', 'drizzle')`))[0]!.n === 0);

beforeAll(async () => {
  if (!onPostgres) return;
  source = await database('demo');
  folders = { main: tmpDir('backup'), copy: tmpDir('backup-copy') };
  made = await cli('backup', { DATABASE_URL: source, BACKUP_DIR: folders.main, BACKUP_COPY_DIR: folders.copy }, []);
  file = backupFileOf(made);
});
afterAll(async () => {
  for (const drop of drops.reverse()) await drop();
  removeTmpDirs();
});

describe.skipIf(!onPostgres)('backup on PostgreSQL', () => {
  it('writes the dump, its description with the checksum and counts, the checked second copy and a log line', async () => {
    expect(made.out).toContain('Вторая копия записана и проверена');
    expect(path.basename(file)).toMatch(/^otmetka-\d{8}-\d{6}\.dump$/);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
    const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(meta).toMatchObject({ format: 'otmetka-backup', kind: 'postgres', file: path.basename(file) });
    expect(meta.schema.tag).toBe(codeSchema().tag);
    expect(meta.tables['public.marks']).toBeGreaterThan(5000);
    expect(meta.tables['public.schools']).toBe(2);
    for (const dir of [folders.main, folders.copy]) {
      expect(readdirSync(dir).sort()).toEqual(['backups.jsonl', path.basename(file), `${path.basename(file)}.json`]);
      const log = readFileSync(path.join(dir, 'backups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(log).toMatchObject([{ event: 'backup', file: path.basename(file), sha256: meta.sha256 }]);
    }
    expect(readFileSync(path.join(folders.copy, path.basename(file))).equals(readFileSync(file))).toBe(true);
  });
});

describe.skipIf(!onPostgres)('retention and the second copy', () => {
  /** A finished backup as retention sees it: the file named as ours and its description beside it. */
  const fake = (dir: string, name: string) => {
    writeFileSync(path.join(dir, name), 'old');
    writeFileSync(path.join(dir, `${name}.json`), '{}');
  };

  it('prunes each folder by the rule and touches nothing not named as a finished backup', async () => {
    const main = tmpDir('backup-keep');
    const copy = tmpDir('backup-keep-copy');
    for (const dir of [main, copy]) {
      for (const day of ['20250110', '20250210', '20250310', '20250311']) fake(dir, `otmetka-${day}-020000.dump`);
    }
    writeFileSync(path.join(main, 'otmetka-20250101-020000.dump'), 'no description: an unfinished backup');
    writeFileSync(path.join(main, 'notes.txt'), 'mine');
    const keep = { BACKUP_KEEP_DAILY: '2', BACKUP_KEEP_WEEKLY: '0', BACKUP_KEEP_MONTHLY: '2' };
    const run = await cli('backup', { DATABASE_URL: source, BACKUP_DIR: main, BACKUP_COPY_DIR: copy, ...keep }, []);
    const name = path.basename(backupFileOf(run));
    // Kept: the new one (newest, a day, a month), 11.03 (a day, March's newest); removed: 10.03, February, January.
    const kept = ['otmetka-20250311-020000.dump', name];
    const files = (dir: string) => readdirSync(dir).filter((n) => !n.endsWith('.json') && n !== 'backups.jsonl').sort();
    expect(files(main)).toEqual(['notes.txt', 'otmetka-20250101-020000.dump', ...kept]);
    expect(files(copy)).toEqual(kept);
    const removed = ['otmetka-20250310-020000.dump', 'otmetka-20250210-020000.dump', 'otmetka-20250110-020000.dump'];
    expect(run.out).toContain(`Удалены по правилу хранения (${main}): ${removed.join(', ')}`);
    const log = readFileSync(path.join(copy, 'backups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.event)).toEqual(['backup', 'prune']);
    expect(log[1].removed).toEqual(removed);
  });

  it('a second folder that cannot be written: the first copy stays, the command says so and exits 1', async () => {
    const main = tmpDir('backup-nocopy');
    const blocker = path.join(tmpDir('backup-blocker'), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const run = await cli('backup', { DATABASE_URL: source, BACKUP_DIR: main, BACKUP_COPY_DIR: path.join(blocker, 'copy') }, []);
    expect(run.code).toBe(1);
    expect(run.err).toContain('Ошибка: вторая копия не записана: Не удалось создать папку для второй копии');
    expect(existsSync(backupFileOf({ ...run, code: 0 }))).toBe(true);
    const log = readFileSync(path.join(main, 'backups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.event)).toEqual(['backup', 'copy-failed']);
  });
});

describe.skipIf(!onPostgres)('restore on PostgreSQL into a fresh empty database', () => {
  let target: string;
  let app: FastifyInstance;
  let appDb: Database;
  let restored: Run;

  beforeAll(async () => {
    target = await database(null);
    restored = await restore(target, [file]);
  });
  afterAll(async () => {
    await app?.close();
    await appDb?.close();
  });

  it('restores every table with the same count and every mark the same, and prints the counts', async () => {
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/public\.marks\s+\d{4,}/);
    expect(restored.out).toContain('Число строк совпадает с копией во всех таблицах');
    const before = await withQuery(source, census);
    const after = await withQuery(target, census);
    expect(after.counts).toEqual(before.counts);
    expect(after.marks).toEqual(before.marks);
    expect(after.marks.n).toBeGreaterThan(5000);
  });

  it('is at this code\'s schema version: migrations find nothing to do; the audit chain is intact', async () => {
    const owner = await openDatabase({ databaseUrl: target });
    try {
      await owner.migrate();
      const applied = await withQuery(target, async (q) => (await q('select count(*)::int as n from drizzle.__drizzle_migrations'))[0]!.n);
      expect(applied).toBe(codeSchema().applied);
      const chains = await verifyChains(owner.db);
      expect(chains.length).toBe(2);
      expect(chains.every((c) => c.broken === null)).toBe(true);
    } finally {
      await owner.close();
    }
  });

  it('the app starts on it as otmetka_app and the teacher sees the marks on her grid', async () => {
    const owner = await openDatabase({ databaseUrl: target });
    appDb = await owner.asApp({ password: TEST_APP_ROLE_PASSWORD, setLogin: false });
    await owner.close();
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: appDb, loginRateLimit: 1000 });
    const mark = await withQuery(target, latestMathsMark);
    const teacher = await loginAs(app, 'teacher');
    const grid = await teacher.get(`/journal/groups/${mark.groupId}`);
    expect(grid.statusCode).toBe(200);
    expect(grid.body).toSatisfy(mark.shows);
  });

  it('refuses while the app is connected to the target, even with --force', async () => {
    const again = await restore(target, [file, '--force']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/К базе подключены другие сеансы \(\d+\): остановите приложение перед восстановлением/);
  });
});

describe.skipIf(!onPostgres)('restore refuses bad input on PostgreSQL and writes nothing', () => {
  it('a non-empty database without --force; with --force it replaces it', async () => {
    const target = await database('empty');
    const owner = await openDatabase({ databaseUrl: target });
    await buildSmallSchool(owner, 'bk');
    await owner.close();
    const refused = await restore(target, [file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('База данных не пуста (1 школа): восстановление заменит её данные. '
      + 'Если это и нужно, повторите с --force.');
    expect(await withQuery(target, (q) => q('select name from schools'))).toEqual([{ name: 'Школа bk' }]);
    const forced = await restore(target, [file, '--force']);
    expect(forced.code).toBe(0);
    expect((await withQuery(target, census)).marks).toEqual((await withQuery(source, census)).marks);
    expect(await withQuery(target, (q) => q(`select count(*)::int as n from schools where name = 'Школа bk'`))).toEqual([{ n: 0 }]);
  });

  it('a damaged file: one byte flipped → the checksum message', async () => {
    const dir = tmpDir('backup-bad');
    const bad = path.join(dir, path.basename(file));
    copyFileSync(file, bad);
    copyFileSync(`${file}.json`, `${bad}.json`);
    const bytes = readFileSync(bad);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(bad, bytes);
    const target = await database(null);
    const run = await restore(target, [bad]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Контрольная сумма не совпадает: файл otmetka-\S+\.dump повреждён или изменён/);
    expect(await untouched(target)).toBe(true);
  });

  it('files that are not ours: no description beside it, a foreign description, no file at all', async () => {
    const dir = tmpDir('backup-foreign');
    const target = await database(null);
    const notes = path.join(dir, 'notes.dump');
    writeFileSync(notes, 'not a backup');
    expect((await restore(target, [notes])).err)
      .toContain('Рядом с файлом нет его описания notes.dump.json: это не резервная копия Отметки');
    writeFileSync(`${notes}.json`, JSON.stringify({ hello: 'world' }));
    expect((await restore(target, [notes])).err).toContain('Файл notes.dump — не резервная копия Отметки.');
    writeFileSync(`${notes}.json`, '{ broken');
    expect((await restore(target, [notes])).err).toContain('Описание notes.dump.json повреждено (не JSON)');
    expect((await restore(target, [path.join(dir, 'missing.dump')])).err).toContain(`Файла ${path.join(dir, 'missing.dump')} нет.`);
    expect(await untouched(target)).toBe(true);
  });

  it('a backup of another schema version names both versions', async () => {
    const older = await database('empty');
    await withQuery(older, (q) => q(`delete from drizzle.__drizzle_migrations
      where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`));
    const oldRun = await cli('backup', { DATABASE_URL: older, BACKUP_DIR: tmpDir('backup-old') }, []);
    expect(oldRun.out).toMatch(/Внимание: схема базы \(\S+\) не та, что у программы/);
    const old = backupFileOf(oldRun);
    const target = await database(null);
    const run = await restore(target, [old]);
    expect(run.code).toBe(1);
    const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8')) as { entries: Array<{ tag: string }> };
    const tags = journal.entries.map((e) => e.tag);
    expect(run.err).toContain(`Резервная копия сделана другой версией схемы (${tags.at(-2)}), а программа ждёт (${tags.at(-1)}).`);
    expect(await untouched(target)).toBe(true);
  });

  it('a configured pg_dump or pg_restore that is not there: a clear message, no file, no change', async () => {
    const dir = path.join(tmpDir('backup-tool'), 'backups');
    const run = await cli('backup', { DATABASE_URL: source, BACKUP_DIR: dir, PG_DUMP: '/nonexistent/pg_dump' }, []);
    expect(run.code).toBe(1);
    expect(run.err).toContain('Программа pg_dump не найдена («/nonexistent/pg_dump»): установите клиент PostgreSQL');
    expect(run.err).toContain('укажите путь к ней в PG_DUMP');
    expect(existsSync(dir)).toBe(false);
    const target = await database(null);
    const restored = await cli('restore', { DATABASE_URL: target, PG_RESTORE: '/nonexistent/pg_restore' }, [file]);
    expect(restored.err).toContain('Программа pg_restore не найдена («/nonexistent/pg_restore»)');
    expect(await untouched(target)).toBe(true);
    expect(await withQuery(source, countSchools)).toBe(2);
  });
});
