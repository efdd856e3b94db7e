import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { setClock } from '../../src/web/clock.ts';
import { adminQuery, TEST_APP_ROLE_PASSWORD, testServerUrl, urlForDatabase } from './pg-admin.ts';
import { TEST_NOW } from './test-clock.ts';

/** Where each test file's database comes from: migrated only (`empty`) or migrated with the demo seeded (`demo`). */
export type TestTemplates = {
  /** PostgreSQL: template database names; PGlite: paths of data-dir tarballs. */
  kind: 'postgres' | 'pglite';
  empty: string;
  demo: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    testTemplates: TestTemplates;
  }
}

const runId = `${process.pid}_${Date.now().toString(36)}`;

async function seedAtTestNow(database: Database): Promise<void> {
  // The same moment the test files run at (test-clock.ts is their setupFile), so the demo is what a per-file seed made.
  setClock(TEST_NOW);
  try {
    await seedDemo(database.db);
  } finally {
    setClock(null);
  }
}

/** PostgreSQL: a migrated template database and a copy of it with the demo seeded, both closed to connections. */
async function postgresTemplates(server: string): Promise<{ templates: TestTemplates; teardown: () => Promise<void> }> {
  const empty = `otmetka_tpl_${runId}`;
  const demo = `otmetka_tpl_${runId}_demo`;
  const teardown = async () => {
    await adminQuery(server, `drop database if exists ${demo} with (force)`);
    await adminQuery(server, `drop database if exists ${empty} with (force)`);
  };
  try {
    await adminQuery(server, `create database ${empty}`);
    const migrated = await openDatabase({ databaseUrl: urlForDatabase(server, empty) });
    await migrated.migrate();
    // The app's role logs in from now on, with the tests' password (roles belong to the server, not to one database).
    await (await migrated.asApp({ password: TEST_APP_ROLE_PASSWORD })).close();
    await migrated.close();
    // `create database … template X` refuses while anyone is connected to X: every pool is closed before the next copy.
    await adminQuery(server, `create database ${demo} template ${empty}`);
    const seeded = await openDatabase({ databaseUrl: urlForDatabase(server, demo) });
    await seedAtTestNow(seeded);
    await seeded.close();
  } catch (e) {
    await teardown();
    throw e;
  }
  return { templates: { kind: 'postgres', empty, demo }, teardown };
}

/** PGlite: data-dir tarballs of a migrated database and of the same with the demo seeded. */
async function pgliteTemplates(): Promise<{ templates: TestTemplates; teardown: () => Promise<void> }> {
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  const empty = path.join(dir, `pglite-template-${runId}.tar.gz`);
  const demo = path.join(dir, `pglite-template-${runId}-demo.tar.gz`);
  const teardown = async () => {
    rmSync(empty, { force: true });
    rmSync(demo, { force: true });
  };
  const database = await openDatabase({});
  try {
    await database.migrate();
    writeFileSync(empty, Buffer.from(await (await database.dump!()).arrayBuffer()));
    await seedAtTestNow(database);
    writeFileSync(demo, Buffer.from(await (await database.dump!()).arrayBuffer()));
  } catch (e) {
    await teardown();
    throw e;
  } finally {
    await database.close();
  }
  return { templates: { kind: 'pglite', empty, demo }, teardown };
}

/** Migrates and seeds once per run; each test file then starts from a copy of one of the two templates. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = testServerUrl();
  const { templates, teardown } = server ? await postgresTemplates(server) : await pgliteTemplates();
  project.provide('testTemplates', templates);
  return teardown;
}
