// Bell schedules, subjects and classes. Every function takes schoolId; every write is audited in its transaction.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { classMemberships } from '../contingent/schema.ts';
import { staff } from '../people/schema.ts';
import { bells, bellSchedules, periodSchemes, schoolClasses, subjects } from './schema.ts';

type Q = Db | Tx;
type Ids = { schoolId: string };
export type BellInput = { lessonNumber: number; startsAt: string; endsAt: string };
export type SubjectInput = { name: string; shortName: string; area: string | null };
export type ClassInput = {
  grade: number | null; letter: string | null; name: string; shift: number; schemeId: string; classTeacherId: string | null;
};

// ── Bell schedules ──

export async function listBellSchedules(db: Q, { schoolId }: Ids) {
  const [schedules, rows] = await Promise.all([
    db.select().from(bellSchedules).where(eq(bellSchedules.schoolId, schoolId)).orderBy(asc(bellSchedules.shift)),
    db.select().from(bells).where(eq(bells.schoolId, schoolId)).orderBy(asc(bells.lessonNumber)),
  ]);
  return schedules.map((s) => ({ ...s, bells: rows.filter((b) => b.scheduleId === s.id).map(hhmm) }));
}

const hhmm = <T extends { startsAt: string; endsAt: string }>(b: T): T => ({ ...b, startsAt: b.startsAt.slice(0, 5), endsAt: b.endsAt.slice(0, 5) });

export async function getBellSchedule(db: Q, { schoolId, scheduleId }: Ids & { scheduleId: string }) {
  const [schedule] = await db.select().from(bellSchedules).where(and(eq(bellSchedules.schoolId, schoolId), eq(bellSchedules.id, scheduleId)));
  if (!schedule) return undefined;
  const rows = await db.select().from(bells).where(and(eq(bells.schoolId, schoolId), eq(bells.scheduleId, scheduleId))).orderBy(asc(bells.lessonNumber));
  return { ...schedule, bells: rows.map(hhmm) };
}

export async function createBellSchedule(db: Db, ctx: AuditContext, input: { shift: number; name: string }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(bellSchedules).values({ schoolId: ctx.schoolId, ...input }).returning({ id: bellSchedules.id });
    await writeAudit(tx, ctx, { entity: 'bell', entityId: row!.id, action: 'create', newValue: input });
    return row!.id;
  });
}

/** Replaces the schedule's name and lessons as a whole, all or nothing. */
export async function saveBells(db: Db, ctx: AuditContext, scheduleId: string, name: string, rows: BellInput[]) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getBellSchedule(tx, { schoolId: ctx.schoolId, scheduleId });
    await tx.update(bellSchedules).set({ name }).where(and(eq(bellSchedules.schoolId, ctx.schoolId), eq(bellSchedules.id, scheduleId)));
    await tx.delete(bells).where(and(eq(bells.schoolId, ctx.schoolId), eq(bells.scheduleId, scheduleId)));
    if (rows.length) await tx.insert(bells).values(rows.map((r) => ({ schoolId: ctx.schoolId, scheduleId, ...r })));
    await writeAudit(tx, ctx, {
      entity: 'bell', entityId: scheduleId, action: 'update',
      oldValue: old && { name: old.name, bells: old.bells.map(({ lessonNumber, startsAt, endsAt }) => ({ lessonNumber, startsAt, endsAt })) },
      newValue: { name, bells: rows },
    });
  });
}

export async function deleteBellSchedule(db: Db, ctx: AuditContext, scheduleId: string) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getBellSchedule(tx, { schoolId: ctx.schoolId, scheduleId });
    await tx.delete(bellSchedules).where(and(eq(bellSchedules.schoolId, ctx.schoolId), eq(bellSchedules.id, scheduleId)));
    await writeAudit(tx, ctx, { entity: 'bell', entityId: scheduleId, action: 'delete', oldValue: old });
  });
}

// ── Subjects ──

export async function listSubjects(db: Q, { schoolId }: Ids) {
  return db.select().from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.area), asc(subjects.name));
}

export async function getSubject(db: Q, { schoolId, subjectId }: Ids & { subjectId: string }) {
  const [row] = await db.select().from(subjects).where(and(eq(subjects.schoolId, schoolId), eq(subjects.id, subjectId)));
  return row;
}

export async function createSubject(db: Db, ctx: AuditContext, input: SubjectInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(subjects).values({ schoolId: ctx.schoolId, ...input }).returning({ id: subjects.id });
    await writeAudit(tx, ctx, { entity: 'subject', entityId: row!.id, action: 'create', newValue: input });
  });
}

export async function updateSubject(db: Db, ctx: AuditContext, subjectId: string, input: SubjectInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const old = await getSubject(tx, { schoolId: ctx.schoolId, subjectId });
    await tx.update(subjects).set(input).where(and(eq(subjects.schoolId, ctx.schoolId), eq(subjects.id, subjectId)));
    await writeAudit(tx, ctx, { entity: 'subject', entityId: subjectId, action: 'update', oldValue: old, newValue: input });
  });
}

// ── Classes ──

/** A year's classes with their scheme, class teacher and the number of students in the class on `today`. */
export async function listClasses(db: Q, { schoolId, yearId, today }: Ids & { yearId: string; today: string }) {
  return db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, shift: schoolClasses.shift,
    schemeName: periodSchemes.name,
    teacherName: sql<string | null>`nullif(concat_ws(' ', ${staff.lastName}, ${staff.firstName}, ${staff.middleName}), '')`,
    // Named outright: drizzle leaves columns unqualified in a select list, which a correlated subquery cannot take.
    studentsToday: sql<number>`(select count(*)::int from class_memberships m where m.school_id = classes.school_id
      and m.class_id = classes.id and m.starts_on <= ${today} and (m.ends_on is null or m.ends_on > ${today}))`,
  }).from(schoolClasses)
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, schoolClasses.schoolId), eq(periodSchemes.id, schoolClasses.schemeId)))
    .leftJoin(staff, and(eq(staff.schoolId, schoolClasses.schoolId), eq(staff.id, schoolClasses.classTeacherId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}

/** Staff cards to pick a class teacher from. */
export async function staffOptions(db: Q, { schoolId }: Ids) {
  const rows = await db.select({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName, position: staff.position })
    .from(staff).where(eq(staff.schoolId, schoolId)).orderBy(asc(staff.lastName), asc(staff.firstName));
  return rows.map((s) => ({ id: s.id, name: [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' '), position: s.position }));
}

export async function membershipCount(db: Q, { schoolId, classId }: Ids & { classId: string }): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId)));
  return Number(row?.n ?? 0);
}

export async function createClass(db: Db, ctx: AuditContext, yearId: string, input: ClassInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(schoolClasses).values({ schoolId: ctx.schoolId, yearId, ...input }).returning({ id: schoolClasses.id });
    await writeAudit(tx, ctx, { entity: 'class', entityId: row!.id, action: 'create', newValue: { yearId, ...input } });
  });
}

const classWhere = (schoolId: string, classId: string) => and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId));

export async function updateClass(db: Db, ctx: AuditContext, classId: string, input: ClassInput) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [old] = await tx.select().from(schoolClasses).where(classWhere(ctx.schoolId, classId));
    await tx.update(schoolClasses).set(input).where(classWhere(ctx.schoolId, classId));
    await writeAudit(tx, ctx, { entity: 'class', entityId: classId, action: 'update', oldValue: old, newValue: input });
  });
}

/** Deletes a class no student was ever in; false when it has membership rows. */
export async function deleteClass(db: Db, ctx: AuditContext, classId: string): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    if (await membershipCount(tx, { schoolId: ctx.schoolId, classId }) > 0) return false;
    const [old] = await tx.select().from(schoolClasses).where(classWhere(ctx.schoolId, classId));
    await tx.delete(schoolClasses).where(classWhere(ctx.schoolId, classId));
    await writeAudit(tx, ctx, { entity: 'class', entityId: classId, action: 'delete', oldValue: old });
    return true;
  });
}
