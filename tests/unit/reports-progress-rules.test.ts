// Progress summary (итоги успеваемости): a student's category from their period marks, the forecast of a missing mark,
// and the figures of a hand-built class 5А whose answers are computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  classifyStudent, forecastMark, gradeHasMarks, markKind, markOrForecast, type SubjectMark, type StudentProgress,
} from '../../src/modules/reports/progress/rules.ts';

// The subjects of 5А: four with marks and one зачёт subject (ОРКСЭ-like, зач/незач).
const SUBJECTS = [
  { subjectId: 'ru', subjectName: 'Русский язык', graded: 'marks' },
  { subjectId: 'ma', subjectName: 'Математика', graded: 'marks' },
  { subjectId: 'hi', subjectName: 'История', graded: 'marks' },
  { subjectId: 'pe', subjectName: 'Физическая культура', graded: 'marks' },
  { subjectId: 'ok', subjectName: 'Основы духовно-нравственной культуры', graded: 'pass' },
] as const;
const [RU, MA, HI, PE, OK] = SUBJECTS.map(({ subjectId, subjectName }) => ({ subjectId, subjectName }));

/** A student's marks in the order ru, ma, hi, pe, ok (null: no period mark). */
const row = (...values: Array<string | null>): SubjectMark[] =>
  SUBJECTS.map((s, i) => ({ subjectId: s.subjectId, subjectName: s.subjectName, graded: s.graded, value: values[i] ?? null }));

// The class 5А (grade 5), one row a student: ru ma hi pe ok.
const CLASS_5A: ReadonlyArray<[string, SubjectMark[]]> = [
  ['Анна (отличница)', row('5', '5', '5', '5', 'зач')],
  ['Борис (одна 4)', row('5', '4', '5', '5', 'зач')],
  ['Вера (хорошистка)', row('4', '4', '5', '5', 'зач')],
  ['Глеб (одна 3)', row('3', '4', '5', '4', 'зач')],
  ['Даша (осв по физкультуре)', row('5', '4', '4', 'осв', 'зач')],
  ['Егор (н/а по истории)', row('4', '3', 'н/а', '5', 'зач')],
  ['Женя (две 2)', row('2', '2', '3', '4', 'зач')],
  ['Илья (с тройками)', row('3', '3', '4', '5', 'зач')],
  ['Кира (незачёт)', row('4', '5', '5', '5', 'незач')],
];

describe('markKind', () => {
  it.each<[string | null, ReturnType<typeof markKind>]>([
    ['5', 5], ['1', 1], [' 4 ', 4], ['н/а', 'na'], ['Н/А', 'na'], ['осв', 'osv'], ['зач', 'zach'], ['незач', 'nezach'],
    [null, 'none'], ['', 'none'], ['6', 'none'], ['0', 'none'], ['45', 'none'], ['н', 'none'],
  ])('%j → %j', (value, kind) => expect(markKind(value)).toBe(kind));
});

describe('classifyStudent: the class 5А', () => {
  type Expect = Pick<StudentProgress, 'status' | 'category' | 'successful' | 'good' | 'quality'> & {
    oneFour?: string; oneThree?: string; failing?: string[]; na?: string[]; exempt?: string[];
  };
  const cases: Array<[string, Expect]> = [
    // all 5 and зач: зач does not spoil «отличник»
    ['Анна (отличница)', { status: 'assessed', category: 'excellent', successful: true, good: false, quality: true }],
    // one 4 (maths), the rest 5: «с одной 4», and a хорошист too
    ['Борис (одна 4)', { status: 'assessed', category: 'oneFour', successful: true, good: true, quality: true, oneFour: 'ma' }],
    // two 4s: a хорошист, not «с одной 4»
    ['Вера (хорошистка)', { status: 'assessed', category: 'good', successful: true, good: true, quality: true }],
    // one 3 (Russian), the rest 4 and 5
    ['Глеб (одна 3)', { status: 'assessed', category: 'oneThree', successful: true, good: false, quality: false, oneThree: 'ru' }],
    // осв in PE is left out: 5 4 4 + зач → two 4s → хорошистка
    ['Даша (осв по физкультуре)', { status: 'assessed', category: 'good', successful: true, good: true, quality: true, exempt: ['pe'] }],
    // н/а in history: не аттестован, no category (his single 3 does not make him «с одной 3»)
    ['Егор (н/а по истории)', { status: 'notAssessed', category: null, successful: false, good: false, quality: false, na: ['hi'] }],
    ['Женя (две 2)', { status: 'assessed', category: 'failing', successful: false, good: false, quality: false, failing: ['ru', 'ma'] }],
    // two 3s: successful, no level
    ['Илья (с тройками)', { status: 'assessed', category: 'satisfactory', successful: true, good: false, quality: false }],
    // незач fails even with 4 and 5 elsewhere
    ['Кира (незачёт)', { status: 'assessed', category: 'failing', successful: false, good: false, quality: false, failing: ['ok'] }],
  ];
  it.each(cases)('%s', (name, e) => {
    const p = classifyStudent(5, CLASS_5A.find(([n]) => n === name)![1]);
    expect({ status: p.status, category: p.category, successful: p.successful, good: p.good, quality: p.quality })
      .toEqual({ status: e.status, category: e.category, successful: e.successful, good: e.good, quality: e.quality });
    expect(p.oneFourSubject?.subjectId).toBe(e.oneFour);
    expect(p.oneThreeSubject?.subjectId).toBe(e.oneThree);
    expect(p.failingSubjects.map((s) => s.subjectId)).toEqual(e.failing ?? []);
    expect(p.notAssessedSubjects.map((s) => s.subjectId)).toEqual(e.na ?? []);
    expect(p.exemptSubjects.map((s) => s.subjectId)).toEqual(e.exempt ?? []);
    expect(p.missingSubjects).toEqual([]);
  });

  it('names the subjects: the single 4, the single 3, осв, н/а, the failed ones', () => {
    expect(classifyStudent(5, CLASS_5A[1]![1]).oneFourSubject).toEqual(MA);
    expect(classifyStudent(5, CLASS_5A[3]![1]).oneThreeSubject).toEqual(RU);
    expect(classifyStudent(5, CLASS_5A[6]![1]).failingSubjects).toEqual([RU, MA]);
    expect(classifyStudent(5, CLASS_5A[8]![1]).failingSubjects).toEqual([OK]);
    expect(classifyStudent(5, CLASS_5A[4]![1]).exemptSubjects).toEqual([PE]);
    expect(classifyStudent(5, CLASS_5A[5]![1]).notAssessedSubjects).toEqual([HI]);
  });
});

describe('classifyStudent: edges', () => {
  const c = (grade: number | null, ...values: Array<string | null>) => classifyStudent(grade, row(...values));
  // values in the order ru, ma, hi, pe, ok
  it.each<[string, number | null, Array<string | null>, StudentProgress['status'], StudentProgress['category'], boolean]>([
    ['a 1 fails like a 2', 5, ['1', '5', '5', '5', 'зач'], 'assessed', 'failing', false],
    ['н/а and a 2: не аттестован', 5, ['2', 'н/а', '5', '5', 'зач'], 'notAssessed', null, false],
    ['only зач, every mark subject осв: successful, no level', 5, ['осв', 'осв', 'осв', 'осв', 'зач'], 'assessed', 'satisfactory', true],
    ['every subject осв', 5, ['осв', 'осв', 'осв', 'осв', 'осв'], 'unmarked', null, false],
    ['no period mark anywhere', 5, [null, null, null, null, null], 'unmarked', null, false],
    ['one 4 the only number (the rest осв, зач): «с одной 4»', 5, ['4', 'осв', 'осв', 'осв', 'зач'], 'assessed', 'oneFour', true],
    ['a college group (grade null) is graded', null, ['5', '5', '5', '5', 'зач'], 'assessed', 'excellent', true],
    ['grade 1: не оценивается, whatever was typed', 1, ['2', 'н/а', '5', '5', 'незач'], 'ungraded', null, false],
    ['one 3 and one 4, rest 5: «с одной 3»', 5, ['3', '4', '5', '5', 'зач'], 'assessed', 'oneThree', true],
    ['two 3s and a 4: успевает', 5, ['3', '3', '4', '5', 'зач'], 'assessed', 'satisfactory', true],
    ['a missing mark is left out: 5 5 _ 5 зач → отличник', 5, ['5', '5', null, '5', 'зач'], 'assessed', 'excellent', true],
    ['всё «5», незач: неуспевающий', 5, ['5', '5', '5', '5', 'незач'], 'assessed', 'failing', false],
  ])('%s', (_name, grade, values, status, category, successful) => {
    const p = classifyStudent(grade, row(...values));
    expect([p.status, p.category, p.successful]).toEqual([status, category, successful]);
  });

  it('lists the 2 of a student who is not assessed, and a missing subject', () => {
    expect(c(5, '2', 'н/а', '5', '5', 'зач').failingSubjects).toEqual([RU]);
    expect(c(5, '5', '5', null, '5', 'зач').missingSubjects).toEqual([HI]);
  });

  it('gradeHasMarks: the 1st grade has none; 2–11 and a college group (null) do', () => {
    expect([1, 2, 5, 11, null].map(gradeHasMarks)).toEqual([false, true, true, true, true]);
  });
});

describe('forecast of a mark not set yet', () => {
  it.each<[string, Array<{ value: number; weight: number }>, 'half_up' | 'strict', number | null]>([
    ['no marks', [], 'half_up', null],
    ['5 and a control work 4 (weight 2): 13/3 = 4.33 → 4', [{ value: 5, weight: 1 }, { value: 4, weight: 2 }], 'half_up', 4],
    ['5 and 4: 4.5 → 5 half up', [{ value: 5, weight: 1 }, { value: 4, weight: 1 }], 'half_up', 5],
    ['5 and 4: 4.5 → 4 strict (from 4.6)', [{ value: 5, weight: 1 }, { value: 4, weight: 1 }], 'strict', 4],
    ['3, 3, 4, 5 (weight 2): 20/5 = 4.0', [{ value: 3, weight: 1 }, { value: 3, weight: 1 }, { value: 4, weight: 1 }, { value: 5, weight: 2 }], 'half_up', 4],
    ['2 and 3: 2.5 → 3 half up', [{ value: 2, weight: 1 }, { value: 3, weight: 1 }], 'half_up', 3],
  ])('%s', (_name, marks, rule, mark) => expect(forecastMark(marks, rule)).toBe(mark));

  const ma = { subjectId: 'ma', subjectName: 'Математика', graded: 'marks' as const };
  const ok = { subjectId: 'ok', subjectName: 'ОРКСЭ', graded: 'pass' as const };
  const fiveFour = [{ value: 5, weight: 1 }, { value: 4, weight: 1 }];
  it.each<[string, typeof ma | typeof ok, string | null, typeof fiveFour, string | null, boolean]>([
    ['a period mark set: kept, not a forecast', ma, '3', fiveFour, '3', false],
    ['a special period mark is a mark too', ma, 'н/а', fiveFour, 'н/а', false],
    ['none set: the forecast 5 (4.5 half up)', ma, null, fiveFour, '5', true],
    ['none set, an empty text: the forecast', ma, ' ', fiveFour, '5', true],
    ['none set and no marks: missing', ma, null, [], null, false],
    ['a зачёт subject is never forecast', ok, null, fiveFour, null, false],
  ])('%s', (_name, subject, periodValue, marks, value, forecast) => {
    expect(markOrForecast(subject, periodValue, marks, 'half_up'))
      .toEqual({ subjectId: subject.subjectId, subjectName: subject.subjectName, graded: subject.graded, value, forecast });
  });

  it('a student classified on a forecast says so', () => {
    const marks = [
      markOrForecast(SUBJECTS[0], '5', [], 'half_up'),
      markOrForecast(SUBJECTS[1], null, fiveFour, 'half_up'), // forecast 5
      markOrForecast(SUBJECTS[4], 'зач', [], 'half_up'),
    ];
    const p = classifyStudent(5, marks);
    expect([p.category, p.forecastSubjects]).toEqual(['excellent', [MA]]);
    // strict: 4.5 → 4, so the same student is «с одной 4» in maths on the forecast
    const strict = classifyStudent(5, [marks[0]!, markOrForecast(SUBJECTS[1], null, fiveFour, 'strict'), marks[2]!]);
    expect([strict.category, strict.oneFourSubject, strict.forecastSubjects]).toEqual(['oneFour', MA, [MA]]);
  });
});
