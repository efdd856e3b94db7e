// A small hand-built school for a student's report: the student Ученик01 Пётр of 5А (login `${p}-student`, mother
// `${p}-parent`) in quarter 2 of 2026/2027 (05.11–28.12; the tests' today is 23.11). Maths and Russian are whole-class
// groups, English a subgroup (5А-1: him and Ученик02; 5А-2: Ученик03 — its lessons are not his), literature a cross-class
// group of 5А and 5Б graded зачёт. Besides the fixture's people: the mother of Ученик02 with an account (`${p}-parent2`),
// the class teacher of 5Б teaching maths there (`${p}-ct5b`), the teacher of the cross-class group (`${p}-elective`) and
// Ученик02 himself (`${p}-student2`). The figures are worked out by hand in reports-student.test.ts.
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { seedDemoWorkTypes } from '../../src/cli/seed/demo-work-types.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance, lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool, FIXTURE_PASSWORD } from '../support/fixtures.ts';

export type StudentSchool = Awaited<ReturnType<typeof buildStudentSchool>>;

type Entry = { mark?: [number, string]; att?: 'absent' | 'late'; reason?: 'illness' | 'valid' | 'invalid' };
type LessonSpec = { cancelled?: boolean; by?: Record<string, Entry> };

export async function buildStudentSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  await seedDemoWorkTypes(db, built);
  const { schoolId, yearId } = built;
  const id = () => crypto.randomUUID();
  const st = { A1: built.students.get('5А-1')!, A2: built.students.get('5А-2')!, A3: built.students.get('5А-3')!, B1: built.students.get('5Б-1')! };
  const hash = await hashPassword(FIXTURE_PASSWORD);
  const account = async (login: string, roles: string[], link: { staffId?: string; guardianId?: string; studentId?: string }) => {
    const [a] = await db.insert(accounts).values({ login, fullName: login, passwordHash: hash }).returning({ id: accounts.id });
    await db.insert(memberships).values({ schoolId, accountId: a!.id, roles, ...link });
  };
  const newStaff = async (lastName: string) => {
    const sid = id();
    await db.insert(staff).values({ schoolId, id: sid, lastName, firstName: 'Тест', middleName: 'Тестович' });
    return sid;
  };
  const ct5b = await newStaff('Бэклассов');
  const elective = await newStaff('Сводных');
  await db.update(schoolClasses).set({ classTeacherId: ct5b }).where(eq(schoolClasses.id, built.classes.get('5Б')!));
  await account(`${p}-ct5b`, ['teacher'], { staffId: ct5b });
  await account(`${p}-elective`, ['teacher'], { staffId: elective });
  await account(`${p}-parent2`, ['parent'], { guardianId: built.guardians.get('g-5А-2')! });
  await account(`${p}-student2`, ['student'], { studentId: st.A2 });

  const group = async (name: string, subject: string, classKey: string | null, teacher: string, kind = 'class', members: string[] = []) => {
    const gid = id();
    await db.insert(teachingGroups).values({ schoolId, id: gid, yearId, subjectId: built.subjects.get(subject)!, kind, classId: classKey ? built.classes.get(classKey)! : null, name });
    await db.insert(groupTeachers).values({ schoolId, groupId: gid, staffId: teacher, startsOn: '2026-09-01' });
    for (const m of members) await db.insert(groupMembers).values({ schoolId, groupId: gid, studentId: m, startsOn: '2026-09-01' });
    return gid;
  };
  const t = built.staff.get('teacher')!;
  const g = {
    math: await group('Математика 5А', 'Математика', '5А', t),
    rus: await group('Русский язык 5А', 'Русский язык', '5А', built.staff.get('ct')!),
    eng1: await group('Английский язык 5А-1', 'Английский язык', '5А', t, 'subgroup', [st.A1, st.A2]),
    eng2: await group('Английский язык 5А-2', 'Английский язык', '5А', t, 'subgroup', [st.A3]),
    lit: await group('Литература 5А/5Б', 'Литература', null, elective, 'cross_class', [st.A1, st.B1]),
    math5B: await group('Математика 5Б', 'Математика', '5Б', ct5b),
  };
  const types = new Map((await db.select().from(workTypes).where(eq(workTypes.schoolId, schoolId))).map((w) => [w.name, w.id]));
  const lesson = async (groupId: string, date: string, n: number, s: LessonSpec = {}) => {
    const lid = id();
    await db.insert(lessons).values({ schoolId, id: lid, groupId, date, lessonNumber: n, staffId: t });
    if (s.cancelled) await db.insert(substitutions).values({ schoolId, lessonId: lid, kind: 'cancelled', reason: 'Болезнь учителя' });
    const columns = new Map<string, number>();
    for (const [who, e] of Object.entries(s.by ?? {})) {
      const studentId = st[who as keyof typeof st];
      if (e.mark) {
        const [value, type] = e.mark;
        if (!columns.has(type)) {
          columns.set(type, columns.size + 1);
          await db.insert(lessonColumns).values({ schoolId, lessonId: lid, columnNo: columns.get(type)!, workTypeId: types.get(type)! });
        }
        await db.insert(marks).values({ schoolId, lessonId: lid, studentId, columnNo: columns.get(type)!, value });
      }
      if (e.att) await db.insert(attendance).values({ schoolId, lessonId: lid, studentId, kind: e.att, reason: e.reason ?? null });
    }
    return lid;
  };
  const ANSWER = 'Ответ на уроке';
  // Quarter 1: a control work 5 in maths (the year counts it, quarter 2 does not).
  await lesson(g.math, '2026-10-20', 1, { by: { A1: { mark: [5, 'Контрольная работа'] } } });
  // Maths, quarter 2: 5 (answer), 3 (control work, weight 2), a cancelled lesson with a 2 and an absence (not counted),
  // absent by illness, late with a 4 (homework); a lesson after today (not counted).
  await lesson(g.math, '2026-11-16', 1, { by: { A1: { mark: [5, ANSWER] }, A2: { mark: [2, ANSWER] } } });
  await lesson(g.math, '2026-11-17', 1, { by: { A1: { mark: [3, 'Контрольная работа'] } } });
  await lesson(g.math, '2026-11-18', 1, { cancelled: true, by: { A1: { mark: [2, ANSWER], att: 'absent' } } });
  await lesson(g.math, '2026-11-19', 1, { by: { A1: { att: 'absent', reason: 'illness' } } });
  await lesson(g.math, '2026-11-20', 1, { by: { A1: { mark: [4, 'Домашняя работа'], att: 'late' } } });
  await lesson(g.math, '2026-11-26', 1);
  // Russian: a dictation 4 (weight 2), an answer 5; absent with a valid reason, without one, with an invalid one.
  await lesson(g.rus, '2026-11-16', 2, { by: { A1: { mark: [4, 'Диктант'] } } });
  await lesson(g.rus, '2026-11-17', 2, { by: { A1: { mark: [5, ANSWER] } } });
  await lesson(g.rus, '2026-11-18', 2, { by: { A1: { att: 'absent', reason: 'valid' } } });
  await lesson(g.rus, '2026-11-19', 2, { by: { A1: { att: 'absent' } } });
  await lesson(g.rus, '2026-11-20', 2, { by: { A1: { att: 'absent', reason: 'invalid' } } });
  // English: his subgroup — a check-up 4 (weight 1,5) and an answer 5; the other subgroup's lessons are not his.
  await lesson(g.eng1, '2026-11-17', 3, { by: { A1: { mark: [4, 'Проверочная работа'] } } });
  await lesson(g.eng1, '2026-11-19', 3, { by: { A1: { mark: [5, ANSWER] } } });
  await lesson(g.eng2, '2026-11-17', 4, { by: { A3: { mark: [2, ANSWER] } } });
  await lesson(g.eng2, '2026-11-19', 4, { by: { A3: { att: 'absent' } } });
  // Literature, the cross-class group: late once.
  await lesson(g.lit, '2026-11-18', 5, { by: { A1: { att: 'late' } } });
  // Period marks: quarter 1 of every subject; quarter 2 of Russian already set.
  const [q1, q2] = built.schemes.get('quarters')!.periodIds;
  const pm = (groupId: string, value: string, periodId = q1!) => db.insert(periodMarks).values({ schoolId, groupId, studentId: st.A1, kind: 'period', periodId, value });
  await pm(g.math, '5');
  await pm(g.rus, '4');
  await pm(g.eng1, '5');
  await pm(g.lit, 'зач');
  await pm(g.rus, '4', q2!);
  return { ...built, st, groups: g, q1: q1!, q2: q2!, halvesPeriod: built.schemes.get('halves')!.periodIds[0]! };
}
