// Sends a block of payloads as one persona and checks every answer: never a 5xx, a stack trace or English; nothing kept
// in the database for a refused request (the write log after each request, the census around each run of refusals).
import type { Database } from '../../../src/db/client.ts';
import type { Response } from './agent.ts';
import { answerProblems } from './checks.ts';
import type { Payload } from './payloads.ts';
import type { Block } from './plan.ts';
import type { Personas } from './personas.ts';
import { wireOf, wordsOf } from './wire.ts';
import { census, censusDiff, writeMark, writesSince } from './write-log.ts';

const ANSWER_MS = 20_000;

/** Routes that end the persona's session when they succeed. */
const SESSION_ENDERS = new Set(['/logout', '/logout-everywhere']);

/**
 * Writes a refused request may keep, by design: a failed login is recorded (the lockout counts it) — that is the point
 * of /login's refusal; and any request touches its session at most once a minute (the idle limit counts from the last
 * request, refused or not: only `lastSeenAt`/`endsAt` move, see write-log.ts). Nothing else.
 */
function allowedOnRefusal(route: string, write: string): boolean {
  return (route === '/login' && write.startsWith('auth_events INSERT')) || write.startsWith('sessions TOUCH');
}

/** The census lines that may change under a run of refusals, for the same reasons (sessions count only their content). */
const CENSUS_ALLOWED: Record<string, string[]> = { '/login': ['auth_events'] };

/** The persona was logged out, blocked, demoted or sent to change its password by an earlier fuzzed request. */
function lostSession(route: string, res: Response): boolean {
  if (SESSION_ENDERS.has(route) || route === '/login') return false;
  const to = String(res.headers.location ?? '');
  if (res.statusCode === 303 && (to.startsWith('/login') || to.startsWith('/password') || to.startsWith('/select-school'))) return true;
  return res.statusCode === 403 && res.body.includes('<h1>Доступ запрещён</h1>');
}

export class Runner {
  readonly failures: string[] = [];
  readonly statuses = new Map<number, number>();
  /** answers by route and status, «/journal/cells» → «422» → 30 (printed with FUZZ_DEBUG=1) */
  readonly byRoute = new Map<string, Map<number, number>>();
  sent = 0;
  /** milliseconds spent per route (requests and checks), to see where the time goes */
  readonly timeOf = new Map<string, number>();
  private mark = 0;
  /** Latin words of accepted requests: stored, they may show on later pages (a work type named «NaN» is no English). */
  private readonly stored = new Set<string>();
  private lastCensus: { mark: number; value: Record<string, string> } | null = null;
  /** the census the current route is compared with (taken again when a persona had to be revived: those are our writes) */
  private censusBase: Record<string, string> | null = null;

  constructor(private readonly database: Database, private readonly personas: Personas, private readonly tables: string[],
    private readonly seed: string, private readonly useCensus = true) {}

  async start(): Promise<void> {
    this.mark = await writeMark(this.database.db);
  }

  private async censusNow(fresh: boolean): Promise<Record<string, string>> {
    if (!fresh && this.lastCensus?.mark === this.mark) return this.lastCensus.value;
    const value = await census(this.database.db, this.tables);
    this.lastCensus = { mark: this.mark, value };
    return value;
  }

  private fail(block: Block, p: Payload, i: number, res: Response, what: string): void {
    const text = res.body.replace(/\s+/g, ' ').slice(0, 160);
    const request = `POST ${p.path.slice(0, 120)} as ${block.persona} #${i} «${p.label.slice(0, 60)}»`;
    this.failures.push(`[seed ${this.seed}] ${res.statusCode} ${request}: ${what} — ${text}`);
  }

  /** A request that never answers fails the run at once, naming itself (rather than the file's timeout, naming nothing). */
  private async answered(block: Block, p: Payload, i: number, res: Promise<Response>): Promise<Response> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      const what = `[seed ${this.seed}] POST ${p.path} as ${block.persona} #${i} «${p.label}»: no answer in ${ANSWER_MS / 1000} s`;
      timer = setTimeout(() => reject(new Error(what)), ANSWER_MS);
    });
    try {
      return await Promise.race([res, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(block: Block, p: Payload, i: number): Promise<Response> {
    const agent = this.personas.get(block.persona);
    // Fuzzed logins come from addresses of their own: the per-address lockout must not lock the personas out.
    const ip = block.route === '/login' ? `10.1.${(this.sent >> 8) & 255}.${this.sent & 255}` : agent.ip;
    this.sent++;
    const res = await this.answered(block, p, i, agent.send(p.path, wireOf(p, agent.token), ip));
    if (!lostSession(block.route, res)) return res;
    await this.revive(block);
    this.sent++;
    return this.answered(block, p, i, agent.send(p.path, wireOf(p, agent.token), ip));
  }

  /** Puts the persona back (its account as at the start, logged in): the test's own writes, so the census starts again. */
  private async revive(block: Block): Promise<void> {
    await this.personas.revive(block.persona);
    this.mark = await writeMark(this.database.db);
    if (this.censusBase) this.censusBase = await this.censusNow(true);
  }

  /** Sends the block's payloads in order; returns how many were refused (status ≥ 400). */
  async run(block: Block): Promise<number> {
    let refused = 0;
    for (const [i, p] of block.payloads.entries()) {
      const res = await this.send(block, p, i);
      this.statuses.set(res.statusCode, (this.statuses.get(res.statusCode) ?? 0) + 1);
      const mine = this.byRoute.get(block.route) ?? new Map<number, number>();
      this.byRoute.set(block.route, mine.set(res.statusCode, (mine.get(res.statusCode) ?? 0) + 1));
      const { writes, mark } = await writesSince(this.database.db, this.mark);
      this.mark = mark;
      const words = wordsOf(p);
      for (const problem of answerProblems(res, (w) => words.has(w) || this.stored.has(w))) this.fail(block, p, i, res, problem);
      if (p.label === '2 MB' && res.statusCode !== 413) this.fail(block, p, i, res, 'a body over the limit is not 413');
      // Every payload carries the persona's valid token: a refusal as a stale form means the fuzz stopped at the door.
      if (res.statusCode === 403 && res.body.includes('Форма устарела')) this.fail(block, p, i, res, 'the CSRF token was refused');
      if (res.statusCode >= 400) {
        refused++;
        const kept = Object.entries(writes).filter(([w]) => !allowedOnRefusal(block.route, w));
        if (kept.length > 0) this.fail(block, p, i, res, `refused, but kept writes: ${kept.map(([w, n]) => `${w} ×${n}`).join(', ')}`);
      } else {
        for (const w of words) this.stored.add(w);
      }
      if (SESSION_ENDERS.has(block.route) && res.statusCode < 400) await this.revive(block);
    }
    return refused;
  }

  /**
   * The blocks of one route; when every request of them was refused, the census before and after must be the same (an
   * independent check of the write log: a write it missed would show here).
   */
  async runRoute(blocks: readonly Block[]): Promise<void> {
    const started = performance.now();
    try {
      await this.checkedRoute(blocks);
    } finally {
      this.timeOf.set(blocks[0]!.route, performance.now() - started);
    }
  }

  private async checkedRoute(blocks: readonly Block[]): Promise<void> {
    this.censusBase = this.useCensus ? await this.censusNow(false) : null;
    let refused = 0;
    let sent = 0;
    for (const b of blocks) {
      refused += await this.run(b);
      sent += b.payloads.length;
    }
    if (!this.censusBase || refused < sent) return;
    const route = blocks[0]!.route;
    const allowed = CENSUS_ALLOWED[route] ?? [];
    const diff = censusDiff(this.censusBase, await this.censusNow(true)).filter((d) => !allowed.some((t) => d.startsWith(`${t}:`)));
    if (diff.length > 0) {
      this.failures.push(`[seed ${this.seed}] POST ${route}: every request refused, yet the census changed: ${diff.join('; ')}`);
    }
  }
}
