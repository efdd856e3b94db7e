import { buildApp } from './app.ts';
import { seedDemo } from './cli/seed-demo.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './cli/demo-data.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { startDigestTimer } from './modules/diary/digest-timer.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const seed = config.seedDemo === 'yes' || (config.seedDemo === 'auto' && config.env !== 'production');
  const seeded = seed ? await seedDemo(database.db) : false;
  const app = await buildApp({ config, database, loginRateLimit: config.loginRateLimit });
  const address = await app.listen({ host: config.host, port: config.port });

  const prune = setInterval(() => {
    app.pgSessionStore.prune().catch((err) => app.log.warn({ err }, 'session prune failed'));
  }, 10 * 60_000);
  prune.unref();
  const stopDigests = config.digestTimer ? startDigestTimer(database.db, config, app.log) : () => {};

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

main().catch((err) => {
  console.error('Не удалось запустить Отметку:', err);
  process.exit(1);
});
