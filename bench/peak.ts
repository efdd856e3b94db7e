// npm run bench:peak — the 1 September peak: N parents each load the login page, log in and open their child's diary
// week (bench/peak-visit.ts), arriving evenly spread over W seconds, against the app in its own process (production mode,
// bench/app-process.ts) on a database of the bench's own, `otmetka_peak` (demo + N parent accounts, bench/peak-data.ts).
// Needs DATABASE_URL (a PostgreSQL server). Prints JSON lines: `peak_fill`, then `peak` (the summary).
//   PEAK_N        parents (default 1000)            PEAK_SECONDS  the spread of their arrivals (default 60)
//   PEAK_PATIENCE_S  a parent refused with 503 + Retry-After tries again after it, until the visit has lasted this
//                 long (default 120), then gives up (counted as an error)
//   PEAK_KEEP=1   re-use otmetka_peak from a previous run if there is one (parents missing are added)
//   PEAK_TIMELINE=1  also a `peak_second` line per second (arrivals, in flight, served, 503s, the app's RSS)
//   PEAK_WARMUP   visits before the peak, by other parents of the same database, at 20 a second (default 200; 0: the
//                 peak meets a cold process). On 1 September the app has run before the parents come: its code is
//                 compiled by V8's optimizing compiler, its connections are open and their statements planned. A process
//                 started the second before spent ≈ 40 % more CPU per step of a visit over its first 600 visits than
//                 over the next 600 (session 16). The warm-up's own figures are printed as `peak_warmup`.
// Memory mode, PEAK_MINUTES=M: a steady PEAK_RATE visits a second (default 10: about half of the ~20–25 a second a quiet
// 2-core machine served) for M minutes; the app's RSS (VmRSS of its process) sampled every 10 s as `peak_rss` lines,
// then `peak_memory` (RSS after the first minute of warm-up vs at the end).
import { readdirSync, readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { openDatabase } from '../src/db/client.ts';
import { startApp, type AppProcess } from './app-process.ts';
import { benchServer, databaseExists, databaseUrl, freshDatabase } from './fill.ts';
import { PEAK_DATABASE, preparePeak, type Parent } from './peak-data.ts';
import { summarize, visit, type Visit } from './peak-visit.ts';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`bench:peak: ${name} must be a number`);
  return v;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const print = (line: object) => console.log(JSON.stringify(line));

/** A process's resident set (VmRSS), kB; 0 when it is gone. */
function vmRssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The app's resident set, MB: its process and, in cluster mode (WORKERS > 1), the workers it forked. */
function rssMb(app: AppProcess): number {
  const root = app.child.pid!;
  let kb = vmRssKb(root);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …" — comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root) kb += vmRssKb(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return Math.round(kb / 1024);
}

/** Starts one visit at each of `times` (ms after now, ascending); resolves with them all. */
async function arrivals(app: AppProcess, parents: Parent[], times: number[], patienceMs: number, onDone: (v: Visit) => void) {
  const t0 = performance.now() + 50;
  let lagMax = 0;
  const all = times.map(async (at, i) => {
    const scheduled = t0 + at;
    await sleep(Math.max(0, scheduled - performance.now()));
    lagMax = Math.max(lagMax, performance.now() - scheduled);
    const v = await visit(app.base, parents[i % parents.length]!, DEMO_PASSWORD, scheduled, patienceMs);
    onDone(v);
    return v;
  });
  const visits = await Promise.all(all);
  return { visits, wallMs: performance.now() - t0, generatorLagMaxMs: Math.round(lagMax) };
}

/** Visits by the warm-up's own parents at 20 a second, before the measured peak; prints their summary. */
async function warmUp(app: AppProcess, parents: Parent[], patienceMs: number): Promise<void> {
  if (parents.length === 0) return;
  const r = await arrivals(app, parents, parents.map((_, i) => i * 50), patienceMs, () => {});
  print({ name: 'peak_warmup', ...summarize(r.visits), wall_s: Math.round(r.wallMs / 100) / 10 });
  await sleep(2000);
}

async function peak(app: AppProcess, parents: Parent[], seconds: number, patienceMs: number): Promise<void> {
  const n = parents.length;
  const rssStart = rssMb(app);
  let rssMax = rssStart;
  let done = 0;
  let refused = 0;
  let started = performance.now();
  const timeline = process.env.PEAK_TIMELINE === '1';
  const tick = setInterval(() => {
    const rss = rssMb(app);
    rssMax = Math.max(rssMax, rss);
    const s = Math.round((performance.now() - started) / 1000);
    const arrived = Math.min(n, Math.floor((s * n) / Math.max(seconds, 0.001)));
    if (timeline) print({ name: 'peak_second', s, arrived, in_flight: arrived - done, done, refused_503: refused, rss_mb: rss });
  }, 1000);
  started = performance.now();
  const times = parents.map((_, i) => (i * seconds * 1000) / n);
  const r = await arrivals(app, parents, times, patienceMs, (v) => { done++; refused += v.refused; });
  clearInterval(tick);
  const rssEnd = rssMb(app);
  print({
    name: 'peak', n, seconds, ...summarize(r.visits), wall_s: Math.round(r.wallMs / 100) / 10,
    rss_start_mb: rssStart, rss_end_mb: rssEnd, rss_max_mb: Math.max(rssMax, rssEnd), generator_lag_max_ms: r.generatorLagMaxMs,
  });
}

/**
 * The memory run: a steady rate for `minutes`. The first minute warms the process up (compiled code, V8's heap settling
 * into its size, pools filled): `rss_start_mb` is the sample after it, `rss_cold_mb` the process before any visit.
 */
async function memory(app: AppProcess, parents: Parent[], minutes: number, rate: number, patienceMs: number): Promise<void> {
  const total = Math.round(minutes * 60 * rate);
  const rssCold = rssMb(app);
  const samples: Array<{ t_s: number; rss_mb: number }> = [];
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const sample = setInterval(() => {
    const s = { t_s: Math.round((performance.now() - started) / 1000), rss_mb: rssMb(app) };
    samples.push(s);
    print({ name: 'peak_rss', ...s, visits_done: done, errors });
  }, 10_000);
  const times = Array.from({ length: total }, (_, i) => (i * 1000) / rate);
  const r = await arrivals(app, parents, times, patienceMs, (v) => { done++; if (!v.ok) errors++; });
  clearInterval(sample);
  const rssEnd = rssMb(app);
  const warm = samples.filter((s) => s.t_s >= 60);
  const start = warm[0]?.rss_mb ?? rssCold;
  print({
    name: 'peak_memory', minutes, rate, ...summarize(r.visits), generator_lag_max_ms: r.generatorLagMaxMs,
    rss_cold_mb: rssCold, rss_start_mb: start, rss_end_mb: rssEnd, rss_max_mb: Math.max(rssEnd, ...warm.map((s) => s.rss_mb)),
    rss_end_vs_start: Math.round((rssEnd / start) * 100) / 100,
  });
}

async function main(): Promise<void> {
  const server = benchServer('npm run bench:peak', 'otmetka_peak');
  const n = env('PEAK_N', 1000);
  const seconds = env('PEAK_SECONDS', 60);
  const patienceMs = env('PEAK_PATIENCE_S', 120) * 1000;
  const minutes = env('PEAK_MINUTES', 0);
  const rate = env('PEAK_RATE', 10);
  const warm = minutes > 0 ? 0 : env('PEAK_WARMUP', 200);
  const keep = process.env.PEAK_KEEP === '1' && await databaseExists(server, PEAK_DATABASE);
  const url = keep ? databaseUrl(server, PEAK_DATABASE) : await freshDatabase(server, PEAK_DATABASE);
  const database = await openDatabase({ databaseUrl: url });
  // The warm-up's parents come after the peak's: the peak's first log in during the peak, as on 1 September.
  const prep = await preparePeak(database, n + warm);
  await database.close();
  print({ name: 'peak_fill', parents: prep.parents.length, seed_ms: prep.seedMs, create_ms: prep.createMs });
  const parents = prep.parents.slice(0, n);
  const app = await startApp(url);
  try {
    if (minutes > 0) await memory(app, parents, minutes, rate, patienceMs);
    else {
      await warmUp(app, prep.parents.slice(n), patienceMs);
      await peak(app, parents, seconds, patienceMs);
    }
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
