// Logged-in sessions and their accounts' facts kept in memory, so a request of a logged-in person reads neither from the
// database (PostgreSQL only; the session store falls back to one statement per request without it). Every change that
// could make a kept copy stale is announced by the database itself at commit (migration 0015, channel `otmetka_auth`)
// to every app process, which drops the copy. While this process does not listen — not yet connected, or the
// connection lost — nothing is kept and nothing is served from memory. A copy is also dropped after MAX_AGE_MS.
// Also kept: each account's family as the diary reads it (its children, their classes, which school) — announced as `f`
// when students, their guardians' links or class memberships change (migration 0024), by `*` and by the account's `a:`.
import type { AccountFacts } from '../modules/accounts/queries.ts';
import type { DiaryChild } from '../modules/diary/access.ts';

/** The most a kept copy is trusted, even with no announcement (a safety net, not the mechanism). */
export const MAX_AGE_MS = 60_000;
/** Sessions kept at most (the oldest go first). */
const MAX_SESSIONS = 50_000;

type KeptSession = { json: string; expiresAt: number; at: number };
type KeptFacts = { facts: AccountFacts; at: number };
type KeptFamily = { day: string; children: readonly DiaryChild[]; at: number };

/**
 * A read started at `seq` (at time `at`) may be kept only if nothing about its key was announced since — and only while
 * the announcements are still remembered (MAX_AGE_MS): an older ticket is refused.
 */
export type ReadTicket = { seq: number; at: number };

export class AuthCache {
  private readonly sessions = new Map<string, KeptSession>();
  private readonly facts = new Map<string, KeptFacts>();
  /** Per account, for one day (a class membership depends on the day; another day replaces it): the children. */
  private readonly families = new Map<string, KeptFamily>();
  /** Announcements counted; per key, the count at its last announcement (pruned after MAX_AGE_MS). */
  private seq = 0;
  private flushedAt = 0;
  /** The count at the last `f` (families changed somewhere). */
  private familiesFlushedAt = 0;
  private readonly touched = new Map<string, { seq: number; at: number }>();
  private listening = false;
  /** Sessions served from memory, and read from the database (for tests and the curious). */
  readonly counts = { hits: 0, misses: 0, familyHits: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** Is this process listening (copies may be kept and served)? */
  get active(): boolean {
    return this.listening;
  }

  /** The listener connected (true) or lost (false): either way nothing kept before is trusted. */
  setListening(on: boolean): void {
    this.listening = on;
    this.flushAll();
  }

  /** One announcement of channel otmetka_auth. */
  announce(payload: string): void {
    if (payload === '*') {
      this.flushAll();
      return;
    }
    if (payload === 'f') {
      this.seq++;
      this.familiesFlushedAt = this.seq;
      this.families.clear();
      return;
    }
    const key = payload.slice(0, 2) === 's:' || payload.slice(0, 2) === 'a:' ? payload : null;
    if (!key) {
      this.flushAll(); // unknown: be safe
      return;
    }
    this.seq++;
    const at = this.now();
    this.touched.delete(key);
    this.touched.set(key, { seq: this.seq, at });
    for (const [k, t] of this.touched) {
      if (at - t.at < MAX_AGE_MS) break;
      this.touched.delete(k);
    }
    if (key.startsWith('s:')) this.sessions.delete(key.slice(2));
    else {
      this.facts.delete(key.slice(2));
      this.families.delete(key.slice(2));
    }
  }

  /** Before reading from the database: the ticket to keep what is read. */
  ticket(): ReadTicket {
    return { seq: this.seq, at: this.now() };
  }

  /** The kept session `sid`: its stored data, parsed afresh (a request may change its copy). Its account's facts: accountFacts. */
  session(sid: string): unknown {
    if (!this.listening) return undefined;
    const s = this.sessions.get(sid);
    const now = this.now();
    if (s && (now - s.at >= MAX_AGE_MS || s.expiresAt <= now)) this.sessions.delete(sid);
    else if (s) {
      this.counts.hits++;
      return JSON.parse(s.json) as unknown;
    }
    this.counts.misses++;
    return undefined;
  }

  accountFacts(accountId: string): AccountFacts | undefined {
    if (!this.listening) return undefined;
    const f = this.facts.get(accountId);
    if (!f) return undefined;
    if (this.now() - f.at >= MAX_AGE_MS) {
      this.facts.delete(accountId);
      return undefined;
    }
    return f.facts;
  }

  /**
   * Keeps a session read from the database, or just inserted into it, under `ticket` (unless announced since).
   * `expiresAt`: ms since the epoch.
   */
  keepSession(ticket: ReadTicket, sid: string, v: { data: unknown; expiresAt: number }): void {
    if (!this.fresh(ticket, `s:${sid}`)) return;
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.delete(sid);
    this.sessions.set(sid, { json: JSON.stringify(v.data), expiresAt: v.expiresAt, at: this.now() });
  }

  keepFacts(ticket: ReadTicket, facts: AccountFacts): void {
    if (!this.fresh(ticket, `a:${facts.id}`)) return;
    if (this.facts.size >= MAX_SESSIONS) this.facts.clear();
    this.facts.set(facts.id, { facts, at: this.now() });
  }

  /** The account's children as the diary read them on `day` (diary/access.ts diaryChildren), if kept. */
  family(accountId: string, day: string): readonly DiaryChild[] | undefined {
    if (!this.listening) return undefined;
    const f = this.families.get(accountId);
    if (!f || f.day !== day) return undefined;
    if (this.now() - f.at >= MAX_AGE_MS) {
      this.families.delete(accountId);
      return undefined;
    }
    this.counts.familyHits++;
    return f.children;
  }

  keepFamily(ticket: ReadTicket, accountId: string, day: string, children: readonly DiaryChild[]): void {
    if (!this.fresh(ticket, `a:${accountId}`) || this.familiesFlushedAt > ticket.seq) return;
    if (this.families.size >= MAX_SESSIONS) this.families.clear();
    this.families.delete(accountId); // re-inserted last: the map stays in the order of keeping
    this.families.set(accountId, { day, children, at: this.now() });
  }

  /** This process changed or ended the session: its copy goes now (the announcement follows at commit). */
  dropSession(sid: string): void {
    this.sessions.delete(sid);
  }

  private fresh(ticket: ReadTicket, key: string): boolean {
    // The announcements about a key are forgotten after MAX_AGE_MS: a ticket older than that cannot be checked.
    return this.listening && this.now() - ticket.at < MAX_AGE_MS && this.flushedAt <= ticket.seq
      && (this.touched.get(key)?.seq ?? 0) <= ticket.seq;
  }

  private flushAll(): void {
    this.seq++;
    this.flushedAt = this.seq;
    this.sessions.clear();
    this.facts.clear();
    this.families.clear();
  }
}
