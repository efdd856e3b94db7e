// Changes to the curriculum and teaching groups: each in one tenant transaction with its audit rows.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { itemsOfClass, memberRows, splitSiblings, type ClassInfo, type Group, type Item } from './queries.ts';
import { checkSubgroupMembership, groupName, planCopy, planTeacherAssignment, type CopyMode } from './rules.ts';
import { curriculumItems, groupMembers, groupTeachers, teachingGroups } from './schema.ts';

type ItemInput = { subjectId: string; subjectName: string; hoursPerWeek: number; lessonKind: string };

/** Creates the whole-class group of a curriculum item unless one exists (returns its id or null when the name is taken). */
async function ensureClassGroup(tx: Tx, ctx: AuditContext, cls: { id: string; name: string; yearId: string }, item: ItemInput & { id: string }) {
  const [existing] = await tx.select({ id: teachingGroups.id }).from(teachingGroups).where(and(eq(teachingGroups.schoolId, ctx.schoolId),
    eq(teachingGroups.classId, cls.id), eq(teachingGroups.subjectId, item.subjectId), eq(teachingGroups.lessonKind, item.lessonKind), eq(teachingGroups.kind, 'class')));
  if (existing) return existing.id;
  const name = groupName({ className: cls.name, subjectName: item.subjectName, lessonKind: item.lessonKind });
  const [taken] = await tx.select({ id: teachingGroups.id }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, ctx.schoolId), eq(teachingGroups.yearId, cls.yearId), eq(teachingGroups.name, name)));
  if (taken) return null;
  const [row] = await tx.insert(teachingGroups).values({
    schoolId: ctx.schoolId, yearId: cls.yearId, subjectId: item.subjectId, kind: 'class', classId: cls.id, curriculumItemId: item.id,
    name, lessonKind: item.lessonKind, hoursPerWeek: String(item.hoursPerWeek),
  }).returning();
  await writeAudit(tx, ctx, { entity: 'teaching_group', entityId: row!.id, action: 'create', newValue: row });
  return row!.id;
}

export async function addItem(db: Db, ctx: AuditContext, cls: ClassInfo, input: ItemInput, createGroup: boolean) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(curriculumItems).values({
      schoolId: ctx.schoolId, classId: cls.id, subjectId: input.subjectId, hoursPerWeek: String(input.hoursPerWeek), lessonKind: input.lessonKind,
    }).onConflictDoNothing().returning();
    if (!row) return { ok: false as const };
    await writeAudit(tx, ctx, { entity: 'curriculum_item', entityId: row.id, action: 'create', newValue: row });
    if (createGroup) await ensureClassGroup(tx, ctx, cls, { ...input, id: row.id });
    return { ok: true as const, id: row.id };
  });
}

export async function createClassGroup(db: Db, ctx: AuditContext, cls: ClassInfo, item: Item) {
  return withSchool(db, ctx.schoolId, (tx) => ensureClassGroup(tx, ctx, cls, { ...item, hoursPerWeek: Number(item.hoursPerWeek) }));
}

/** New hours or kind of an item; the groups made from it follow the hours. */
export async function updateItem(db: Db, ctx: AuditContext, item: Item, input: { hoursPerWeek: number; lessonKind: string }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.update(curriculumItems).set({ hoursPerWeek: String(input.hoursPerWeek), lessonKind: input.lessonKind })
      .where(and(eq(curriculumItems.schoolId, ctx.schoolId), eq(curriculumItems.id, item.id))).returning();
    await tx.update(teachingGroups).set({ hoursPerWeek: String(input.hoursPerWeek) })
      .where(and(eq(teachingGroups.schoolId, ctx.schoolId), eq(teachingGroups.curriculumItemId, item.id)));
    await writeAudit(tx, ctx, { entity: 'curriculum_item', entityId: item.id, action: 'update', oldValue: item, newValue: row });
  });
}

/** The composite FK's "on delete set null" would null school_id too: unlink the groups first. */
async function unlinkGroups(tx: Tx, schoolId: string, itemIds: string[]) {
  await tx.update(teachingGroups).set({ curriculumItemId: null })
    .where(and(eq(teachingGroups.schoolId, schoolId), inArray(teachingGroups.curriculumItemId, itemIds)));
}

/** Removes an item; its groups stay (they hold the journal) and lose the link to the curriculum. */
export async function removeItem(db: Db, ctx: AuditContext, item: Item) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await unlinkGroups(tx, ctx.schoolId, [item.id]);
    await tx.delete(curriculumItems).where(and(eq(curriculumItems.schoolId, ctx.schoolId), eq(curriculumItems.id, item.id)));
    await writeAudit(tx, ctx, { entity: 'curriculum_item', entityId: item.id, action: 'delete', oldValue: item });
  });
}

/** Copies a class's curriculum to another class of the same grade (checked by the caller); creates the target's whole-class groups. */
export async function copyCurriculum(db: Db, ctx: AuditContext, source: ClassInfo, target: ClassInfo, mode: CopyMode) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const from = await itemsOfClass(tx, { schoolId: ctx.schoolId, classId: source.id });
    const to = await itemsOfClass(tx, { schoolId: ctx.schoolId, classId: target.id });
    const num = <T extends { hoursPerWeek: string }>(x: T) => ({ ...x, hoursPerWeek: Number(x.hoursPerWeek) });
    const plan = planCopy(from.map(num), to.map(num), mode);
    const names = new Map(from.map((i) => [i.subjectId, i.subjectName]));
    for (const ins of plan.insert) {
      const [row] = await tx.insert(curriculumItems).values({ schoolId: ctx.schoolId, classId: target.id, subjectId: ins.subjectId,
        hoursPerWeek: String(ins.hoursPerWeek), lessonKind: ins.lessonKind }).returning();
      await writeAudit(tx, ctx, { entity: 'curriculum_item', entityId: row!.id, action: 'create', newValue: row, reason: `копия из ${source.name}` });
      await ensureClassGroup(tx, ctx, target, { ...ins, id: row!.id, subjectName: names.get(ins.subjectId) ?? '' });
    }
    for (const up of plan.update) {
      await tx.update(curriculumItems).set({ hoursPerWeek: String(up.hoursPerWeek) }).where(and(eq(curriculumItems.schoolId, ctx.schoolId), eq(curriculumItems.id, up.id)));
      await tx.update(teachingGroups).set({ hoursPerWeek: String(up.hoursPerWeek) }).where(and(eq(teachingGroups.schoolId, ctx.schoolId), eq(teachingGroups.curriculumItemId, up.id)));
      await writeAudit(tx, ctx, { entity: 'curriculum_item', entityId: up.id, action: 'update', newValue: up, reason: `копия из ${source.name}` });
    }
    if (plan.remove.length) {
      await unlinkGroups(tx, ctx.schoolId, plan.remove);
      await tx.delete(curriculumItems).where(and(eq(curriculumItems.schoolId, ctx.schoolId), inArray(curriculumItems.id, plan.remove)));
      await writeAudit(tx, ctx, ...plan.remove.map((id) => ({ entity: 'curriculum_item', entityId: id, action: 'delete', oldValue: to.find((t) => t.id === id), reason: `замена планом ${source.name}` })));
    }
    return { inserted: plan.insert.length, updated: plan.update.length, removed: plan.remove.length };
  });
}

/** Splits a class's subject into subgroups «5А — Английский язык, гр. k», placing each student in the chosen one from a date. */
export async function createSplit(db: Db, ctx: AuditContext, cls: ClassInfo, item: Item, args: { count: number; startsOn: string; parts: Map<string, number> }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const existing = await splitSiblings(tx, { schoolId: ctx.schoolId, classId: cls.id, subjectId: item.subjectId, lessonKind: item.lessonKind });
    if (existing.length) return { ok: false as const, message: 'Этот предмет уже разделён на подгруппы: добавляйте учеников на странице подгруппы.' };
    const ids: string[] = [];
    for (let part = 1; part <= args.count; part++) {
      const name = groupName({ className: cls.name, subjectName: item.subjectName, lessonKind: item.lessonKind, part });
      const [row] = await tx.insert(teachingGroups).values({ schoolId: ctx.schoolId, yearId: cls.yearId, subjectId: item.subjectId, kind: 'subgroup',
        classId: cls.id, curriculumItemId: item.id, name, lessonKind: item.lessonKind, hoursPerWeek: item.hoursPerWeek }).onConflictDoNothing().returning();
      if (!row) return { ok: false as const, message: `Группа «${name}» уже есть.` };
      await writeAudit(tx, ctx, { entity: 'teaching_group', entityId: row.id, action: 'create', newValue: row });
      ids.push(row.id);
    }
    const members = [...args.parts].map(([studentId, part]) => ({ schoolId: ctx.schoolId, groupId: ids[part - 1]!, studentId, startsOn: args.startsOn, endsOn: null }));
    if (members.length) {
      const rows = await tx.insert(groupMembers).values(members).returning();
      await writeAudit(tx, ctx, ...rows.map((r) => ({ entity: 'group_member', entityId: r.id, action: 'create', newValue: r })));
    }
    return { ok: true as const, ids };
  });
}

/** A cross-class or individual group with its first members. */
export async function createGroup(db: Db, ctx: AuditContext, args: {
  yearId: string; kind: 'cross_class' | 'individual'; classId: string | null; subjectId: string; name: string; lessonKind: string; hoursPerWeek: number;
  studentIds: string[]; startsOn: string;
}) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(teachingGroups).values({ schoolId: ctx.schoolId, yearId: args.yearId, subjectId: args.subjectId, kind: args.kind,
      classId: args.classId, name: args.name, lessonKind: args.lessonKind, hoursPerWeek: String(args.hoursPerWeek) }).onConflictDoNothing().returning();
    if (!row) return undefined;
    await writeAudit(tx, ctx, { entity: 'teaching_group', entityId: row.id, action: 'create', newValue: row });
    if (args.studentIds.length) {
      const rows = await tx.insert(groupMembers).values(args.studentIds.map((studentId) => ({ schoolId: ctx.schoolId, groupId: row.id, studentId, startsOn: args.startsOn }))).returning();
      await writeAudit(tx, ctx, ...rows.map((r) => ({ entity: 'group_member', entityId: r.id, action: 'create', newValue: r })));
    }
    return row.id;
  });
}

/** Adds a student to a group from a date; within a split, refuses a student already in another subgroup then. */
export async function addMember(db: Db, ctx: AuditContext, group: Group, args: { studentId: string; startsOn: string }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const scope = group.kind === 'subgroup' && group.classId
      ? (await splitSiblings(tx, { schoolId: ctx.schoolId, classId: group.classId, subjectId: group.subjectId, lessonKind: group.lessonKind })).map((g) => g.id)
      : [group.id];
    const existing = await memberRows(tx, { schoolId: ctx.schoolId, groupIds: scope });
    const problem = checkSubgroupMembership(existing, { studentId: args.studentId, startsOn: args.startsOn, endsOn: null });
    if (problem) return problem;
    const [row] = await tx.insert(groupMembers).values({ schoolId: ctx.schoolId, groupId: group.id, studentId: args.studentId, startsOn: args.startsOn }).returning();
    await writeAudit(tx, ctx, { entity: 'group_member', entityId: row!.id, action: 'create', newValue: row });
    return null;
  });
}

/** Ends a membership at a date (exclusive); the history row stays. */
export async function endMember(db: Db, ctx: AuditContext, member: { id: string; startsOn: string; endsOn: string | null }, endsOn: string) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.update(groupMembers).set({ endsOn }).where(and(eq(groupMembers.schoolId, ctx.schoolId), eq(groupMembers.id, member.id))).returning();
    await writeAudit(tx, ctx, { entity: 'group_member', entityId: member.id, action: 'end', oldValue: member, newValue: row });
  });
}

/** Assigns a teacher from a date: the running period closes at it; overlaps are refused (returns the message). */
export async function assignTeacher(db: Db, ctx: AuditContext, group: Group, args: { staffId: string; startsOn: string; endsOn: string | null }) {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const rows = await tx.select({ id: groupTeachers.id, staffId: groupTeachers.staffId, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn })
      .from(groupTeachers).where(and(eq(groupTeachers.schoolId, ctx.schoolId), eq(groupTeachers.groupId, group.id)));
    const plan = planTeacherAssignment(rows, args);
    if (!plan.ok) return plan.message;
    for (const c of plan.close) {
      await tx.update(groupTeachers).set({ endsOn: c.endsOn }).where(and(eq(groupTeachers.schoolId, ctx.schoolId), eq(groupTeachers.id, c.id)));
      await writeAudit(tx, ctx, { entity: 'group_teacher', entityId: c.id, action: 'end', oldValue: rows.find((r) => r.id === c.id), newValue: c });
    }
    for (const u of plan.update) {
      await tx.update(groupTeachers).set({ staffId: u.staffId }).where(and(eq(groupTeachers.schoolId, ctx.schoolId), eq(groupTeachers.id, u.id)));
      await writeAudit(tx, ctx, { entity: 'group_teacher', entityId: u.id, action: 'update', oldValue: rows.find((r) => r.id === u.id), newValue: u });
    }
    for (const o of plan.open) {
      const [row] = await tx.insert(groupTeachers).values({ schoolId: ctx.schoolId, groupId: group.id, ...o }).returning();
      await writeAudit(tx, ctx, { entity: 'group_teacher', entityId: row!.id, action: 'create', newValue: row });
    }
    return null;
  });
}

