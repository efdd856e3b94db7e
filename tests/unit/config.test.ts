import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('defaults to PGlite in ./data for development', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('./data/pglite');
    expect(c.env).toBe('development');
  });

  it('refuses production without DATABASE_URL and SESSION_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required in production[\s\S]*SESSION_SECRET: is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@h/db' })).toThrow(/SESSION_SECRET/);
  });

  it('accepts production with both', () => {
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@h/db', SESSION_SECRET: 's'.repeat(40) });
    expect(c.sessionSecret).toBe('s'.repeat(40));
  });

  it('the archive key: ./data outside production, only ARCHIVE_KEY_FILE in production (a stable path)', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@h/db', SESSION_SECRET: 's'.repeat(40) };
    expect(loadConfig({}).archiveKeyFile).toBe('./data/archive-key.pem');
    expect(loadConfig(prod).archiveKeyFile).toBeUndefined();
    expect(loadConfig({ ...prod, ARCHIVE_KEY_FILE: '/var/lib/otmetka/archive-key.pem' }).archiveKeyFile).toBe('/var/lib/otmetka/archive-key.pem');
  });

  it('refuses a short session secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('backups: ./backups, no second folder, 7 daily, 5 weekly, 12 monthly, the PostgreSQL tools from the PATH; each overridable', () => {
    expect(loadConfig({}).backup).toEqual({
      dir: './backups', copyDir: undefined, keep: { daily: 7, weekly: 5, monthly: 12 }, pgDump: 'pg_dump', pgRestore: 'pg_restore',
    });
    const c = loadConfig({
      BACKUP_DIR: '/var/backups/otmetka', BACKUP_COPY_DIR: '/mnt/usb/otmetka', BACKUP_KEEP_DAILY: '0', BACKUP_KEEP_WEEKLY: '8',
      BACKUP_KEEP_MONTHLY: '24', PG_DUMP: '/usr/lib/postgresql/16/bin/pg_dump', PG_RESTORE: '/usr/lib/postgresql/16/bin/pg_restore',
    });
    expect(c.backup).toEqual({
      dir: '/var/backups/otmetka', copyDir: '/mnt/usb/otmetka', keep: { daily: 0, weekly: 8, monthly: 24 },
      pgDump: '/usr/lib/postgresql/16/bin/pg_dump', pgRestore: '/usr/lib/postgresql/16/bin/pg_restore',
    });
    expect(loadConfig({ BACKUP_COPY_DIR: ' ' }).backup.copyDir).toBeUndefined();
    expect(() => loadConfig({ BACKUP_KEEP_WEEKLY: '-1' })).toThrow(/BACKUP_KEEP_WEEKLY/);
  });
});
