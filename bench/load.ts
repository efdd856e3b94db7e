// npm run bench:load: the app's pages under concurrent load, side by side with a baseline page (bench/baseline/server.ts:
// fastify + pg + eta rendering 12 rows, the TechEmpower «Fortunes» shape) on the same PostgreSQL database. The app
// (production mode, as deployed: bench/app-process.ts) and the baseline run in processes of their own, the load generator
// (autocannon) in this one. For each page and each number of connections it measures the baseline, then the page, in turn,
// so whatever else the machine does hits both alike; prints one JSON line per measurement:
//   {"name","conc","rps","p50_ms","p95_ms","p99_ms","errors","pct_of_baseline"}
// pct_of_baseline = the page's rps / the baseline's rps just before it × 100 (the baseline's own lines say 100).
//   DATABASE_URL   the PostgreSQL server (as for npm run bench); the database otmetka_bench is filled when it has no demo
//                  school yet (~2–3 min), else re-used. BENCH_FILL=1 fills it afresh; BENCH_KEEP=1 insists on re-using it.
//   BENCH_SECONDS  seconds per measurement (default 8), after a 1-second warm-up at the same connections
//   BENCH_CONNS    the numbers of connections, default 1,16,64
//   BENCH_ONLY     pages by name, e.g. journal_grid,diary_week; default journal_grid, journal_cell_save, diary_week,
//                  login_page (the reports of bench/measurements.ts only when named: they are slow at 64 connections)
import pg from 'pg';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../src/cli/demo-data.ts';
import { openDatabase } from '../src/db/client.ts';
import { startApp, startProcess, type AppProcess } from './app-process.ts';
import { createFortuneTable } from './baseline/fortunes.ts';
import { editableCells } from './cell-saves.ts';
import { BENCH_DATABASE, benchServer, databaseUrl, findTargets, freshDatabase, prepare } from './fill.ts';
import { hammer, type Measurement } from './measure.ts';
import { diaryChild, MEASUREMENTS } from './measurements.ts';
import { Session, Sessions } from './session.ts';
import { loadLine, parseConns } from './stats.ts';

const DEFAULT_PAGES = ['journal_grid', 'journal_cell_save', 'diary_week', 'login_page'];
const LOGIN_PAGE: Measurement = { name: 'login_page', as: null, path: '/login' };
const BASELINE: Measurement = { name: 'baseline', as: null, path: '/fortunes' };

/** Does the bench database exist with the demo school in it (filled by an earlier run)? */
async function hasDemoSchool(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return ((await client.query('select 1 from schools where name = $1', [DEMO_SCHOOL.name])).rowCount ?? 0) > 0;
  } catch {
    return false; // no such database, or not migrated
  } finally {
    await client.end().catch(() => {});
  }
}

/** The pages to measure: BENCH_ONLY's (any of MEASUREMENTS and login_page), else the default four. */
function pagesOf(all: Measurement[], only: string[] | undefined): Measurement[] {
  const names = only ?? DEFAULT_PAGES;
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length) throw new Error(`bench: BENCH_ONLY: no page ${unknown.join(', ')} (pages: ${all.map((m) => m.name).join(', ')})`);
  return all.filter((m) => names.includes(m.name));
}

/** The bench database filled (or re-used), the baseline's table made; the pages with the ids they need. */
async function prepareBench(server: string, conns: number[], only: string[] | undefined) {
  const url = databaseUrl(server, BENCH_DATABASE);
  const keep = process.env.BENCH_FILL !== '1' && (process.env.BENCH_KEEP === '1' || await hasDemoSchool(url));
  const database = await openDatabase({ databaseUrl: keep ? url : await freshDatabase(server) });
  try {
    const { schoolId, line } = await prepare(database, { keep });
    if (line) console.log(JSON.stringify(line));
    const targets = await findTargets(database.db, schoolId);
    const cells = await editableCells(database.db, schoolId, targets, Math.max(...conns));
    const pages = pagesOf([...MEASUREMENTS(targets, await diaryChild(database.db, schoolId), cells), LOGIN_PAGE], only);
    await createFortuneTable(url);
    return { url, pages };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const server = benchServer('npm run bench:load', BENCH_DATABASE);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const conns = parseConns(process.env.BENCH_CONNS);
  const { url, pages } = await prepareBench(server, conns, process.env.BENCH_ONLY?.split(',').map((s) => s.trim()));
  let app: AppProcess | undefined;
  let baseline: AppProcess | undefined;
  const stopBoth = () => Promise.all([app?.stop(), baseline?.stop()]);
  // Stopped from outside (Ctrl+C, kill): the two servers stop too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopBoth().finally(() => process.exit(130)));
  try {
    app = await startApp(url);
    const env = { NODE_ENV: 'production', DATABASE_URL: url };
    baseline = await startProcess({ script: 'bench/baseline/server.ts', env, name: 'baseline' });
    const sessions = new Sessions(app.base, DEMO_PASSWORD);
    const visitor = new Session(baseline.base);
    for (const page of pages) {
      for (const conc of conns) {
        const load = { connections: conc, seconds };
        const base = await hammer(baseline.base, BASELINE, visitor, load);
        console.log(JSON.stringify(loadLine(BASELINE.name, conc, base, base.rps)));
        const s = await hammer(app.base, page, await sessions.get(page.as), load);
        console.log(JSON.stringify(loadLine(page.name, conc, s, base.rps)));
      }
    }
  } finally {
    await stopBoth();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
