// Progress summary (итоги успеваемости): a student's category from their period marks, the forecast of a missing mark,
// and the figures of a hand-built class 5А whose answers are computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  classifyStudent, forecastMark, gradeHasMarks, markKind, markOrForecast, type SubjectMark, type StudentProgress,
} from '../../src/modules/reports/progress/rules.ts';
import {
  averageMark, changePoints, countValue, emptyCounts, percent, roundedRatio, ruFigure, sou, summarize, type MarkCounts, type StudentMarks,
} from '../../src/modules/reports/progress/figures.ts';
import { studentsDue } from '../../src/modules/journal/period-rules.ts';

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
  const w = (value: number, weight = 1) => ({ value, weight });
  it.each<[string, Array<{ value: number; weight: number }>, 'half_up' | 'strict', number | null]>([
    ['no marks', [], 'half_up', null],
    ['5 and a control work 4 (weight 2): 13/3 = 4.33 → 4', [w(5), w(4, 2)], 'half_up', 4],
    ['5 and 4: 4.5 → 5 half up', [w(5), w(4)], 'half_up', 5],
    ['5 and 4: 4.5 → 4 strict (from 4.6)', [w(5), w(4)], 'strict', 4],
    ['4 ×3 and 3 ×2: 18/5 = 3.6 → 4 strict', [w(4), w(4), w(4), w(3), w(3)], 'strict', 4],
    ['3, 3, 4, 5 (weight 2): 20/5 = 4.0', [w(3), w(3), w(4), w(5, 2)], 'half_up', 4],
    ['2 and 3: 2.5 → 3 half up', [w(2), w(3)], 'half_up', 3],
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

describe('percentages: one decimal, half up, from counts', () => {
  it.each<[number, number, number | null]>([
    [2, 3, 66.7], [1, 3, 33.3], [1, 6, 16.7], [5, 6, 83.3], [1, 8, 12.5], [1, 16, 6.3], [3, 16, 18.8],
    // exact halves that floating point misses: (100 * 29 / 2000).toFixed(1) is '1.4' (1.45 is 1.4499… as a double);
    // Math.round(201 / 400 * 1000) / 10 is 50.2 (502.49999…); counted in integers they are 1.5 and 50.3
    [29, 2000, 1.5], [201, 400, 50.3], [203, 400, 50.8],
    [0, 5, 0], [5, 5, 100], [0, 0, null], [7, 0, null],
  ])('%j of %j → %j', (part, whole, pct) => expect(percent(part, whole)).toBe(pct));

  it('shares are rounded each on its own: six of one → 16.7 each, 100.2 in all', () => {
    const shares = Array.from({ length: 6 }, () => percent(1, 6)!);
    expect(shares).toEqual([16.7, 16.7, 16.7, 16.7, 16.7, 16.7]);
    expect(Math.round(shares.reduce((a, b) => a + b, 0) * 10) / 10).toBe(100.2);
  });

  it.each<[number, number, number, number | null]>([[1, 3, 2, 0.33], [2, 3, 0, 1], [143, 34, 2, 4.21], [1, 0, 2, null]])(
    'roundedRatio(%j, %j, %j) = %j', (n, d, dec, r) => expect(roundedRatio(n, d, dec)).toBe(r));
});

describe('СОУ and the average mark', () => {
  const c = (p: Partial<MarkCounts>): MarkCounts => ({ ...emptyCounts(), ...p });
  it.each<[string, Partial<MarkCounts>, number | null, number | null]>([
    ['one 5, one 4: (100 + 64) / 2', { five: 1, four: 1 }, 82, 4.5],
    ['a single 1', { one: 1 }, 7, 1],
    ['5 4 3 1: 207 / 4 = 51.75 → 51.8; 13 / 4 = 3.25', { five: 1, four: 1, three: 1, one: 1 }, 51.8, 3.25],
    ['5 4 4: 228 / 3 = 76.0; 13 / 3 = 4.33', { five: 1, four: 2 }, 76, 4.33],
    ['all 2: 16', { two: 4 }, 16, 2],
    ['only зач, н/а, осв: no marks → null', { zach: 3, na: 1, osv: 1 }, null, null],
    ['nothing', {}, null, null],
  ])('%s', (_name, counts, s, avg) => {
    expect(sou(c(counts))).toBe(s);
    expect(averageMark(c(counts))).toBe(avg);
  });

  it('countValue: numbers, special values, and anything else as none', () => {
    const counts = emptyCounts();
    for (const v of ['5', '5', '4', '1', 'н/а', 'осв', 'зач', 'незач', null, '7']) countValue(counts, v);
    expect(counts).toEqual({ five: 2, four: 1, three: 0, two: 0, one: 1, zach: 1, nezach: 1, na: 1, osv: 1, none: 2 });
  });
});

describe('summarize: the class 5А', () => {
  const roll: StudentMarks[] = CLASS_5A.map(([, marks]) => ({ grade: 5, marks }));
  const sum = summarize(roll);

  it('the students', () => {
    // 9 on the roll, none of the 1st grade; Егор not assessed, the 8 others assessed; Даша has осв
    // categories: Анна excellent; Борис oneFour; Вера, Даша good; Глеб oneThree; Илья satisfactory; Женя, Кира failing
    expect(sum).toMatchObject({
      onRoll: 9, ungraded: 0, counted: 9, assessed: 8, notAssessed: 1, unmarked: 0, withExemptions: 1,
      categories: { excellent: 1, oneFour: 1, good: 2, oneThree: 1, satisfactory: 1, failing: 2 },
      good: 3, // хорошисты: Борис, Вера, Даша
      successful: 6, // 8 assessed − 2 failing
      qualityStudents: 4, // Анна + 3 хорошисты
    });
  });

  it('the figures', () => {
    // marks: 5 ×16 (Анна 4, Борис 3, Вера 2, Глеб 1, Даша 1, Егор 1, Илья 1, Кира 3), 4 ×11, 3 ×5, 2 ×2: 34 marks
    // (9 × 4 = 36 − 1 осв − 1 н/а); зач ×8, незач ×1
    expect(sum.counts).toEqual({ five: 16, four: 11, three: 5, two: 2, one: 0, zach: 8, nezach: 1, na: 1, osv: 1, none: 0 });
    // успеваемость 6 / 9 = 66.7; качество 4 / 9 = 44.4
    // СОУ (1600 + 704 + 180 + 32) / 34 = 2516 / 34 = 74.0; average (80 + 44 + 15 + 4) / 34 = 143 / 34 = 4.206 → 4.21
    expect([sum.success, sum.quality, sum.sou, sum.average]).toEqual([66.7, 44.4, 74, 4.21]);
  });

  it.each<[string, number, Partial<MarkCounts>, number | null, number | null, number | null, number | null]>([
    // 5 5 4 3 5 4 2 3 4: успеваемость 8/9, качество 6/9, СОУ 580/9 = 64.44, average 35/9 = 3.89
    ['ru', 9, { five: 3, four: 3, three: 2, two: 1 }, 88.9, 66.7, 64.4, 3.89],
    // 5 4 4 4 4 3 2 3 5: 8/9, 6/9, СОУ 544/9 = 60.44, 34/9 = 3.78
    ['ma', 9, { five: 2, four: 4, three: 2, two: 1 }, 88.9, 66.7, 60.4, 3.78],
    // 5 5 5 5 4 н/а 3 4 5: н/а stays in N = 9 → 8/9, 7/9 = 77.8; СОУ 664/8 = 83.0, 36/8 = 4.5
    ['hi', 9, { five: 5, four: 2, three: 1, na: 1 }, 88.9, 77.8, 83, 4.5],
    // 5 5 5 4 осв 5 4 5 5: осв leaves N = 8 → 8/8; СОУ 728/8 = 91.0, 38/8 = 4.75
    ['pe', 8, { five: 6, four: 2, osv: 1 }, 100, 100, 91, 4.75],
    // зач ×8, незач ×1: 8/9; a зачёт subject has no качество, СОУ or average
    ['ok', 9, { zach: 8, nezach: 1 }, 88.9, null, null, null],
  ])('per subject: %s', (id, students, counts, success, quality, s, avg) => {
    const subject = sum.subjects.find((x) => x.subjectId === id)!;
    expect(subject).toMatchObject({ students, counts: { ...emptyCounts(), ...counts }, success, quality, sou: s, average: avg });
  });

  it('the subjects in the order first met', () => {
    expect(sum.subjects.map((x) => x.subjectName)).toEqual(SUBJECTS.map((x) => x.subjectName));
  });

  it('shares of the roll rounded each on its own sum to 99.9, not 100', () => {
    // 1, 1, 2, 1, 1, 2 by category + 1 не аттестован = 9: 11.1 + 11.1 + 22.2 + 11.1 + 11.1 + 22.2 + 11.1
    const counts = [...Object.values(sum.categories), sum.notAssessed];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(9);
    const shares = counts.map((n) => percent(n, sum.onRoll)!);
    expect(shares).toEqual([11.1, 11.1, 22.2, 11.1, 11.1, 22.2, 11.1]);
    expect(Math.round(shares.reduce((a, b) => a + b, 0) * 10) / 10).toBe(99.9);
  });
});

describe('summarize: the roll, the 1st grade, edges', () => {
  const class5A: StudentMarks[] = CLASS_5A.map(([, marks]) => ({ grade: 5, marks }));
  const class1A: StudentMarks[] = [1, 2, 3].map(() => ({ grade: 1, marks: [] }));

  it('a 1st-grade class: не оценивается, every figure null', () => {
    expect(summarize(class1A)).toMatchObject({
      onRoll: 3, ungraded: 3, counted: 0, assessed: 0, notAssessed: 0, successful: 0,
      success: null, quality: null, sou: null, average: null, subjects: [],
    });
  });

  it('the school: 5А and 1А — the 1st grade is on the roll but not in N', () => {
    const s = summarize([...class5A, ...class1A]);
    expect([s.onRoll, s.ungraded, s.counted, s.success, s.quality, s.sou]).toEqual([12, 3, 9, 66.7, 44.4, 74]);
  });

  it('a student who left mid-period is not on the roll: the caller takes those in the class on the last day', () => {
    // Лев (2 and 2) left on 12.11; quarter 2 ends on 28.12; the 9 others have been in 5А all along
    const spans = [
      ...CLASS_5A.map(([name]) => ({ studentId: name, joinedOn: '2026-09-01', leftOn: null })),
      { studentId: 'Лев', joinedOn: '2026-09-01', leftOn: '2026-11-12' },
    ];
    const marksOf = new Map<string, SubjectMark[]>([...CLASS_5A, ['Лев', row('2', '2', '3', '4', 'зач')]]);
    const roll = studentsDue(spans, '2026-12-28').map((s) => ({ grade: 5, marks: marksOf.get(s.studentId)! }));
    expect(roll).toHaveLength(9);
    expect([summarize(roll).success, summarize(roll).quality]).toEqual([66.7, 44.4]);
    // had he been passed in: 6 / 10 = 60.0 and 4 / 10 = 40.0
    const withLev = summarize([...roll, { grade: 5, marks: marksOf.get('Лев')! }]);
    expect([withLev.success, withLev.quality]).toEqual([60, 40]);
  });

  it('a student with no mark at all stays in N and lowers успеваемость', () => {
    const s = summarize([...class5A, { grade: 5, marks: row(null, null, null, null, null) }]);
    // 6 / 10, 4 / 10; the missing values are counted as none in every subject, so each subject's N is one more
    expect([s.unmarked, s.counted, s.success, s.quality]).toEqual([1, 10, 60, 40]);
    expect(s.counts.none).toBe(5);
    expect(s.subjects.find((x) => x.subjectId === 'pe')).toMatchObject({ students: 9, success: 88.9 });
  });

  it('an empty roll: zeros and nulls, never NaN', () => {
    expect(summarize([])).toMatchObject({ onRoll: 0, counted: 0, success: null, quality: null, sou: null, average: null });
  });
});

describe('change against the previous period, in points', () => {
  it.each<[number | null, number | null, number | null]>([
    [66.7, 55.6, 11.1], // not 11.100000000000001
    [44.4, 50, -5.6],
    [100, 33.3, 66.7],
    [0, 0, 0],
    [74, 74.1, -0.1],
    [null, 50, null],
    [50, null, null],
    [null, null, null],
  ])('%j against %j → %j', (current, previous, change) => expect(changePoints(current, previous)).toBe(change));

  it.each<[number | null, number, string]>([[66.7, 1, '66,7'], [74, 1, '74,0'], [-5.6, 1, '−5,6'], [4.21, 2, '4,21'], [null, 1, '—']])(
    'ruFigure(%j, %j) = %j', (n, d, text) => expect(ruFigure(n, d)).toBe(text));
});
