// A small hand-built school for the progress summary (итоги успеваемости), quarter 1 closed with period marks and
// quarter 2 running (the tests' today is 23.11.2026). 5А: maths and Russian (whole class), English in two subgroups,
// literature graded зачёт/незачёт; six students on the roll at the quarter's end and one who left on 15.10 (his 5 must
// not count). 5Б: maths only. 1А: two students, no marks (безотметочное обучение). The figures are worked by hand in
// reports-progress.test.ts.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { seedDemoWorkTypes } from '../../src/cli/seed/demo-work-types.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { periods, schoolClasses } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type ProgressSchool = Awaited<ReturnType<typeof buildProgressSchool>>;

// Quarter 1 marks of 5А: maths, Russian, English (by subgroup), literature (зачёт).
const Q1_5A: Record<string, [string, string, string, string]> = {
  S1: ['5', '5', '5', 'зач'], // отличник
  S2: ['4', '5', '5', 'зач'], // one 4 (maths)
  S3: ['3', '4', '5', 'зач'], // one 3 (maths)
  S4: ['н/а', '4', '4', 'зач'], // не аттестован (maths)
  S5: ['4', '4', 'осв', 'зач'], // хорошист, exempt from English
  S6: ['2', '3', '3', 'незач'], // неуспевающий (maths, literature)
};

export async function buildProgressSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  await seedDemoWorkTypes(db, built);
  const { schoolId, yearId } = built;
  const cls = (k: string) => built.classes.get(k)!;
  const [c5a] = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, cls('5А'))));
  const [q1, q2] = await db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, c5a!.schemeId))).orderBy(asc(periods.startsOn));
  const id = () => crypto.randomUUID();
  const student = async (classId: string, lastName: string, startsOn = '2026-09-01', endsOn: string | null = null) => {
    const sid = id();
    await db.insert(students).values({ schoolId, id: sid, lastName, firstName: 'Тест', personalFileNo: `${p}-${lastName}` });
    await db.insert(classMemberships).values({ schoolId, studentId: sid, classId, startsOn, endsOn });
    return sid;
  };
  // 5А: the fixture's three students leave on 01.09 (not on this report's roll); S1…S6 and S7 who left on 15.10.
  for (const k of ['5А-1', '5А-2', '5А-3']) {
    await db.update(classMemberships).set({ endsOn: '2026-09-01' }).where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, built.students.get(k)!)));
  }
  const s: Record<string, string> = {};
  for (const k of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6']) s[k] = await student(cls('5А'), `Прогресс${k}`);
  s.S7 = await student(cls('5А'), 'ПрогрессS7', '2026-09-01', '2026-10-15');
  // 1А: two students, same scheme as 5А.
  const c1a = id();
  await db.insert(schoolClasses).values({ schoolId, id: c1a, yearId, grade: 1, letter: 'А', name: '1А', schemeId: c5a!.schemeId });
  await student(c1a, 'ПервоклассникА');
  await student(c1a, 'ПервоклассникБ');

  const group = async (name: string, subject: string, classId: string, kind = 'class', members: string[] = []) => {
    const gid = id();
    await db.insert(teachingGroups).values({ schoolId, id: gid, yearId, subjectId: built.subjects.get(subject)!, kind, classId, name });
    await db.insert(groupTeachers).values({ schoolId, groupId: gid, staffId: built.staff.get('teacher')!, startsOn: '2026-09-01' });
    for (const m of members) await db.insert(groupMembers).values({ schoolId, groupId: gid, studentId: m, startsOn: '2026-09-01' });
    return gid;
  };
  const g = {
    math5A: await group('Математика 5А', 'Математика', cls('5А')),
    rus5A: await group('Русский язык 5А', 'Русский язык', cls('5А')),
    eng1: await group('Английский язык 5А-1', 'Английский язык', cls('5А'), 'subgroup', [s.S1!, s.S2!, s.S3!]),
    eng2: await group('Английский язык 5А-2', 'Английский язык', cls('5А'), 'subgroup', [s.S4!, s.S5!, s.S6!]),
    lit5A: await group('Литература 5А', 'Литература', cls('5А')),
    math5B: await group('Математика 5Б', 'Математика', cls('5Б')),
  };
  const mark = (groupId: string, studentId: string, value: string) =>
    db.insert(periodMarks).values({ schoolId, groupId, studentId, kind: 'period', periodId: q1!.id, value });
  for (const [k, [m, r, e, l]] of Object.entries(Q1_5A)) {
    await mark(g.math5A, s[k]!, m);
    await mark(g.rus5A, s[k]!, r);
    await mark(['S1', 'S2', 'S3'].includes(k) ? g.eng1 : g.eng2, s[k]!, e);
    await mark(g.lit5A, s[k]!, l);
  }
  await mark(g.math5A, s.S7!, '5'); // left before the quarter's end: not on the roll
  const b = ['5Б-1', '5Б-2', '5Б-3'].map((k) => built.students.get(k)!);
  for (const [i, v] of ['4', '4', '5'].entries()) await mark(g.math5B, b[i]!, v);
  // Quarter 2 (running): 5Б-1 has an answer 5 (weight 1) and a control work 4 (weight 2): (5 + 8) / 3 = 4,33 → forecast 4.
  const types = new Map((await db.select().from(workTypes).where(eq(workTypes.schoolId, schoolId))).map((w) => [w.name, w.id]));
  for (const [date, type, value] of [['2026-11-16', 'Ответ на уроке', 5], ['2026-11-18', 'Контрольная работа', 4]] as const) {
    const lid = id();
    await db.insert(lessons).values({ schoolId, id: lid, groupId: g.math5B, date, lessonNumber: 1, staffId: built.staff.get('teacher')! });
    await db.insert(lessonColumns).values({ schoolId, lessonId: lid, columnNo: 1, workTypeId: types.get(type)! });
    await db.insert(marks).values({ schoolId, lessonId: lid, studentId: b[0]!, columnNo: 1, value });
  }
  return { ...built, q1: q1!, q2: q2!, c1a, groups: g, s };
}
