// npm run bench:cpu — what a page costs in CPU, two checkouts side by side: the app process's CPU time and PostgreSQL's
// (all its processes) per request, read from /proc around each measurement, while the page is loaded at 16 connections.
// On a shared machine throughput wanders by ±30 % from one minute to the next; CPU time per request wanders far less,
// and it is what decides throughput once the cores are full. The two apps are measured in turn (A B, B A, …) on the
// database a previous `npm run bench` left filled (`otmetka_bench`), migrated with B's migrations (A must work on them).
// Prints one JSON line per page and checkout: {"name","app","rounds","app_cpu_ms","pg_cpu_ms","total_cpu_ms","rps"}
// (medians over the rounds), then one line per page with the ratio B/A of the total.
//   DATABASE_URL  the PostgreSQL server (as for npm run bench), on this machine: every process whose command line starts
//                 with «postgres» is counted as its (Linux only: it reads /proc). Both apps run one process (WORKERS=1).
//   BENCH_A       the other checkout's folder (a `git worktree add --detach /tmp/before <commit>`); without it, B alone
//   BENCH_ROUNDS  rounds per page (default 4); BENCH_SECONDS per measurement (default 4); BENCH_CONNS (default 16)
//   BENCH_ONLY    pages by name (default journal_grid, journal_cell_save, diary_week)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { openDatabase } from '../src/db/client.ts';
import { startApp, startProcess, BENCH_SECRET, type AppProcess } from './app-process.ts';
import { editableCells } from './cell-saves.ts';
import { BENCH_DATABASE, benchServer, databaseUrl, findTargets, prepare } from './fill.ts';
import { hammer, type Measurement } from './measure.ts';
import { diaryChild, MEASUREMENTS } from './measurements.ts';
import { Sessions } from './session.ts';

const TICK_MS = 1000 / 100; // USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second on Linux

/** utime + stime of one process, in ms (0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of every PostgreSQL process by pid (the server's children: backends, WAL writer, checkpointer…). */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue;
    }
    out.set(Number(name), cpuOf(Number(name)));
  }
  return out;
}

/** PostgreSQL's CPU ms between two readings: processes present in both, and the new ones counted whole. */
function pgDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round2 = (x: number) => Math.round(x * 100) / 100;

type Side = { name: 'A' | 'B'; app: AppProcess; sessions: Sessions };
type Sample = { app: number; pg: number; rps: number };

async function sample(side: Side, m: Measurement, connections: number, seconds: number): Promise<Sample> {
  const session = await side.sessions.get(m.as);
  const pid = side.app.child.pid!;
  // hammer warms up for a second first; the CPU of that second is counted and so are its requests (rps × (seconds + 1)
  // would overcount them), so the reading starts after a warm-up of our own.
  await hammer(side.app.base, m, session, { connections, seconds: 1 });
  const app0 = cpuOf(pid);
  const pg0 = postgresCpu();
  const stats = await hammer(side.app.base, m, session, { connections, seconds });
  const requests = stats.rps * seconds * (1 + 1 / seconds); // the measured seconds and hammer's own warm-up second
  if (stats.errors > 0) throw new Error(`bench: ${m.name} on ${side.name}: ${stats.errors} errors`);
  return { app: (cpuOf(pid) - app0) / requests, pg: pgDelta(pg0, postgresCpu()) / requests, rps: stats.rps };
}

async function main(): Promise<void> {
  const server = benchServer('npm run bench:cpu', BENCH_DATABASE);
  const url = databaseUrl(server, BENCH_DATABASE);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const connections = Number(process.env.BENCH_CONNS ?? 16);
  const only = process.env.BENCH_ONLY?.split(',') ?? ['journal_grid', 'journal_cell_save', 'diary_week'];
  const database = await openDatabase({ databaseUrl: url });
  let pages: Measurement[];
  try {
    const { schoolId } = await prepare(database, { keep: true });
    const targets = await findTargets(database.db, schoolId);
    const cells = await editableCells(database.db, schoolId, targets, connections);
    pages = MEASUREMENTS(targets, await diaryChild(database.db, schoolId), cells).filter((m) => only.includes(m.name));
  } finally {
    await database.close();
  }
  const sides: Side[] = [];
  try {
    process.env.BENCH_WORKERS = '1'; // only the app's main process is read
    const b = await startApp(url); // B first: it migrates the database
    sides.push({ name: 'B', app: b, sessions: new Sessions(b.base, DEMO_PASSWORD) });
    if (process.env.BENCH_A) {
      const root = path.resolve(process.env.BENCH_A);
      const env = { NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', TRUST_PROXY: 'true',
        SEED_DEMO: 'no', DIGEST_TIMER: 'off', LOGIN_RATE_LIMIT: '100000', WORKERS: '1' };
      const a = await startProcess({ env, name: 'app A', root });
      sides.unshift({ name: 'A', app: a, sessions: new Sessions(a.base, DEMO_PASSWORD) });
    }
    for (const m of pages) {
      const samples = new Map<string, Sample[]>(sides.map((s) => [s.name, []]));
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) samples.get(side.name)!.push(await sample(side, m, connections, seconds));
      }
      const totals = new Map<string, number>();
      for (const side of sides) {
        const s = samples.get(side.name)!;
        const total = median(s.map((x) => x.app + x.pg));
        totals.set(side.name, total);
        console.log(JSON.stringify({
          name: m.name, app: side.name, rounds, app_cpu_ms: round2(median(s.map((x) => x.app))), pg_cpu_ms: round2(median(s.map((x) => x.pg))),
          total_cpu_ms: round2(total), rps: Math.round(median(s.map((x) => x.rps))),
        }));
      }
      if (totals.has('A')) console.log(JSON.stringify({ name: m.name, ratio_total_b_to_a: round2(totals.get('B')! / totals.get('A')!) }));
    }
  } finally {
    await Promise.all(sides.map((s) => s.app.stop()));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
