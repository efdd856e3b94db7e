// Errors that mean «the database cannot be reached right now» — a restart, a failover, a cut connection, a full server —
// as opposed to a bug or bad data. Requests answer them with 503 and Retry-After; the process lives on and the pool
// connects again by itself.

/**
 * SQLSTATE: 08xxx connection exceptions; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up);
 * 53300 too many connections.
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** Node's socket errors on the way to the server. */
const SOCKET = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);
/** node-postgres and pg-pool say it in words only. */
const MESSAGE = /^Connection terminated|timeout exceeded when trying to connect|is not queryable|Connection ended unexpectedly/;

/** The driver's error under drizzle's wrapper, for the log: its code and message, never the query's parameters (a session id). */
export function faultSummary(err: unknown): { code?: string; message: string } {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && e?.cause && typeof e.cause === 'object'; i++) e = e.cause as typeof e;
  return { ...(typeof e?.code === 'string' ? { code: e.code } : {}), message: String(e?.message ?? err) };
}

/** true when `err` (or an error it wraps: drizzle's DrizzleQueryError keeps the driver's error as `cause`) is one of those. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SQLSTATE.test(e.code) || SOCKET.has(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGE.test(e.message)) return true;
  // An AggregateError: a connect to every address of a dual-stack host failed.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** The database refused a write to a closed school year (migration 0014, SQLSTATE OTY01): the year's name, else null. */
export function closedYearRefusal(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const e = err as { code?: unknown; detail?: unknown; cause?: unknown };
  if (e.code === 'OTY01') return typeof e.detail === 'string' ? e.detail : '';
  return closedYearRefusal(e.cause, depth + 1);
}

/** The PostgreSQL error under drizzle's wrapper (code, constraint, message), on pg and PGlite alike. */
export function pgError(err: unknown): { code: string; constraint?: string; message?: string } | undefined {
  let e = err as { code?: unknown; constraint?: string; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, ...(e.constraint ? { constraint: e.constraint } : {}), ...(typeof e.message === 'string' ? { message: e.message } : {}) };
    }
    e = e.cause as typeof e;
  }
  return undefined;
}

/** A row still referenced elsewhere (a foreign key): the delete is refused with a message, never a 500. */
export const isStillReferenced = (err: unknown) => pgError(err)?.code === '23503';

/**
 * A unique-constraint violation (23505) of the named constraint (named by the driver, or in its message; a driver that
 * names none counts as this one).
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = pgError(err);
  if (e?.code !== '23505') return false;
  if (e.constraint) return e.constraint === constraint;
  return !e.message || !/constraint "/.test(e.message) || e.message.includes(`"${constraint}"`);
}
