// Set-based writes for large imports: each statement takes whole columns as arrays (unnest), CHUNK rows at a time.
// Building one multi-row VALUES statement per 500 rows costs more in query building than in the database.
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/tenant.ts';
import type { AuditChange, AuditContext } from '../audit/queries.ts';

export const CHUNK = 1000;

export type ColumnType = 'uuid' | 'text' | 'date' | 'jsonb';

export function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every value travels as text (jsonb as its JSON text) and is cast back in SQL: the same on pg and PGlite. */
function asText(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  return type === 'jsonb' ? JSON.stringify(value) : String(value);
}

/** The columns as `unnest($1::text[], …) as u(a, …)`, and the select list casting each back to its type. */
function unnestOf(columns: ReadonlyArray<[string, ColumnType]>, rows: ReadonlyArray<Record<string, unknown>>): { from: SQL; select: SQL } {
  const arrays = columns.map(([key, type]) => sql`${sql.param(rows.map((r) => asText(r[key], type)))}::text[]`);
  const names = columns.map(([key]) => sql.identifier(snake(key)));
  return {
    from: sql`unnest(${sql.join(arrays, sql`, `)}) as u(${sql.join(names, sql`, `)})`,
    select: sql.join(columns.map(([key, type]) => sql`u.${sql.identifier(snake(key))}::${sql.raw(type)}`), sql`, `),
  };
}

/** INSERT INTO table (columns) SELECT … FROM unnest(…): rows keyed by the camelCase names of `columns`. */
export async function insertRows(tx: Tx, table: string, columns: Record<string, ColumnType>, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const cols = Object.entries(columns);
  const names = sql.join(cols.map(([key]) => sql.identifier(snake(key))), sql`, `);
  for (const part of chunks(rows)) {
    const u = unnestOf(cols, part);
    await tx.execute(sql`insert into ${sql.identifier(table)} (${names}) select ${u.select} from ${u.from}`);
  }
}

/**
 * UPDATE table SET col = u.col … FROM unnest(…) u WHERE school_id = ? AND id = u.id, one statement per chunk of rows
 * that change the same columns (an import usually changes the same few).
 */
export async function bulkUpdate(
  tx: Tx,
  opts: { table: string; schoolId: string; types?: Record<string, ColumnType> },
  updates: ReadonlyArray<{ id: string; set: Record<string, string | null | undefined> }>,
): Promise<void> {
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const u of updates) {
    const sig = Object.keys(u.set).sort().join(',');
    if (sig === '') continue;
    groups.set(sig, [...(groups.get(sig) ?? []), { ...u.set, id: u.id }]);
  }
  for (const [sig, group] of groups) {
    const fields = sig.split(',');
    const cols: Array<[string, ColumnType]> = [['id', 'uuid'], ...fields.map((f): [string, ColumnType] => [f, opts.types?.[f] ?? 'text'])];
    const sets = sql.join([...fields.map((f) => sql`${sql.identifier(snake(f))} = u.${sql.identifier(snake(f))}::${sql.raw(opts.types?.[f] ?? 'text')}`), sql`updated_at = now()`], sql`, `);
    for (const part of chunks(group)) {
      const u = unnestOf(cols, part);
      await tx.execute(sql`update ${sql.identifier(opts.table)} as t set ${sets} from ${u.from}
        where t.school_id = ${opts.schoolId} and t.id = u.id::uuid`);
    }
  }
}

/** The relation of existing student ↔ guardian links. */
export async function bulkUpdateRelations(tx: Tx, schoolId: string, links: ReadonlyArray<{ studentId: string; guardianId: string; relation: string }>): Promise<void> {
  for (const part of chunks(links)) {
    const u = unnestOf([['studentId', 'uuid'], ['guardianId', 'uuid'], ['relation', 'text']], part);
    await tx.execute(sql`update student_guardians as t set relation = u.relation from ${u.from}
      where t.school_id = ${schoolId} and t.student_id = u.student_id::uuid and t.guardian_id = u.guardian_id::uuid`);
  }
}

/**
 * Audit rows in bulk, exactly as writeAudit writes them (same columns, same context), in the caller's transaction.
 * writeAudit builds one VALUES list per call; for tens of thousands of rows this is several times faster.
 */
export async function auditRows(tx: Tx, ctx: AuditContext, changes: readonly AuditChange[]): Promise<void> {
  await insertRows(tx, 'audit_events', {
    schoolId: 'uuid', actorAccountId: 'uuid', actorRole: 'text', requestId: 'text', ip: 'text',
    entity: 'text', entityId: 'text', action: 'text', oldValue: 'jsonb', newValue: 'jsonb', reason: 'text',
  }, changes.map((c) => ({
    schoolId: ctx.schoolId, actorAccountId: ctx.accountId, actorRole: ctx.role, requestId: ctx.requestId, ip: ctx.ip,
    entity: c.entity, entityId: c.entityId, action: c.action, oldValue: c.oldValue ?? null, newValue: c.newValue ?? null, reason: c.reason ?? null,
  })));
}
