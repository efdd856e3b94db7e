// One measurement: autocannon at one connection against a running app, as a logged-in person; every response's latency
// recorded (autocannon's own histogram has p97.5 but no p95), printed as one JSON line.
import autocannon, { type Options, type Request, type Result } from 'autocannon';
import type { Session } from './session.ts';

export type Measurement = {
  name: string;
  /** The demo login the requests are made as. */
  as: string;
  path: string;
  /** A JSON POST: the body of each next request, and what each response said (to keep state between requests). */
  json?: { next: () => unknown; seen: (status: number, body: string) => void };
};

export type Line = { name: string; p50_ms: number; p95_ms: number; rps: number; errors: number };

function run(opts: Options, onLatency: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** Checks the request answers 2xx once, warms up for a second, then measures for `seconds`. */
export async function measure(base: string, m: Measurement, session: Session, seconds: number): Promise<Line> {
  const headers: Record<string, string> = { ...session.headers(), accept: 'text/html' };
  const request: Request = { method: 'GET', path: m.path, headers };
  if (m.json) {
    const json = m.json;
    Object.assign(headers, { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': session.csrf });
    Object.assign(request, {
      method: 'POST',
      setupRequest: (req: Request) => ({ ...req, body: JSON.stringify(json.next()) }),
      onResponse: (status: number, body: string) => json.seen(status, body),
    });
  }
  const probe = await session.request(request.method!, m.path, m.json ? JSON.stringify(m.json.next()) : undefined, headers);
  m.json?.seen(probe.status, probe.text);
  if (probe.status < 200 || probe.status > 299) throw new Error(`bench: ${m.name}: ${request.method} ${m.path} answered ${probe.status}: ${probe.text.slice(0, 300)}`);
  const opts = { url: base, connections: 1, pipelining: 1, timeout: 10, requests: [request] };
  await run({ ...opts, duration: 1 }, () => {});
  const latencies: number[] = [];
  const result = await run({ ...opts, duration: seconds }, (ms) => latencies.push(ms));
  latencies.sort((a, b) => a - b);
  return {
    name: m.name, p50_ms: round(percentile(latencies, 0.5)), p95_ms: round(percentile(latencies, 0.95)),
    rps: round(latencies.length / result.duration, 1), errors: result.non2xx + result.errors + result.timeouts,
  };
}
