// Queries of the class teacher's attendance sheet: the class with its year, its students over a date range, their
// absences and lates in every group they attend (cross-class ones too), and the absence reasons, written with audit rows.
import { and, asc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { classMemberships } from '../contingent/schema.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { students } from '../people/schema.ts';
import { lessons } from '../schedule/schema.ts';
import { academicYears, schoolClasses, subjects } from '../setup/schema.ts';
import { reasonKey, type AbsenceReason, type Window } from './attendance-rules.ts';
import { attendance } from './schema.ts';

type Q = Db | Tx;
type Range = { from: string; to: string };

/** The class with its year's name and status; undefined for another school's or an unknown id. */
export async function classWithYear(db: Q, { schoolId, classId }: { schoolId: string; classId: string }) {
  const [row] = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, yearId: schoolClasses.yearId, classTeacherId: schoolClasses.classTeacherId,
    yearName: academicYears.name, yearStatus: academicYears.status,
  }).from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId)));
  return row;
}

/** The attendance row's student was in the class on the lesson's date (class_memberships: [starts_on, ends_on)). */
const inClassOnLessonDate = (classId: string): SQL => sql`exists (select 1 from class_memberships m
  where m.school_id = attendance.school_id and m.student_id = attendance.student_id and m.class_id = ${classId}
    and m.starts_on <= lessons.date and (m.ends_on is null or m.ends_on > lessons.date))`;

const lessonOfRow = and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId));

export type SheetStudent = { id: string; lastName: string; firstName: string; middleName: string | null; sex: string | null; windows: Window[] };
export type SheetEntry = {
  lessonId: string; studentId: string; kind: string; reason: string | null; date: string; lessonNumber: number; subject: string;
};

/** Students who were in the class on some day of the range, with their membership windows, in Russian name order. */
export async function classStudentsInRange(db: Q, { schoolId, classId, from, to }: { schoolId: string; classId: string } & Range): Promise<SheetStudent[]> {
  const rows = await db.select({
    id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName, sex: students.sex,
    startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn,
  }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), lte(classMemberships.startsOn, to),
      or(isNull(classMemberships.endsOn), sql`${classMemberships.endsOn} > ${from}`)));
  const byId = new Map<string, SheetStudent>();
  for (const r of rows) {
    const s = byId.get(r.id) ?? { id: r.id, lastName: r.lastName, firstName: r.firstName, middleName: r.middleName, sex: r.sex, windows: [] };
    s.windows.push({ startsOn: r.startsOn, endsOn: r.endsOn });
    byId.set(r.id, s);
  }
  const key = (s: SheetStudent) => `${s.lastName} ${s.firstName} ${s.middleName ?? ''}`;
  return [...byId.values()].sort((a, b) => key(a).localeCompare(key(b), 'ru'));
}

/**
 * The absences and lates of these students in the range, in any group (a student's absence is about the student),
 * counted only on the days they were in this class.
 */
export async function classAttendanceEntries(
  db: Q, { schoolId, classId, studentIds, from, to, kind }: { schoolId: string; classId: string; studentIds: string[]; kind?: 'absent' } & Range,
): Promise<SheetEntry[]> {
  if (studentIds.length === 0) return [];
  return db.select({
    lessonId: attendance.lessonId, studentId: attendance.studentId, kind: attendance.kind, reason: attendance.reason,
    date: lessons.date, lessonNumber: lessons.lessonNumber, subject: subjects.name,
  }).from(attendance)
    .innerJoin(lessons, lessonOfRow)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(attendance.schoolId, schoolId), inArray(attendance.studentId, studentIds), gte(lessons.date, from), lte(lessons.date, to),
      kind ? eq(attendance.kind, kind) : undefined, inClassOnLessonDate(classId)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
}

/** The dates in the range on which the class's own groups had lessons (holidays and Sundays drop out). */
export async function classLessonDates(db: Q, { schoolId, classId, from, to }: { schoolId: string; classId: string } & Range): Promise<string[]> {
  const rows = await db.selectDistinct({ date: lessons.date }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .where(and(eq(lessons.schoolId, schoolId), eq(teachingGroups.classId, classId), gte(lessons.date, from), lte(lessons.date, to)))
    .orderBy(asc(lessons.date));
  return rows.map((r) => r.date);
}

/** Was the student ever in the class (any membership)? The scope of the «reason for days» form. */
export async function isStudentOfClass(db: Q, { schoolId, classId, studentId }: { schoolId: string; classId: string; studentId: string }) {
  const [row] = await db.select({ one: sql<number>`1` }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), eq(classMemberships.studentId, studentId))).limit(1);
  return row !== undefined;
}

export type ReasonChange = { lessonId: string; studentId: string; reason: AbsenceReason | null };

/** Writes the changed reasons (grouped by new value) and one audit row per changed absence, in the caller's tx. */
export async function writeReasons(tx: Tx, ctx: AuditContext, old: Map<string, string | null>, changes: ReasonChange[], why: string | null) {
  const changed = changes.filter((c) => (old.get(reasonKey(c.lessonId, c.studentId)) ?? null) !== c.reason);
  for (const reason of new Set(changed.map((c) => c.reason))) {
    const rows = changed.filter((c) => c.reason === reason);
    const pairs = sql.join(rows.map((c) => sql`(${c.lessonId}::uuid, ${c.studentId}::uuid)`), sql`, `);
    await tx.update(attendance).set({ reason, updatedBy: ctx.accountId, updatedAt: sql`now()` })
      .where(and(eq(attendance.schoolId, ctx.schoolId), eq(attendance.kind, 'absent'), sql`(${attendance.lessonId}, ${attendance.studentId}) in (${pairs})`));
  }
  await writeAudit(tx, ctx, ...changed.map((c) => ({
    entity: 'attendance_reason', entityId: reasonKey(c.lessonId, c.studentId), action: 'update',
    oldValue: { reason: old.get(reasonKey(c.lessonId, c.studentId)) ?? null }, newValue: { reason: c.reason }, reason: why,
  })));
  return changed.length;
}

/**
 * Sets the reasons of several absences of the class at once. Every one must be an absence ('absent') of a student on a
 * day they were in this class; otherwise nothing is written and `null` is returned (the caller answers 404).
 */
export async function setAbsenceReasons(db: Db, ctx: AuditContext, classId: string, changes: ReasonChange[]): Promise<number | null> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    if (changes.length === 0) return 0;
    const pairs = sql.join(changes.map((c) => sql`(${c.lessonId}::uuid, ${c.studentId}::uuid)`), sql`, `);
    const rows = await tx.select({ lessonId: attendance.lessonId, studentId: attendance.studentId, reason: attendance.reason })
      .from(attendance).innerJoin(lessons, lessonOfRow)
      .where(and(eq(attendance.schoolId, ctx.schoolId), eq(attendance.kind, 'absent'),
        sql`(${attendance.lessonId}, ${attendance.studentId}) in (${pairs})`, inClassOnLessonDate(classId)))
      .for('update', { of: attendance });
    if (rows.length !== new Set(changes.map((c) => reasonKey(c.lessonId, c.studentId))).size) return null;
    const old = new Map(rows.map((r) => [reasonKey(r.lessonId, r.studentId), r.reason]));
    return writeReasons(tx, ctx, old, changes, null);
  });
}

/**
 * «Причина за дни»: sets one reason on every absence of the student from `from` to `to` (days in this class only).
 * Returns how many absences there were and how many changed.
 */
export async function setReasonForDays(
  db: Db, ctx: AuditContext, p: { classId: string; studentId: string; reason: AbsenceReason | null; why: string } & Range,
): Promise<{ found: number; changed: number }> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const rows = await tx.select({ lessonId: attendance.lessonId, studentId: attendance.studentId, reason: attendance.reason })
      .from(attendance).innerJoin(lessons, lessonOfRow)
      .where(and(eq(attendance.schoolId, ctx.schoolId), eq(attendance.studentId, p.studentId), eq(attendance.kind, 'absent'),
        gte(lessons.date, p.from), lte(lessons.date, p.to), inClassOnLessonDate(p.classId)))
      .for('update', { of: attendance });
    const old = new Map(rows.map((r) => [reasonKey(r.lessonId, r.studentId), r.reason]));
    const changed = await writeReasons(tx, ctx, old, rows.map((r) => ({ lessonId: r.lessonId, studentId: r.studentId, reason: p.reason })), p.why);
    return { found: rows.length, changed };
  });
}
