// A hand-built school with two years for the medal candidates (the tests' today is 23.11.2026: the first half-year of
// 2026/2027 runs, quarter 1 is closed). Last year 2025/2026 (halves): 10А — maths, physics, chemistry (taught in grade
// 10 only) and PE; 9Б with one student whose final marks are all 5. This year: 11А (halves, led by the class teacher
// `${p}-ct` when `ctLeads11`) — maths, physics, PE and the individual project (зачёт); 9А (quarters) — maths, Russian.
// Every mark below is set by hand; the expected verdicts are worked out in reports-medals.test.ts.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { seedDemoWorkTypes } from '../../src/cli/seed/demo-work-types.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears, periods, periodSchemes, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type MedalSchool = Awaited<ReturnType<typeof buildMedalSchool>>;

type V = string | null; // a mark; null: none set
// Grade 10 (last year): maths, physics, chemistry, PE. Grade 11 (this year's year marks): maths, physics, project, PE.
const ELEVENTH: Record<string, { g10: [V, V, V, V] | null; g11: [V, V, V, V] }> = {
  'Первая': { g10: ['5', '5', '5', '5'], g11: ['5', '5', 'зач', '5'] }, // I степени
  'Вторая': { g10: ['4', '5', '5', 'осв'], g11: ['5', '4', 'зач', 'осв'] }, // two 4 → II степени
  'Третья': { g10: ['4', '4', '5', '5'], g11: ['4', '5', 'зач', '5'] }, // three 4 → near
  'Четвёртая': { g10: ['5', '5', '3', '5'], g11: ['5', '5', 'зач', '5'] }, // chemistry 3 (grade 10 only) → near
  'Новенькая': { g10: null, g11: ['5', '5', 'зач', '5'] }, // no grade 10 → near
  'Прогнозная': { g10: ['5', '5', '5', '5'], g11: [null, null, 'зач', '5'] }, // maths, physics forecast from H1 → I
  'Пропущенная': { g10: ['5', '5', '5', '5'], g11: ['5', null, 'зач', '5'] }, // physics: nothing to forecast → near
  'Слабая': { g10: ['4', '3', '3', '5'], g11: ['4', '4', 'зач', '5'] }, // nobody's
};

export async function buildMedalSchool(database: Database, p: string, opts: { ctLeads11: boolean }) {
  const db = database.db;
  const built = await buildSmallSchool(database, p);
  await seedDemoWorkTypes(db, built);
  const { schoolId, yearId } = built;
  const id = () => crypto.randomUUID();
  const staffId = built.staff.get('teacher')!;
  const subject = async (name: string) => {
    const known = built.subjects.get(name);
    if (known) return known;
    const sid = id();
    await db.insert(subjects).values({ schoolId, id: sid, name, shortName: name.slice(0, 6) });
    return sid;
  };
  const subj = {
    math: await subject('Математика'), rus: await subject('Русский язык'), phys: await subject('Физика'), chem: await subject('Химия'),
    pe: await subject('Физическая культура'), project: await subject('Индивидуальный проект'),
  };

  // Last year, in halves.
  const prevYear = id();
  await db.insert(academicYears).values({ schoolId, id: prevYear, name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-08-31' });
  const prevScheme = id();
  await db.insert(periodSchemes).values({ schoolId, id: prevScheme, yearId: prevYear, name: 'Полугодия', kind: 'halves' });
  await db.insert(periods).values([
    { schoolId, schemeId: prevScheme, ordinal: 1, name: '1 полугодие', startsOn: '2025-09-01', endsOn: '2025-12-27' },
    { schoolId, schemeId: prevScheme, ordinal: 2, name: '2 полугодие', startsOn: '2026-01-12', endsOn: '2026-05-26' },
  ]);
  const [halves] = await db.select({ id: periodSchemes.id }).from(periodSchemes)
    .where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, yearId), eq(periodSchemes.kind, 'halves')));
  const [h1] = await db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, halves!.id), eq(periods.ordinal, 1)));
  const quarters = built.schemes.get('quarters')!;

  const cls = async (year: string, grade: number, letter: string, scheme: string, classTeacherId: string | null = null) => {
    const cid = id();
    await db.insert(schoolClasses).values({ schoolId, id: cid, yearId: year, grade, letter, name: `${grade}${letter}`, schemeId: scheme, classTeacherId });
    return cid;
  };
  const c10 = await cls(prevYear, 10, 'А', prevScheme);
  const c9prev = await cls(prevYear, 9, 'Б', prevScheme);
  const c11 = await cls(yearId, 11, 'А', halves!.id, opts.ctLeads11 ? built.staff.get('ct')! : null);
  const c9 = await cls(yearId, 9, 'А', quarters.id);
  const group = async (year: string, classId: string, subjectId: string, name: string) => {
    const gid = id();
    await db.insert(teachingGroups).values({ schoolId, id: gid, yearId: year, subjectId, kind: 'class', classId, name });
    await db.insert(groupTeachers).values({ schoolId, groupId: gid, staffId, startsOn: year === prevYear ? '2025-09-01' : '2026-09-01' });
    return gid;
  };
  const g10 = [await group(prevYear, c10, subj.math, '10А — Математика'), await group(prevYear, c10, subj.phys, '10А — Физика'),
    await group(prevYear, c10, subj.chem, '10А — Химия'), await group(prevYear, c10, subj.pe, '10А — Физкультура')];
  const g11 = [await group(yearId, c11, subj.math, '11А — Математика'), await group(yearId, c11, subj.phys, '11А — Физика'),
    await group(yearId, c11, subj.project, '11А — Проект'), await group(yearId, c11, subj.pe, '11А — Физкультура')];
  const g9 = { math: await group(yearId, c9, subj.math, '9А — Математика'), rus: await group(yearId, c9, subj.rus, '9А — Русский язык') };
  const g9prev = [await group(prevYear, c9prev, subj.math, '9Б — Математика'), await group(prevYear, c9prev, subj.rus, '9Б — Русский язык')];

  const student = async (lastName: string, memberships: Array<[string, string, string | null]>) => {
    const sid = id();
    await db.insert(students).values({ schoolId, id: sid, lastName, firstName: 'Тест', personalFileNo: `${p}-${lastName}` });
    for (const [classId, startsOn, endsOn] of memberships) await db.insert(classMemberships).values({ schoolId, studentId: sid, classId, startsOn, endsOn });
    return sid;
  };
  const pm = (groupId: string, studentId: string, kind: string, value: V, periodId: string | null = null) =>
    (value === null ? Promise.resolve() : db.insert(periodMarks).values({ schoolId, groupId, studentId, kind, periodId, value }).then(() => undefined));

  const s: Record<string, string> = {};
  for (const [name, m] of Object.entries(ELEVENTH)) {
    const history: Array<[string, string, string | null]> = m.g10 ? [[c10, '2025-09-01', '2026-09-01'], [c11, '2026-09-01', null]] : [[c11, '2026-09-01', null]];
    s[name] = await student(name, history);
    for (const [i, v] of (m.g10 ?? []).entries()) await pm(g10[i]!, s[name]!, 'year', v);
    for (const [i, v] of m.g11.entries()) await pm(g11[i]!, s[name]!, 'year', v);
  }
  // Прогнозная: the first half-year's marks. Maths: answer 5 (weight 1), control work 5 (weight 2) → 5. Physics: 4 and 5
  // (weight 1 each) → 4,5 → 5 (half up).
  const types = new Map((await db.select().from(workTypes).where(eq(workTypes.schoolId, schoolId))).map((w) => [w.name, w.id]));
  const mark = async (groupId: string, date: string, type: string, studentId: string, value: number) => {
    const lid = id();
    await db.insert(lessons).values({ schoolId, id: lid, groupId, date, lessonNumber: 1, staffId });
    await db.insert(lessonColumns).values({ schoolId, lessonId: lid, columnNo: 1, workTypeId: types.get(type)! });
    await db.insert(marks).values({ schoolId, lessonId: lid, studentId, columnNo: 1, value });
  };
  await mark(g11[0]!, '2026-10-06', 'Ответ на уроке', s['Прогнозная']!, 5);
  await mark(g11[0]!, '2026-11-10', 'Контрольная работа', s['Прогнозная']!, 5);
  await mark(g11[1]!, '2026-10-07', 'Ответ на уроке', s['Прогнозная']!, 4);
  await mark(g11[1]!, '2026-11-11', 'Ответ на уроке', s['Прогнозная']!, 5);

  // 9А. Отличник: final marks 5 and 5. Годовая: no final, year marks 5 and 4. Прогноз9: quarter 1 maths 5, Russian 5;
  // quarter 2 (running) maths 5, Russian 4 → Russian's year forecast (5 + 4) / 2 = 4,5 → 5.
  const [q1, q2] = await db.select().from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, quarters.id))).orderBy(periods.ordinal);
  const now9: Array<[string, string, string | null]> = [[c9, '2026-09-01', null]];
  s['Отличник9'] = await student('Отличник9', now9);
  await pm(g9.math, s['Отличник9']!, 'final', '5');
  await pm(g9.rus, s['Отличник9']!, 'final', '5');
  s['Годовая9'] = await student('Годовая9', now9);
  await pm(g9.math, s['Годовая9']!, 'year', '5');
  await pm(g9.rus, s['Годовая9']!, 'year', '4');
  s['Прогноз9'] = await student('Прогноз9', now9);
  await pm(g9.math, s['Прогноз9']!, 'period', '5', q1!.id);
  await pm(g9.rus, s['Прогноз9']!, 'period', '5', q1!.id);
  await mark(g9.math, '2026-11-16', 'Ответ на уроке', s['Прогноз9']!, 5);
  await mark(g9.rus, '2026-11-17', 'Ответ на уроке', s['Прогноз9']!, 4);
  // Last year's 9Б: one student, final marks 5 and 5 (now gone to another school: no membership this year).
  s['Прошлогодний'] = await student('Прошлогодний', [[c9prev, '2025-09-01', '2026-06-30']]);
  for (const g of g9prev) await pm(g, s['Прошлогодний']!, 'final', '5');
  await db.update(academicYears).set({ status: 'closed' }).where(eq(academicYears.id, prevYear)); // last: a closed year is read-only
  return { ...built, prevYear, classes11: c11, class9: c9, s, q2: q2!, h1: h1! };
}
