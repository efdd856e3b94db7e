import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { adminQuery, testServerUrl, urlForDatabase } from './pg-admin.ts';

/** A database of this test file's own: a copy of the migrated template. */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const server = testServerUrl();
  const template = inject('templateDatabase');
  if (server && template) {
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
  const tarball = readFileSync(inject('pgliteTemplate'));
  const database = await openDatabase({ loadDataDir: new Blob([tarball]) });
  return { database, drop: () => database.close() };
}

export type TestApp = { app: FastifyInstance; database: Database; close: () => Promise<void> };

/** The app on this file's own database, with the demo schools seeded (personas = demo logins). */
export async function startTestApp(opts: { seed?: boolean; env?: Record<string, string> } & Partial<Omit<AppDeps, 'config' | 'database'>> = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  if (opts.seed !== false) await seedDemo(database.db);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...opts.env });
  const app = await buildApp({ config, database, loginRateLimit: opts.loginRateLimit ?? 1000, ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}) });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
