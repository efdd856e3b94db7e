// The Citus plan of the schema, read from the catalog of a migrated database (issue 15): every table of `public` is either
// a tenant table (it has school_id; distributed by it, all co-located) or a global one (a reference table). Printed by
// `npm run cli -- citus-ddl`; docs/scale-out.md explains what to check before running it.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './client.ts';

/** Global tables that carry a school_id but are not a school's rows (login events of accounts in several schools). */
export const GLOBAL_WITH_SCHOOL_ID = new Set(['auth_events']);

/**
 * Global tables kept on the coordinator (citus_add_local_table_to_metadata) rather than copied to every node: a reference
 * table's every write goes to all nodes in a two-phase commit. Tables with triggers are added by the rule in renderCitusDdl.
 */
export const COORDINATOR_LOCAL: Record<string, string> = {
  sessions: 'touched once a minute per active user; read alone, by sid',
  oidc_used_flows: 'a row per sign-in through an identity provider; read alone, by hash',
};

/** The announcements of migration 0015 (web/auth-cache.ts): dropped from tables that become reference tables. */
const isAuthNotify = (trigger: { name: string }) => trigger.name.endsWith('_notify');

export type CatalogTable = {
  name: string;
  hasSchoolId: boolean;
  /** Tables of `public` this one's foreign keys point at (itself excluded). */
  references: string[];
  /** Triggers: name and whether statement-level with transition tables. */
  triggers: { name: string; statement: boolean; transition: boolean }[];
  hasPolicies: boolean;
  hasPrimaryKey: boolean;
};

export async function readCatalog(db: Db): Promise<CatalogTable[]> {
  const rows = rowsOf<{ name: string; school: boolean; refs: string[] | null; triggers: string[] | null; policies: boolean; pk: boolean }>(
    await db.execute(sql`
      select c.relname as name,
        exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'school_id' and not a.attisdropped) as school,
        (select array_agg(distinct r.relname::text) from pg_constraint f join pg_class r on r.oid = f.confrelid
          where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs,
        (select array_agg(t.tgname || ':' || (t.tgtype & 1 = 0)::text || ':' || (t.tgoldtable is not null or t.tgnewtable is not null)::text
          order by t.tgname) from pg_trigger t where t.tgrelid = c.oid and not t.tgisinternal) as triggers,
        exists (select 1 from pg_policy p where p.polrelid = c.oid) as policies,
        exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary) as pk
      from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind in ('r', 'p') and not c.relispartition order by c.relname`));
  return rows.map((r) => ({
    name: r.name,
    hasSchoolId: r.school,
    references: (r.refs ?? []).sort(),
    triggers: (r.triggers ?? []).map((t) => {
      const [name, statement, transition] = t.split(':');
      return { name: name!, statement: statement === 'true', transition: transition === 'true' };
    }),
    hasPolicies: r.policies,
    hasPrimaryKey: r.pk,
  }));
}

export const isTenant = (t: CatalogTable) => t.hasSchoolId && !GLOBAL_WITH_SCHOOL_ID.has(t.name);

/** Tables ordered so that every table comes after the tables it references (ties by name); a cycle throws. */
export function dependencyOrder(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: CatalogTable[] = [];
  const visit = (t: CatalogTable) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const r of t.references) if (byName.has(r)) visit(byName.get(r)!);
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  // Global tables first (distributed tables reference them, never the other way), then tenant tables.
  for (const t of tables.filter((x) => !isTenant(x))) visit(t);
  for (const t of tables.filter(isTenant)) visit(t);
  return out;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The DDL: reference tables, then distributed tables co-located with the first tenant table; notes as SQL comments. */
export function renderCitusDdl(tables: CatalogTable[]): string {
  const ordered = dependencyOrder(tables);
  const onCoordinator = (t: CatalogTable) => t.triggers.some((x) => !isAuthNotify(x)) || t.name in COORDINATOR_LOCAL;
  const global = ordered.filter((t) => !isTenant(t) && !onCoordinator(t));
  const local = ordered.filter((t) => !isTenant(t) && onCoordinator(t));
  const tenant = ordered.filter(isTenant);
  const anchor = tenant[0]?.name;
  const lines = [
    '-- Otmetka on Citus: generated from the catalog by `npm run cli -- citus-ddl`. Run on the coordinator, as the owner,',
    '-- on a freshly migrated database, in one session. See docs/scale-out.md before running it on real data.',
    `-- ${global.length} reference tables, ${local.length} coordinator-local, ${tenant.length} distributed tables ` +
      `(by school_id, co-located with ${anchor ?? '—'}).`,
    '--',
    '-- Check first (not done by this script):',
    '-- * Triggers on distributed tables need `SET citus.enable_unsafe_triggers = on` (Citus 11.0+); Citus refuses triggers',
    '--   on reference tables. Statement-level triggers over transition tables (migration 0014, closed years) run per shard;',
    '--   their support on distributed tables is not verified here: test on the target Citus version, or replace them by row',
    '--   triggers / a check in the app.',
    '-- * Row-level security policies: Citus propagates them to shards in recent versions (12+); verify on the target version',
    '--   that `school_isolation` exists on the shards (run_command_on_shards) and that the app role cannot read another school.',
    '-- * SECURITY DEFINER functions (otmetka_account_schools, otmetka_family_children_of, otmetka_account_memberships) read',
    '--   several schools at once: they run on the coordinator as multi-shard queries; keep their owner a BYPASSRLS role.',
    '-- * Coordinator-local tables and their foreign keys to reference tables need the coordinator in the metadata:',
    "--   SELECT citus_set_coordinator_host('<coordinator host>');",
    '-- * The drizzle migration journal (schema drizzle) stays a plain table on the coordinator.',
    '-- * The sessions cache (AUTH_CACHE) hears changes through *_notify triggers (migration 0015); those of tables that become',
    '--   reference tables are dropped below: run the app with AUTH_CACHE=off on Citus.',
    'SET citus.enable_unsafe_triggers = on;',
    '',
    '-- Global tables: a copy on every node.',
  ];
  for (const t of global) {
    for (const x of t.triggers.filter(isAuthNotify)) lines.push(`DROP TRIGGER ${x.name} ON ${t.name};`);
    lines.push(`SELECT create_reference_table(${lit(t.name)});${notesOf(t, false)}`);
  }
  if (local.length > 0) {
    lines.push('', '-- Global tables on the coordinator only, in the metadata: Citus refuses triggers on reference tables, and',
      '-- a reference table\'s writes go to every node.');
    for (const t of local) lines.push(`SELECT citus_add_local_table_to_metadata(${lit(t.name)});${notesOf(t, false)}`);
  }
  lines.push('', `-- Tenant tables: sharded by school_id; one school's rows of every table on the same node.`);
  for (const t of tenant) {
    const colocate = t.name === anchor ? `colocate_with => 'none'` : `colocate_with => ${lit(anchor!)}`;
    lines.push(`SELECT create_distributed_table(${lit(t.name)}, 'school_id', ${colocate});${notesOf(t, true)}`);
  }
  return `${lines.join('\n')}\n`;
}

function notesOf(t: CatalogTable, distributed: boolean): string {
  const notes: string[] = [];
  const kept = t.triggers.filter((x) => distributed || !isAuthNotify(x) || t.name in COORDINATOR_LOCAL);
  if (!distributed && kept.length > 0) notes.push(`triggers: ${kept.map((x) => x.name).join(', ')}`);
  if (COORDINATOR_LOCAL[t.name]) notes.push(COORDINATOR_LOCAL[t.name]!);
  const transition = t.triggers.filter((x) => x.transition).length;
  if (distributed && transition > 0) notes.push(`${transition} statement triggers with transition tables`);
  if (!t.hasPrimaryKey) notes.push('no primary key: shard moves need REPLICA IDENTITY FULL or shard_transfer_mode => block_writes');
  if (distributed && !t.hasPolicies) notes.push('no row-level security policy');
  return notes.length > 0 ? ` -- ${notes.join('; ')}` : '';
}
