// The lessons the programme, timesheet and activity reports read: each with its substitution (cancelled, another
// teacher, another subject), straight from the timetable's lessons — no copy.
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { lessons, substitutions } from '../schedule/schema.ts';

export type Q = Db | Tx;

export type LessonRow = {
  id: string; groupId: string; date: string; lessonNumber: number; staffId: string; origin: string; offTimetable: boolean;
  topic: string | null; attendanceTakenAt: Date | null;
  substitution: { kind: string; substituteStaffId: string | null } | null;
};

/**
 * The school's lessons of some groups (or any) between two dates (inclusive, either open), or those a teacher gives or
 * owns (`staffIds`: own lessons and lessons they substitute), in group / date / lesson-number order.
 */
export async function lessonRows(db: Q, o: {
  schoolId: string; from?: string; to?: string; groupIds?: readonly string[]; staffIds?: readonly string[] | null;
}): Promise<LessonRow[]> {
  const conds: Array<SQL | undefined> = [eq(lessons.schoolId, o.schoolId)];
  if (o.from) conds.push(gte(lessons.date, o.from));
  if (o.to) conds.push(lte(lessons.date, o.to));
  if (o.groupIds) conds.push(o.groupIds.length ? inArray(lessons.groupId, [...o.groupIds]) : sql`false`);
  if (o.staffIds) {
    conds.push(o.staffIds.length
      ? or(inArray(lessons.staffId, [...o.staffIds]), inArray(substitutions.substituteStaffId, [...o.staffIds]))
      : sql`false`);
  }
  const rows = await db.select({
    id: lessons.id, groupId: lessons.groupId, date: lessons.date, lessonNumber: lessons.lessonNumber, staffId: lessons.staffId,
    origin: lessons.origin, offTimetable: lessons.offTimetable, topic: lessons.topic, attendanceTakenAt: lessons.attendanceTakenAt,
    kind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId,
  }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(...conds))
    .orderBy(asc(lessons.groupId), asc(lessons.date), asc(lessons.lessonNumber));
  // Object.assign, not `{ ...l, substitution }`: that shape takes V8's slow path on Node 20 (web/render.ts), per lesson.
  return rows.map(({ kind, substituteStaffId, ...l }) => Object.assign(l, { substitution: kind ? { kind, substituteStaffId } : null }));
}

export const isCancelled = (l: Pick<LessonRow, 'substitution'>): boolean => l.substitution?.kind === 'cancelled';
