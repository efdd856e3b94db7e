// One parent's visit on the 1 September peak, over real HTTP with a cookie jar of its own (bench/session.ts):
//   login_page  GET  /login                       200 (the CSRF cookie and token)
//   login       POST /login                       303 → /
//   home        GET  /                            200 (where the app puts a parent after login)
//   diary       GET  /diary/<child>               200 (the child's week)
// A 503 with Retry-After is a refusal, not an error: the parent waits what it says (plus up to a second, as people do
// not all press the button at the same instant) and repeats the step — until the visit has lasted `patienceMs`, when the
// parent gives up (an error). Anything else unexpected (another status, a network error, a request over
// REQUEST_TIMEOUT_MS) ends the visit as an error too.
// The visit's time counts from its scheduled arrival, so a slow load generator does not hide waiting (coordinated omission).
import type { Parent } from './peak-data.ts';
import { percentile } from './stats.ts';
import { Session } from './session.ts';

export type StepName = 'login_page' | 'login' | 'home' | 'diary';
export type Visit = {
  ok: boolean;
  /** From the scheduled arrival to the diary page's last byte (or the failure). */
  ms: number;
  /** Each step's time including refusals and waits, by step. */
  steps: Partial<Record<StepName, number>>;
  /** Every single request's time (ms), refused or not. */
  requests: number[];
  /** The slowest single request: its step and status. */
  slowest: { step: StepName; status: number; ms: number } | null;
  /** 503 answers met (each retried after Retry-After). */
  refused: number;
  error?: string;
};

const REQUEST_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function visit(base: string, parent: Parent, password: string, scheduledAt: number, patienceMs: number): Promise<Visit> {
  const session = new Session(base);
  const v: Visit = { ok: false, ms: 0, steps: {}, requests: [], refused: 0, slowest: null };
  const step = async (name: StepName, method: string, path: string, expect: number, form?: () => Record<string, string>) => {
    const started = performance.now();
    try {
      for (;;) {
        const t = performance.now();
        const headers: Record<string, string> = { accept: 'text/html' };
        if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
        const body = form ? new URLSearchParams({ ...form(), _csrf: session.csrf }).toString() : undefined;
        const res = await session.request(method, path, body, headers, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
        const took = performance.now() - t;
        v.requests.push(took);
        if (!v.slowest || took > v.slowest.ms) v.slowest = { step: name, status: res.status, ms: Math.round(took) };
        const retryAfter = Number(res.headers.get('retry-after'));
        const wait = retryAfter * 1000 + Math.random() * 1000;
        if (res.status === 503 && retryAfter > 0 && performance.now() + wait - scheduledAt < patienceMs) {
          v.refused++;
          await sleep(wait);
          continue;
        }
        const gaveUp = res.status === 503 ? ' (gave up)' : '';
        if (res.status !== expect) throw new Error(`${name}: ${method} ${path} answered ${res.status}${gaveUp}`);
        return res;
      }
    } finally {
      v.steps[name] = performance.now() - started;
    }
  };
  try {
    await step('login_page', 'GET', '/login', 200);
    const login = await step('login', 'POST', '/login', 303, () => ({ login: parent.login, password }));
    await step('home', 'GET', login.headers.get('location') ?? '/', 200);
    await step('diary', 'GET', `/diary/${parent.childId}`, 200);
    v.ok = true;
  } catch (err) {
    v.error = (err as Error).name === 'TimeoutError' ? `request over ${REQUEST_TIMEOUT_MS} ms` : (err as Error).message;
  }
  v.ms = performance.now() - scheduledAt;
  return v;
}

const ms = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** The summary of many visits: served and failed visits, refusals, percentiles of visits, steps and single requests. */
export function summarize(visits: readonly Visit[]) {
  const served = visits.filter((v) => v.ok);
  const visitMs = sorted(served.map((v) => v.ms));
  const stepP95 = (s: StepName) => ms(percentile(sorted(served.map((v) => v.steps[s] ?? 0)), 0.95));
  const requests = sorted(visits.flatMap((v) => v.requests));
  const errors = new Map<string, number>();
  for (const v of visits) {
    if (!v.error) continue;
    const kind = v.error.replace(/[0-9a-f-]{36}/, ':id');
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }
  return {
    visits: visits.length, served: served.length, errors: visits.length - served.length,
    rejected_503: visits.reduce((n, v) => n + v.refused, 0), visits_refused: visits.filter((v) => v.refused > 0).length,
    visit_p50_ms: ms(percentile(visitMs, 0.5)), visit_p95_ms: ms(percentile(visitMs, 0.95)), visit_max_ms: ms(visitMs.at(-1) ?? NaN),
    login_page_p95_ms: stepP95('login_page'), login_p95_ms: stepP95('login'), home_p95_ms: stepP95('home'), diary_p95_ms: stepP95('diary'),
    request_p95_ms: ms(percentile(requests, 0.95)), max_wait_ms: ms(requests.at(-1) ?? NaN),
    max_wait_at: visits.map((v) => v.slowest).reduce((a, b) => (b && (!a || b.ms > a.ms) ? b : a), null),
    ...(errors.size ? { error_kinds: Object.fromEntries([...errors].slice(0, 5)) } : {}),
  };
}
