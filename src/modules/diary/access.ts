// Whose diary an actor may read: a parent — their own children (in every school of the account); a student — themself.
// Nobody else reads a diary through these routes; another child's id answers 404.
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { todayIso } from '../../web/dates.ts';
import { memberships } from '../accounts/schema.ts';
import { classMemberships } from '../contingent/schema.ts';
import { studentGuardians, students } from '../people/schema.ts';
import { schools } from '../platform/schema.ts';
import { schoolClasses } from '../setup/schema.ts';

export type DiaryChild = {
  schoolId: string; schoolName: string; studentId: string; lastName: string; firstName: string;
  classId: string | null; className: string | null; grade: number | null;
  /** The reader's guardian card in that school (null when the reader is the student). */
  guardianId: string | null;
};

function childSelect(db: Db, date: string) {
  return db.select({
    schoolId: students.schoolId, schoolName: schools.name, studentId: students.id, lastName: students.lastName, firstName: students.firstName,
    classId: schoolClasses.id, className: schoolClasses.name, grade: schoolClasses.grade,
  }).from(students)
    .innerJoin(schools, eq(schools.id, students.schoolId))
    .leftJoin(classMemberships, and(eq(classMemberships.schoolId, students.schoolId), eq(classMemberships.studentId, students.id),
      lte(classMemberships.startsOn, date), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, date))))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)));
}

/**
 * The children whose diaries this account reads, in every school where its membership is active: a guardian's
 * children and the student themself. Sorted by school, then first name.
 */
export async function diaryChildren(db: Db, accountId: string, date = todayIso()): Promise<DiaryChild[]> {
  const own = await db.select({ schoolId: memberships.schoolId, guardianId: memberships.guardianId, studentId: memberships.studentId })
    .from(memberships).where(and(eq(memberships.accountId, accountId), isNull(memberships.disabledAt)));
  const out: DiaryChild[] = [];
  for (const m of own) {
    if (m.guardianId) {
      const rows = await childSelect(db, date)
        .innerJoin(studentGuardians, and(eq(studentGuardians.schoolId, students.schoolId), eq(studentGuardians.studentId, students.id)))
        .where(and(eq(studentGuardians.schoolId, m.schoolId), eq(studentGuardians.guardianId, m.guardianId)));
      out.push(...rows.map((r) => ({ ...r, guardianId: m.guardianId })));
    }
    if (m.studentId) {
      const rows = await childSelect(db, date).where(and(eq(students.schoolId, m.schoolId), eq(students.id, m.studentId)));
      out.push(...rows.map((r) => ({ ...r, guardianId: null })));
    }
  }
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
  const children = await diaryChildren(db, actor.accountId);
  return children.find((c) => c.schoolId === actor.school!.id && c.studentId === p.data.studentId);
}

export const fullChildName = (c: Pick<DiaryChild, 'lastName' | 'firstName'>) => `${c.firstName} ${c.lastName}`;
