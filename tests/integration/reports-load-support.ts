// A small hand-built school for the load reports (accumulation, control works, homework load), on the quarter 2 of
// 2026/2027 (05.11–28.12; today 23.11). 5А: maths (class), Russian (class), English in two subgroups (Ученик01 and
// Ученик02 in 5А-1, Ученик03 in 5А-2), a student who joined on 16.11 (Новиков Иван); 5Б: maths. The week of 16.11 holds
// the homework, the marks and the control works the tests count by hand (see each test for the figures).
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { buildSmallSchool } from '../support/fixtures.ts';
import { seedDemoWorkTypes } from '../../src/cli/seed/demo-work-types.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { lessonColumns, marks, workTypes } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';

export type LoadSchool = Awaited<ReturnType<typeof buildLoadSchool>>;

type LessonSpec = { hw?: string; min?: number; control?: boolean; cancelled?: boolean; substitute?: string; column?: string; marks?: string[] };

export async function buildLoadSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  await seedDemoWorkTypes(db, built);
  const { schoolId, yearId } = built;
  const cls = (k: string) => built.classes.get(k)!;
  const newcomer = crypto.randomUUID();
  await db.insert(students).values({ schoolId, id: newcomer, lastName: 'Новиков', firstName: 'Иван', personalFileNo: `${p}-new` });
  await db.insert(classMemberships).values({ schoolId, studentId: newcomer, classId: cls('5А'), startsOn: '2026-11-16' });
  const studentIds: Record<string, string> = { A1: built.students.get('5А-1')!, A2: built.students.get('5А-2')!, A3: built.students.get('5А-3')!, N: newcomer };
  const group = async (name: string, subject: string, classKey: string, kind = 'class', members: string[] = []) => {
    const id = crypto.randomUUID();
    await db.insert(teachingGroups).values({ schoolId, id, yearId, subjectId: built.subjects.get(subject)!, kind, classId: cls(classKey), name });
    const teacher = built.staff.get(subject === 'Русский язык' ? 'ct' : 'teacher')!;
    await db.insert(groupTeachers).values({ schoolId, groupId: id, staffId: teacher, startsOn: '2026-09-01' });
    for (const m of members) await db.insert(groupMembers).values({ schoolId, groupId: id, studentId: studentIds[m]!, startsOn: '2026-09-01' });
    return id;
  };
  const groups = {
    math5A: await group('Математика 5А', 'Математика', '5А'),
    rus5A: await group('Русский язык 5А', 'Русский язык', '5А'),
    eng1: await group('Английский язык 5А-1', 'Английский язык', '5А', 'subgroup', ['A1', 'A2']),
    eng2: await group('Английский язык 5А-2', 'Английский язык', '5А', 'subgroup', ['A3']),
    math5B: await group('Математика 5Б', 'Математика', '5Б'),
  };
  const types = new Map((await db.select().from(workTypes).where(eq(workTypes.schoolId, schoolId))).map((w) => [w.name, w.id]));
  const staffOf = (key: string) => built.staff.get(key)!;
  const lesson = async (groupId: string, date: string, n: number, s: LessonSpec = {}) => {
    const id = crypto.randomUUID();
    await db.insert(lessons).values({ schoolId, id, groupId, date, lessonNumber: n, staffId: staffOf(groupId === groups.rus5A ? 'ct' : 'teacher'),
      homework: s.hw ?? null, homeworkMinutes: s.min ?? null, controlWork: s.control ?? false });
    if (s.cancelled) await db.insert(substitutions).values({ schoolId, lessonId: id, kind: 'cancelled', reason: 'Болезнь учителя' });
    if (s.substitute) await db.insert(substitutions).values({ schoolId, lessonId: id, kind: 'teacher', substituteStaffId: staffOf(s.substitute), reason: 'Курсы' });
    if (s.column || s.marks) await db.insert(lessonColumns).values({ schoolId, lessonId: id, columnNo: 1, workTypeId: types.get(s.column ?? 'Ответ на уроке')! });
    for (const m of s.marks ?? []) await db.insert(marks).values({ schoolId, lessonId: id, studentId: studentIds[m]!, columnNo: 1, value: 4 });
    return id;
  };
  const { math5A, rus5A, eng1, eng2, math5B } = groups;
  // Quarter 1: a control work and a mark that quarter 2 must not count.
  await lesson(math5A, '2026-10-20', 1, { control: true, marks: ['A2'] });
  // 5А maths: homework before the week and in it; a cancelled Wednesday; control works held (17.11) and planned.
  await lesson(math5A, '2026-11-13', 1, { hw: '§ 10', min: 25 });
  await lesson(math5A, '2026-11-16', 1, { hw: '§ 11', min: 30, marks: ['A1', 'A2'] });
  await lesson(math5A, '2026-11-17', 1, { hw: '§ 12', min: 80, control: true, marks: ['A1', 'A2'] });
  await lesson(math5A, '2026-11-18', 1, { hw: '§ 13', min: 50, control: true, cancelled: true });
  await lesson(math5A, '2026-11-19', 1, { hw: '§ 14', min: 20, marks: ['A1', 'N'] });
  await lesson(math5A, '2026-11-20', 1);
  await lesson(math5A, '2026-11-24', 1, { control: true, substitute: 'ct' });
  await lesson(math5A, '2026-11-26', 1, { control: true });
  await lesson(math5A, '2026-12-22', 1, { cancelled: true });
  // 5А Russian, taught by the class teacher: Monday's lesson given by a substitute; Tuesday's homework without minutes; a dictation.
  await lesson(rus5A, '2026-11-16', 2, { hw: 'упр. 101', min: 35, substitute: 'teacher' });
  await lesson(rus5A, '2026-11-17', 2, { hw: 'упр. 102', column: 'Диктант' });
  await lesson(rus5A, '2026-11-18', 2);
  await lesson(rus5A, '2026-11-19', 2, { hw: 'упр. 104', min: 45 });
  await lesson(rus5A, '2026-11-20', 2);
  for (const d of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01']) await lesson(rus5A, d, 2);
  // English subgroups: parallel homework (20 and 50 minutes) due on Thursday, one control work each.
  await lesson(eng1, '2026-11-17', 3, { hw: 'p. 10', min: 20, marks: ['A1'] });
  await lesson(eng1, '2026-11-19', 3, { control: true });
  for (const d of ['2026-11-24', '2026-11-26', '2026-12-01', '2026-12-03']) await lesson(eng1, d, 3);
  await lesson(eng2, '2026-11-17', 4, { hw: 'p. 12', min: 50, marks: ['A3'] });
  await lesson(eng2, '2026-11-19', 4, { control: true });
  // 5Б maths.
  await lesson(math5B, '2026-11-16', 1, { hw: '§ 11', min: 15, control: true });
  await lesson(math5B, '2026-11-18', 1);
  return { ...built, groups, studentIds };
}
