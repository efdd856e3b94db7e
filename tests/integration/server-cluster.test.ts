// Cluster mode as deployed: `node --import tsx src/main.ts` with WORKERS=2 on a database of its own (a copy of the seeded
// template) and a free port. Which process did what is read off the JSON log lines on stdout (pino puts the pid on every
// line; nothing about processes is ever sent to a client): the primary migrates, starts the digest timer and prints the
// banner once; both workers serve requests; a killed worker is started again; SIGTERM ends every process with code 0.
// PostgreSQL only: on PGlite the app never forks (tests/unit/server-cluster-rules.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../bench/app-process.ts';
import { adminQuery, TEST_APP_ROLE_PASSWORD, testServerUrl, urlForDatabase } from '../support/pg-admin.ts';
import { TEST_NOW } from '../support/test-clock.ts';

const server = testServerUrl();
if (!server) console.log('server-cluster.test.ts: SKIPPED — no PostgreSQL server (set TEST_DATABASE_URL); PGlite runs one process.');

const ROOT = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type LogLine = { pid: number; msg: string; req?: { url?: string }; [k: string]: unknown };

let child: ChildProcess;
let exited: Promise<number | null>;
let base = '';
let dbName = '';
let stdout = '';
const logs: LogLine[] = [];
/** Every line of stdout, the JSON ones and the banner's. */
const banner: string[] = [];

function collect(b: Buffer): void {
  const text = stdout + b.toString();
  const lines = text.split('\n');
  stdout = lines.pop()!; // an unfinished line waits for the rest
  for (const line of lines) {
    banner.push(line);
    if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
  }
}
const withMsg = (msg: string) => logs.filter((l) => l.msg === msg);
const workerPids = () => new Set(withMsg('worker listening').map((l) => l.pid));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms; stdout:\n${banner.join('\n').slice(-3000)}`);
    await sleep(100);
  }
}

/** A GET on a new connection each time (the cluster hands out connections, not requests, in turn). */
function getFresh(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe.skipIf(!server)('cluster mode: WORKERS=2 (PostgreSQL only: set TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    dbName = `otmetka_t_cluster_${randomBytes(6).toString('hex')}`;
    await adminQuery(server!, `create database ${dbName} template ${inject('testTemplates').demo}`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH, NODE_ENV: 'development', WORKERS: '2', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info',
        DATABASE_URL: urlForDatabase(server!, dbName), DATABASE_APP_PASSWORD: TEST_APP_ROLE_PASSWORD, OTMETKA_NOW: TEST_NOW,
        SEED_DEMO: 'auto', DIGEST_TIMER: 'on',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', (b: Buffer) => banner.push(`stderr: ${b.toString()}`));
    await until('the banner', () => banner.some((l) => l.includes('Отметка запущена')), 120_000);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    if (dbName) await adminQuery(server!, `drop database if exists ${dbName} with (force)`);
  });

  it('the primary migrates, starts the digest timer and prints the banner once; two other processes listen', () => {
    const primary = child.pid!;
    expect(withMsg('migrations applied').map((l) => l.pid)).toEqual([primary]);
    expect(withMsg('weekly digest timer started').map((l) => l.pid)).toEqual([primary]);
    expect(withMsg('all workers listening').map((l) => l.pid)).toEqual([primary]);
    const workers = workerPids();
    expect(workers.size).toBe(2);
    expect(workers.has(primary)).toBe(false);
    expect(banner.filter((l) => l.includes('Отметка запущена'))).toEqual([expect.stringContaining('процессов: 2')]);
    expect(banner.filter((l) => l.includes('Демо-логины'))).toHaveLength(1);
  });

  it('requests are served by both workers', async () => {
    const probe = randomBytes(4).toString('hex');
    for (let i = 0; i < 8; i++) expect(await getFresh(`${base}/healthz?probe=${probe}-${i}`)).toBe(200);
    const served = () => logs.filter((l) => l.msg === 'incoming request' && l.req?.url?.includes(probe));
    await until('the request log lines', () => served().length === 8, 5000);
    expect(new Set(served().map((l) => l.pid))).toEqual(workerPids());
  });

  it('a worker that dies is started again, and the others serve meanwhile', async () => {
    const [victim] = [...workerPids()];
    process.kill(victim!, 'SIGKILL');
    const restarted = () => withMsg('worker died unexpectedly: restarting it').find((l) => l.workerPid === victim);
    await until('the restart warning', restarted, 10_000);
    expect(await getFresh(`${base}/readyz`)).toBe(200);
    await until('a third worker', () => workerPids().size === 3, 30_000);
    expect(alive(victim!)).toBe(false);
    expect(banner.filter((l) => l.includes('Отметка запущена'))).toHaveLength(1); // not printed again
    const probe = randomBytes(4).toString('hex');
    for (let i = 0; i < 4; i++) expect(await getFresh(`${base}/healthz?probe=${probe}-${i}`)).toBe(200);
  });

  it('SIGTERM to the primary: each worker closes, then every process has ended with code 0 within a few seconds', async () => {
    const live = [...workerPids()].filter(alive);
    expect(live).toHaveLength(2);
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(new Set(withMsg('worker shutting down').map((l) => l.pid))).toEqual(new Set(live));
    await until('the workers gone', () => live.every((pid) => !alive(pid)), 2000);
  });
});
