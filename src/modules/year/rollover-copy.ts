// Copying a class's teaching into a class the rollover made: the curriculum of its template class (last year's class of
// the same name: the plan of that grade), the template's groups (whole class, subgroups, individual) under the new
// class's name, and for each group the teachers and subgroup members of the class it continues — the teacher goes on
// with the class, a subgroup keeps its students — else the template group's teachers. All for review afterwards.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/tenant.ts';
import { curriculumItems, groupMembers, groupTeachers, teachingGroups } from '../curriculum/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { groupSuffix, renameGroup } from './rollover-rules.ts';

type Copy = {
  schoolId: string; yearId: string; startsOn: string; classId: string; className: string;
  templateClassId: string | null; lineageClassId: string | null; students: string[];
};
type Group = typeof teachingGroups.$inferSelect;

const COPIED_KINDS = ['class', 'subgroup', 'individual'];

async function className(tx: Tx, schoolId: string, id: string | null) {
  if (!id) return null;
  const [row] = await tx.select({ name: schoolClasses.name }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, id)));
  return row?.name ?? null;
}

async function groupsOf(tx: Tx, schoolId: string, classId: string | null): Promise<Group[]> {
  if (!classId) return [];
  return tx.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.classId, classId),
    inArray(teachingGroups.kind, COPIED_KINDS)));
}

/** The teachers still teaching these groups at their year's end (an assignment not ended). */
async function currentTeachers(tx: Tx, schoolId: string, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return tx.select({ groupId: groupTeachers.groupId, staffId: groupTeachers.staffId }).from(groupTeachers)
    .where(and(eq(groupTeachers.schoolId, schoolId), inArray(groupTeachers.groupId, groupIds), isNull(groupTeachers.endsOn)));
}

async function currentMembers(tx: Tx, schoolId: string, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return tx.select({ groupId: groupMembers.groupId, studentId: groupMembers.studentId }).from(groupMembers)
    .where(and(eq(groupMembers.schoolId, schoolId), inArray(groupMembers.groupId, groupIds), isNull(groupMembers.endsOn)));
}

export async function copyClassTeaching(tx: Tx, c: Copy) {
  const out = { curriculum: 0, groups: 0, teachers: 0, members: 0 };
  if (!c.templateClassId) return out;
  const { schoolId } = c;
  const items = await tx.select().from(curriculumItems).where(and(eq(curriculumItems.schoolId, schoolId), eq(curriculumItems.classId, c.templateClassId)));
  const itemIds = new Map<string, string>();
  for (const it of items) {
    const [made] = await tx.insert(curriculumItems).values({
      schoolId, classId: c.classId, subjectId: it.subjectId, hoursPerWeek: it.hoursPerWeek, lessonKind: it.lessonKind,
    }).returning({ id: curriculumItems.id });
    itemIds.set(it.id, made!.id);
    out.curriculum++;
  }
  const templateName = (await className(tx, schoolId, c.templateClassId))!;
  const lineageName = await className(tx, schoolId, c.lineageClassId);
  const lineage = await groupsOf(tx, schoolId, c.lineageClassId);
  const lineageTeachers = await currentTeachers(tx, schoolId, lineage.map((g) => g.id));
  const lineageMembers = await currentMembers(tx, schoolId, lineage.map((g) => g.id));
  const templates = await groupsOf(tx, schoolId, c.templateClassId);
  const templateTeachers = await currentTeachers(tx, schoolId, templates.map((g) => g.id));
  const taken = new Set((await tx.select({ name: teachingGroups.name }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, c.yearId)))).map((g) => g.name));
  const placed = new Set(c.students);
  for (const g of templates) {
    let name = renameGroup(g.name, templateName, c.className);
    for (let n = 2; taken.has(name); n++) name = `${renameGroup(g.name, templateName, c.className)} (${n})`;
    taken.add(name);
    const [made] = await tx.insert(teachingGroups).values({
      schoolId, yearId: c.yearId, subjectId: g.subjectId, kind: g.kind, classId: c.classId, name, lessonKind: g.lessonKind,
      hoursPerWeek: g.hoursPerWeek, curriculumItemId: g.curriculumItemId ? itemIds.get(g.curriculumItemId) ?? null : null,
    }).returning({ id: teachingGroups.id });
    out.groups++;
    const suffix = groupSuffix(g.name, templateName);
    const twin = lineage.find((l) => l.subjectId === g.subjectId && l.kind === g.kind && l.lessonKind === g.lessonKind
      && (!lineageName || groupSuffix(l.name, lineageName) === suffix));
    const teachers = twin ? lineageTeachers.filter((t) => t.groupId === twin.id) : [];
    const chosen = teachers.length ? teachers : templateTeachers.filter((t) => t.groupId === g.id);
    const staffIds = [...new Set(chosen.map((t) => t.staffId))];
    if (staffIds.length) await tx.insert(groupTeachers).values(staffIds.map((staffId) => ({ schoolId, groupId: made!.id, staffId, startsOn: c.startsOn })));
    out.teachers += staffIds.length;
    if (g.kind === 'class' || !twin) continue;
    const members = [...new Set(lineageMembers.filter((m) => m.groupId === twin.id && placed.has(m.studentId)).map((m) => m.studentId))];
    if (members.length) await tx.insert(groupMembers).values(members.map((studentId) => ({ schoolId, groupId: made!.id, studentId, startsOn: c.startsOn })));
    out.members += members.length;
  }
  return out;
}
