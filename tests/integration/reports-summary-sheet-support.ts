// A small hand-built school for the summary sheet (buildSmallSchool: 5А with Ученик01–03, 5Б with Ученик11–13; year
// 2026/2027 in quarters, Q1 01.09–24.10, Q2 05.11–28.12). Added here:
// - Новиков Иван: in 5Б from 01.09, transferred to 5А on 16.11; Ученик03 withdrawn from 5А on 12.11;
// - 5А maths (whole class) and Russian (whole class, taught by the class teacher); English in subgroups: гр. 1 Ученик01
//   (until 10.11) and Ученик03, гр. 2 Ученик02, Ученик01 (from 10.11) and Новиков (from 16.11); the cross-class elective
//   «Литература (факультатив)» of Ученик02 (5А) and Ученик11 (5Б); 5Б maths taught by the deputy (not the teacher);
// - period marks (every figure of the tests comes from these), attendance, and a past year 2025/2026 with its class 4А.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance, periodMarks } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { academicYears, periods, periodSchemes, schoolClasses } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type SheetSchool = Awaited<ReturnType<typeof buildSheetSchool>>;

export async function buildSheetSchool(database: Database, p: string) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  const { schoolId, yearId } = built;
  const cls = (k: string) => built.classes.get(k)!;
  const [q1, q2] = built.schemes.get('quarters')!.periodIds;
  const newcomer = crypto.randomUUID();
  await db.insert(students).values({ schoolId, id: newcomer, lastName: 'Новиков', firstName: 'Иван', sex: 'м', personalFileNo: `${p}-new` });
  await db.insert(classMemberships).values([
    { schoolId, studentId: newcomer, classId: cls('5Б'), startsOn: '2026-09-01', endsOn: '2026-11-16', endKind: 'transfer' },
    { schoolId, studentId: newcomer, classId: cls('5А'), startsOn: '2026-11-16' },
  ]);
  const s = { A1: built.students.get('5А-1')!, A2: built.students.get('5А-2')!, A3: built.students.get('5А-3')!, B1: built.students.get('5Б-1')!, N: newcomer };
  await db.update(classMemberships).set({ endsOn: '2026-11-12', endKind: 'withdrawal' })
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, s.A3)));

  const group = async (name: string, subject: string, kind: string, classKey: string | null, teacher: string, lessonKind = 'regular') => {
    const id = crypto.randomUUID();
    await db.insert(teachingGroups).values({ schoolId, id, yearId, subjectId: built.subjects.get(subject)!, kind, classId: classKey ? cls(classKey) : null, name, lessonKind });
    await db.insert(groupTeachers).values({ schoolId, groupId: id, staffId: built.staff.get(teacher)!, startsOn: '2026-09-01' });
    return id;
  };
  const g = {
    math: await group('Математика 5А', 'Математика', 'class', '5А', 'teacher'),
    rus: await group('Русский язык 5А', 'Русский язык', 'class', '5А', 'ct'),
    eng1: await group('Английский язык 5А-1', 'Английский язык', 'subgroup', '5А', 'teacher'),
    eng2: await group('Английский язык 5А-2', 'Английский язык', 'subgroup', '5А', 'teacher'),
    elective: await group('Литература (факультатив)', 'Литература', 'cross_class', null, 'teacher', 'elective'),
    math5B: await group('Математика 5Б', 'Математика', 'class', '5Б', 'deputy'),
  };
  const member = (groupId: string, studentId: string, startsOn = '2026-09-01', endsOn: string | null = null) => ({ schoolId, groupId, studentId, startsOn, endsOn });
  await db.insert(groupMembers).values([
    member(g.eng1, s.A1, '2026-09-01', '2026-11-10'), member(g.eng1, s.A3), member(g.eng2, s.A2), member(g.eng2, s.A1, '2026-11-10'),
    member(g.eng2, s.N, '2026-11-16'), member(g.elective, s.A2), member(g.elective, s.B1),
  ]);
  const mark = (groupId: string, studentId: string, kind: string, periodId: string | null, value: string) => ({ schoolId, groupId, studentId, kind, periodId, value });
  await db.insert(periodMarks).values([
    mark(g.math, s.A1, 'period', q1!, '5'), mark(g.math, s.A2, 'period', q1!, '4'), mark(g.math, s.A3, 'period', q1!, 'н/а'),
    mark(g.math, s.A1, 'period', q2!, '4'), mark(g.math, s.N, 'period', q2!, '3'),
    mark(g.math, s.A1, 'year', null, '5'), mark(g.math, s.A1, 'exam', null, '4'), mark(g.math, s.A1, 'final', null, '5'),
    mark(g.rus, s.A1, 'period', q1!, '3'), mark(g.rus, s.A3, 'period', q1!, '4'),
    mark(g.eng1, s.A1, 'period', q1!, '5'), mark(g.eng1, s.A3, 'period', q1!, '3'), mark(g.eng2, s.A2, 'period', q1!, 'осв'),
    // Ученик01's quarter 2 is group 2's (his group on 28.12); the mark left in group 1 is not his sheet's.
    mark(g.eng2, s.A1, 'period', q2!, '4'), mark(g.eng1, s.A1, 'period', q2!, '2'), mark(g.eng2, s.N, 'period', q2!, '5'),
    mark(g.elective, s.A2, 'period', q1!, 'зач'), mark(g.elective, s.B1, 'period', q1!, 'незач'),
    mark(g.math5B, s.N, 'period', q1!, '4'), mark(g.math5B, s.B1, 'period', q1!, '5'),
  ]);
  // Absences: Ученик03 on 11.11 (in the class) and 13.11 (after leaving: not his 5А sheet's); Новиков in 5Б on 10.11 (the
  // 5Б sheet's) and in 5А on 17.11, late on 18.11 (not an absence), away on 19.11 from a cancelled lesson (not counted).
  const lesson = async (groupId: string, date: string, cancelled = false) => {
    const id = crypto.randomUUID();
    await db.insert(lessons).values({ schoolId, id, groupId, date, lessonNumber: 1, staffId: built.staff.get('teacher')! });
    if (cancelled) await db.insert(substitutions).values({ schoolId, lessonId: id, kind: 'cancelled', reason: 'Болезнь учителя' });
    return id;
  };
  const away = async (lessonId: string, studentId: string, kind = 'absent') => db.insert(attendance).values({ schoolId, lessonId, studentId, kind });
  await away(await lesson(g.math, '2026-11-11'), s.A3);
  await away(await lesson(g.math, '2026-11-13'), s.A3);
  await away(await lesson(g.math5B, '2026-11-10'), s.N);
  await away(await lesson(g.math, '2026-11-17'), s.N);
  await away(await lesson(g.math, '2026-11-18'), s.N, 'late');
  await away(await lesson(g.math, '2026-11-19', true), s.N);
  await away(await lesson(g.rus, '2026-10-01'), s.A1);
  await away(await lesson(g.eng2, '2026-11-20'), s.A1);

  const past = await pastYear(database, schoolId, s.A1, built.subjects.get('Математика')!);
  return { ...built, groups: g, studentIds: s, past };
}

/** 2025/2026 (closed) in halves, its 4А with Ученик01 (promoted on 01.06) and maths marks: a past year's sheet. */
async function pastYear(database: Database, schoolId: string, studentId: string, subjectId: string) {
  const db = database.db;
  const yearId = crypto.randomUUID();
  const schemeId = crypto.randomUUID();
  const half = crypto.randomUUID();
  const classId = crypto.randomUUID();
  const groupId = crypto.randomUUID();
  await db.insert(academicYears).values({ schoolId, id: yearId, name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-08-31' });
  await db.insert(periodSchemes).values({ schoolId, id: schemeId, yearId, name: 'Полугодия', kind: 'halves' });
  await db.insert(periods).values([
    { schoolId, id: half, schemeId, ordinal: 1, name: '1 полугодие', startsOn: '2025-09-01', endsOn: '2025-12-27' },
    { schoolId, schemeId, ordinal: 2, name: '2 полугодие', startsOn: '2026-01-12', endsOn: '2026-05-26' },
  ]);
  await db.insert(schoolClasses).values({ schoolId, id: classId, yearId, grade: 4, letter: 'А', name: '4А', schemeId });
  await db.insert(classMemberships).values({ schoolId, studentId, classId, startsOn: '2025-09-01', endsOn: '2026-06-01', endKind: 'promotion' });
  await db.insert(teachingGroups).values({ schoolId, id: groupId, yearId, subjectId, kind: 'class', classId, name: 'Старая группа 4А' });
  await db.insert(periodMarks).values([
    { schoolId, groupId, studentId, kind: 'period', periodId: half, value: '4' }, { schoolId, groupId, studentId, kind: 'year', periodId: null, value: '5' },
  ]);
  await db.update(academicYears).set({ status: 'closed' }).where(eq(academicYears.id, yearId)); // last: a closed year is read-only
  return { yearId, classId };
}
