import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { adminQuery, TEST_APP_ROLE_PASSWORD, testServerUrl, urlForDatabase } from './pg-admin.ts';

/** A database of this test file's own: a copy of the migrated template, empty — or with the demo seeded when `seeded`. */
export async function openTestDatabase(opts: { seeded?: boolean } = {}): Promise<{ database: Database; drop: () => Promise<void> }> {
  const templates = inject('testTemplates');
  const template = opts.seeded ? templates.demo : templates.empty;
  const server = testServerUrl();
  if (templates.kind === 'postgres') {
    if (!server) throw new Error('TEST_DATABASE_URL changed between the global setup and a test file');
    const name = `otmetka_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(server, `create database ${name} template ${template}`);
    const database = await openDatabase({ databaseUrl: urlForDatabase(server, name) });
    return {
      database,
      drop: async () => {
        await database.close();
        await adminQuery(server, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const database = await openDatabase({ loadDataDir: new Blob([readFileSync(template)]) });
  return { database, drop: () => database.close() };
}

/**
 * `database`: the owner's handle, for a test to look at or prepare rows (row-level security does not stop it);
 * the app itself runs as the role otmetka_app (`appDatabase`), as in production.
 */
export type TestApp = { app: FastifyInstance; database: Database; appDatabase: Database; close: () => Promise<void> };

/**
 * The app on this file's own database, with the demo schools seeded (personas = demo logins) — copied from the template
 * the global setup seeded once at TEST_NOW; `seed: false` starts from the migrated, empty database instead.
 */
export async function startTestApp(opts: { seed?: boolean; env?: Record<string, string> } & Partial<Omit<AppDeps, 'config' | 'database'>> = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase({ seeded: opts.seed !== false });
  const appDatabase = await database.asApp({ password: TEST_APP_ROLE_PASSWORD, setLogin: false });
  // The archive signing key of the test runs: one file in the system's temporary folder, never in the working copy.
  const archiveKey = path.join(tmpdir(), 'otmetka-test-archive-key.pem');
  // AUTH_CACHE off: tests change sessions and accounts straight in the database, and the next injected request comes
  // within microseconds — before the database's announcement reaches the app. auth-cache.test.ts turns it on.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_CACHE: 'off', ARCHIVE_KEY_FILE: archiveKey, ...opts.env });
  const { seed: _seed, env: _env, ...deps } = opts; // loginRateLimit, extraRoutes, pressure, passwordQueue as given
  const app = await buildApp({ config, database: appDatabase, ...deps, loginRateLimit: opts.loginRateLimit ?? 1000 });
  return {
    app,
    database,
    appDatabase,
    close: async () => {
      await app.close();
      await appDatabase.close();
      await drop();
    },
  };
}
