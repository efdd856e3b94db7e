// A journal for the small school of the export test: a whole-class group of 5А with one lesson (two mark columns, three
// marks) and period marks of every kind of value, and a subgroup with dated members and a change of teacher.
import { and, eq } from 'drizzle-orm';
import type { BuiltSchool } from '../../src/cli/seed/builder.ts';
import type { Database } from '../../src/db/client.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { insertDefaultWorkTypes } from '../../src/modules/journal/work-types.ts';
import { lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { periods } from '../../src/modules/setup/schema.ts';

export type SmallJournal = {
  schoolId: string; yearId: string; q1: string; lessonDate: string; subgroupId: string; firstStudentId: string;
  marks: number; periodMarks: number; subgroupEnrollments: string[];
};

export async function addSmallSchoolJournal(database: Database, b: BuiltSchool): Promise<SmallJournal> {
  const db = database.db;
  const schoolId = b.schoolId;
  await insertDefaultWorkTypes(db, schoolId);
  const types = await db.select({ id: workTypes.id }).from(workTypes).where(eq(workTypes.schoolId, schoolId)).orderBy(workTypes.ordinal);
  const q1 = b.schemes.get('quarters')!.periodIds[0]!;
  const [period] = await db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.id, q1)));
  const lessonDate = '2026-09-15';
  if (!(period!.startsOn <= lessonDate && lessonDate <= period!.endsOn)) throw new Error('the lesson is not in the 1st quarter');
  const classId = b.classes.get('5А')!;
  const teacher = b.staff.get('teacher')!;
  const ct = b.staff.get('ct')!;
  const [s1, s2, s3] = ['5А-1', '5А-2', '5А-3'].map((k) => b.students.get(k)!);
  const [maths] = await db.insert(teachingGroups).values({
    schoolId, yearId: b.yearId, subjectId: b.subjects.get('Русский язык')!, kind: 'class', classId, name: '5А Русский язык',
  }).returning({ id: teachingGroups.id });
  const [english] = await db.insert(teachingGroups).values({
    schoolId, yearId: b.yearId, subjectId: b.subjects.get('Английский язык')!, kind: 'subgroup', classId,
    name: '5А Английский язык, группа 1',
  }).returning({ id: teachingGroups.id });
  await db.insert(groupTeachers).values([
    { schoolId, groupId: maths!.id, staffId: teacher, startsOn: '2026-09-01' },
    { schoolId, groupId: english!.id, staffId: teacher, startsOn: '2026-09-01', endsOn: '2026-10-01' },
    { schoolId, groupId: english!.id, staffId: ct, startsOn: '2026-10-01' },
  ]);
  await db.insert(groupMembers).values([
    { schoolId, groupId: english!.id, studentId: s1!, startsOn: '2026-09-01' },
    { schoolId, groupId: english!.id, studentId: s2!, startsOn: '2026-09-01', endsOn: '2026-10-15' },
  ]);
  const [lesson] = await db.insert(lessons).values({
    schoolId, groupId: maths!.id, date: lessonDate, lessonNumber: 1, staffId: teacher, origin: 'extra', topic: 'Звуки и буквы',
  }).returning({ id: lessons.id });
  await db.insert(lessonColumns).values([
    { schoolId, lessonId: lesson!.id, columnNo: 1, workTypeId: types[0]!.id },
    { schoolId, lessonId: lesson!.id, columnNo: 2, workTypeId: types[3]!.id },
  ]);
  await db.insert(marks).values([
    { schoolId, lessonId: lesson!.id, studentId: s1!, columnNo: 1, value: 4 },
    { schoolId, lessonId: lesson!.id, studentId: s2!, columnNo: 1, value: 5, comment: 'у доски, «отлично»' },
    { schoolId, lessonId: lesson!.id, studentId: s1!, columnNo: 2, value: 3 },
  ]);
  await db.insert(periodMarks).values([
    { schoolId, groupId: maths!.id, studentId: s1!, kind: 'period', periodId: q1, value: '5' },
    { schoolId, groupId: maths!.id, studentId: s2!, kind: 'period', periodId: q1, value: 'осв' },
    { schoolId, groupId: maths!.id, studentId: s3!, kind: 'period', periodId: q1, value: 'н/а' },
    { schoolId, groupId: maths!.id, studentId: s1!, kind: 'year', value: 'зач' },
  ]);
  return {
    schoolId, yearId: b.yearId, q1, lessonDate, subgroupId: english!.id, firstStudentId: s1!, marks: 3, periodMarks: 4,
    subgroupEnrollments: ['student:2026-09-01:', 'student:2026-09-01:2026-10-15', 'teacher:2026-09-01:2026-10-01', 'teacher:2026-10-01:'],
  };
}
