import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.ts';
import { seedDemo } from './cli/seed-demo.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './cli/demo-data.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { isDatabaseUnavailable } from './db/faults.ts';
import { ambientDb } from './db/tenant.ts';
import { startDigestTimer } from './modules/diary/digest-timer.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // Migrations and the demo seed as the owner of the tables; requests as the app's role (row-level security applies).
  const owner = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await owner.migrate();
  const seed = config.seedDemo === 'yes' || (config.seedDemo === 'auto' && config.env !== 'production');
  const seeded = seed ? await seedDemo(owner.db) : false;
  const database = await owner.asApp({ appUrl: config.databaseApp.url, password: config.databaseApp.password });
  if (owner.kind === 'postgres') await owner.close(); // PGlite: one connection, shared by both handles
  const app = await buildApp({ config, database, loginRateLimit: config.loginRateLimit });
  keepAliveThroughDatabaseFaults(app.log);
  const address = await app.listen({ host: config.host, port: config.port });

  const prune = setInterval(() => {
    app.pgSessionStore.prune().catch((err) => app.log.warn({ err }, 'session prune failed'));
  }, 10 * 60_000);
  prune.unref();
  const stopDigests = config.digestTimer ? startDigestTimer(ambientDb(database.db), config, app.log) : () => {};

  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.log(`\nОтметка запущена: ${address.replace('127.0.0.1', 'localhost')}  (база: ${where})`);
  if (seeded) console.log('Демо-школа создана.');
  if (seed) {
    console.log(`Демо-логины (пароль у всех: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.login.padEnd(14)} ${a.note}`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(prune);
    stopDigests();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Last line of defence: a database fault that escapes as an asynchronous error (a driver's event, a promise nobody
 * awaited) is logged and the process lives on — the pool reconnects by itself. A rejected promise nobody awaited is
 * logged too. Any other uncaught exception leaves the process in an unknown state: logged, then exit(1) for the
 * supervisor to restart it.
 */
function keepAliveThroughDatabaseFaults(log: FastifyBaseLogger): void {
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

main().catch((err) => {
  console.error('Не удалось запустить Отметку:', err);
  process.exit(1);
});
