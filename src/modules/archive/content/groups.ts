// The year's teaching groups in the archive: groups.csv (each with its teachers and their dates) and group-members.csv
// (the students of subgroups, cross-class and individual groups with their dates; a whole-class group follows the class).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { groupMembers, groupTeachers, teachingGroups } from '../../curriculum/schema.ts';
import { staff, students } from '../../people/schema.ts';
import { fullName } from '../rules.ts';
import type { ArchiveGroup, ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const GROUP_KINDS: Record<string, string> = { class: 'весь класс', subgroup: 'подгруппа', cross_class: 'межклассная', individual: 'индивидуальная' };
const LESSON_KINDS: Record<string, string> = {
  regular: 'урочная', extracurricular: 'внеурочная', elective: 'факультатив', additional: 'дополнительное образование', practice: 'практика',
};

export async function writeGroups(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<void> {
  const ids = groups.map((g) => g.id);
  // One after another: a transaction is one connection.
  const [hours, teachers, members] = ids.length === 0 ? [[], [], []] : await src.read(async (tx) => [
    await tx.select({ id: teachingGroups.id, hours: teachingGroups.hoursPerWeek }).from(teachingGroups)
      .where(and(eq(teachingGroups.schoolId, src.schoolId), inArray(teachingGroups.id, ids))),
    await tx.select({
      groupId: groupTeachers.groupId, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn,
      lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
    }).from(groupTeachers)
      .innerJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
      .where(and(eq(groupTeachers.schoolId, src.schoolId), inArray(groupTeachers.groupId, ids))).orderBy(asc(groupTeachers.startsOn)),
    await tx.select({
      groupId: groupMembers.groupId, studentId: groupMembers.studentId, startsOn: groupMembers.startsOn, endsOn: groupMembers.endsOn,
      lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
    }).from(groupMembers)
      .innerJoin(students, and(eq(students.schoolId, groupMembers.schoolId), eq(students.id, groupMembers.studentId)))
      .where(and(eq(groupMembers.schoolId, src.schoolId), inArray(groupMembers.groupId, ids)))
      .orderBy(asc(students.lastName), asc(students.firstName), asc(groupMembers.startsOn)),
  ] as const);
  const hoursOf = new Map(hours.map((h) => [h.id, h.hours === null ? null : Number(h.hours)]));
  const span = (t: { startsOn: string; endsOn: string | null }) => `с ${t.startsOn}${t.endsOn ? ` до ${t.endsOn}` : ''}`;
  await zip.table('groups.csv', [
    'ID группы', 'Группа', 'Предмет', 'Класс', 'Состав', 'Вид занятий', 'Часов в неделю', 'Учителя', 'Страницы журнала',
  ], groups.map((g) => [
    g.id, g.name, g.subjectName, g.className, GROUP_KINDS[g.kind] ?? g.kind, LESSON_KINDS[g.lessonKind] ?? g.lessonKind, hoursOf.get(g.id),
    teachers.filter((t) => t.groupId === g.id).map((t) => `${fullName(t)} (${span(t)})`).join('; '), g.journalPath,
  ]));
  const byGroup = new Map(groups.map((g) => [g.id, g]));
  await zip.table('group-members.csv', ['ID группы', 'Группа', 'ID обучающегося', 'Обучающийся', 'В группе с', 'Первый день вне группы'],
    groups.flatMap((g) => members.filter((m) => m.groupId === g.id))
      .map((m) => [m.groupId, byGroup.get(m.groupId)?.name, m.studentId, fullName(m), m.startsOn, m.endsOn]));
}
