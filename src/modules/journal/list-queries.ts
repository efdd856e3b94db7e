// Which journals an actor may open: the groups they teach this year, the groups of the class they lead, every group
// of the school for the deputy and the admin.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupTeachers, teachingGroups } from '../curriculum/schema.ts';
import { schoolClasses, subjects } from '../setup/schema.ts';

export type JournalGroup = { id: string; name: string; subjectName: string; classId: string | null; className: string | null };

async function groups(db: Db, schoolId: string, where: SQL | undefined): Promise<JournalGroup[]> {
  return db.selectDistinct({
    id: teachingGroups.id, name: teachingGroups.name, subjectName: subjects.name, classId: teachingGroups.classId, className: schoolClasses.name,
    grade: schoolClasses.grade,
  }).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .leftJoin(groupTeachers, and(eq(groupTeachers.schoolId, teachingGroups.schoolId), eq(groupTeachers.groupId, teachingGroups.id)))
    .where(and(eq(teachingGroups.schoolId, schoolId), where))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(subjects.name), asc(teachingGroups.name));
}

/** Groups of the year this staff member teaches (at any time of the year). */
export const groupsTaughtInYear = (db: Db, { schoolId, yearId, staffId }: { schoolId: string; yearId: string; staffId: string }) =>
  groups(db, schoolId, and(eq(teachingGroups.yearId, yearId), eq(groupTeachers.staffId, staffId)));

/** Groups of these classes (the class teacher's). */
export const groupsOfClasses = (db: Db, { schoolId, classIds }: { schoolId: string; classIds: string[] }) =>
  classIds.length === 0 ? Promise.resolve([]) : groups(db, schoolId, inArray(teachingGroups.classId, classIds));

/** Every group of the year. */
export const groupsOfYear = (db: Db, { schoolId, yearId }: { schoolId: string; yearId: string }) =>
  groups(db, schoolId, eq(teachingGroups.yearId, yearId));
