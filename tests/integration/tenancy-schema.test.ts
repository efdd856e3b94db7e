// The schema can be distributed by school_id (issue 15, scale-out): read from the catalog of a migrated database, every
// tenant table's primary key, unique constraints and unique indexes include school_id, and every foreign key between two
// tenant tables matches school_id to school_id. `citus-ddl` names every table exactly once, in an order Citus accepts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Db } from '../../src/db/client.ts';
import {
  dependencyOrder, GLOBAL_WITH_SCHOOL_ID, isTenant, readCatalog, renderCitusDdl, type CatalogTable,
} from '../../src/db/citus-ddl.ts';
import { openTestDatabase } from '../support/app.ts';

let db: Db;
let drop: () => Promise<void>;
let catalog: CatalogTable[];

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.database.db;
  drop = opened.drop; // closes the database, then drops it
  catalog = await readCatalog(db);
});
afterAll(async () => { await drop(); });

/**
 * Legitimate exceptions, each with its reason. period_marks has no primary key (its slot is a UNIQUE NULLS NOT DISTINCT
 * over a nullable period_id): distributable, but a shard move needs REPLICA IDENTITY FULL or block_writes — a migration
 * adding a key is the fix (not done here).
 */
const NO_PRIMARY_KEY = new Set(['period_marks']);

async function uniqueWithoutSchool(db: Db) {
  return rowsOf<{ table: string; index: string; def: string }>(await db.execute(sql`
    select c.relname as table, i.indexrelid::regclass::text as index, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class c on c.oid = i.indrelid and c.relnamespace = 'public'::regnamespace
    where i.indisunique and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'school_id'
      and a.attnum = any (i.indkey))`));
}

/** Foreign keys with their column pairs, child=parent, in key order. */
async function foreignKeys(db: Db) {
  return rowsOf<{ from: string; to: string; name: string; pairs: string[] }>(await db.execute(sql`
    select f.conrelid::regclass::text as from, f.confrelid::regclass::text as to, f.conname as name,
      array(select a.attname || '=' || b.attname from unnest(f.conkey, f.confkey) k(c, r)
        join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.c
        join pg_attribute b on b.attrelid = f.confrelid and b.attnum = k.r) as pairs
    from pg_constraint f where f.contype = 'f' and f.connamespace = 'public'::regnamespace`));
}

const tenantNames = () => catalog.filter(isTenant).map((t) => t.name);

describe('tenant tables are distributable by school_id', () => {
  it('the catalog has the expected global tables and the rest are tenant tables', () => {
    expect(catalog.filter((t) => !isTenant(t)).map((t) => t.name).sort())
      // account_identities, account_link_codes, oidc_used_flows: keyed by account or by a provider's subject (migration 0019).
      .toEqual(['account_identities', 'account_link_codes', 'accounts', 'app_settings', 'auth_events', 'oidc_used_flows', 'operators',
        'recovery_codes', 'schools', 'sessions']);
    expect(tenantNames().length).toBeGreaterThanOrEqual(44);
    expect([...GLOBAL_WITH_SCHOOL_ID].every((n) => catalog.some((t) => t.name === n && t.hasSchoolId))).toBe(true);
  });

  it('school_id is NOT NULL in every tenant table (Citus refuses a NULL distribution column)', async () => {
    const rows = rowsOf<{ table: string }>(await db.execute(sql`select c.relname as table from pg_class c
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'school_id' where c.relnamespace = 'public'::regnamespace
      and c.relkind = 'r' and not a.attnotnull`));
    expect(rows.map((r) => r.table).filter((t) => tenantNames().includes(t))).toEqual([]);
  });

  it('every tenant table has a primary key, and it includes school_id', () => {
    expect(catalog.filter((t) => isTenant(t) && !t.hasPrimaryKey).map((t) => t.name)).toEqual([...NO_PRIMARY_KEY]);
  });

  it('every primary key, unique constraint and unique index of a tenant table includes school_id', async () => {
    const rows = await uniqueWithoutSchool(db);
    expect(rows.filter((r) => tenantNames().includes(r.table))).toEqual([]);
    // The check can fail: the global auth_events (it has a school_id) has a key without it.
    expect(rows.map((r) => r.table)).toContain('auth_events');
  });

  it('every foreign key between tenant tables matches school_id to school_id, at the same position', async () => {
    const rows = await foreignKeys(db);
    const tenant = new Set(tenantNames());
    const between = rows.filter((r) => tenant.has(r.from) && tenant.has(r.to));
    expect(between.length).toBeGreaterThan(60);
    expect(between.filter((r) => !r.pairs.includes('school_id=school_id')).map((r) => r.name)).toEqual([]);
    // Allowed: tenant → global (a reference table): school_id → schools(id), account_id → accounts(id).
    // Not allowed: global → tenant (a reference table may not point into a distributed one).
    expect(rows.filter((r) => !tenant.has(r.from) && tenant.has(r.to)).map((r) => r.name)).toEqual([]);
  });

  it('the checks find a planted table whose key and foreign key leave school_id out (rolled back)', async () => {
    let found = { unique: [] as string[], fks: [] as string[] };
    await db.transaction(async (tx) => {
      await tx.execute(sql`create table planted_parent (school_id uuid not null, id uuid not null, primary key (school_id, id),
        constraint planted_parent_id unique (id))`);
      await tx.execute(sql`create table planted_child (school_id uuid not null, id uuid not null, parent_id uuid,
        primary key (school_id, id), constraint planted_child_parent foreign key (parent_id) references planted_parent (id),
        constraint planted_child_shifted foreign key (school_id, parent_id) references planted_parent (id, school_id))`);
      const unique = (await uniqueWithoutSchool(tx as unknown as Db)).map((r) => r.index);
      const fks = (await foreignKeys(tx as unknown as Db)).filter((r) => !r.pairs.includes('school_id=school_id')).map((r) => r.name);
      found = { unique, fks };
      tx.rollback();
    }).catch(() => undefined);
    expect(found.unique).toContain('planted_parent_id');
    expect(found.fks).toEqual(expect.arrayContaining(['planted_child_parent', 'planted_child_shifted']));
  });
});

describe('citus-ddl', () => {
  it('names every table exactly once, global tables first, each after the tables it references', () => {
    const ddl = renderCitusDdl(catalog);
    const call = /^SELECT (create_reference_table|create_distributed_table|citus_add_local_table_to_metadata)\('(\w+)'/gm;
    const named = [...ddl.matchAll(call)].map((m) => ({ fn: m[1]!, table: m[2]! }));
    expect(named.map((n) => n.table).sort()).toEqual(catalog.map((t) => t.name).sort());
    for (const n of named) expect([n.table, n.fn === 'create_distributed_table']).toEqual([n.table, tenantNames().includes(n.table)]);
    const position = new Map(named.map((n, i) => [n.table, i]));
    for (const t of catalog) {
      for (const r of t.references) expect([t.name, r, position.get(r)! < position.get(t.name)!]).toEqual([t.name, r, true]);
    }
    const anchor = named.find((n) => n.fn === 'create_distributed_table')!.table;
    expect(ddl).toContain(`SELECT create_distributed_table('${anchor}', 'school_id', colocate_with => 'none');`);
    const colocated = [...ddl.matchAll(/colocate_with => '(\w+)'/g)].map((m) => m[1]).filter((m) => m !== 'none');
    expect(new Set(colocated)).toEqual(new Set([anchor]));
    expect(colocated.length).toBe(tenantNames().length - 1);
  });

  it('a cycle of foreign keys is refused rather than printed in a wrong order', () => {
    const t = (name: string, references: string[]): CatalogTable =>
      ({ name, references, hasSchoolId: true, triggers: [], hasPolicies: true, hasPrimaryKey: true });
    expect(() => dependencyOrder([t('a', ['b']), t('b', ['a'])])).toThrow(/cycle/);
    expect(dependencyOrder([t('a', ['b']), t('b', [])]).map((x) => x.name)).toEqual(['b', 'a']);
  });
});
