// npm run bench:ab — two checkouts of the app measured side by side in ONE process, request by request in turn (A B, B A,
// A B …), on the database a previous `npm run bench` left filled (`otmetka_bench`). Whatever else the machine is doing
// slows both alike, so the ratio B/A holds steadier than two bench runs minutes apart (on a shared 2-core machine those
// differ by ±40 %). Prints one JSON line per measurement of bench/measurements.ts.
//   DATABASE_URL  the PostgreSQL server (as for npm run bench)
//   BENCH_A       the other checkout's folder, e.g. a `git worktree add --detach /tmp/before <commit>` (required)
//   BENCH_B       this checkout by default
//   BENCH_N       measured requests per page and checkout (default 300); BENCH_ONLY=journal_grid,diary_week picks pages
// Both checkouts serve the same database: it is migrated with B's migrations first, so A must work on that schema.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../src/cli/demo-data.ts';
import { openDatabase, rowsOf } from '../src/db/client.ts';
import { BENCH_DATABASE, databaseUrl, findTargets } from './fill.ts';
import type { Measurement } from './measure.ts';
import { diaryChild, MEASUREMENTS } from './measurements.ts';
import { Sessions } from './session.ts';
import { percentile } from './stats.ts';

type Side = { name: 'A' | 'B'; base: string; close: () => Promise<void>; sessions: Sessions; ms: number[] };

/** Starts checkout `root`'s app on the bench database, as its own code starts it (the app role where it has one). */
async function start(name: Side['name'], root: string, url: string, secret: string): Promise<Side> {
  const { buildApp } = await import(path.join(root, 'src/app.ts'));
  const { loadConfig } = await import(path.join(root, 'src/config.ts'));
  const client = await import(path.join(root, 'src/db/client.ts'));
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: secret, LOG_LEVEL: 'silent', TRUST_PROXY: 'true' });
  const owner = await client.openDatabase({ databaseUrl: url });
  const database = owner.asApp ? await owner.asApp({ password: config.databaseApp?.password }) : owner;
  const app = await buildApp({ config, database, loginRateLimit: 1000 });
  const base = (await app.listen({ host: '127.0.0.1', port: 0 }) as string).replace('localhost', '127.0.0.1');
  const close = async () => { await app.close(); if (database !== owner) await database.close(); await owner.close(); };
  return { name, base, close, sessions: new Sessions(base, DEMO_PASSWORD), ms: [] };
}

async function once(side: Side, m: Measurement): Promise<void> {
  const session = await side.sessions.get(m.as);
  const json = m.json ? { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': session.csrf } : undefined;
  const conn = {};
  const at = performance.now();
  const res = await session.request(json ? 'POST' : 'GET', m.path, json ? JSON.stringify(m.json!.next(conn)) : undefined, json);
  side.ms.push(performance.now() - at);
  m.json?.seen(res.status, res.text, conn);
  if (res.status < 200 || res.status > 299) throw new Error(`bench:ab: ${side.name} ${m.name} answered ${res.status}: ${res.text.slice(0, 200)}`);
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  const rootA = process.env.BENCH_A;
  if (!server || !rootA) {
    console.error('npm run bench:ab: задайте DATABASE_URL и BENCH_A (папка другой версии); база otmetka_bench — от npm run bench.');
    process.exit(2);
  }
  const rootB = path.resolve(process.env.BENCH_B ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const n = Number(process.env.BENCH_N ?? 300);
  const only = process.env.BENCH_ONLY?.split(',');
  const url = databaseUrl(server, BENCH_DATABASE);
  const owner = await openDatabase({ databaseUrl: url });
  await owner.migrate();
  const [school] = rowsOf<{ id: string }>(await owner.db.execute(sql`select id from schools where name = ${DEMO_SCHOOL.name}`));
  if (!school) throw new Error('bench:ab: no demo school in otmetka_bench — run npm run bench first');
  const measurements = MEASUREMENTS(await findTargets(owner.db, school.id), await diaryChild(owner.db, school.id))
    .filter((m) => !only || only.includes(m.name));
  const secret = randomBytes(32).toString('hex'); // one secret: both apps give the app role the same password
  const a = await start('A', path.resolve(rootA), url, secret);
  const b = await start('B', rootB, url, secret);
  try {
    for (const m of measurements) {
      try {
        for (let i = 0; i < 20; i++) for (const s of [a, b]) await once(s, m); // warm-up, not counted
      } catch (err) { // a page one of them does not have yet (a report newer than A)
        console.log(JSON.stringify({ name: m.name, skipped: (err as Error).message.slice(0, 80) }));
        continue;
      }
      a.ms = []; b.ms = [];
      for (let i = 0; i < n; i++) for (const s of i % 2 ? [a, b] : [b, a]) await once(s, m);
      const [pa, pb] = [a.ms, b.ms].map((v) => v.sort((x, y) => x - y));
      const q = (v: number[], p: number) => round(percentile(v, p));
      console.log(JSON.stringify({ name: m.name, a_p50_ms: q(pa!, 0.5), a_p95_ms: q(pa!, 0.95), b_p50_ms: q(pb!, 0.5), b_p95_ms: q(pb!, 0.95),
        ratio_p50: round(q(pb!, 0.5) / q(pa!, 0.5)), ratio_p95: round(q(pb!, 0.95) / q(pa!, 0.95)) }));
    }
  } finally {
    await a.close();
    await b.close();
    await owner.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
