// Medal and distinction candidates: the verdict on a student from the year marks of grades 10 and 11 (or the final
// marks of grade 9) against the school's thresholds, the text of what stands in the way, the forecast of a year mark,
// and the candidates assembled from the rows the queries read.
import { describe, expect, it } from 'vitest';
import type { StudentSubjectRow } from '../../src/modules/reports/progress/queries.ts';
import { candidates, type MedalInput } from '../../src/modules/reports/medals/model.ts';
import {
  DEFAULT_THRESHOLDS, judge, markText, roleOf, standingInTheWay, yearForecast, type CandidateMark, type Thresholds,
} from '../../src/modules/reports/medals/rules.ts';

const SUBJECTS = ['Алгебра', 'Литература', 'Физика', 'Химия'];

/** Grade 11: marks of grade 10 then grade 11 in the order of SUBJECTS; null: no mark; '' leaves the subject out. */
function medalMarks(g10: Array<string | null>, g11: Array<string | null>): CandidateMark[] {
  const of = (grade: number, values: Array<string | null>) => values.flatMap((value, i) =>
    value === '' ? [] : [{ subjectName: SUBJECTS[i]!, grade, value, source: 'year' as const }]);
  return [...of(10, g10), ...of(11, g11)];
}

const T = DEFAULT_THRESHOLDS;

describe('roleOf', () => {
  it.each<[string | null, string]>([
    ['5', 'five'], ['4', 'four'], ['3', 'obstacle'], ['2', 'obstacle'], ['1', 'obstacle'], ['н/а', 'obstacle'], ['незач', 'obstacle'],
    [null, 'obstacle'], ['осв', 'ignored'], ['зач', 'ignored'], [' Зач ', 'ignored'],
  ])('%j → %s', (value, role) => expect(roleOf(value)).toBe(role));
});

describe('judge: grade 11 with today\'s thresholds (I: no «4», II: at most two)', () => {
  it.each<[string, CandidateMark[], { award: string | null; near: string | null; fives: number; fours: number; obstacles: number }]>([
    ['all 5', medalMarks(['5', '5', '5', '5'], ['5', '5', '5', '5']), { award: 'first', near: null, fives: 8, fours: 0, obstacles: 0 }],
    ['one 4', medalMarks(['5', '5', '4', '5'], ['5', '5', '5', '5']), { award: 'second', near: null, fives: 7, fours: 1, obstacles: 0 }],
    ['two 4 (one subject in both years)', medalMarks(['5', '5', '4', '5'], ['5', '5', '4', '5']), { award: 'second', near: null, fives: 6, fours: 2, obstacles: 0 }],
    ['three 4: near, one too many', medalMarks(['4', '5', '4', '5'], ['5', '5', '4', '5']), { award: null, near: 'second', fives: 5, fours: 3, obstacles: 0 }],
    ['four 4: nobody', medalMarks(['4', '4', '4', '5'], ['5', '5', '4', '5']), { award: null, near: null, fives: 4, fours: 4, obstacles: 0 }],
    ['a 3: near', medalMarks(['5', '5', '3', '5'], ['5', '5', '5', '5']), { award: null, near: 'second', fives: 7, fours: 0, obstacles: 1 }],
    ['a 3 and two 4: near', medalMarks(['5', '4', '3', '5'], ['5', '5', '5', '4']), { award: null, near: 'second', fives: 5, fours: 2, obstacles: 1 }],
    ['a 3 and three 4: nobody', medalMarks(['4', '4', '3', '5'], ['5', '5', '5', '4']), { award: null, near: null, fives: 4, fours: 3, obstacles: 1 }],
    ['two 3: nobody', medalMarks(['5', '3', '3', '5'], ['5', '5', '5', '5']), { award: null, near: null, fives: 6, fours: 0, obstacles: 2 }],
    ['a missing mark: near', medalMarks(['5', '5', null, '5'], ['5', '5', '5', '5']), { award: null, near: 'second', fives: 7, fours: 0, obstacles: 1 }],
    ['«н/а»: near', medalMarks(['5', '5', '5', '5'], ['5', 'н/а', '5', '5']), { award: null, near: 'second', fives: 7, fours: 0, obstacles: 1 }],
    ['a subject only in grade 10 counts once', medalMarks(['5', '5', '4', '5'], ['5', '5', '', '5']), { award: 'second', near: null, fives: 6, fours: 1, obstacles: 0 }],
    ['a subject only in grade 11, all 5', medalMarks(['5', '5', '', '5'], ['5', '5', '5', '5']), { award: 'first', near: null, fives: 7, fours: 0, obstacles: 0 }],
    ['«осв» neither counts nor stands in the way', medalMarks(['5', '5', 'осв', '5'], ['5', '5', 'осв', '5']), { award: 'first', near: null, fives: 6, fours: 0, obstacles: 0 }],
    ['«зач» neither counts nor stands in the way', medalMarks(['5', 'зач', '5', '4'], ['5', 'зач', '5', '5']), { award: 'second', near: null, fives: 5, fours: 1, obstacles: 0 }],
    ['«незач» stands in the way', medalMarks(['5', 'незач', '5', '5'], ['5', 'зач', '5', '5']), { award: null, near: 'second', fives: 6, fours: 0, obstacles: 1 }],
    ['nothing but «осв» and «зач»: nobody', medalMarks(['осв', 'зач', '', ''], ['осв', 'зач', '', '']), { award: null, near: null, fives: 0, fours: 0, obstacles: 0 }],
    ['no 5 or 4 at all, one missing: nobody', medalMarks([null, '', '', ''], ['', '', '', '']), { award: null, near: null, fives: 0, fours: 0, obstacles: 1 }],
  ])('%s', (_name, marks, out) => {
    const v = judge(11, marks, T);
    expect({ award: v.award, near: v.near, fives: v.fives, fours: v.fours.length, obstacles: v.obstacles.length }).toEqual(out);
  });

  it('a grade missing altogether stands in the way (a newcomer in grade 11)', () => {
    const v = judge(11, medalMarks(['', '', '', ''], ['5', '5', '5', '5']), T, [10]);
    expect(v).toMatchObject({ award: null, near: 'second', fives: 4 });
    expect(standingInTheWay(v, T)).toBe('10 кл. — нет годовых отметок');
    expect(judge(11, medalMarks(['', '', '', ''], ['5', '4', '5', '3']), T, [10]).near).toBeNull();
  });
});

describe('judge: the thresholds are the school\'s', () => {
  const threeFours = medalMarks(['4', '5', '4', '5'], ['5', '5', '4', '5']);
  it.each<[Thresholds, string | null, string | null]>([
    [{ ...T, secondMaxFours: 3 }, 'second', null],
    [{ ...T, firstMaxFours: 3, secondMaxFours: 3 }, 'first', null],
    [{ ...T, secondMaxFours: 1 }, null, null],
    [{ ...T, secondMaxFours: 2 }, null, 'second'],
  ])('three 4 with %j → award %s, near %s', (t, award, near) => {
    expect(judge(11, threeFours, t)).toMatchObject({ award, near });
  });

  it('one 4 is a first degree when the school allows one', () => {
    expect(judge(11, medalMarks(['5', '5', '4', '5'], ['5', '5', '5', '5']), { ...T, firstMaxFours: 1 }).award).toBe('first');
  });
});

describe('judge: grade 9 (аттестат с отличием) and other grades', () => {
  const nine = (...values: Array<string | null>) => values.map((value, i) => ({ subjectName: SUBJECTS[i]!, grade: 9, value, source: 'final' as const }));
  it.each<[string, CandidateMark[], Thresholds, string | null, string | null]>([
    ['all 5', nine('5', '5', '5', '5'), T, 'distinction', null],
    ['one 4: near (one too many)', nine('5', '4', '5', '5'), T, null, 'distinction'],
    ['two 4: nobody', nine('5', '4', '4', '5'), T, null, null],
    ['a 3: near', nine('5', '3', '5', '5'), T, null, 'distinction'],
    ['one 4 allowed by the school', nine('5', '4', '5', '5'), { ...T, distinctionMaxFours: 1 }, 'distinction', null],
    ['«осв» in one subject', nine('5', 'осв', '5', '5'), T, 'distinction', null],
  ])('%s', (_name, marks, t, award, near) => {
    expect(judge(9, marks, t)).toMatchObject({ award, near });
  });

  it('grade 10 or 5 has no award', () => {
    expect(judge(10, nine('5', '5'), T)).toMatchObject({ award: null, near: null });
    expect(judge(5, nine('5', '5'), T)).toMatchObject({ award: null, near: null });
  });
});

describe('what the page says', () => {
  it.each<[CandidateMark, boolean, string]>([
    [{ subjectName: 'Физика', grade: 10, value: '3', source: 'year' }, true, 'Физика 10 кл. — 3'],
    [{ subjectName: 'Химия', grade: 11, value: '4', source: 'forecast' }, true, 'Химия 11 кл. — 4 (прогноз)'],
    [{ subjectName: 'Химия', grade: 11, value: null, source: 'forecast' }, true, 'Химия 11 кл. — нет отметки'],
    [{ subjectName: 'Химия', grade: 11, value: '4', source: 'forecast' }, false, 'Химия 11 кл. (прогноз)'],
    [{ subjectName: 'Химия', grade: 9, value: '4', source: 'final' }, false, 'Химия 9 кл.'],
  ])('%j (value %s) → %s', (m, withValue, text) => expect(markText(m, withValue)).toBe(text));

  it('near: the obstacle, or the «4» one too many; the second degree: the «4» before the first; the first: nothing', () => {
    expect(standingInTheWay(judge(11, medalMarks(['5', '5', '3', '5'], ['5', '5', '5', '5']), T), T)).toBe('Физика 10 кл. — 3');
    expect(standingInTheWay(judge(11, medalMarks(['4', '5', '4', '5'], ['5', '5', '4', '5']), T), T))
      .toBe('на одну «4» больше допустимого: Алгебра 10 кл. — 4, Физика 10 кл. — 4, Физика 11 кл. — 4');
    expect(standingInTheWay(judge(11, medalMarks(['5', '5', '4', '5'], ['5', '5', '5', '5']), T), T)).toBe('до I степени: Физика 10 кл. — 4');
    expect(standingInTheWay(judge(11, medalMarks(['5', '5', '4', '5'], ['5', '5', '5', '5']), { ...T, firstMaxFours: 1 }), T)).toBe('');
    expect(standingInTheWay(judge(11, medalMarks(['5', '5', '5', '5'], ['5', '5', '5', '5']), T), T)).toBe('');
  });
});

describe('yearForecast: the year mark before it is set', () => {
  const p = (mark: string | null, forecast: number | null = null) => ({ mark, forecast });
  it.each<[string, Array<{ mark: string | null; forecast: number | null }>, 'half_up' | 'strict', string | null]>([
    ['the mean of the period marks, 5 and 4 → 4,5 → 5', [p('5'), p('4')], 'half_up', '5'],
    ['…the same with the strict rule → 4', [p('5'), p('4')], 'strict', '4'],
    ['a running period counts by its own forecast: 5, 5, (4) → 4,67 → 5', [p('5'), p('5'), p(null, 4)], 'half_up', '5'],
    ['5, 4, (4) → 4,33 → 4', [p('5'), p('4'), p(null, 4)], 'half_up', '4'],
    ['only the running period: its forecast', [p(null, 5)], 'half_up', '5'],
    ['nothing set and nothing to forecast from', [p(null), p(null)], 'half_up', null],
    ['no periods', [], 'half_up', null],
    ['«н/а» in one period, 5 in the other: the 5', [p('н/а'), p('5')], 'half_up', '5'],
    ['only «н/а»', [p('н/а'), p(null)], 'half_up', 'н/а'],
    ['«осв» all year', [p('осв'), p('осв')], 'half_up', 'осв'],
    ['a pass/fail subject stays so, whatever its marks forecast', [p('зач'), p(null, 5)], 'half_up', 'зач'],
    ['…«незач» once', [p('зач'), p('незач')], 'half_up', 'незач'],
  ])('%s', (_name, periods, rounding, out) => expect(yearForecast(periods, rounding)).toBe(out));
});

describe('candidates: the rows read, assembled', () => {
  const row = (studentId: string, classId: string, subjectId: string, value: string | null, weighted: number | null = null, weights: number | null = null): StudentSubjectRow =>
    ({ classId, studentId, student: `Ученик ${studentId}`, subjectId, subjectName: subjectId === 'ph' ? 'Физика' : 'Химия', value, weighted, weights });
  const classes = [
    { id: 'c11', name: '11А', grade: 11, yearId: 'y', schemeId: 'halves' },
    { id: 'c9', name: '9А', grade: 9, yearId: 'y', schemeId: 'quarters' },
  ];
  const input: MedalInput = {
    classes,
    // Year marks: a (11А) none yet; b (9А) Physics set, Chemistry not.
    year: [row('a', 'c11', 'ph', null), row('a', 'c11', 'ch', null), row('b', 'c9', 'ph', '4'), row('b', 'c9', 'ch', null)],
    // The first half of 11А: Physics a 5 set; Chemistry running (4 + 5·2) / 3 = 4,67 → 5. Quarter 1 of 9А: Chemistry 5.
    periods: [[row('a', 'c11', 'ph', '5'), row('a', 'c11', 'ch', null, 14, 3)], [row('b', 'c9', 'ch', '5'), row('b', 'c9', 'ph', '4')]],
    // b's final mark in Physics is 5 (the exam raised it).
    finals: [{ studentId: 'b', subjectId: 'ph', value: '5' }],
    // Last year a had Physics 5, Chemistry no year mark (its period marks' mean 4,5 → 5).
    grade10: [row('a', 'c10', 'ph', '5'), row('a', 'c10', 'ch', null, 4.5, 1)],
    rounding: 'half_up', thresholds: T,
  };

  it('grade 11: last year\'s marks and this year\'s forecasts; grade 9: the final mark before the year mark', () => {
    const [a, b] = candidates(input);
    expect(a!.marks).toEqual([
      { subjectName: 'Физика', grade: 10, value: '5', source: 'year' }, { subjectName: 'Физика', grade: 11, value: '5', source: 'forecast' },
      { subjectName: 'Химия', grade: 10, value: '5', source: 'forecast' }, { subjectName: 'Химия', grade: 11, value: '5', source: 'forecast' },
    ].sort((x, y) => x.subjectName.localeCompare(y.subjectName, 'ru') || x.grade - y.grade));
    expect(a!.verdict).toMatchObject({ award: 'first', forecast: true });
    expect(b!.marks).toEqual([
      { subjectName: 'Физика', grade: 9, value: '5', source: 'final' }, { subjectName: 'Химия', grade: 9, value: '5', source: 'forecast' },
    ]);
    expect(b!.verdict).toMatchObject({ award: 'distinction', forecast: true });
  });

  it('no grade-10 rows for an 11th grader: the year stands in the way', () => {
    const [a] = candidates({ ...input, grade10: [] });
    expect(a!.verdict).toMatchObject({ award: null, near: 'second' });
    expect(standingInTheWay(a!.verdict, T)).toBe('10 кл. — нет годовых отметок');
  });
});
