// A static scan of the SQL the app issues (issue 15, scale-out): a join of a tenant table must equate its school_id —
// with the other table's school_id or with the request's school — so that under Citus every join stays inside one
// school's shard group. Two shapes are read:
//   drizzle:  .innerJoin(table, and(eq(table.schoolId, other.schoolId), …))   (also leftJoin / rightJoin / fullJoin)
//   raw SQL:  join <table> [as] <alias> on <alias>.school_id = … / … = <alias>.school_id, or using (school_id, …)
// Limits: comma joins (`from a, b where …`), correlated subqueries (`where exists (select … from b where b.x = a.x)`),
// SQL assembled from strings (sql.raw) and a school_id equality hidden under or(…) are not recognised; the scan reads
// text, not a parse tree. Row-level security still confines every query to one school at run time.
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import * as schema from '../../src/db/schema.ts';
import { GLOBAL_WITH_SCHOOL_ID } from '../../src/db/citus-ddl.ts';

export type Finding = { file: string; line: number; join: string; problem: string };

/** How many joins of tenant tables a scan checked (a scan that checks nothing proves nothing). */
export const checked = { drizzle: 0, sql: 0 };

type SchemaTable = { export: string; sqlName: string; tenant: boolean };

/** Every drizzle table of the schema: its export name, SQL name and whether it is a tenant table. */
export function schemaTables(): SchemaTable[] {
  return Object.entries(schema).filter(([, v]) => is(v, Table)).map(([name, t]) => {
    const sqlName = getTableName(t as Table);
    const columns = Object.values(getTableColumns(t as Table));
    return { export: name, sqlName, tenant: columns.some((c) => c.name === 'school_id') && !GLOBAL_WITH_SCHOOL_ID.has(sqlName) };
  });
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The text of the balanced parentheses group that starts right after `open` (the index of a `(`). */
function group(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Local names of drizzle tables in a file: imports (renamed or not) and alias(table, '…'). */
function localTables(text: string, tables: SchemaTable[]): Map<string, SchemaTable> {
  const byExport = new Map(tables.map((t) => [t.export, t]));
  const local = new Map<string, SchemaTable>();
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[^']*'/g)) {
    for (const part of m[1]!.split(',')) {
      const [name, as] = part.trim().split(/\s+as\s+/);
      if (name && byExport.has(name)) local.set(as ?? name, byExport.get(name)!);
    }
  }
  for (const t of tables) if (new RegExp(`const ${t.export} = pgTable\\(`).test(text)) local.set(t.export, t);
  for (const m of text.matchAll(/const (\w+) = alias\((\w+),/g)) if (local.has(m[2]!)) local.set(m[1]!, local.get(m[2]!)!);
  return local;
}

/** drizzle joins: `.xJoin(T, cond)`; cond must hold eq(T.schoolId, …) or eq(…, T.schoolId) when T is a tenant table. */
export function drizzleJoins(file: string, text: string, tables: SchemaTable[]): Finding[] {
  const local = localTables(text, tables);
  const out: Finding[] = [];
  for (const m of text.matchAll(/\.(inner|left|right|full)Join\(\s*(\w+)\s*,/g)) {
    const name = m[2]!;
    const found = (problem: string) => out.push({ file, line: lineOf(text, m.index), join: `${m[1]}Join(${name})`, problem });
    const table = local.get(name);
    if (!table) {
      // A subquery (`const x = db.select(…)….as('x')`): its own joins are scanned where it is written.
      if (!new RegExp(`const ${name} = [^;]*?\\.as\\(`, 's').test(text)) found('unknown join target');
      continue;
    }
    if (!table.tenant) continue;
    checked.drizzle++;
    const args = group(text, m.index + m[0].indexOf('('));
    let cond = args.slice(args.indexOf(',') + 1).trim();
    // A condition kept in a constant of the file: `const lessonOfRow = and(eq(…), …);`
    if (/^\w+$/.test(cond)) cond = new RegExp(`const ${cond} = ([^;]*);`, 's').exec(text)?.[1] ?? cond;
    const col = `${name}\\.schoolId`;
    const equated = new RegExp(`eq\\(\\s*${col}\\s*,|eq\\([^()]*,\\s*${col}\\s*\\)|\\$\\{${col}\\}\\s*=`);
    if (!equated.test(cond)) found(`no school_id equality for ${table.sqlName}`);
  }
  return out;
}

const STOP = new RegExp(`^(${['join', 'left', 'right', 'inner', 'full', 'cross', 'natural', 'where', 'group', 'order', 'limit', 'offset',
  'having', 'window', 'union', 'except', 'intersect', 'returning', 'loop', 'into', 'then'].join('|')})\\b`, 'i');

/** The ON condition: from after `on` to the next clause keyword, `;`, a backtick or the closing parenthesis around it. */
function condition(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return text.slice(start, i);
    else if (c === ';' || c === '`') return text.slice(start, i);
    else if (depth === 0 && /\s/.test(c) && STOP.test(text.slice(i + 1, i + 12))) return text.slice(start, i);
  }
  return text.slice(start);
}

/** Raw SQL joins (in sql`…` templates and migrations): `join T [as] a on …` must equate a.school_id when T is a tenant table. */
export function sqlJoins(file: string, text: string, tables: SchemaTable[]): Finding[] {
  const tenant = new Set(tables.filter((t) => t.tenant).map((t) => t.sqlName));
  const out: Finding[] = [];
  const re = /\bjoin\s+(?:lateral\s+)?(?:only\s+)?(?:public\.)?"?(\w+)"?(?:\s+(?:as\s+)?(?!on\b|using\b)(\w+))?\s+(on|using)\b/gi;
  for (const m of text.matchAll(re)) {
    const table = m[1]!;
    if (!tenant.has(table)) continue;
    checked.sql++;
    const alias = m[2] ?? table;
    const rest = text.slice(m.index + m[0].length);
    const ok = m[3]!.toLowerCase() === 'using'
      ? /^\s*\([^)]*\bschool_id\b/i.test(rest)
      : new RegExp(`\\b${alias}\\.school_id\\s*=|=\\s*${alias}\\.school_id\\b`, 'i').test(condition(text, m.index + m[0].length));
    const join = m[0].replace(/\s+/g, ' ');
    if (!ok) out.push({ file, line: lineOf(text, m.index), join, problem: `no school_id equality for ${table}` });
  }
  return out;
}
