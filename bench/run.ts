// npm run bench: the journal's speed on a realistic school year. Needs DATABASE_URL (a PostgreSQL server; the bench makes
// its own database `otmetka_bench` there, dropping an old one). Seeds the demo, fills every lesson of the year of demo
// school № 1 with marks, attendance, topics and homework, starts the app in its own process (production mode, as deployed:
// bench/app-process.ts) and measures each request of MEASUREMENTS with autocannon at one connection from this process.
// Prints one JSON line for the fill and one per measurement.
// BENCH_SECONDS: seconds per measurement (default 8). BENCH_ONLY=journal_grid,diary_week picks measurements.
// BENCH_KEEP=1 measures the database a previous run filled instead of filling a fresh one.
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { openDatabase } from '../src/db/client.ts';
import { startApp } from './app-process.ts';
import { BENCH_DATABASE, benchServer, databaseUrl, findTargets, freshDatabase, prepare } from './fill.ts';
import { measure } from './measure.ts';
import { diaryChild, MEASUREMENTS } from './measurements.ts';
import { Sessions } from './session.ts';

async function main(): Promise<void> {
  const server = benchServer('npm run bench', BENCH_DATABASE);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const keep = process.env.BENCH_KEEP === '1';
  const url = keep ? databaseUrl(server, BENCH_DATABASE) : await freshDatabase(server);
  const database = await openDatabase({ databaseUrl: url });
  const { schoolId, line } = await prepare(database, { keep });
  if (line) console.log(JSON.stringify(line));
  const targets = await findTargets(database.db, schoolId);
  const child = await diaryChild(database.db, schoolId);
  await database.close();
  const only = process.env.BENCH_ONLY?.split(',');
  const app = await startApp(url);
  try {
    const sessions = new Sessions(app.base, DEMO_PASSWORD);
    for (const m of MEASUREMENTS(targets, child)) {
      if (only && !only.includes(m.name)) continue;
      console.log(JSON.stringify(await measure(app.base, m, await sessions.get(m.as), seconds)));
    }
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
