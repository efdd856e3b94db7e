// Cluster mode's gain: the parent's diary week at 16 connections, the app with 1 worker and with 2, in turns (1,2,1,2 by
// default) so a noisy machine shows its spread. Runs on the database `npm run bench` filled (otmetka_bench; it must exist,
// nothing is refilled). Prints one JSON line per run. Until `npm run bench:load` measures this, a small stand-in.
//   DATABASE_URL      the PostgreSQL server (as for npm run bench)
//   BENCH_SECONDS     seconds per run after a second of warm-up (default 5)
//   BENCH_CONNECTIONS connections (default 16)
//   BENCH_RUNS        the worker counts in turn (default 1,2,1,2)
import autocannon, { type Request, type Result } from 'autocannon';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { openDatabase } from '../src/db/client.ts';
import { startApp } from './app-process.ts';
import { BENCH_DATABASE, databaseUrl, prepare } from './fill.ts';
import { percentile } from './measure.ts';
import { diaryChild } from './measurements.ts';
import { Session } from './session.ts';

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function load(base: string, request: Request, connections: number, seconds: number) {
  const latencies: number[] = [];
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({ url: base, connections, pipelining: 1, timeout: 10, duration: seconds, requests: [request] },
      (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: round(latencies.length / result.duration), p50_ms: round(percentile(latencies, 0.5)), p95_ms: round(percentile(latencies, 0.95)),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('bench/workers.ts: set DATABASE_URL to the PostgreSQL server of otmetka_bench');
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
  const runs = (process.env.BENCH_RUNS ?? '1,2,1,2').split(',').map(Number);
  const url = databaseUrl(server, BENCH_DATABASE);
  const database = await openDatabase({ databaseUrl: url });
  const { schoolId } = await prepare(database, { keep: true });
  const child = await diaryChild(database.db, schoolId);
  await database.close();
  for (const workers of runs) {
    const app = await startApp(url, { WORKERS: String(workers) });
    try {
      const parent = await Session.login(app.base, 'parent', DEMO_PASSWORD);
      const request: Request = { method: 'GET', path: `/diary/${child}`, headers: { ...parent.headers(), accept: 'text/html' } };
      const probe = await parent.request('GET', request.path!);
      if (probe.status !== 200) throw new Error(`bench/workers.ts: the diary answered ${probe.status}`);
      await load(app.base, request, connections, 1);
      console.log(JSON.stringify({ name: 'diary_week', workers, connections, ...(await load(app.base, request, connections, seconds)) }));
    } finally {
      await app.stop();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
