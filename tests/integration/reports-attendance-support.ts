// A small hand-built school for the attendance report: the week of 16.11–20.11.2026 (quarter 2, 05.11–28.12; today
// 23.11). 5А (Ученик01–03, and Новиков Иван who joins on 18.11): maths and Russian (class groups), English for Ученик01
// and Ученик02 (a subgroup), all taught by the class teacher `ct`; 5Б (Ученик11–13): maths, taught by `teacher`; the
// cross-class elective of Ученик01 (5А) and Ученик11 (5Б), taught by `teacher`. The figures are worked out by hand in
// reports-attendance.test.ts.
import type { Database } from '../../src/db/client.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type AttendanceSchool = Awaited<ReturnType<typeof buildAttendanceSchool>>;

/** An attendance mark: 'ill' | 'valid' | 'invalid' | 'none' (absent, that reason) or 'late'. */
type Mark = 'ill' | 'valid' | 'invalid' | 'none' | 'late';
const REASON: Record<Exclude<Mark, 'late'>, string | null> = { ill: 'illness', valid: 'valid', invalid: 'invalid', none: null };

export async function buildAttendanceSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  const { schoolId, yearId } = built;
  const cls = (k: string) => built.classes.get(k)!;
  const newcomer = crypto.randomUUID();
  await db.insert(students).values({ schoolId, id: newcomer, lastName: 'Новиков', firstName: 'Иван', sex: 'м', personalFileNo: `${p}-new` });
  await db.insert(classMemberships).values({ schoolId, studentId: newcomer, classId: cls('5А'), startsOn: '2026-11-18' });
  const st: Record<string, string> = {
    A1: built.students.get('5А-1')!, A2: built.students.get('5А-2')!, A3: built.students.get('5А-3')!, N: newcomer,
    B1: built.students.get('5Б-1')!, B2: built.students.get('5Б-2')!, B3: built.students.get('5Б-3')!,
  };
  const group = async (name: string, kind: string, classKey: string | null, teacher: string, members: string[] = []) => {
    const id = crypto.randomUUID();
    await db.insert(teachingGroups).values({ schoolId, id, yearId, subjectId: built.subjects.get('Математика')!, kind, classId: classKey ? cls(classKey) : null, name });
    await db.insert(groupTeachers).values({ schoolId, groupId: id, staffId: built.staff.get(teacher)!, startsOn: '2026-09-01' });
    for (const m of members) await db.insert(groupMembers).values({ schoolId, groupId: id, studentId: st[m]!, startsOn: '2026-09-01' });
    return { id, teacher };
  };
  const g = {
    math5A: await group('Математика 5А', 'class', '5А', 'ct'),
    rus5A: await group('Русский язык 5А', 'class', '5А', 'ct'),
    eng1: await group('Английский язык 5А-1', 'subgroup', '5А', 'ct', ['A1', 'A2']),
    elective: await group('Олимпиадная математика', 'cross_class', null, 'teacher', ['A1', 'B1']),
    math5B: await group('Математика 5Б', 'class', '5Б', 'teacher'),
  };
  const lesson = async (grp: { id: string; teacher: string }, date: string, n: number, marks: Record<string, Mark> = {}, cancelled = false) => {
    const id = crypto.randomUUID();
    await db.insert(lessons).values({ schoolId, id, groupId: grp.id, date, lessonNumber: n, staffId: built.staff.get(grp.teacher)! });
    if (cancelled) await db.insert(substitutions).values({ schoolId, lessonId: id, kind: 'cancelled', reason: 'Болезнь учителя' });
    for (const [who, m] of Object.entries(marks)) {
      await db.insert(attendance).values({ schoolId, lessonId: id, studentId: st[who]!, kind: m === 'late' ? 'late' : 'absent', reason: m === 'late' ? null : REASON[m] });
    }
  };
  // Quarter 1: an absence that quarter 2 must not count.
  await lesson(g.math5A, '2026-10-20', 1, { A1: 'ill' });
  // Mon 16: Ученик01 away the whole day (ill); Ученик02 late; Ученик11 misses 5Б's only lesson (no reason yet);
  // a stray row of Новиков, not yet in the class.
  await lesson(g.math5A, '2026-11-16', 1, { A1: 'ill', A2: 'late', N: 'none' });
  await lesson(g.rus5A, '2026-11-16', 2, { A1: 'ill' });
  await lesson(g.eng1, '2026-11-16', 3, { A1: 'ill' });
  await lesson(g.math5B, '2026-11-16', 1, { B1: 'none' });
  // Tue 17: maths of 5А cancelled (a row on it not counted); Ученик02 misses Russian, the only lesson left: a full day;
  // Ученик01 misses the elective only; Ученик11 misses both of his lessons.
  await lesson(g.math5A, '2026-11-17', 1, { A2: 'valid' }, true);
  await lesson(g.rus5A, '2026-11-17', 2, { A2: 'valid' });
  await lesson(g.elective, '2026-11-17', 5, { A1: 'invalid', B1: 'ill' });
  await lesson(g.math5B, '2026-11-17', 1, { B1: 'ill' });
  // Wed 18: Новиков's first day, missed whole; Ученик03 misses maths only.
  await lesson(g.math5A, '2026-11-18', 1, { N: 'none', A3: 'invalid' });
  await lesson(g.rus5A, '2026-11-18', 2, { N: 'none' });
  await lesson(g.math5B, '2026-11-18', 1);
  // Thu 19: lates.
  await lesson(g.rus5A, '2026-11-19', 2, { A3: 'late' });
  await lesson(g.eng1, '2026-11-19', 3);
  await lesson(g.math5B, '2026-11-19', 1, { B2: 'late' });
  // Fri 20: 5Б's maths cancelled, a row on it.
  await lesson(g.math5B, '2026-11-20', 1, { B3: 'ill' }, true);
  // Mon 23 (today): Ученик02 away; next week's lesson not held yet.
  await lesson(g.math5A, '2026-11-23', 1, { A2: 'ill' });
  await lesson(g.math5A, '2026-11-30', 1, { A3: 'ill' });
  return { ...built, st };
}
