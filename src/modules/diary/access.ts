// Whose diary an actor may read: a parent — their own children (in every school of the account); a student — themself.
// Nobody else reads a diary through these routes; another child's id answers 404.
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rowsOf, type Db } from '../../db/client.ts';
import type { AuthCache } from '../../web/auth-cache.ts';
import { todayIso } from '../../web/dates.ts';

export type DiaryChild = {
  schoolId: string; schoolName: string; studentId: string; lastName: string; firstName: string;
  classId: string | null; className: string | null; grade: number | null;
  /** The reader's guardian card in that school (null when the reader is the student). */
  guardianId: string | null;
};

type FamilyRow = {
  school_id: string; school_name: string; student_id: string; last_name: string; first_name: string;
  class_id: string | null; class_name: string | null; grade: number | null; guardian_id: string | null;
};

/**
 * The children whose diaries this account reads, in every school where its membership is active: a guardian's
 * children and the student themself. Sorted by school, then first name. Children in the account's other schools are
 * past row-level security, so they come from one database function that answers for the transaction's own account
 * only (otmetka_family_children_of, migration 0016: one statement); their diaries open after switching to that school.
 */
export async function diaryChildren(db: Db, accountId: string, date = todayIso(), cache?: AuthCache): Promise<DiaryChild[]> {
  const kept = cache?.family(accountId, date);
  if (kept) return [...kept];
  const ticket = cache?.ticket();
  const children = await readChildren(db, accountId, date);
  if (ticket) cache!.keepFamily(ticket, accountId, date, children);
  return [...children];
}

async function readChildren(db: Db, accountId: string, date: string): Promise<DiaryChild[]> {
  const rows = rowsOf<FamilyRow>(await db.execute(sql`select * from otmetka_family_children_of(${accountId}::uuid, ${date}::date)`));
  // Frozen: a family kept in memory is shared by every request that reads it (web/auth-cache.ts); frozen on every
  // database alike, so a caller that would change a child fails in the tests, not only in production.
  const out: DiaryChild[] = rows.map((r) => Object.freeze({
    schoolId: r.school_id, schoolName: r.school_name, studentId: r.student_id, lastName: r.last_name, firstName: r.first_name,
    classId: r.class_id, className: r.class_name, grade: r.grade === null ? null : Number(r.grade), guardianId: r.guardian_id,
  }));
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(`${c.schoolId}:${c.studentId}`) ? false : (seen.add(`${c.schoolId}:${c.studentId}`), true)))
    .sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'ru') || a.firstName.localeCompare(b.firstName, 'ru'));
}

const studentParam = z.object({ studentId: z.uuid() });

/**
 * The child of the URL (`:studentId`) if the actor reads their diary in the current school; undefined otherwise
 * (a malformed id, another family's child, a child of another school of the account — answered 404).
 */
export async function diaryChildOf(db: Db, request: FastifyRequest): Promise<DiaryChild | undefined> {
  const p = studentParam.safeParse(request.params);
  const actor = request.actor;
  if (!p.success || !actor?.school) return undefined;
  // Kept in memory for a minute at most, and dropped the moment the database announces a change (web/auth-cache.ts).
  const children = await diaryChildren(db, actor.accountId, todayIso(), request.server.authCache);
  return children.find((c) => c.schoolId === request.school.id && c.studentId === p.data.studentId);
}

export const fullChildName = (c: Pick<DiaryChild, 'lastName' | 'firstName'>) => `${c.firstName} ${c.lastName}`;
