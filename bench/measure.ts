// One measurement: autocannon against a running server (the app or the baseline) at a number of connections, as a
// logged-in person or anonymously; every response's latency recorded (autocannon's own histogram has p97.5 but no p95),
// summed up by bench/stats.ts. `npm run bench` measures at one connection, `npm run bench:load` at several.
import autocannon, { type Options, type Request, type Result } from 'autocannon';
import type { Session } from './session.ts';
import { runLine, summarize, type Line, type Stats } from './stats.ts';

/** A JSON POST's bodies, with the state they need kept per request in flight (see bench/cell-saves.ts). */
export type JsonRequests = {
  /** The body of a connection's next request; `conn` is autocannon's context of this request, handed back to `seen`. */
  next: (conn: Record<string, unknown>) => unknown;
  /** What the answer to the request of `conn` said. */
  seen: (status: number, body: string, conn: Record<string, unknown>) => void;
  /** Before each run: a run stops with requests unanswered, their state is free again (the next save heals it). */
  reset: () => void;
  /** The most connections it serves without two of them writing the same thing; each is probed once before measuring. */
  capacity: number;
};

export type Measurement = {
  name: string;
  /** The demo login the requests are made as; null: anonymous (no cookies). */
  as: string | null;
  path: string;
  json?: JsonRequests;
};

export type Load = { connections: number; seconds: number };

function run(opts: Options, onLatency: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

/** The autocannon request of a measurement, with the person's headers (and, for JSON, a body per request from `json`). */
function requestOf(m: Measurement, session: Session): { request: Request; headers: Record<string, string> } {
  const headers: Record<string, string> = { ...session.headers(), accept: 'text/html' };
  const request: Request = { method: 'GET', path: m.path, headers };
  if (m.json) {
    const json = m.json;
    Object.assign(headers, { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': session.csrf });
    Object.assign(request, {
      method: 'POST',
      // autocannon hands this request's context to onResponse; it gives a fresh one to each next request.
      setupRequest: (req: Request, conn: Record<string, unknown>) => ({ ...req, body: JSON.stringify(json.next(conn)) }),
      onResponse: (status: number, body: string, conn: Record<string, unknown>) => json.seen(status, body, conn),
    });
  }
  return { request, headers };
}

/** Every request answers 2xx once (each state of a JSON POST: every cell it writes), one at a time. */
async function probe(m: Measurement, session: Session, request: Request, headers: Record<string, string>): Promise<void> {
  m.json?.reset();
  for (let i = 0; i < (m.json?.capacity ?? 1); i++) {
    const conn = {};
    const res = await session.request(request.method!, m.path, m.json ? JSON.stringify(m.json.next(conn)) : undefined, headers);
    m.json?.seen(res.status, res.text, conn);
    if (res.status < 200 || res.status > 299) {
      throw new Error(`bench: ${m.name}: ${request.method} ${m.path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    }
  }
}

/** Probes, warms up for a second, then measures for `seconds` at `connections` (each with one request in flight). */
export async function hammer(base: string, m: Measurement, session: Session, load: Load): Promise<Stats> {
  if (m.json && load.connections > m.json.capacity) {
    throw new Error(`bench: ${m.name} serves at most ${m.json.capacity} connections, not ${load.connections}`);
  }
  const { request, headers } = requestOf(m, session);
  await probe(m, session, request, headers);
  const opts = { url: base, connections: load.connections, pipelining: 1, timeout: 10, requests: [request] };
  m.json?.reset();
  await run({ ...opts, duration: 1 }, () => {});
  m.json?.reset();
  const latencies: number[] = [];
  const result = await run({ ...opts, duration: load.seconds }, (ms) => latencies.push(ms));
  return summarize({ latencies, seconds: result.duration, errors: result.non2xx + result.errors + result.timeouts });
}

/** `npm run bench`'s measurement: one connection, its line. */
export async function measure(base: string, m: Measurement, session: Session, seconds: number): Promise<Line> {
  return runLine(m.name, await hammer(base, m, session, { connections: 1, seconds }));
}
