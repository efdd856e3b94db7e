// A school transaction's first statement, sent in the same write as the transaction's opening: BEGIN and the school's
// setting go ahead of it in the extended protocol with no Sync between them, so PostgreSQL answers all three with ONE
// ReadyForQuery. A request that reads once (the grid's reading, the diary week) saves a round trip — on this kind of
// virtual machine a socket write and the wake-up of the backend cost more than the statement's parsing.
//
// It is a node-postgres "submittable" (as pg-cursor is): node-postgres hands it every message of the answer. The
// opening's two statements answer first (each with its CommandComplete, the setting also with a row); they are dropped
// here, and the rest goes to the statement's own pg.Query, which builds the result as for any query.
import pg from 'pg';

/** The parts of node-postgres's connection a submittable writes to (pg 8, pinned). */
type Connection = {
  stream: { cork?(): void; uncork?(): void };
  parse(q: { text: string; name: string; types: unknown[] }): void;
  bind(c: { values: unknown[] }): void;
  execute(c: Record<string, never>): void;
  sync(): void;
  submittedNamedStatements: Record<string, string>;
};
/** pg.Query's members node-postgres calls (not in its type declarations). */
type QueryParts = {
  name?: string; text: string;
  submit(c: Connection): Error | null; requiresPreparation(): boolean;
  handleRowDescription(m: unknown): void; handleDataRow(m: unknown): void; handleCommandComplete(m: unknown, c: Connection): void;
  handleEmptyQuery(c: Connection): void; handlePortalSuspended(c: Connection): void; handleError(e: unknown, c: Connection): void;
  handleReadyForQuery(c: Connection): void; handleCopyInResponse(c: Connection): void; handleCopyData(m: unknown, c: Connection): void;
};

const SCHOOL_SETTING = "select set_config('app.school_id', $1, true)";

/** Can the statement go behind the opening: a prepared (extended-protocol) one; a text of several statements cannot. */
export function canOpenWith(query: pg.Query): boolean {
  return (query as unknown as QueryParts).requiresPreparation();
}

export class OpeningQuery {
  /** CommandCompletes of the opening's two statements seen so far: 2 when the statement's own answer begins. */
  private opened = 0;
  private readonly query: QueryParts;
  constructor(query: pg.Query, private readonly schoolId: string) {
    this.query = query as unknown as QueryParts;
  }

  /** node-postgres marks a named statement parsed on a ParseComplete when the active query has its name: only its own. */
  get name(): string | undefined { return this.opened >= 2 ? this.query.name : undefined; }
  get text(): string { return this.query.text; }
  /** Set by node-postgres when the pool has a query_timeout: called when the query ends, so that its timer is cleared. */
  callback?: (err: unknown, result?: unknown) => void;

  submit(connection: Connection): Error | null {
    connection.stream.cork?.();
    try {
      connection.parse({ text: 'begin', name: '', types: [] });
      connection.bind({ values: [] });
      connection.execute({});
      connection.parse({ text: SCHOOL_SETTING, name: '', types: [] });
      connection.bind({ values: [this.schoolId] });
      connection.execute({});
      // Its Parse (unless prepared already), Bind, Describe, Execute and the Sync. A query it refuses before writing
      // anything still needs the Sync after the opening: PostgreSQL's one answer then ends this query, refused.
      const refused = this.query.submit(connection);
      if (refused) {
        connection.sync();
        this.query.handleError(refused, connection);
      }
      return null;
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleCommandComplete(msg: unknown, connection: Connection): void {
    if (this.opened < 2) this.opened += 1;
    else this.query.handleCommandComplete(msg, connection);
  }
  handleDataRow(msg: unknown): void { if (this.opened >= 2) this.query.handleDataRow(msg); }
  handleRowDescription(msg: unknown): void { if (this.opened >= 2) this.query.handleRowDescription(msg); }
  handleEmptyQuery(connection: Connection): void { this.query.handleEmptyQuery(connection); }
  handlePortalSuspended(connection: Connection): void { this.query.handlePortalSuspended(connection); }
  handleError(err: unknown, connection: Connection): void {
    // The opening failed: PostgreSQL skipped the statement's Parse too, so it is not "being parsed" any more.
    const name = this.query.name;
    if (this.opened < 2 && name && connection?.submittedNamedStatements) delete connection.submittedNamedStatements[name];
    this.query.handleError(err, connection);
    this.callback?.(err);
  }
  handleReadyForQuery(connection: Connection): void {
    this.query.handleReadyForQuery(connection);
    this.callback?.(null);
  }
  handleCopyInResponse(connection: Connection): void { this.query.handleCopyInResponse(connection); }
  handleCopyData(msg: unknown, connection: Connection): void { this.query.handleCopyData(msg, connection); }
}
