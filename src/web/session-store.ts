import { eq, lt, sql } from 'drizzle-orm';
import type { Session } from 'fastify';
import type { Db } from '../db/client.ts';
import { loadAccountFacts, loadSessionWithFacts, type AccountFacts } from '../modules/accounts/queries.ts';
import { sessions } from '../modules/accounts/schema.ts';
import type { AuthCache } from './auth-cache.ts';

type Callback = (err?: unknown) => void;
/** How long facts read with a session wait for the request's access hook (it runs right after the session is read). */
const FACTS_TTL_MS = 2_000;

type SessionLike = { accountId?: string; endsAt?: number; pendingLogin?: { accountId: string } };

/**
 * @fastify/session store in the `sessions` table. Only logged-in sessions are persisted: a session
 * without an account (an anonymous visitor) is never written, so anonymous GETs create no rows.
 * A login waiting for its second-factor code is kept too (under its account, so "end all sessions" ends it).
 */
export class PgSessionStore {
  /**
   * The account facts read with a session (one statement), kept until the access hook of the same request takes them
   * (`takeFacts`); an entry nobody took (the request ended before the hook) is dropped after FACTS_TTL_MS.
   */
  private readonly facts = new Map<string, { facts: AccountFacts; at: number }>();

  /** With a cache (PostgreSQL, web/auth-cache.ts): a kept session and its facts are served from memory. */
  constructor(private readonly db: Db, private readonly cache?: AuthCache) {}

  get(sid: string, cb: (err: unknown, session?: Session | null) => void): void {
    const kept = this.cache?.session(sid);
    if (kept) {
      cb(null, kept as Session); // the access hook finds the facts kept too (accountFacts)
      return;
    }
    const ticket = this.cache?.ticket();
    loadSessionWithFacts(this.db, sid).then((found) => {
      if (found?.facts) this.keepFacts(sid, found.facts);
      if (found && ticket) {
        this.cache!.keepSession(ticket, sid, { data: found.data, expiresAt: found.expiresAt.getTime() });
        if (found.facts) this.cache!.keepFacts(ticket, found.facts);
      }
      cb(null, (found?.data as Session | undefined) ?? null);
    }, (err) => cb(err));
  }

  /** The account's facts for the access hook when the session came without them: kept ones, else read (and kept). */
  async accountFacts(accountId: string): Promise<AccountFacts | undefined> {
    const kept = this.cache?.accountFacts(accountId);
    if (kept) return kept;
    const ticket = this.cache?.ticket();
    const facts = await loadAccountFacts(this.db, accountId);
    if (facts && ticket) this.cache!.keepFacts(ticket, facts);
    return facts;
  }

  /** The facts of `accountId` read with session `sid` in this request, once; undefined when not read or another account's. */
  takeFacts(sid: string, accountId: string): AccountFacts | undefined {
    const entry = this.facts.get(sid);
    if (!entry) return undefined;
    this.facts.delete(sid);
    return entry.facts.id === accountId && Date.now() - entry.at < FACTS_TTL_MS ? entry.facts : undefined;
  }

  private keepFacts(sid: string, facts: AccountFacts): void {
    const now = Date.now();
    this.facts.delete(sid); // re-inserted last: the map stays in the order of reading
    this.facts.set(sid, { facts, at: now });
    for (const [key, entry] of this.facts) {
      if (now - entry.at < FACTS_TTL_MS) break;
      this.facts.delete(key);
    }
  }

  set(sid: string, session: SessionLike, cb: Callback): void {
    const accountId = session.accountId ?? session.pendingLogin?.accountId;
    if (!accountId) {
      this.destroy(sid, cb);
      return;
    }
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    const expiresAt = new Date(typeof session.endsAt === 'number' ? session.endsAt : Date.now() + 30 * 60_000);
    this.cache?.dropSession(sid);
    const ticket = this.cache?.ticket();
    this.db
      .insert(sessions)
      .values({ sid, accountId, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt, updatedAt: sql`now()` } })
      // xmax = 0: the row was inserted, not updated (PostgreSQL's own mark of an upsert's outcome).
      .returning({ inserted: sql<boolean>`(xmax = 0)` })
      .then(([row]) => {
        this.cache?.dropSession(sid);
        // A new session (a login) is kept as written: the login's next page needs no read. Inserts announce nothing
        // (no process can hold a copy of a new id); an update announces at commit, so its copy is not kept here.
        if (row?.inserted && ticket) this.cache!.keepSession(ticket, sid, { data, expiresAt: expiresAt.getTime() });
        cb();
      }, (err) => cb(err));
  }

  destroy(sid: string, cb: Callback): void {
    this.cache?.dropSession(sid);
    this.db.delete(sessions).where(eq(sessions.sid, sid)).then(() => { this.cache?.dropSession(sid); cb(); }, (err) => cb(err));
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const rows = await this.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ sid: sessions.sid });
    return rows.length;
  }
}
