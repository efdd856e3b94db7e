import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SchoolTx } from './pg-school-tx.ts';
import * as schema from './schema.ts';

/** One database type for PostgreSQL (node-postgres) and PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed drizzle-kit migrations; re-running is a no-op. */
  migrate(): Promise<void>;
  /** true when the database answers a trivial query within two seconds. */
  ping(): Promise<boolean>;
  /** PostgreSQL only: opens a school's transaction in one round trip (db/pg-school-tx.ts); elsewhere drizzle's transaction(). */
  openSchoolTx?: (schoolId: string, opts?: { customPlans?: boolean }) => Promise<SchoolTx>;
  /** PostgreSQL only: LISTEN on `channel` over a connection of its own, reconnecting by itself (db/listen.ts). */
  listen?: (channel: string, on: { message(payload: string): void; state(listening: boolean): void }) => import('./listen.ts').Listener;
  /** PostgreSQL only: the pool's clients (all, idle) and the requests waiting for one. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (a migrated template for tests). */
  dump?: () => Promise<Blob>;
  /**
   * The same database as the application's role `otmetka_app` (owns nothing, not a superuser, row-level security
   * applies): what the app serves requests with. This handle is the owner's, for migrations, seeding and the CLI.
   */
  asApp(opts?: AppRoleOptions): Promise<Database>;
};

export type AppRoleOptions = {
  /** A URL to log in as the app's role as it is (the operator manages the role's login and password). */
  appUrl?: string | undefined;
  /** The password to give the role (ALTER ROLE … LOGIN PASSWORD) and log in with; without it, trust authentication. */
  password?: string | undefined;
  /** false: the role already logs in (tests: the global setup did it once). */
  setLogin?: boolean;
  /** PostgreSQL: the app handle's pool size (default: the owner handle's). */
  poolMax?: number;
};

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../migrations');

/** How long a request waits for a new connection while the server is down or silent before it answers 503. */
export const CONNECT_TIMEOUT_MS = 5000;
const PING_TIMEOUT_MS = 2000;

export async function openDatabase(opts: {
  databaseUrl?: string | undefined; dataDir?: string | undefined; loadDataDir?: Blob; connectTimeoutMs?: number;
  /** PostgreSQL: connections this handle keeps at most (default 10). */
  poolMax?: number | undefined;
}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, opts.poolMax);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

/** Resolves false after `ms` unless the check has answered. */
function withinMs(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** PostgreSQL through a pool that survives restarts and cut connections (see db/pool.ts). */
async function openPostgres(url: string, connectTimeoutMs: number, poolMax: number | undefined): Promise<Database> {
  const { createPool } = await import('./pool.ts');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = createPool(url, connectTimeoutMs, poolMax);
  const db = drizzle(pool, { schema });
  const { appRoleUrl, letAppRoleLogIn } = await import('./app-role.ts');
  const { schoolTxOpener } = await import('./pg-school-tx.ts');
  const { listen } = await import('./listen.ts');
  return {
    listen: (channel, on) => listen(url, channel, on),
    asApp: async (o = {}) => {
      if (!o.appUrl && o.setLogin !== false) await letAppRoleLogIn(pool, o.password);
      return openPostgres(o.appUrl ?? appRoleUrl(url, o.password), connectTimeoutMs, o.poolMax ?? poolMax);
    },
    db: db as unknown as Db,
    kind: 'postgres',
    openSchoolTx: schoolTxOpener(pool, db as unknown as Db),
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: () => withinMs(pool.query('select 1').then(() => true, () => false), PING_TIMEOUT_MS),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

/**
 * dataDir undefined → in-memory (tests); otherwise file-backed in that folder.
 * loadDataDir: a tarball from dumpDataDir (tests start from a migrated template).
 */
async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  await client.waitReady;
  const db = drizzle(client, { schema });
  const { pgliteAsAppRole } = await import('./app-role.ts');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
  };
  const self: Database = {
    asApp: async () => ({ ...self, db: drizzle({ client: pgliteAsAppRole(client) as unknown as typeof client, schema }) as unknown as Db, asApp: () => self.asApp() }),
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close,
    dump: () => client.dumpDataDir('gzip'),
  };
  return self;
}

/** Rows of a raw `db.execute(sql…)` on node-postgres ({ rows }) and PGlite alike (prefer typed queries; this is for raw SQL). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows?: T[] }).rows ?? (result as T[]);
}
