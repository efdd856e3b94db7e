// Did a request write anything? Two fingerprints of the whole database, both read through the owner's handle:
// - the write log: AFTER statement triggers (with transition tables) on every table of the schema count the rows each
//   INSERT, UPDATE and DELETE touched into `fuzz_write_log` — in the writer's own transaction, so a rolled-back write
//   leaves nothing there, and a committed one leaves a row naming its table. Reading it is one index lookup, cheap enough
//   to take after every request;
// - the census: count(*) and max(xmin) of every table (plus the audit trail's row count), one UNION ALL query — the
//   independent check, too slow for every request (~0.1 s on the demo), taken around each run of refused requests.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../src/db/client.ts';

const LOG = 'fuzz_write_log';

/**
 * A session row without its bookkeeping: every request touches its session at most once a minute (the idle limit runs
 * from the last request, refused or not) — `lastSeenAt`, `endsAt` and the expiry move; and any page, whatever its status,
 * shows the pending flash message once and drops it. The write log calls such an update TOUCH, the census leaves those
 * keys out.
 */
const SESSION_CONTENT = (row: string) => `(${row}.data - 'lastSeenAt' - 'endsAt' - 'cookie' - 'flash')`;

async function tablesOf(db: Db): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(await db.execute(sql`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> ${LOG} order by 1`));
  return rows.map((r) => r.name);
}

/** Installs the write log on this test database (owner's handle); returns the tables it watches. */
export async function installWriteLog(db: Db): Promise<string[]> {
  const fn = (name: string, body: string) =>
    `create or replace function ${name}() returns trigger language plpgsql security definer set search_path = public
     as $$ begin ${body} return null; end $$`;
  const statements = [
    `create table if not exists ${LOG} (id bigserial primary key, tbl text not null, op text not null, n bigint not null)`,
    fn('fuzz_log_new', `insert into ${LOG} (tbl, op, n) select TG_TABLE_NAME, TG_OP, count(*) from fuzz_new having count(*) > 0;`),
    fn('fuzz_log_old', `insert into ${LOG} (tbl, op, n) select TG_TABLE_NAME, TG_OP, count(*) from fuzz_old having count(*) > 0;`),
    fn('fuzz_log_session_update', `insert into ${LOG} (tbl, op, n) select TG_TABLE_NAME, op, count(*) from (
      select case when o.account_id is not distinct from n.account_id and ${SESSION_CONTENT('o')} = ${SESSION_CONTENT('n')}
        then 'TOUCH' else 'UPDATE' end as op
      from fuzz_old o join fuzz_new n using (sid)) x group by op;`),
    fn('fuzz_log_truncate', `insert into ${LOG} (tbl, op, n) values (TG_TABLE_NAME, TG_OP, -1);`),
  ];
  const tables = await tablesOf(db);
  for (const t of tables) {
    statements.push(
      `create trigger fuzz_ins after insert on "${t}" referencing new table as fuzz_new for each statement execute function fuzz_log_new()`,
      t === 'sessions'
        ? `create trigger fuzz_upd after update on sessions referencing old table as fuzz_old new table as fuzz_new
           for each statement execute function fuzz_log_session_update()`
        : `create trigger fuzz_upd after update on "${t}" referencing new table as fuzz_new for each statement execute function fuzz_log_new()`,
      `create trigger fuzz_del after delete on "${t}" referencing old table as fuzz_old for each statement execute function fuzz_log_old()`,
      `create trigger fuzz_trn after truncate on "${t}" for each statement execute function fuzz_log_truncate()`,
    );
  }
  // One statement a call: PGlite's extended protocol takes no more.
  for (const s of statements) await db.execute(sql.raw(s));
  return tables;
}

/** The position of the write log now: what was written later reads back with `writesSince`. */
export async function writeMark(db: Db): Promise<number> {
  const [row] = rowsOf<{ id: string | number }>(await db.execute(sql.raw(`select coalesce(max(id), 0)::text as id from ${LOG}`)));
  return Number(row!.id);
}

/** Tables written since a mark, with the rows touched ({ 'marks INSERT': 1, … }), and the mark after them. */
export async function writesSince(db: Db, mark: number): Promise<{ writes: Record<string, number>; mark: number }> {
  const rows = rowsOf<{ what: string; n: string | number; last: string | number }>(await db.execute(sql.raw(
    `select tbl || ' ' || op as what, sum(n)::text as n, max(id)::text as last from ${LOG} where id > ${Number(mark)} group by 1 order by 1`)));
  return {
    writes: Object.fromEntries(rows.map((r) => [r.what, Number(r.n)])),
    mark: Math.max(mark, ...rows.map((r) => Number(r.last))),
  };
}

/** The census: for every table, its row count and the newest xmin among its rows; `audit_events` rows on their own line. */
export async function census(db: Db, tables: readonly string[]): Promise<Record<string, string>> {
  const q = tables.map((t) => (t === 'sessions'
    ? `select 'sessions' as t, count(*)::text || '/' || md5(coalesce(string_agg(
         sid || ':' || coalesce(account_id::text, '') || ':' || ${SESSION_CONTENT('s')}::text, ',' order by sid), '')) as v from sessions s`
    : `select '${t}' as t, count(*)::text || '/' || coalesce(max(xmin::text::bigint), 0)::text as v from "${t}"`))
    .concat([`select 'audit rows' as t, count(*)::text as v from audit_events`]).join(' union all ');
  return Object.fromEntries(rowsOf<{ t: string; v: string }>(await db.execute(sql.raw(q))).map((r) => [r.t, r.v]));
}

/** The tables whose census line differs. */
export function censusDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k]} → ${after[k]}`);
}
