// npm run bench:crash: the app as a real process (`node --import tsx src/main.ts`) on a fresh PostgreSQL database with the
// demo seeded, the demo teacher saving marks from several «tabs» at once (each unanswered save sent again, as the grid's
// offline queue does). First every backend of the database is terminated twice (57P01): the process must stay alive.
// Then the app is killed with SIGKILL in the middle of the saves and started again. At the end every acknowledged save
// must be in the database with its audit rows. Prints one JSON line per phase; exits 1 if anything was lost.
// Needs DATABASE_URL (a PostgreSQL server); the database CRASH_DATABASE (default otmetka_crash) is dropped and re-created.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '../src/cli/demo-data.ts';
import { seedDemo } from '../src/cli/seed-demo.ts';
import { openDatabase } from '../src/db/client.ts';
import { setClock } from '../src/web/clock.ts';
import { todayIso } from '../src/web/dates.ts';
import { schoolOf } from '../tests/integration/journal-support.ts';
import { terminateBackends } from '../tests/support/pg-admin.ts';
import { checkStorm, SaveStorm, stormCells } from '../tests/support/save-storm.ts';
import { TEST_NOW } from '../tests/support/test-clock.ts';
import { benchServer, freshDatabase } from './fill.ts';
import { Session } from './session.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (from: number) => Math.round(performance.now() - from);

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The app as a child process, its output appended to a log file. */
function startApp(env: NodeJS.ProcessEnv, log: NodeJS.WritableStream): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  return child;
}

async function waitReady(base: string, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await sleep(50);
  }
  throw new Error(`bench:crash: the app did not answer /readyz within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const name = process.env.CRASH_DATABASE || 'otmetka_crash';
  const server = benchServer('npm run bench:crash', name);
  const at = process.env.OTMETKA_NOW || TEST_NOW; // the demo year at a fixed moment, as in the tests
  setClock(at);
  const url = await freshDatabase(server, name);
  const direct = await openDatabase({ databaseUrl: url });
  await direct.migrate();
  await seedDemo(direct.db);
  const school = await schoolOf(direct.db, 'teacher');
  const { cells, since } = await stormCells(direct.db, { schoolId: school, login: 'teacher', today: todayIso(), lessons: 4 });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await mkdir(path.join(ROOT, '.tmp'), { recursive: true });
  const logFile = path.join(ROOT, '.tmp', 'crash-restart-app.log');
  const log = createWriteStream(logFile);
  const env = {
    ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', TRUST_PROXY: 'true',
    SESSION_SECRET: randomBytes(32).toString('hex'), SEED_DEMO: 'no', DIGEST_TIMER: 'off', LOG_LEVEL: 'warn', OTMETKA_NOW: at,
  };
  let child = startApp(env, log);
  let exits = 0;
  const watch = (c: ChildProcess) => c.on('exit', () => { exits++; });
  watch(child);
  await waitReady(base, 60_000);

  const teacher = await Session.login(base, 'teacher', DEMO_PASSWORD);
  await teacher.request('GET', '/');
  const storm = new SaveStorm(cells, async (body) => {
    const r = await teacher.request('POST', '/journal/cells', JSON.stringify(body),
      { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': teacher.csrf });
    return { status: r.status, body: r.text };
  });
  let failed = false;
  try {
    storm.start();
    await sleep(1500);

    // Every backend of the database terminated, twice: the process must live on and the saves go on.
    for (const round of [1, 2]) {
      const t0 = performance.now();
      const terminated = await terminateBackends(server, name);
      await sleep(1500);
      const alive = child.exitCode === null && child.signalCode === null && exits === 0;
      if (!alive) failed = true;
      const line = { name: 'crash_terminate_backends', round, backends_terminated: terminated, process_alive: alive, ...storm.seen(t0) };
      console.log(JSON.stringify(line));
      if (!alive) throw new Error(`bench:crash: the app died when its backends were terminated (see ${logFile})`);
    }

    // kill -9 in the middle of the saves, then the same app started again.
    const acknowledgedBefore = storm.acknowledged;
    const inFlight = storm.inFlight;
    const t0 = performance.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    child = startApp(env, log);
    await waitReady(base, 60_000);
    const restartMs = ms(t0);
    await sleep(2000);
    await storm.stop();
    console.log(JSON.stringify({
      name: 'crash_kill9_restart', saves_acknowledged_before_kill: acknowledgedBefore, saves_in_flight_at_kill: inFlight,
      restart_to_ready_ms: restartMs, ...storm.seen(t0),
    }));
  } finally {
    await storm.stop();
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve(null)));
    log.end();
  }

  const check = await checkStorm(direct.db, school, cells, since);
  await direct.close();
  const ok = !failed && check.lost.length === 0 && check.auditBroken.length === 0 && check.stray.length === 0
    && storm.refused.length === 0 && storm.unanswered === 0;
  console.log(JSON.stringify({
    name: 'crash_check', ok, cells: cells.length, saves_acknowledged: storm.acknowledged,
    acknowledged_unchanged: storm.acknowledgedUnchanged, client_errors: storm.errors(),
    refused: storm.refused.length, unanswered: storm.unanswered, audit_rows: check.auditRows,
    lost: check.lost.length, marks_without_audit: check.auditBroken.length, stray_marks: check.stray.length,
  }));
  if (!ok) {
    const some = { lost: check.lost.slice(0, 5), auditBroken: check.auditBroken.slice(0, 5), refused: storm.refused.slice(0, 5) };
    console.error(JSON.stringify(some));
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
