import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { adminQuery, testServerUrl, urlForDatabase } from './pg-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated template database each test file copies. */
    templateDatabase: string;
    /** PGlite: path of a migrated data-dir tarball each test file loads. */
    pgliteTemplate: string;
  }
}

const runId = `${process.pid}_${Date.now().toString(36)}`;

/** Migrates once per run: a template database on PostgreSQL, a data-dir tarball on PGlite. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = testServerUrl();
  if (server) {
    const template = `otmetka_tpl_${runId}`;
    await adminQuery(server, `create database ${template}`);
    const database = await openDatabase({ databaseUrl: urlForDatabase(server, template) });
    await database.migrate();
    await database.close();
    project.provide('templateDatabase', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      await adminQuery(server, `drop database if exists ${template} with (force)`);
    };
  }
  const database = await openDatabase({});
  await database.migrate();
  const blob = await database.dump!();
  await database.close();
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${runId}.tar.gz`);
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide('templateDatabase', '');
  project.provide('pgliteTemplate', file);
  return async () => {
    const { rmSync } = await import('node:fs');
    rmSync(file, { force: true });
  };
}
