import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Session } from 'fastify';
import type { Db } from '../db/client.ts';
import { sessions } from '../modules/accounts/schema.ts';

type Callback = (err?: unknown) => void;
type SessionLike = { accountId?: string; endsAt?: number; pendingLogin?: { accountId: string } };

/**
 * @fastify/session store in the `sessions` table. Only logged-in sessions are persisted: a session
 * without an account (an anonymous visitor) is never written, so anonymous GETs create no rows.
 * A login waiting for its second-factor code is kept too (under its account, so "end all sessions" ends it).
 */
export class PgSessionStore {
  constructor(private readonly db: Db) {}

  get(sid: string, cb: (err: unknown, session?: Session | null) => void): void {
    this.db
      .select({ data: sessions.data })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, sql`now()`)))
      .limit(1)
      .then((rows) => cb(null, (rows[0]?.data as Session | undefined) ?? null), (err) => cb(err));
  }

  set(sid: string, session: SessionLike, cb: Callback): void {
    const accountId = session.accountId ?? session.pendingLogin?.accountId;
    if (!accountId) {
      this.destroy(sid, cb);
      return;
    }
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    const expiresAt = new Date(typeof session.endsAt === 'number' ? session.endsAt : Date.now() + 30 * 60_000);
    this.db
      .insert(sessions)
      .values({ sid, accountId, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt, updatedAt: sql`now()` } })
      .then(() => cb(), (err) => cb(err));
  }

  destroy(sid: string, cb: Callback): void {
    this.db.delete(sessions).where(eq(sessions.sid, sid)).then(() => cb(), (err) => cb(err));
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const rows = await this.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ sid: sessions.sid });
    return rows.length;
  }
}
