// One school context per request. A logged-in route (not public, not the operator's alone), called by a member of a school, runs its
// handler inside ONE tenant transaction: opened after the access guard and CSRF check (`app.school_id` set, so row-level
// security shows this school's rows only), ambient to everything the handler awaits (db/tenant.ts), committed in the
// first onSend hook — before a byte of the answer leaves, so a redirect never outruns its write (a transaction that only
// read commits while the answer goes out: nothing to lose, one round trip less) — or rolled back when the
// answer is an error (status ≥ 400: nothing a refused request did is kept). A route doing slow work (argon2, SMTP,
// parsing an upload) declares `tx: 'manual'` and opens short `withSchool` transactions itself around its database work.
import { TransactionRollbackError, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Database, Db } from '../db/client.ts';
import { AfterCommitError } from '../db/pg-school-tx.ts';
import { enterSchool, runInScope, withSchool, type TenantScope, type Tx } from '../db/tenant.ts';
import type { Access, ActorSchool } from './types.ts';

/**
 * May a request of this route run in its school's context: any logged-in route ('account', school roles) — when the actor
 * has a current school. Public routes and the operator's own routes never have one.
 */
export function hasSchoolContext(access: Access | undefined): boolean {
  return access === 'account' || (Array.isArray(access) && access.some((r) => r !== 'operator'));
}

/** `atCommit`: the statement request.atCommit registered, run in the school right after the request's commit. */
type Pending = {
  scope: TenantScope; finish: (commit: boolean, then?: string) => Promise<void>; readOnly?: () => boolean; atCommit?: SQL;
  /** On PostgreSQL's own client (pg-school-tx.ts), whose finish() runs `then`; else PGlite's drizzle transaction. */
  ownClient: boolean;
};
const dialect = new PgDialect();
const pendingOf = new WeakMap<FastifyRequest, Pending>();

/** PostgreSQL: BEGIN and the school's setting in one round trip (db/pg-school-tx.ts). */
async function openSchoolTx(open: SchoolTxOpener, school: ActorSchool, customPlans: boolean): Promise<Pending> {
  const { tx, end, readOnly } = await open(school.id, { customPlans });
  const scope: TenantScope = { tx, schoolId: school.id, open: true };
  return { scope, finish: (commit, then) => { scope.open = false; return end(commit, then); }, readOnly, ownClient: true };
}

/** PGlite: drizzle's transaction kept open until `finish` (its callback waits on a promise we settle). */
async function openTenantTx(db: Db, school: ActorSchool): Promise<Pending> {
  let settle!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => { settle = resolve; });
  let ready!: (s: TenantScope) => void;
  let failed!: (err: unknown) => void;
  const opened = new Promise<TenantScope>((resolve, reject) => { ready = resolve; failed = reject; });
  const done = db.transaction(async (tx: Tx) => {
    await enterSchool(tx, school.id);
    const scope: TenantScope = { tx, schoolId: school.id, open: true };
    ready(scope);
    const commit = await decided;
    scope.open = false;
    if (!commit) tx.rollback();
  });
  done.catch(failed); // BEGIN failed (the database is down): `opened` rejects; a later failure is finish()'s to report
  const scope = await opened;
  let finished: Promise<void> | undefined;
  return {
    scope,
    ownClient: false,
    finish: (commit) => {
      if (!finished) {
        settle(commit);
        finished = done.catch((err: unknown) => {
          if (!commit && err instanceof TransactionRollbackError) return;
          throw err;
        });
      }
      return finished;
    },
  };
}

type SchoolTxOpener = NonNullable<Database['openSchoolTx']>;

/** The values request.atCommit may write into SQL text (drizzle's inlining prints a Date or an array wrongly). */
const inlinable = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Commits with `statement` after it. PostgreSQL: in the same round trip, its values as literals (pg-school-tx.ts).
 * PGlite (one connection, nobody waits for a lock): last in the request's own transaction, in a savepoint, so that its
 * failure, like PostgreSQL's, leaves the request's work committed (AfterCommitError).
 */
async function finishWith(pending: Pending, statement: SQL): Promise<void> {
  if (pending.ownClient) {
    const { params } = dialect.sqlToQuery(statement);
    if (!params.every(inlinable)) throw new Error('request.atCommit: only strings, numbers, booleans and null can be written into SQL');
    return pending.finish(true, dialect.sqlToQuery(statement.inlineParams()).sql);
  }
  const failed = await pending.scope.tx.transaction((sp) => sp.execute(statement)).then(() => null, (err: unknown) => err);
  await pending.finish(true);
  if (failed) throw new AfterCommitError(failed);
}

export function registerTenantTransactions(app: FastifyInstance, database: Pick<Database, 'db' | 'openSchoolTx'>): void {
  const { db, openSchoolTx: opener } = database;
  app.decorateRequest('school', {
    getter(this: FastifyRequest): ActorSchool {
      if (this.actor?.school && hasSchoolContext(this.routeOptions.config.access)) return this.actor.school;
      throw new Error(`${this.method} ${this.url}: this route has no school context`);
    },
  });
  app.decorateRequest('tx', {
    getter(this: FastifyRequest): Tx {
      const p = pendingOf.get(this);
      if (!p?.scope.open) throw new Error(`${this.method} ${this.url}: no open tenant transaction`);
      return p.scope.tx;
    },
  });

  app.decorateRequest('atCommit', function atCommit(this: FastifyRequest, statement: SQL): void {
    const p = pendingOf.get(this);
    if (!p?.scope.open) throw new Error(`${this.method} ${this.url}: no open tenant transaction`);
    if (p.atCommit) throw new Error(`${this.method} ${this.url}: one statement at the commit per request`);
    p.atCommit = statement;
  });

  app.decorateRequest('inSchool', function inSchool<T>(this: FastifyRequest, fn: () => Promise<T>): Promise<T> {
    return withSchool(db, this.school.id, () => fn());
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: Access; tx?: 'manual'; plans?: 'custom' };
    if (!hasSchoolContext(config.access) || config.tx === 'manual') return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function inTenantTransaction(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const school = request.actor?.school;
      if (!school) return handler.call(this, request, reply); // not in a school yet (an operator, before picking one)
      const pending = opener ? await openSchoolTx(opener, school, config.plans === 'custom') : await openTenantTx(db, school);
      pendingOf.set(request, pending);
      return runInScope(pending.scope, () => handler.call(this, request, reply));
    };
  });

  // First onSend hook of the app (registered before the session plugin's): commit before the answer is written (after it,
  // when the transaction only read).
  app.addHook('onSend', async (request, reply, payload) => {
    const pending = pendingOf.get(request);
    if (!pending) return payload;
    pendingOf.delete(request); // once: a failed COMMIT goes to the error handler, whose answer passes here again
    const commit = reply.statusCode < 400;
    if (commit && pending.atCommit) {
      await finishWith(pending, pending.atCommit).catch((err: unknown) => {
        // The request's own transaction is committed: its answer stands; the extra write is lost and said so.
        if (!(err instanceof AfterCommitError)) throw err;
        request.log.warn({ err }, 'the statement after the commit failed');
      });
      return payload;
    }
    if (commit && pending.readOnly?.()) {
      // Only read: nothing to lose if the COMMIT fails, so the answer does not wait for it (one round trip less).
      pending.finish(true).catch((err: unknown) => request.log.warn({ err }, 'read-only tenant transaction commit failed'));
      return payload;
    }
    await pending.finish(commit);
    return payload;
  });
  // A request that never reached onSend (the client went away, a hook failed): roll back, never leave a connection open.
  app.addHook('onResponse', async (request) => {
    const pending = pendingOf.get(request);
    if (pending) await pending.finish(false).catch((err: unknown) => request.log.warn({ err }, 'tenant transaction rollback failed'));
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'manual': no request transaction; the handler opens short `withSchool` transactions around its database work. */
    tx?: 'manual';
    /** 'custom': the request's statements planned for their values every time (the reports: big, rare, value-dependent). */
    plans?: 'custom';
  }
  interface FastifyRequest {
    /** The school of this request (routes for school roles only; throws elsewhere). */
    readonly school: ActorSchool;
    /** The request's tenant transaction (routes for school roles without `tx: 'manual'`; throws elsewhere). */
    readonly tx: Tx;
    /**
     * Runs `fn` in a short transaction of the request's school — a savepoint when the request's own is open. For routes
     * with `tx: 'manual'` around their database work, and for error handlers (they run outside the handler's transaction).
     */
    inSchool<T>(fn: () => Promise<T>): Promise<T>;
    /**
     * A write to make when the request's transaction commits, in a transaction of its own, sent in the same round trip
     * as the COMMIT: a counter many requests bump at once (diary/week.ts, the visits) holds its row lock only while
     * PostgreSQL runs it. Skipped when the answer is an error. Its values are written into the SQL text as literals.
     */
    atCommit(statement: SQL): void;
  }
}
