// Substitutions (замены) and extra lessons: writes with audit rows; the pickers' options.
import { isUniqueViolation } from '../../db/faults.ts';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { staff } from '../people/schema.ts';
import { subjects } from '../setup/schema.ts';
import { lessons, substitutions } from './schema.ts';

type Q = Db | Tx;

export type SubstitutionInput = { kind: 'teacher' | 'subject' | 'cancelled'; substituteStaffId: string | null; subjectId: string | null; reason: string };
export type ExtraLessonInput = { groupId: string; date: string; lessonNumber: number; staffId: string; room: string | null };

/**
 * Sets (or replaces) the substitution of a lesson. False when another user saved one for the lesson at the same instant
 * (both saw none, the second insert hits substitutions_lesson): this transaction is rolled back, nothing is saved.
 */
export async function saveSubstitution(db: Db, ctx: AuditContext, lessonId: string, input: SubstitutionInput, createdBy: string | null): Promise<boolean> {
  try {
    await withSchool(db, ctx.schoolId, async (tx) => {
      const [old] = await tx.select().from(substitutions).where(and(eq(substitutions.schoolId, ctx.schoolId), eq(substitutions.lessonId, lessonId)));
      if (old) await tx.delete(substitutions).where(and(eq(substitutions.schoolId, ctx.schoolId), eq(substitutions.id, old.id)));
      const [row] = await tx.insert(substitutions).values({ schoolId: ctx.schoolId, lessonId, ...input, createdBy }).returning({ id: substitutions.id });
      await writeAudit(tx, ctx, {
        entity: 'substitution', entityId: row!.id, action: old ? 'replace' : 'create', reason: input.reason,
        oldValue: old ? { kind: old.kind, substituteStaffId: old.substituteStaffId, subjectId: old.subjectId, reason: old.reason } : null,
        newValue: { lessonId, ...input },
      });
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err, 'substitutions_lesson')) return false;
    throw err;
  }
}

export async function removeSubstitution(db: Db, ctx: AuditContext, lessonId: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [old] = await tx.delete(substitutions).where(and(eq(substitutions.schoolId, ctx.schoolId), eq(substitutions.lessonId, lessonId))).returning();
    if (!old) return false;
    await writeAudit(tx, ctx, {
      entity: 'substitution', entityId: old.id, action: 'delete',
      oldValue: { lessonId, kind: old.kind, substituteStaffId: old.substituteStaffId, subjectId: old.subjectId, reason: old.reason },
    });
    return true;
  });
}

/**
 * Adds an extra lesson; false when the group already has a lesson at that number that day — seen by the check, or
 * added by another user at the same instant (the insert hits lessons_slot; nothing is saved).
 */
export async function addExtraLesson(db: Db, ctx: AuditContext, input: ExtraLessonInput): Promise<string | false> {
  try {
    return await withSchool(db, ctx.schoolId, async (tx) => {
      const [clash] = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.schoolId, ctx.schoolId), eq(lessons.groupId, input.groupId),
        eq(lessons.date, input.date), eq(lessons.lessonNumber, input.lessonNumber))).limit(1);
      if (clash) return false;
      const [row] = await tx.insert(lessons).values({ schoolId: ctx.schoolId, ...input, origin: 'extra' }).returning({ id: lessons.id });
      await writeAudit(tx, ctx, { entity: 'lesson', entityId: row!.id, action: 'create_extra', newValue: input });
      return row!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'lessons_slot')) return false;
    throw err;
  }
}

export async function staffExists(db: Q, schoolId: string, staffId: string): Promise<boolean> {
  const [row] = await db.select({ id: staff.id }).from(staff).where(and(eq(staff.schoolId, schoolId), eq(staff.id, staffId))).limit(1);
  return !!row;
}

export async function subjectOptions(db: Q, { schoolId }: { schoolId: string }) {
  return db.select({ id: subjects.id, name: subjects.name }).from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.name));
}

export async function groupOptions(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  return db.select({ id: teachingGroups.id, name: teachingGroups.name }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId))).orderBy(asc(teachingGroups.name));
}
