/**
 * Starts Отметка for the end-to-end tests: 127.0.0.1:3210, a fresh database, the demo school seeded.
 * PostgreSQL when TEST_DATABASE_URL or DATABASE_URL names a server (database otmetka_e2e is recreated),
 * otherwise PGlite in .tmp/e2e-pglite (emptied first). Run by playwright.config.ts (webServer).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const PORT = process.env.E2E_PORT || '3210';
const E2E_DATABASE = `otmetka_e2e_${PORT}`;
const root = path.resolve(import.meta.dirname, '../..');

async function freshPostgres(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${E2E_DATABASE} with (force)`);
    await client.query(`create database ${E2E_DATABASE}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${E2E_DATABASE}`;
  return url.toString();
}

function freshPglite(): string {
  const dir = path.join(root, '.tmp', `e2e-pglite-${PORT}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  return dir;
}

const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
if (serverUrl) {
  process.env.DATABASE_URL = await freshPostgres(serverUrl);
  delete process.env.DATA_DIR;
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = freshPglite();
}
process.env.PORT = PORT;
process.env.HOST = '127.0.0.1';
process.env.SEED_DEMO = 'yes';
// Every browser test logs in from 127.0.0.1: more than the 30 logins a minute a real address is allowed.
process.env.LOGIN_RATE_LIMIT = '10000';
process.env.DIGEST_TIMER = 'off';
process.env.NODE_ENV = 'test';
// The demo year at a fixed moment (see tests/support/test-clock.ts), unless the caller sets another.
process.env.OTMETKA_NOW ||= (await import('../support/test-clock.ts')).TEST_NOW;
process.env.LOG_LEVEL = process.env.E2E_LOG_LEVEL || 'warn';
delete process.env.TRUST_PROXY;

// A real OpenID Connect provider beside the app (tests/e2e/oidc.spec.ts): «Войти через Госуслуги (тест)» on the login page.
const { startTestProvider } = await import('../support/oidc-provider.ts');
const provider = await startTestProvider({
  port: Number(PORT) + 1000, clientId: 'otmetka-e2e', clientSecret: 'otmetka-e2e-secret',
  redirectUris: [`http://127.0.0.1:${PORT}/login/oidc/demo/callback`], snils: { 'demo-parent': '112-233-445 95' },
});
process.env.PUBLIC_URL = `http://127.0.0.1:${PORT}`;
process.env.OIDC_PROVIDERS = JSON.stringify([{
  id: 'demo', name: 'Госуслуги (тест)', issuer: provider.issuer, clientId: 'otmetka-e2e', clientSecret: 'otmetka-e2e-secret',
  scopes: 'openid snils', snilsClaim: 'snils',
}]);

await import('../../src/main.ts');
