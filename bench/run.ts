// npm run bench: the journal's speed on a realistic school year. Needs DATABASE_URL (a PostgreSQL server; the bench makes
// its own database `otmetka_bench` there, dropping an old one). Seeds the demo, fills every lesson of the year of demo
// school № 1 with marks, attendance, topics and homework, starts the app in this process and measures each request of
// MEASUREMENTS with autocannon at one connection. Prints one JSON line for the fill and one per measurement.
// BENCH_SECONDS: seconds per measurement (default 8).
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { findTargets, freshDatabase, prepare } from './fill.ts';
import { measure } from './measure.ts';
import { diaryChild, MEASUREMENTS } from './measurements.ts';
import { Session } from './session.ts';

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    console.error('npm run bench: задайте DATABASE_URL — сервер PostgreSQL (бенчмарк создаёт на нём базу otmetka_bench).\n'
      + 'npm run bench: set DATABASE_URL to a PostgreSQL server (the bench creates the database otmetka_bench on it).\n'
      + 'Например / e.g.: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
    process.exit(2);
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const url = await freshDatabase(server);
  const database = await openDatabase({ databaseUrl: url });
  const { schoolId, line } = await prepare(database);
  console.log(JSON.stringify(line));
  const targets = await findTargets(database.db, schoolId);
  const child = await diaryChild(database.db, schoolId);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true' });
  const app = await buildApp({ config, database: await database.asApp({ password: config.databaseApp.password }), loginRateLimit: 1000 });
  const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  try {
    const sessions = new Map<string, Session>();
    for (const m of MEASUREMENTS(targets, child)) {
      const session = sessions.get(m.as) ?? await Session.login(base, m.as, DEMO_PASSWORD);
      sessions.set(m.as, session);
      console.log(JSON.stringify(await measure(base, m, session, seconds)));
    }
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
