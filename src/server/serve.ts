// What a process of the app does, in pieces the single process (main.ts) and cluster mode (server/cluster.ts) share:
// the one-per-deployment work (migrations, the demo seed, the timers, the banner) and the serving of requests.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { seedDemo } from '../cli/seed-demo.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../cli/demo-data.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/faults.ts';
import { ambientDb } from '../db/tenant.ts';
import { startDigestTimer } from '../modules/diary/digest-timer.ts';
import { startAlertsTimer } from '../modules/alerts/timer.ts';
import { PgSessionStore } from '../web/session-store.ts';

export type Prepared = {
  /** The app role's handle (row-level security applies). */
  database: Database;
  /** The demo logins are printed. */
  seed: boolean;
  /** The demo school was created just now. */
  seeded: boolean;
};

/**
 * Once per deployment, as the owner of the tables: migrations and the demo seed; then the app role's handle (its login and
 * password set on the way). PostgreSQL: the owner's pool is closed; PGlite: one connection, shared by both handles.
 */
export async function prepareDatabase(config: Config, poolMax: number): Promise<Prepared> {
  const owner = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await owner.migrate();
  const seed = config.seedDemo === 'yes' || (config.seedDemo === 'auto' && config.env !== 'production');
  const seeded = seed ? await seedDemo(owner.db) : false;
  const database = await owner.asApp({ appUrl: config.databaseApp.url, password: config.databaseApp.password, poolMax });
  if (owner.kind === 'postgres') await owner.close();
  return { database, seed, seeded };
}

/** The app on `database`, listening on HOST:PORT (in a cluster worker the port is the primary's, shared). */
export async function serveApp(config: Config, database: Database): Promise<{ app: FastifyInstance; address: string }> {
  const app = await buildApp({ config, database, loginRateLimit: config.loginRateLimit });
  keepAliveThroughDatabaseFaults(app.log);
  const address = await app.listen({ host: config.host, port: config.port });
  return { app, address };
}

/** The session prune (every 10 minutes), the weekly digest timer and the family alerts timer: once per deployment. Returns the function that stops them. */
export function startHousekeeping(database: Database, config: Config, log: FastifyBaseLogger): () => void {
  const store = new PgSessionStore(ambientDb(database.db));
  const prune = setInterval(() => {
    store.prune().catch((err: unknown) => log.warn({ err }, 'session prune failed'));
  }, 10 * 60_000);
  prune.unref();
  const stopDigests = config.digestTimer ? startDigestTimer(ambientDb(database.db), config, log) : () => {};
  if (config.digestTimer) log.info('weekly digest timer started');
  const stopAlerts = config.alertsTimer ? startAlertsTimer(ambientDb(database.db), config, log) : () => {};
  return () => {
    clearInterval(prune);
    stopDigests();
    stopAlerts();
  };
}

/** «Отметка запущена: …» and, with the demo, its logins: printed once per deployment. */
export function printBanner(o: { address: string; config: Config; prepared: Prepared; workers: number }): void {
  const where = o.config.databaseUrl ? 'PostgreSQL' : `PGlite (${o.config.dataDir})`;
  const processes = o.workers > 1 ? `, процессов: ${o.workers}` : '';
  console.log(`\nОтметка запущена: ${o.address.replace('127.0.0.1', 'localhost')}  (база: ${where}${processes})`);
  if (o.prepared.seeded) console.log('Демо-школа создана.');
  if (o.prepared.seed) {
    console.log(`Демо-логины (пароль у всех: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.login.padEnd(14)} ${a.note}`);
  }
}

/** SIGINT and SIGTERM run `close` once (a second signal while closing does nothing). */
export function onStopSignals(close: (signal: string) => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    void close(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Last line of defence: a database fault that escapes as an asynchronous error (a driver's event, a promise nobody
 * awaited) is logged and the process lives on — the pool reconnects by itself. A rejected promise nobody awaited is
 * logged too. Any other uncaught exception leaves the process in an unknown state: logged, then exit(1) for the
 * supervisor to restart it (in cluster mode the primary restarts the worker).
 */
export function keepAliveThroughDatabaseFaults(log: FastifyBaseLogger): void {
  process.on('unhandledRejection', (err) => {
    if (isDatabaseUnavailable(err)) log.warn({ err }, 'database unavailable (unhandled rejection)');
    else log.error({ err }, 'unhandled rejection');
  });
  process.on('uncaughtException', (err) => {
    if (isDatabaseUnavailable(err)) {
      log.warn({ err }, 'database unavailable (uncaught)');
      return;
    }
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
