// Reads of the КТП module: which groups an actor may open, a group's topics and totals.
import { and, asc, count, eq, gt, inArray, isNull, lte, or, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import type { Actor } from '../../web/types.ts';
import { groupTeachers, ktpTopics, teachingGroups } from '../curriculum/schema.ts';
import { lessons } from '../schedule/schema.ts';
import { academicYears, schoolClasses, subjects } from '../setup/schema.ts';

type Q = Db | Tx;

/** Deputy and admin see and edit every group's КТП; a teacher only the groups they teach. */
export const seesAllGroups = (actor: Actor): boolean => actor.roles.includes('deputy') || actor.roles.includes('admin');

/**
 * The groups a staff member teaches at any time of the group's year: a group_teachers row overlapping the year
 * (a teacher who leaves mid-year, or joins mid-year, still keeps the КТП of that group). Until H1's membership.ts
 * (groupsTaughtBy) exists, this module asks group_teachers itself.
 */
export async function groupIdsTaughtInYear(db: Q, { schoolId, staffId }: { schoolId: string; staffId: string }): Promise<string[]> {
  const rows = await db.selectDistinct({ id: groupTeachers.groupId }).from(groupTeachers)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
    .innerJoin(academicYears, and(eq(academicYears.schoolId, teachingGroups.schoolId), eq(academicYears.id, teachingGroups.yearId)))
    .where(and(
      eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.staffId, staffId),
      lte(groupTeachers.startsOn, academicYears.endsOn),
      or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, academicYears.startsOn)),
    ));
  return rows.map((r) => r.id);
}

const groupColumns = {
  id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, yearId: teachingGroups.yearId,
  subjectId: teachingGroups.subjectId, subjectName: subjects.name, classId: teachingGroups.classId,
  className: schoolClasses.name, grade: schoolClasses.grade,
};

function groupQuery(db: Q) {
  return db.select(groupColumns).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)));
}
export type KtpGroup = Awaited<ReturnType<ReturnType<typeof groupQuery>['execute']>>[number];

/** A group the actor may open and edit, or undefined (another school, another teacher's group, malformed id → 404). */
export async function groupForActor(db: Q, actor: Actor, groupId: string): Promise<KtpGroup | undefined> {
  const schoolId = actor.school!.id;
  const [group] = await groupQuery(db).where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, groupId))).limit(1);
  if (!group) return undefined;
  if (seesAllGroups(actor)) return group;
  const staffId = actor.person.staffId;
  if (!staffId || !actor.roles.includes('teacher')) return undefined;
  const taught = await groupIdsTaughtInYear(db, { schoolId, staffId });
  return taught.includes(groupId) ? group : undefined;
}

export type GroupRow = KtpGroup & { topics: number; hours: number; lessons: number };

/** The groups of a year the actor may edit (all for deputy/admin, optionally of one class), with КТП figures. */
export async function groupsForActor(db: Q, actor: Actor, { yearId, classId }: { yearId: string; classId?: string | undefined }): Promise<GroupRow[]> {
  const schoolId = actor.school!.id;
  const conds = [eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId)];
  if (!seesAllGroups(actor)) {
    const ids = actor.person.staffId ? await groupIdsTaughtInYear(db, { schoolId, staffId: actor.person.staffId }) : [];
    if (ids.length === 0) return [];
    conds.push(inArray(teachingGroups.id, ids));
  }
  if (classId) conds.push(eq(teachingGroups.classId, classId));
  const groups = await groupQuery(db).where(and(...conds))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(subjects.name), asc(teachingGroups.name));
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const topicRows = await db.select({ groupId: ktpTopics.groupId, n: count(), hours: sum(ktpTopics.hours) }).from(ktpTopics)
    .where(and(eq(ktpTopics.schoolId, schoolId), inArray(ktpTopics.groupId, ids))).groupBy(ktpTopics.groupId);
  const lessonRows = await db.select({ groupId: lessons.groupId, n: count() }).from(lessons)
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.groupId, ids))).groupBy(lessons.groupId);
  const t = new Map(topicRows.map((r) => [r.groupId, r]));
  const l = new Map(lessonRows.map((r) => [r.groupId, r.n]));
  return groups.map((g) => ({ ...g, topics: t.get(g.id)?.n ?? 0, hours: Number(t.get(g.id)?.hours ?? 0), lessons: l.get(g.id) ?? 0 }));
}

export async function listTopics(db: Q, { schoolId, groupId }: { schoolId: string; groupId: string }) {
  return db.select().from(ktpTopics).where(and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId))).orderBy(asc(ktpTopics.ordinal));
}

export async function getTopic(db: Q, { schoolId, groupId, topicId }: { schoolId: string; groupId: string; topicId: string }) {
  const [row] = await db.select().from(ktpTopics)
    .where(and(eq(ktpTopics.schoolId, schoolId), eq(ktpTopics.groupId, groupId), eq(ktpTopics.id, topicId))).limit(1);
  return row;
}

/** Lessons laid out for the group, and those up to today that carry a КТП topic (topics already given). */
export async function lessonTotals(db: Q, { schoolId, groupId, today }: { schoolId: string; groupId: string; today: string }) {
  const [row] = await db.select({
    total: count(),
    given: sql<number>`count(*) filter (where ${lessons.date} <= ${today} and ${lessons.ktpTopicId} is not null)`.mapWith(Number),
  }).from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId)));
  return { lessons: row?.total ?? 0, given: row?.given ?? 0 };
}

/** Parallel groups: same year and subject, a class of the same grade, another class; the ones this actor may edit. */
export async function parallelGroups(db: Q, actor: Actor, group: KtpGroup): Promise<GroupRow[]> {
  if (group.grade === null || group.classId === null) return [];
  const all = await groupsForActor(db, actor, { yearId: group.yearId });
  return all.filter((g) => g.id !== group.id && g.subjectId === group.subjectId && g.grade === group.grade && g.classId !== group.classId);
}

/** A lesson with its group, for the topic override. */
export async function getLesson(db: Q, { schoolId, lessonId }: { schoolId: string; lessonId: string }) {
  const [row] = await db.select({ id: lessons.id, groupId: lessons.groupId, topic: lessons.topic, topicOverridden: lessons.topicOverridden, date: lessons.date })
    .from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId))).limit(1);
  return row;
}
