// Backup and restore on PGlite (`npm start`'s embedded database): the data directory's tarball with its description,
// restored into an empty folder with every count and mark equal, migrations finding nothing to do and the app serving
// the teacher's grid; a non-empty folder refused (with --force the old one is kept aside), a folder of other files refused,
// a PGlite backup refused by a PostgreSQL configuration. Runs on any test server: PGlite needs none.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { codeSchema, queryOf } from '../../src/modules/backup/census.ts';
import { loginAs } from '../support/client.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { testServerUrl } from '../support/pg-admin.ts';
import { buildLoadSchool } from './reports-load-support.ts';
import { backupFileOf, census, cli, latestMathsMark, newDatabase, removeTmpDirs, tmpDir, withQuery, type Run } from './backup-support.ts';

const root = tmpDir('backup-pglite');
const dirs = { source: path.join(root, 'source'), restored: path.join(root, 'restored'), backups: path.join(root, 'backups') };
let file: string;
let made: Run;
let before: Awaited<ReturnType<typeof census>>;

/** Opens a PGlite folder, runs fn on it, closes it (one process, one PGlite at a time). */
async function inFolder<T>(dataDir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
const restore = (dataDir: string, args: string[]) => cli('restore', { DATA_DIR: dataDir }, args);

beforeAll(async () => {
  const templates = inject('testTemplates');
  // On a PGlite run the migrated template is at hand; on PostgreSQL runs the folder is migrated here.
  const load = templates.kind === 'pglite' ? { loadDataDir: new Blob([readFileSync(templates.empty)]) } : {};
  const database = await openDatabase({ dataDir: dirs.source, ...load });
  try {
    await database.migrate();
    await buildLoadSchool(database, 'bk');
    before = await census(queryOf(database));
  } finally {
    await database.close();
  }
  made = await cli('backup', { DATA_DIR: dirs.source, BACKUP_DIR: dirs.backups }, []);
  file = backupFileOf(made);
});
afterAll(removeTmpDirs);

describe('backup and restore on PGlite', () => {
  it('backs the folder up as a gzipped tarball with its description', () => {
    expect(path.basename(file)).toMatch(/^otmetka-\d{8}-\d{6}\.tar\.gz$/);
    expect([...readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(meta).toMatchObject({ kind: 'pglite', schema: { tag: codeSchema().tag }, tables: before.counts });
    expect(made.out).toContain('Вторая папка (BACKUP_COPY_DIR) не задана');
  });

  it('restores into an empty folder: the same counts and marks, migrations up to date, the grid shows the marks', async () => {
    const run = await restore(dirs.restored, [file]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/public\.marks\s+\d+/);
    await inFolder(dirs.restored, async (database) => {
      const after = await census(queryOf(database));
      expect(after).toEqual(before);
      expect(after.marks.n).toBeGreaterThan(0);
      await database.migrate();
      expect((await census(queryOf(database))).counts).toEqual(before.counts);
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      const app = await buildApp({ config, database: await database.asApp(), loginRateLimit: 1000 });
      try {
        const mark = await latestMathsMark(queryOf(database));
        const grid = await (await loginAs(app, 'bk-teacher', FIXTURE_PASSWORD)).get(`/journal/groups/${mark.groupId}`);
        expect(grid.statusCode).toBe(200);
        expect(grid.body).toSatisfy(mark.shows);
      } finally {
        await app.close();
      }
    });
  });

  it('refuses a folder with a school in it; with --force replaces it and keeps the old folder aside', async () => {
    const refused = await restore(dirs.restored, [file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`База в ${dirs.restored} не пуста (1 школа)`);
    expect(readdirSync(root).sort()).toEqual(['backups', 'restored', 'source']);
    const forced = await restore(dirs.restored, [file, '--force']);
    expect(forced.code).toBe(0);
    const aside = readdirSync(root).find((n) => n.startsWith('restored.before-restore-'));
    expect(aside).toBeDefined();
    expect(forced.out).toContain(`Прежняя база сохранена в ${path.join(root, aside!)}`);
    expect(existsSync(path.join(root, aside!, 'PG_VERSION'))).toBe(true);
    expect(await inFolder(dirs.restored, async (d) => census(queryOf(d)))).toEqual(before);
  });

  it('refuses a folder of other files, and leaves it as it was', async () => {
    const other = path.join(root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const run = await restore(other, [file]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`Папка ${other} (DATA_DIR) не пуста и в ней не база PGlite`);
    expect(readdirSync(other)).toEqual(['notes.txt']);
  });

  const onPostgres = Boolean(testServerUrl()) && inject('testTemplates').kind === 'postgres';
  it.skipIf(!onPostgres)('a PGlite backup is refused by a PostgreSQL configuration', async () => {
    const target = await newDatabase(null);
    try {
      const run = await cli('restore', { DATABASE_URL: target.url }, [file]);
      expect(run.code).toBe(1);
      expect(run.err).toContain('Резервная копия сделана со встроенной базы PGlite, а программа настроена на PostgreSQL (DATABASE_URL)');
      const tables = await withQuery(target.url, (q) => q(`select count(*)::int as n from pg_tables where schemaname = 'public'`));
      expect(tables).toEqual([{ n: 0 }]);
    } finally {
      await target.drop();
    }
  });
});
