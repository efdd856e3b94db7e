// Pure rules of the medal and distinction candidates (кандидаты на медали и аттестат с отличием). No I/O.
//
// What the law says (read for this report):
// - 273-ФЗ ст. 34 ч. 10 (as amended by 479-ФЗ of 04.08.2023) and the order of Минпросвещения № 730 of 29.09.2023
//   «Порядок и условия выдачи медалей «За особые успехи в учении» I и II степеней»: the medal of the first degree goes
//   to a graduate of grade 11 with the final marks (итоговые отметки) «отлично» in every subject of the curriculum, the
//   second degree to one with «отлично» and no more than two «хорошо»; both also need the state exams (ЕГЭ: Russian and
//   one more subject at 70 points for I, 60 for II, or «5» in basic maths) — exams this journal does not hold.
// - The order of Минпросвещения № 546 of 05.10.2020 (the аттестат): the аттестат об основном общем образовании с
//   отличием goes to a graduate of grade 9 with the final marks «отлично» in every subject of the curriculum (and a
//   «зачёт» for the interview in Russian, and the state exams passed). The final mark of grade 9 is the year mark, for an
//   exam subject the mean of the year and the exam mark rounded; the final mark of grades 10–11 is the mean of the
//   half-year and year marks of both years, rounded. (The order of 14.02.2014 № 115 was the аттестат order before 546.)
//
// What this report implements — a list to watch, not the award:
// - grade 11: every year mark of grade 10 (the previous academic year) and of grade 11 counts, one mark per subject and
//   year (a subject taught in one year only has one mark). A candidate for the first degree has no mark but «5» and
//   «4» and at most `firstMaxFours` «4» (default 0); for the second degree at most `secondMaxFours` «4» (default 2).
//   This is stricter than the аттестат's rounded mean: a «4» in grade 10 and a «5» in grade 11 count as one «4» here
//   (the mean 4,5 may end as «5» in the аттестат) — the deputy sees every «4» that could cost the medal;
// - grade 9: the final mark of each subject (period_marks kind 'final'); until it is set, the year mark; until that,
//   the forecast of the year mark. A candidate for the аттестат с отличием has at most `distinctionMaxFours` «4»
//   (default 0) and nothing below. Subjects finished before grade 9 (music, art) are not seen;
// - each mark counts by its value: «5» qualifies; «4» counts against the threshold; «3», «2», «1», «н/а», «незач» and a
//   missing mark (no mark and nothing to forecast from) stand in the way; «осв» (exempt) and «зач» (a subject graded
//   pass/fail: elective courses, the individual project) neither qualify nor stand in the way — the аттестат writes
//   «зачтено» / «освобождён(а)» for them, not «хорошо»; a grade-11 student with no grade-10 marks at all (came from
//   another school, the year not in the journal) has «10 кл. — нет годовых отметок» standing in the way;
// - a student with no «5» and no «4» at all is nobody's candidate;
// - near-candidate (близко): not a candidate, but raising one mark to «5» would make one of the most lenient award —
//   exactly one mark stands in the way and the «4» are within its threshold, or nothing stands in the way but there is
//   exactly one «4» too many (then any of the «4» is «the one»);
// - a forecast value counts as the mark it forecasts, and the student's row says «прогноз». This year's year mark not
//   set yet is forecast by yearForecast below (the periods begun, the running one by its weighted average); last
//   year's by the mean of its period marks (the progress summary's year forecast), both rounded by the school's rule;
// - who: the students on the roll of the year's 9th and 11th classes on the last day of its periods (today while they
//   run); an 11th grader's grade 10 is whatever grade-10 class of the year before they were in (matched by the student).
import { roundPeriodMark, type RoundingRule } from '../../journal/rules.ts';
import { markKind } from '../progress/rules.ts';

export type Award = 'first' | 'second' | 'distinction';
export const AWARD_TITLES: Record<Award, string> = {
  first: 'Медаль I степени', second: 'Медаль II степени', distinction: 'Аттестат с отличием',
};
export const NEAR_TITLES: Record<Award, string> = {
  first: 'Близко к медали I степени', second: 'Близко к медали II степени', distinction: 'Близко к аттестату с отличием',
};

export type Thresholds = { firstMaxFours: number; secondMaxFours: number; distinctionMaxFours: number };
/** Today's rules: the first degree «5» only, the second at most two «4», the distinction of grade 9 «5» only. */
export const DEFAULT_THRESHOLDS: Thresholds = { firstMaxFours: 0, secondMaxFours: 2, distinctionMaxFours: 0 };

/** Where a value comes from: the final mark, the year mark, or a forecast of the year mark. */
export type Source = 'final' | 'year' | 'forecast';

/** One subject's mark of one grade (10 or 11 for a medal, 9 for the distinction). value: '5'…'1', special, or null. */
export type CandidateMark = { subjectName: string; grade: number; value: string | null; source: Source };

/** What a mark does for a candidate. */
export type Role = 'five' | 'four' | 'ignored' | 'obstacle';

export function roleOf(value: string | null): Role {
  const k = markKind(value);
  if (k === 5) return 'five';
  if (k === 4) return 'four';
  if (k === 'osv' || k === 'zach') return 'ignored';
  return 'obstacle';
}

export type Verdict = {
  /** The best award the marks qualify for; null: none. */
  award: Award | null;
  /** Not a candidate, but one mark away from the most lenient award (see the top of the file); null otherwise. */
  near: Award | null;
  fives: number;
  fours: CandidateMark[];
  /** Marks below «4», «н/а», «незач», missing ones, and a missing year (subjectName ''). */
  obstacles: CandidateMark[];
  ignored: CandidateMark[];
  /** Some counted value (five, four or obstacle) is a forecast. */
  forecast: boolean;
};

type Level = { award: Award; maxFours: number };

/** The awards of a grade, strictest first: grade 11 the two medal degrees, grade 9 the distinction; none otherwise. */
export function levelsOf(grade: number | null, t: Thresholds): Level[] {
  if (grade === 11) return [{ award: 'first', maxFours: t.firstMaxFours }, { award: 'second', maxFours: t.secondMaxFours }];
  if (grade === 9) return [{ award: 'distinction', maxFours: t.distinctionMaxFours }];
  return [];
}

/**
 * The verdict on a student of `grade` (9 or 11) from their marks; `missingGrades`: grades whose marks the journal does
 * not hold at all (grade 10 of a newcomer), each one standing in the way.
 */
export function judge(grade: number | null, marks: readonly CandidateMark[], t: Thresholds, missingGrades: readonly number[] = []): Verdict {
  const by = (role: Role) => marks.filter((m) => roleOf(m.value) === role);
  const fours = by('four');
  const obstacles = [...by('obstacle'), ...missingGrades.map((g) => ({ subjectName: '', grade: g, value: null, source: 'year' as const }))];
  const fives = by('five').length;
  const forecast = marks.some((m) => m.source === 'forecast' && m.value !== null && roleOf(m.value) !== 'ignored');
  const base = { fives, fours, obstacles, ignored: by('ignored'), forecast };
  const levels = levelsOf(grade, t);
  const lenient = levels.at(-1);
  if (!lenient || fives + fours.length === 0) return { ...base, award: null, near: null };
  if (obstacles.length === 0) {
    const level = levels.find((l) => fours.length <= l.maxFours);
    if (level) return { ...base, award: level.award, near: null };
    return { ...base, award: null, near: fours.length === lenient.maxFours + 1 ? lenient.award : null };
  }
  const near = obstacles.length === 1 && fours.length <= lenient.maxFours;
  return { ...base, award: null, near: near ? lenient.award : null };
}

/** A mark as the page names it: «Физика 10 кл. — 3», «Химия 9 кл. — 4 (прогноз)», «10 кл. — нет годовых отметок». */
export function markText(m: CandidateMark, withValue = true): string {
  if (m.subjectName === '') return `${m.grade} кл. — нет годовых отметок`;
  const head = `${m.subjectName} ${m.grade} кл.`;
  if (!withValue) return m.source === 'forecast' ? `${head} (прогноз)` : head;
  const value = m.value === null ? 'нет отметки' : m.value;
  return `${head} — ${value}${m.source === 'forecast' && m.value !== null ? ' (прогноз)' : ''}`;
}

/** What stands between the student and the award (near) or the next better one (a second degree → the first). */
export function standingInTheWay(v: Verdict, t: Thresholds): string {
  const list = (ms: readonly CandidateMark[]) => ms.map((m) => markText(m)).join(', ');
  if (v.near !== null) {
    if (v.obstacles.length > 0) return list(v.obstacles);
    return `на одну «4» больше допустимого: ${list(v.fours)}`;
  }
  if (v.award === 'second' && v.fours.length > t.firstMaxFours) return `до I степени: ${list(v.fours)}`;
  return '';
}

/**
 * The year mark forecast before it is set, from the year's periods so far: each period's mark where set, else that
 * period's forecast (the weighted average of its marks, rounded by the school's rule — progress/rules.ts forecastMark),
 * their mean rounded by the same rule. A subject graded pass/fail (only «зач»/«незач» set, no mark 1–5) stays so:
 * «незач» if any, else «зач»; a subject with nothing numeric but «н/а» → «н/а», but «осв» → «осв»; nothing → null.
 */
export function yearForecast(periods: ReadonlyArray<{ mark: string | null; forecast: number | null }>, rounding: RoundingRule): string | null {
  const kinds = periods.map((p) => markKind(p.mark));
  const numbers = periods.flatMap((p, i) => {
    const k = kinds[i]!;
    if (typeof k === 'number') return [k];
    return k === 'none' && p.forecast !== null ? [p.forecast] : [];
  });
  const setNumbers = kinds.some((k) => typeof k === 'number');
  if (!setNumbers && kinds.includes('nezach')) return 'незач';
  if (!setNumbers && kinds.includes('zach')) return 'зач';
  if (numbers.length > 0) {
    return String(roundPeriodMark(numbers.reduce((a, b) => a + b, 0) / numbers.length, rounding));
  }
  if (kinds.includes('na')) return 'н/а';
  if (kinds.includes('osv')) return 'осв';
  return null;
}
