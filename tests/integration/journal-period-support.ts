// Fixtures of the period-marks and history tests: a group, a lesson and a student of school 2 (the demo gives school 2
// classes and students but no teaching groups or lessons), to prove that another school's ids answer 404.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { staff, students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';

export async function otherSchoolIds(db: Db, schoolId: string, date: string): Promise<{ groupId: string; lessonId: string; studentId: string }> {
  const [year] = await db.select({ id: academicYears.id }).from(academicYears).where(eq(academicYears.schoolId, schoolId)).limit(1);
  const [subject] = await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.schoolId, schoolId)).limit(1);
  const [cls] = await db.select({ id: schoolClasses.id }).from(schoolClasses).where(eq(schoolClasses.schoolId, schoolId)).limit(1);
  const [teacher] = await db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, schoolId)).limit(1);
  const [student] = await db.select({ id: students.id }).from(students).where(eq(students.schoolId, schoolId)).limit(1);
  const groupId = crypto.randomUUID();
  const lessonId = crypto.randomUUID();
  await db.insert(teachingGroups).values({ schoolId, id: groupId, yearId: year!.id, subjectId: subject!.id, kind: 'class', classId: cls!.id, name: `Чужая группа ${groupId.slice(0, 6)}` });
  await db.insert(lessons).values({ schoolId, id: lessonId, groupId, date, lessonNumber: 1, staffId: teacher!.id });
  return { groupId, lessonId, studentId: student!.id };
}
