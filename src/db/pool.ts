// The node-postgres pool, made to live through database restarts, failovers and cut connections (57P01, «Connection
// terminated unexpectedly»): the process never dies of them, no client is lost, and the pool connects again by itself.
import pg from 'pg';
import { PreparingClient } from './prepared.ts';

/**
 * drizzle's transaction() takes a client with `pool.connect()` and sends BEGIN before its try/finally: when the connection
 * dies right then, the client is never released and the pool has lost it for good (after `max` such faults every request
 * waits for a client until the connect timeout — drizzle-orm issues 6023, 6241, still open in 0.45). So a client checked
 * out this way is released at once, with the error (the pool then drops it), when its connection dies; its user's own
 * release afterwards does nothing.
 */
class FaultTolerantPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    if (callback) return super.connect(callback); // pool.query() checks out this way and releases on errors itself
    return super.connect().then(releaseWhenDead);
  }
}

function releaseWhenDead(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const releaseOnce = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('error', onError);
    release(err);
  };
  const onError = (err: Error) => releaseOnce(err);
  client.on('error', onError);
  client.release = releaseOnce;
  return client;
}

/** The pool's size when nobody says otherwise (one process; in cluster mode see server/rules.ts poolSize). */
export const DEFAULT_POOL_MAX = 10;

export function createPool(url: string, connectTimeoutMs: number, max = DEFAULT_POOL_MAX): pg.Pool {
  const pool = new FaultTolerantPool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs, Client: PreparingClient });
  pool.on('error', () => {
    /* an idle client whose connection died: the pool drops it; requests report their own errors */
  });
  // node-postgres emits 'error' on a client whose connection dies; with no listener that is an uncaught exception, and
  // the pool listens on idle clients only. Every client gets a listener of its own as it is created: the query in
  // flight fails (the request answers 503, see web/errors.ts) and the dead client is dropped when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => { /* see above */ });
  });
  return pool;
}
