// The audit trail's hash chain (migration 0009): each row of a school holds the hash of the school's previous row and
// its own, SHA-256 over (previous hash | the row's content). Verification recomputes every hash here, in Node, from the
// database's canonical text of each row (otmetka_audit_content), so an edited, deleted or inserted row shows as the
// first link that does not hold.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { schools } from '../platform/schema.ts';

export type ChainRow = { seq: number; id: string; at: Date; prevHash: string | null; hash: string; content: string };

export type BrokenLink = {
  seq: number;
  id: string;
  at: Date;
  problem: 'content' | 'link' | 'gap';
};

export type ChainReport = { schoolId: string; schoolName: string; rows: number; broken: BrokenLink | null; lastHash: string | null };

/** The hash of a row that follows `prev`: the rule the trigger follows, written again independently. */
export function linkHash(prev: string | null, content: string): string {
  return createHash('sha256').update(`${prev ?? ''}|${content}`, 'utf8').digest('hex');
}

/** Pure: walks rows in `seq` order after `before` (the last good row of the previous page) and names the first bad link. */
export function firstBroken(rows: readonly ChainRow[], before: { seq: number; hash: string | null }): BrokenLink | null {
  let prev = before;
  for (const r of rows) {
    if (r.seq !== prev.seq + 1) return { seq: r.seq, id: r.id, at: r.at, problem: 'gap' };
    if (r.prevHash !== prev.hash) return { seq: r.seq, id: r.id, at: r.at, problem: 'link' };
    if (linkHash(r.prevHash, r.content) !== r.hash) return { seq: r.seq, id: r.id, at: r.at, problem: 'content' };
    prev = { seq: r.seq, hash: r.hash };
  }
  return null;
}

const PAGE = 5000;

async function page(db: Db, schoolId: string, afterSeq: number): Promise<ChainRow[]> {
  const rows = rowsOf<{ seq: string | number; id: string; at: string | Date; prev_hash: string | null; hash: string; content: string }>(
    await db.execute(sql`select e.seq, e.id, e.at, e.prev_hash, e.hash, otmetka_audit_content(e) as content
      from audit_events e where e.school_id = ${schoolId} and e.seq > ${afterSeq} order by e.seq limit ${PAGE}`),
  );
  return rows.map((r) => ({ seq: Number(r.seq), id: r.id, at: new Date(r.at), prevHash: r.prev_hash, hash: r.hash, content: r.content }));
}

/** Verifies one school's chain, a page at a time (each page in its own short transaction of that school). */
export async function verifySchoolChain(db: Db, school: { id: string; name: string }): Promise<ChainReport> {
  let before: { seq: number; hash: string | null } = { seq: 0, hash: null };
  let count = 0;
  for (;;) {
    const rows = await withSchool(db, school.id, (tx) => page(tx, school.id, before.seq));
    const broken = firstBroken(rows, before);
    if (broken) return { schoolId: school.id, schoolName: school.name, rows: count + rows.findIndex((r) => r.seq === broken.seq), broken, lastHash: before.hash };
    count += rows.length;
    const last = rows.at(-1);
    if (last) before = { seq: last.seq, hash: last.hash };
    if (rows.length < PAGE) return { schoolId: school.id, schoolName: school.name, rows: count, broken: null, lastHash: before.hash };
  }
}

/** Every school's chain (or one school's). */
export async function verifyChains(db: Db, schoolId?: string): Promise<ChainReport[]> {
  const all = await db.select({ id: schools.id, name: schools.name }).from(schools).orderBy(schools.name);
  const picked = schoolId ? all.filter((s) => s.id === schoolId) : all;
  const out: ChainReport[] = [];
  for (const s of picked) out.push(await verifySchoolChain(db, s));
  return out;
}
