// Reads of the curriculum and teaching groups. Every function takes schoolId.
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classMemberships } from '../contingent/schema.ts';
import { staff, students } from '../people/schema.ts';
import { academicYears, schoolClasses, subjects } from '../setup/schema.ts';
import { curriculumItems, groupMembers, groupTeachers, teachingGroups } from './schema.ts';

type Q = Db | Tx;

export const staffName = sql<string>`concat_ws(' ', ${staff.lastName}, ${staff.firstName}, ${staff.middleName})`;
const studentFullName = sql<string>`concat_ws(' ', ${students.lastName}, ${students.firstName}, ${students.middleName})`;

/** The classes of a year with their total weekly hours (optionally only those a class teacher leads). */
export async function classesWithHours(db: Q, { schoolId, yearId, classTeacherId }: { schoolId: string; yearId: string; classTeacherId?: string }) {
  return db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade,
    items: sql<number>`count(${curriculumItems.id})::int`,
    hours: sql<string>`coalesce(sum(${curriculumItems.hoursPerWeek}), 0)::text`,
  })
    .from(schoolClasses)
    .leftJoin(curriculumItems, and(eq(curriculumItems.schoolId, schoolClasses.schoolId), eq(curriculumItems.classId, schoolClasses.id)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId),
      classTeacherId ? eq(schoolClasses.classTeacherId, classTeacherId) : undefined))
    .groupBy(schoolClasses.schoolId, schoolClasses.id)
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}

export async function classInfo(db: Q, { schoolId, classId }: { schoolId: string; classId: string }) {
  const [row] = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, yearId: schoolClasses.yearId,
    classTeacherId: schoolClasses.classTeacherId, yearName: academicYears.name, yearStartsOn: academicYears.startsOn, yearEndsOn: academicYears.endsOn,
  })
    .from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId))).limit(1);
  return row;
}
export type ClassInfo = NonNullable<Awaited<ReturnType<typeof classInfo>>>;

export async function itemsOfClass(db: Q, { schoolId, classId }: { schoolId: string; classId: string }) {
  return db.select({
    id: curriculumItems.id, classId: curriculumItems.classId, subjectId: curriculumItems.subjectId, subjectName: subjects.name,
    hoursPerWeek: curriculumItems.hoursPerWeek, lessonKind: curriculumItems.lessonKind,
  })
    .from(curriculumItems)
    .innerJoin(subjects, and(eq(subjects.schoolId, curriculumItems.schoolId), eq(subjects.id, curriculumItems.subjectId)))
    .where(and(eq(curriculumItems.schoolId, schoolId), eq(curriculumItems.classId, classId)))
    .orderBy(asc(curriculumItems.lessonKind), asc(subjects.name));
}

export async function getItem(db: Q, { schoolId, itemId }: { schoolId: string; itemId: string }) {
  const [row] = await db.select({
    id: curriculumItems.id, classId: curriculumItems.classId, subjectId: curriculumItems.subjectId, subjectName: subjects.name,
    hoursPerWeek: curriculumItems.hoursPerWeek, lessonKind: curriculumItems.lessonKind,
  })
    .from(curriculumItems)
    .innerJoin(subjects, and(eq(subjects.schoolId, curriculumItems.schoolId), eq(subjects.id, curriculumItems.subjectId)))
    .where(and(eq(curriculumItems.schoolId, schoolId), eq(curriculumItems.id, itemId))).limit(1);
  return row;
}
export type Item = NonNullable<Awaited<ReturnType<typeof getItem>>>;

/** The groups of a class (whole-class, subgroups, individual) with the teacher on a date. */
export async function groupsOfClass(db: Q, { schoolId, classId, date }: { schoolId: string; classId: string; date: string }) {
  return db.select({
    id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, subjectId: teachingGroups.subjectId,
    lessonKind: teachingGroups.lessonKind, curriculumItemId: teachingGroups.curriculumItemId, teacherName: staffName,
  })
    .from(teachingGroups)
    .leftJoin(groupTeachers, and(eq(groupTeachers.schoolId, teachingGroups.schoolId), eq(groupTeachers.groupId, teachingGroups.id),
      lte(groupTeachers.startsOn, date), or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, date))))
    .leftJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.classId, classId)))
    .orderBy(asc(teachingGroups.name));
}

export async function listSubjects(db: Q, schoolId: string) {
  return db.select({ id: subjects.id, name: subjects.name }).from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.name));
}

export async function listStaff(db: Q, schoolId: string) {
  return db.select({ id: staff.id, name: staffName, position: staff.position }).from(staff).where(eq(staff.schoolId, schoolId))
    .orderBy(asc(staff.lastName), asc(staff.firstName));
}

export async function getGroup(db: Q, { schoolId, groupId }: { schoolId: string; groupId: string }) {
  const [row] = await db.select({
    id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, yearId: teachingGroups.yearId,
    subjectId: teachingGroups.subjectId, subjectName: subjects.name, classId: teachingGroups.classId, className: schoolClasses.name,
    classTeacherId: schoolClasses.classTeacherId, lessonKind: teachingGroups.lessonKind, hoursPerWeek: teachingGroups.hoursPerWeek,
    curriculumItemId: teachingGroups.curriculumItemId, yearStartsOn: academicYears.startsOn, yearEndsOn: academicYears.endsOn,
  })
    .from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .innerJoin(academicYears, and(eq(academicYears.schoolId, teachingGroups.schoolId), eq(academicYears.id, teachingGroups.yearId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, groupId))).limit(1);
  return row;
}
export type Group = NonNullable<Awaited<ReturnType<typeof getGroup>>>;

export async function teachersOfGroup(db: Q, { schoolId, groupId }: { schoolId: string; groupId: string }) {
  return db.select({ id: groupTeachers.id, staffId: groupTeachers.staffId, name: staffName, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn })
    .from(groupTeachers)
    .innerJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.groupId, groupId)))
    .orderBy(asc(groupTeachers.startsOn));
}

/** Every member row of these groups (history included) with the student's name. */
export async function memberRows(db: Q, { schoolId, groupIds }: { schoolId: string; groupIds: string[] }) {
  if (groupIds.length === 0) return [];
  return db.select({
    id: groupMembers.id, groupId: groupMembers.groupId, groupName: teachingGroups.name, studentId: groupMembers.studentId,
    name: studentFullName, startsOn: groupMembers.startsOn, endsOn: groupMembers.endsOn,
  })
    .from(groupMembers)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupMembers.schoolId), eq(teachingGroups.id, groupMembers.groupId)))
    .innerJoin(students, and(eq(students.schoolId, groupMembers.schoolId), eq(students.id, groupMembers.studentId)))
    .where(and(eq(groupMembers.schoolId, schoolId), inArray(groupMembers.groupId, groupIds)))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(groupMembers.startsOn));
}

/** The subgroups of the same split: same class, subject and lesson kind. */
export async function splitSiblings(db: Q, { schoolId, classId, subjectId, lessonKind }: { schoolId: string; classId: string; subjectId: string; lessonKind: string }) {
  return db.select({ id: teachingGroups.id, name: teachingGroups.name }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.classId, classId), eq(teachingGroups.subjectId, subjectId),
      eq(teachingGroups.lessonKind, lessonKind), eq(teachingGroups.kind, 'subgroup')))
    .orderBy(asc(teachingGroups.name));
}

/** Class memberships of a class overlapping the year (for rosters and "не распределён"). */
export async function classMembershipRows(db: Q, { schoolId, classId }: { schoolId: string; classId: string }) {
  return db.select({ studentId: classMemberships.studentId, classId: classMemberships.classId, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn })
    .from(classMemberships).where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId)));
}

/** Students in a class of this year on a date, with their class, alphabetically (the pickers). */
export async function studentsOfYearOn(db: Q, { schoolId, yearId, date, classId }: { schoolId: string; yearId: string; date: string; classId?: string }) {
  return db.select({ id: students.id, name: studentFullName, classId: schoolClasses.id, className: schoolClasses.name })
    .from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(schoolClasses.yearId, yearId),
      lte(classMemberships.startsOn, date), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, date)),
      classId ? eq(classMemberships.classId, classId) : undefined))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(students.lastName), asc(students.firstName));
}

/** Groups of a year that are not tied to one class's curriculum: cross-class and individual. */
export async function otherGroupsOfYear(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  return db.select({ id: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind })
    .from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId), inArray(teachingGroups.kind, ['cross_class', 'individual'])))
    .orderBy(asc(teachingGroups.name));
}

/** Every group a staff member has been assigned to in a year, with the periods (the teacher's "Мои группы"). */
export async function assignmentsOf(db: Q, { schoolId, staffId, yearId }: { schoolId: string; staffId: string; yearId: string }) {
  return db.select({
    groupId: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, subjectName: subjects.name,
    hoursPerWeek: teachingGroups.hoursPerWeek, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn,
  })
    .from(groupTeachers)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.staffId, staffId), eq(teachingGroups.yearId, yearId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(teachingGroups.name), asc(groupTeachers.startsOn));
}
