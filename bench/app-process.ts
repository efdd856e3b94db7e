// The app as deployed, in its own process: `node --import tsx src/main.ts` in production mode on a free port, against a
// database the bench prepared (no seed, no digest timer, silent log). The load generator stays in the bench's process,
// so its work is not counted as the server's latency.
//   BENCH_NODE_ARGS  extra node flags for the app, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (a profile per process)
//   BENCH_WORKERS    the app's WORKERS (cluster mode); 1 by default
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type AppProcess = { base: string; child: ChildProcess; stop: () => Promise<void> };

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The session secret every app process of one bench run shares (sessions made by one are valid in another). */
export const BENCH_SECRET = randomBytes(32).toString('hex');

/** Starts `script` (default the app's src/main.ts) with `env` on a free port; resolves once /readyz answers 200. */
export async function startProcess(opts: { script?: string; env: Record<string, string>; name?: string; root?: string }): Promise<AppProcess> {
  const port = await freePort();
  const root = opts.root ?? ROOT;
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', opts.script ?? 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: ${opts.name ?? 'app'} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bench: ${opts.name ?? 'app'} did not answer /readyz within 120 s:\n${output}`);
    }
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { base, child, stop };
}

/** The app on database `url`, production mode, as the bench needs it (logins not rate-limited by the bench's address). */
export function startApp(url: string, extra: Record<string, string> = {}): Promise<AppProcess> {
  const env: Record<string, string> = {
    NODE_ENV: 'production', DATABASE_URL: url, SESSION_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', TRUST_PROXY: 'true',
    SEED_DEMO: 'no', DIGEST_TIMER: 'off', LOGIN_RATE_LIMIT: '100000', ...extra,
  };
  // One process unless asked: the targets are per process (production's default would be one worker per core).
  env.WORKERS = process.env.BENCH_WORKERS || '1';
  return startProcess({ env, name: 'app' });
}
