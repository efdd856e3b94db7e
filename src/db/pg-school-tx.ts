// PostgreSQL only: a school's transaction opened with no round trip of its own — BEGIN and the tenant setting go in the
// same write as the request's first statement (opening-query.ts), or, before a statement of the simple protocol, together
// in one query — and ended with a bare COMMIT/ROLLBACK (none at all when nothing was sent). Every request of a school
// member opens one (web/tenant-tx.ts); drizzle's own transaction() would spend two round trips and its callback shape on
// it. The handle given out is an ordinary drizzle transaction on that client, so savepoints and the query API work as
// everywhere else.
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { canOpenWith, OpeningQuery } from './opening-query.ts';
import { withStatementName } from './prepared.ts';
import type { Db } from './client.ts';
import type { Tx } from './tenant.ts';

/** The statement run after a request's COMMIT failed; the request's own transaction is committed. */
export class AfterCommitError extends Error {
  constructor(cause: unknown) {
    super(`the statement after the commit failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The COMMIT answered ROLLBACK: a statement of the transaction had failed (an error a handler caught without a savepoint),
 * so nothing of it was kept. The request must not answer as if it had been.
 */
export class RolledBackAtCommit extends Error {
  constructor() {
    super('the transaction had failed: its COMMIT rolled it back, nothing was kept');
  }
}

export type SchoolTx = {
  /**
   * `then` (committing only): a statement (literal SQL, no parameters) run in a transaction of its own in the school right
   * after the commit, in the same round trip: its row locks are held only while PostgreSQL runs it, never while the app
   * reads an answer. When `then` fails after the commit succeeded, end() throws AfterCommitError (the client is back in
   * the pool, out of any transaction).
   */
  tx: Tx; end(commit: boolean, then?: string): Promise<void>;
  /** Nothing but plain SELECTs was sent: the COMMIT may follow the answer instead of preceding it (web/tenant-tx.ts). */
  readOnly(): boolean;
};

/** A statement that certainly writes nothing: a SELECT with no data-changing word in it (SELECT … FOR UPDATE counts as writing). */
export const plainSelect = (text: string) => /^\s*select\b/i.test(text) && !/\b(insert|update|delete|merge)\b|\b(nextval|setval|pg_advisory)/i.test(text);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The school's setting as simple-protocol SQL (no parameters there): the id is a uuid, checked by the opener. */
const settingSql = (schoolId: string) => `select set_config('app.school_id', '${schoolId}', true)`;

/** What drizzle's node-postgres database keeps that a transaction handle is made of (drizzle-orm 0.45, pinned). */
type DrizzleParts = { dialect: ConstructorParameters<typeof NodePgSession>[1]; session: { schema: unknown; options: unknown } };

/**
 * The transaction on its client: BEGIN goes with the first statement (opening-query.ts), so until then nothing was sent.
 * `closed`: end() was called; a statement asked for after it is refused (sent late, it would open a transaction in the
 * school on a client already back in the pool).
 */
type TxState = { begun: boolean; writes: boolean; closed: boolean };
const ENDED = 'the school transaction has ended: a statement was asked for after its end';

/**
 * The client as the transaction's session sees it: its queries sent one after another, the first with the transaction's
 * opening. Handlers await several reads at once (Promise.all) on the one transaction; node-postgres queues such a query
 * itself today but warns that pg 9 will refuse it, so they are chained here (the order and the round trips are the same).
 */
function oneAtATime(client: pg.PoolClient, state: TxState, opening: { schoolId: string; text: string; lazy: boolean }) {
  const run = (args: unknown[]) => (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
  const send = (args: unknown[]): Promise<unknown> => {
    if (state.closed) return Promise.reject(new Error(ENDED));
    if (state.begun) return run(args);
    state.begun = true;
    // The reports' opening (it sets their plan mode) goes first, alone, in the simple protocol.
    if (!opening.lazy) return run([opening.text]).then(() => run(args));
    const [config, values] = withStatementName(args);
    let settle!: (err: Error | null, result?: unknown) => void;
    const answered = new Promise((resolve, reject) => { settle = (err, result) => (err ? reject(err) : resolve(result)); });
    const query = new (pg.Query as unknown as new (c: unknown, v: unknown, cb: typeof settle) => pg.Query)(config, values, settle);
    // A text of several statements, or one without parameters, goes in the simple protocol: the opening goes first, alone.
    if (!canOpenWith(query)) return run([opening.text]).then(() => run(args));
    // As client.query() does for the queries it builds: the client's type parsers where the query brings none.
    const parts = query as unknown as { _result?: { _types?: unknown } };
    if (parts._result && !parts._result._types) parts._result._types = (client as unknown as { _types: unknown })._types;
    void client.query(new OpeningQuery(query, opening.schoolId) as unknown as pg.QueryConfig); // a submittable: not a promise
    return answered;
  };
  let last: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    if (state.closed) return Promise.reject(new Error(ENDED));
    const first = args[0] as string | { text?: string };
    if (!state.writes && !plainSelect(typeof first === 'string' ? first : first?.text ?? '')) state.writes = true;
    const sent = last.then(() => send(args));
    last = sent.catch(() => undefined);
    return sent;
  };
  /** Settles when every statement asked for so far has been answered (or refused). */
  const settled = () => last;
  return { session: { query } as unknown as pg.PoolClient, settled };
}

/**
 * A simple query of several statements that notes each one's command tag as it completes (node-postgres' "submittable"
 * interface, as pg-cursor uses). The error of a later statement arrives before PostgreSQL says which transaction state it
 * left, so the tags are what tells whether the first statement, the COMMIT, went through.
 */
class TaggedQuery {
  // Neither query_timeout (its timer is cleared through a query's callback, which this has none of) nor node-postgres's
  // pipeline mode (it refuses custom queries) is used by the app's pool (db/client.ts); both would need this revisited.
  readonly tags: string[] = [];
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (err: unknown) => void };
  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
    this.done.catch(() => undefined); // awaited by end(); never an unhandled rejection
  }
  submit(connection: { query(text: string): void }): void { connection.query(this.text); }
  handleCommandComplete(msg: { text: string }): void { this.tags.push(msg.text); }
  handleError(err: unknown): void { this.settle.reject(err); } // the client drops the query: no ReadyForQuery follows
  handleReadyForQuery(): void { this.settle.resolve(); }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(msg: string): void }): void { connection.sendCopyFail('COPY is not expected here'); }
  handleCopyData(): void {}
}

export function schoolTxOpener(pool: pg.Pool, db: Db): (schoolId: string, opts?: { customPlans?: boolean }) => Promise<SchoolTx> {
  const { dialect, session } = db as unknown as DrizzleParts;
  // No schema: it only feeds the relational API (tx.query.…), which the app does not use, and with it every transaction
  // handle built a query builder per table (≈ 35 µs and a hundred objects per request).
  const schema = undefined as unknown as ConstructorParameters<typeof NodePgSession>[2];
  const options = session.options as ConstructorParameters<typeof NodePgSession>[3];
  return async (schoolId, opts = {}) => {
    // The id goes into the SQL text (the simple protocol has no parameters): only ever a uuid, checked here.
    if (!UUID.test(schoolId)) throw new Error(`not a school id: ${JSON.stringify(schoolId)}`);
    const client = await pool.connect();
    // customPlans (the reports): the prepared statements are planned for their values every time — a generic plan
    // served a report's statements badly (report_deadlines 186 ms against 106 ms), while it is what makes the journal fast.
    // Its setting goes with BEGIN in the simple protocol, before the first statement.
    const plans = opts.customPlans ? '; set local plan_cache_mode = force_custom_plan' : '';
    const state: TxState = { begun: false, writes: false, closed: false };
    const opening = { schoolId, text: `begin; ${settingSql(schoolId)}${plans}`, lazy: !opts.customPlans };
    const { session, settled } = oneAtATime(client, state, opening);
    const tx = new NodePgTransaction(dialect, new NodePgSession(session, dialect, schema, options), schema) as unknown as Tx;
    let ended: Promise<void> | undefined;
    const end = async (commit: boolean, then?: string) => {
      // A statement still queued is refused; one in flight is answered first. Then `begun` says what was sent.
      state.closed = true;
      await settled();
      if (!state.begun && !then) { client.release(); return; } // nothing was sent: nothing to end
      if (!(commit && then)) {
        let answer: pg.QueryResult;
        try {
          answer = await client.query(commit ? 'commit' : 'rollback');
          client.release();
        } catch (err) {
          client.release(err instanceof Error ? err : true); // the pool drops a client whose transaction state is unknown
          throw err;
        }
        if (commit && answer.command !== 'COMMIT') throw new RolledBackAtCommit();
        return;
      }
      // Each statement on a line of its own: a comment ending `then` cannot swallow what follows. A request that sent
      // nothing has no transaction to commit first.
      const first = state.begun ? 'commit;\n' : '';
      const sent = new TaggedQuery(`${first}begin;\n${settingSql(schoolId)};\n${then}\n;\ncommit`);
      // The request's own work is in when it had none, or when its COMMIT answered COMMIT (an aborted transaction's ROLLBACK).
      const kept = () => !state.begun || sent.tags[0] === 'COMMIT';
      try {
        void client.query(sent as unknown as pg.QueryConfig); // a submittable: the client returns it, not a promise
        await sent.done;
      } catch (err) {
        // Queued until PostgreSQL is ready again: ends `then`'s failed transaction (after a failed COMMIT there is none:
        // a warning only). The connection's state is then known, so it goes back to the pool.
        const rolledBack = await client.query('rollback').then(() => true, () => false);
        client.release(rolledBack ? undefined : true);
        throw kept() ? new AfterCommitError(err) : err;
      }
      client.release();
      if (!kept()) throw new RolledBackAtCommit();
    };
    return { tx, end: (commit, then) => (ended ??= end(commit, then)), readOnly: () => !state.writes };
  };
}
