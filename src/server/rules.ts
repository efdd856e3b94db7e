// How many processes serve requests, how many connections each keeps, how soon a dead worker is started again: pure rules,
// fed with the configuration and the machine's facts (server/cluster.ts applies them).

export type DatabaseKind = 'postgres' | 'pglite';

/**
 * WORKERS as asked, else the cores in production and 1 elsewhere. PGlite is one in-process connection that a second process
 * cannot share: always 1, with a warning when more were asked.
 */
export function workerCount(o: {
  requested: number | undefined; env: 'development' | 'production' | 'test'; cores: number; database: DatabaseKind;
}): { workers: number; warning?: string } {
  if (o.database === 'pglite') {
    if (o.requested !== undefined && o.requested > 1) {
      const warning = `WORKERS=${o.requested} не действует со встроенной базой PGlite: работает один процесс (задайте DATABASE_URL).`;
      return { workers: 1, warning };
    }
    return { workers: 1 };
  }
  if (o.requested !== undefined) return { workers: o.requested };
  return { workers: o.env === 'production' ? Math.max(1, Math.floor(o.cores)) : 1 };
}

/**
 * The connections all serving processes keep at most together, by default: PostgreSQL's default max_connections is 100;
 * the rest is for the primary's housekeeping (2), the command line, backups, psql and the superuser's reserve (3).
 */
export const APP_CONNECTIONS_BUDGET = 80;
/** One process gains nothing from more: it is one thread, and ten queries in flight keep it busy. */
export const MAX_POOL_PER_PROCESS = 10;
const MIN_POOL_PER_PROCESS = 2;
/** The cluster primary's own handle: the session prune and the digest timer, one run at a time each. */
export const PRIMARY_POOL_SIZE = 2;

/** DATABASE_POOL_SIZE as asked, else the budget shared by the workers: 10 each up to 8 workers, then fewer (at least 2). */
export function poolSize(o: { workers: number; requested: number | undefined }): number {
  if (o.requested !== undefined) return o.requested;
  const share = Math.floor(APP_CONNECTIONS_BUDGET / Math.max(1, o.workers));
  return Math.min(MAX_POOL_PER_PROCESS, Math.max(MIN_POOL_PER_PROCESS, share));
}

/** The connections a deployment may open at once (workers' pools + the primary's); a warning past the budget. */
export function connectionBudget(o: { workers: number; poolSize: number }): { total: number; warning?: string } {
  const total = o.workers * o.poolSize + (o.workers > 1 ? PRIMARY_POOL_SIZE : 0);
  if (total <= APP_CONNECTIONS_BUDGET + PRIMARY_POOL_SIZE) return { total };
  return {
    total,
    warning: `${o.workers} × ${o.poolSize} connections (+ ${PRIMARY_POOL_SIZE}) may exceed PostgreSQL's max_connections (100 by default): `
      + 'lower WORKERS or DATABASE_POOL_SIZE, or raise max_connections',
  };
}

/** Crashes older than this no longer count towards a storm. */
export const CRASH_WINDOW_MS = 60_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** This many crashes within the window is a storm: logged as an error (each restart waits longer anyway). */
export const STORM_CRASHES = 5;

/**
 * A worker died unexpectedly at `now`; `crashes` are the earlier crashes' times. It is started again after 0.5 s, doubling
 * with every crash within the last minute up to 30 s: one crash costs little, a crash loop cannot burn the machine.
 */
export function restartDelay(crashes: readonly number[], now: number): { delayMs: number; recent: number; storm: boolean } {
  const recent = crashes.filter((t) => now - t < CRASH_WINDOW_MS && t <= now).length + 1;
  const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (recent - 1));
  return { delayMs, recent, storm: recent >= STORM_CRASHES };
}

/**
 * What one serving process takes on at once beyond which it answers 503 (web/request-gate.ts, accounts/passwords.ts):
 * requests, twice its database pool (enough to keep every connection and the CPU busy while some requests render, few
 * enough that a request inside rarely waits for a connection); argon2 hashes, its share of the cores (the workers share
 * them, and each has a queue of its own).
 */
export function processLimits(o: { workers: number; pool: number; cores: number }): { requestsAtOnce: number; hashesAtOnce: number } {
  return { requestsAtOnce: 2 * o.pool, hashesAtOnce: Math.max(1, Math.floor(o.cores / Math.max(1, o.workers))) };
}
