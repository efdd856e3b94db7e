// Every parameterised statement the app sends is a named prepared statement: PostgreSQL parses and plans it once per
// connection (after five runs it may keep a generic plan) instead of on every request. The journal's statements are
// short to run (≈ 0.1–0.4 ms) and long to plan (≈ 0.3–0.6 ms, row-level security included): planning was most of the
// database's work on a page. The name is given by the statement's text, the same on every connection of the process.
import pg from 'pg';

/** Distinct statements named per process; past it, new texts run unnamed (a report's id list of every length, say). */
export const NAMED_STATEMENTS_LIMIT = 400;
/** A statement with more parameters than this is an id list whose length varies: not worth a name. */
const MAX_PARAMETERS = 64;

const names = new Map<string, string>();

/** The statement's name (`otm_<n>`), or undefined when it is not to be prepared. */
export function statementName(text: string, parameters: number): string | undefined {
  if (parameters === 0 || parameters > MAX_PARAMETERS) return undefined; // simple-protocol texts (BEGIN; …) stay unnamed
  const known = names.get(text);
  if (known !== undefined || names.size >= NAMED_STATEMENTS_LIMIT) return known;
  const name = `otm_${names.size + 1}`;
  names.set(text, name);
  return name;
}

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown[]; submit?: unknown };

/** A query's arguments with the statement's name added (see statementName); other arguments as they were. */
export function withStatementName(args: unknown[]): unknown[] {
  const [config, second] = args;
  const values = Array.isArray(second) ? second : undefined;
  if (typeof config === 'string' && values) {
    const name = statementName(config, values.length);
    if (name) return [{ text: config, name }, ...args.slice(1)];
  } else if (config && typeof config === 'object' && typeof (config as QueryConfig).submit !== 'function') {
    const c = config as QueryConfig;
    const count = (values ?? c.values ?? []).length;
    if (typeof c.text === 'string' && c.name === undefined) {
      const name = statementName(c.text, count);
      if (name) return [Object.assign({}, c, { name }), ...args.slice(1)]; // not `{ ...c, name }`: V8's slow path (render.ts)
    }
  }
  return args;
}

/** pg.Client whose parameterised queries are sent as named prepared statements (see statementName). */
export class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    return (super.query as (...a: unknown[]) => never)(...withStatementName(args));
  }
}
