// The process entry: configuration, then one process serving requests (WORKERS=1, and always on PGlite) or a cluster
// (server/cluster.ts): the primary does the once-per-deployment work and forks the workers that serve.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { loadConfig, type Config } from './config.ts';
import { poolSize, workerCount } from './server/rules.ts';
import { runPrimary, runWorker } from './server/cluster.ts';
import { onStopSignals, prepareDatabase, printBanner, serveApp, startHousekeeping } from './server/serve.ts';

/** One process: migrations and the demo seed as the owner, requests as the app's role, the timers beside them. */
async function runSingle(config: Config, pool: number): Promise<void> {
  const prepared = await prepareDatabase(config, pool);
  const { database } = prepared;
  const { app, address } = await serveApp(config, database);
  app.log.info({ seeded: prepared.seeded }, 'migrations applied');
  const stopHousekeeping = startHousekeeping(database, config, app.log);
  printBanner({ address, config, prepared, workers: 1 });

  onStopSignals(async (signal) => {
    app.log.info({ signal }, 'shutting down');
    stopHousekeeping();
    await app.close();
    await database.close();
    process.exit(0);
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const database = config.databaseUrl ? 'postgres' : 'pglite';
  const { workers, warning } = workerCount({ requested: config.workers, env: config.env, cores: availableParallelism(), database });
  const pool = poolSize({ workers, requested: config.databasePoolSize });
  if (cluster.isWorker) return runWorker(config, pool);
  if (warning) console.warn(warning);
  if (workers === 1) return runSingle(config, pool);
  return runPrimary(config, { workers, pool });
}

main().catch((err) => {
  console.error('Не удалось запустить Отметку:', err);
  process.exit(1);
});
