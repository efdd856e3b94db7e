// Cluster mode (WORKERS > 1, PostgreSQL only): the primary runs what must happen once per deployment — migrations, the demo
// seed, the banner, the session prune and the digest timer, on a small database handle of its own — and forks the workers;
// each worker opens the app role's pool, builds the app and listens on the same port (node:cluster hands it the
// connections in turn). A worker that dies is started again after a growing delay; SIGTERM/SIGINT to the primary stops
// every worker (each closes its app and pool) and then the primary, with exit code 0.
import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { appRoleUrl } from '../db/app-role.ts';
import { connectionBudget, CRASH_WINDOW_MS, PRIMARY_POOL_SIZE, restartDelay } from './rules.ts';
import { keepAliveThroughDatabaseFaults, onStopSignals, prepareDatabase, printBanner, serveApp, startHousekeeping } from './serve.ts';

/** A worker tells the primary it listens. */
type Listening = { kind: 'otmetka:listening'; address: string };
const isListening = (m: unknown): m is Listening => (m as Listening | null)?.kind === 'otmetka:listening';

/** How long a worker may take to close its app and pool after SIGTERM before it is killed (docker stop waits 10 s). */
const WORKER_GRACE_MS = 8000;

export async function runPrimary(config: Config, plan: { workers: number; pool: number }): Promise<void> {
  const log = pino({ level: config.logLevel, name: 'primary' });
  keepAliveThroughDatabaseFaults(log);
  const budget = connectionBudget({ workers: plan.workers, poolSize: plan.pool });
  if (budget.warning) log.warn({ connections: budget.total }, budget.warning);
  const prepared = await prepareDatabase(config, PRIMARY_POOL_SIZE);
  log.info({ seeded: prepared.seeded }, 'migrations applied');
  const stopHousekeeping = startHousekeeping(prepared.database, config, log);

  const listening = new Set<number>();
  const restarts = new Set<NodeJS.Timeout>();
  let crashes: number[] = [];
  let started = false;
  let closing = false;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (!isListening(m) || started) return;
      listening.add(worker.id);
      if (listening.size < plan.workers) return;
      started = true;
      log.info({ workers: plan.workers, poolSize: plan.pool }, 'all workers listening');
      printBanner({ address: m.address, config, prepared, workers: plan.workers });
    });
  };

  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    for (const timer of restarts) clearTimeout(timer);
    stopHousekeeping();
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => (w ? stopWorker(w) : undefined)));
    await prepared.database.close();
    log.info({ code }, 'stopped');
    process.exit(code);
  };

  cluster.on('exit', (worker, code, signal) => {
    if (closing) return;
    const fields = { workerPid: worker.process.pid, code, signal };
    if (!started) {
      // Failing before every worker listens is a broken start (the port taken, the views missing…), not a crash to ride out.
      log.fatal(fields, 'a worker failed to start');
      void stop(1);
      return;
    }
    const now = Date.now();
    const { delayMs, recent, storm } = restartDelay(crashes, now);
    crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const restart = { ...fields, restartInMs: delayMs, crashesLastMinute: recent };
    if (storm) log.error(restart, 'worker restart storm: workers keep dying, each restart waits longer');
    else log.warn(restart, 'worker died unexpectedly: restarting it');
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!closing) fork();
    }, delayMs);
    restarts.add(timer);
  });

  onStopSignals(async (signal) => {
    log.info({ signal }, 'shutting down');
    await stop(0);
  });
  for (let i = 0; i < plan.workers; i++) fork();
}

/** SIGTERM (the worker closes its app and pool, then exits); SIGKILL if it has not exited within the grace time. */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** A worker: the app role's pool of `pool` connections (the primary has set the role's login), the app, the shared port. */
export async function runWorker(config: Config, pool: number): Promise<void> {
  const url = config.databaseApp.url ?? appRoleUrl(config.databaseUrl!, config.databaseApp.password);
  const database = await openDatabase({ databaseUrl: url, poolMax: pool });
  const { app, address } = await serveApp(config, database);
  app.log.info({ worker: cluster.worker?.id, poolSize: pool }, 'worker listening');
  process.send?.({ kind: 'otmetka:listening', address } satisfies Listening);

  onStopSignals(async (signal) => {
    app.log.info({ signal }, 'worker shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  });
}
