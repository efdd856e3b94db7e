// Pure rules of the progress summary (итоги успеваемости), one student at a time: what a period (or year) mark counts
// as, the student's category across subjects, and the forecast of a mark not set yet. No I/O. The figures over a
// class, a grade or the school (успеваемость, качество, СОУ) are in figures.ts.
//
// The rule of a student (period marks of one period, or year marks, one per subject):
// - the 1st grade is not graded (безотметочное обучение): «не оценивается», whatever the journal holds;
// - «осв» (освобождён) takes the subject out of the student's counts; an empty mark (none set, no forecast) too,
//   listed as missing;
// - any «н/а» → «не аттестован»: no category, and the student is not successful;
// - a student with no counted mark at all (every subject «осв» or empty) → «нет отметок»;
// - otherwise, from the marks: any 2, 1 or «незач» → неуспевающий (with those subjects); else all 5 → отличник;
//   else exactly one 4 and the rest 5 → «с одной 4» (also a хорошист); else only 4 and 5 → хорошист;
//   else exactly one 3 and the rest 4 and 5 → «с одной 3»; else → успевает (with 3s); «the rest» may be empty (a
//   single 4 beside «осв» and «зач» is «с одной 4»: raising it makes an отличник);
// - «зач» is a pass: it spoils neither отличник nor хорошист; a student with only «зач» (no number) is successful
//   but has no level: успевает, not отличник.
import { PERIOD_SPECIAL, roundPeriodMark, weightedAverage, type RoundingRule } from '../../journal/rules.ts';
import { gradeHasMarks } from '../accumulation/rules.ts';

export { gradeHasMarks };

/** How a subject is graded: marks 5…1, or зачёт/незачёт. */
export type Graded = 'marks' | 'pass';
export type SubjectRef = { subjectId: string; subjectName: string };

/** One subject's period (or year) mark of a student: '5' … '1', 'н/а', 'осв', 'зач', 'незач'; null when none. */
export type SubjectMark = SubjectRef & {
  value: string | null;
  graded: Graded;
  /** The value is a forecast from the current marks, not a period mark (see markOrForecast). */
  forecast?: boolean;
};

/** What a value counts as: a number 1–5, one of the special values, or 'none' (empty or unknown). */
export type MarkKind = 1 | 2 | 3 | 4 | 5 | keyof typeof PERIOD_SPECIAL | 'none';

const SPECIAL_BY_TEXT = new Map<string, MarkKind>(
  Object.entries(PERIOD_SPECIAL).map(([k, text]) => [text, k as keyof typeof PERIOD_SPECIAL]),
);

function kindOf(value: string): MarkKind {
  const t = value.trim().toLowerCase();
  if (/^[1-5]$/.test(t)) return Number(t) as 1 | 2 | 3 | 4 | 5;
  return SPECIAL_BY_TEXT.get(t) ?? 'none';
}

/** Kinds of the texts met (a school's values are a dozen; a report asks for tens of thousands). Bounded. */
const KINDS_SEEN = new Map<string, MarkKind>();

/** The kind of a period mark text (trimmed, any case); anything else, and null, is 'none'. */
export function markKind(value: string | null): MarkKind {
  if (value === null) return 'none';
  let k = KINDS_SEEN.get(value);
  if (k === undefined) {
    k = kindOf(value);
    if (KINDS_SEEN.size < 256) KINDS_SEEN.set(value, k);
  }
  return k;
}

/** 'assessed' (аттестован), 'notAssessed' (any «н/а»), 'ungraded' (1st grade), 'unmarked' (no counted mark). */
export type StudentStatus = 'assessed' | 'notAssessed' | 'ungraded' | 'unmarked';
export const STATUS_TITLES: Record<StudentStatus, string> = {
  assessed: 'аттестован', notAssessed: 'не аттестован', ungraded: 'не оценивается', unmarked: 'нет отметок',
};

/** Exclusive categories of an assessed student; a хорошист is 'good' or 'oneFour'. */
export type Category = 'excellent' | 'oneFour' | 'good' | 'oneThree' | 'satisfactory' | 'failing';
export const CATEGORIES: readonly Category[] = ['excellent', 'oneFour', 'good', 'oneThree', 'satisfactory', 'failing'];
export const CATEGORY_TITLES: Record<Category, string> = {
  excellent: 'отличник', oneFour: 'с одной «4»', good: 'хорошист', oneThree: 'с одной «3»',
  satisfactory: 'успевает с «3»', failing: 'неуспевающий',
};

export type StudentProgress = {
  status: StudentStatus;
  /** Only for 'assessed'; null otherwise. */
  category: Category | null;
  /** Successful (успевает): assessed and not failing — the numerator of успеваемость. */
  successful: boolean;
  /** Only 4, 5 and «зач», at least one 4 (category 'good' or 'oneFour'). */
  good: boolean;
  /** Отличник or хорошист — the numerator of качество. */
  quality: boolean;
  /** The subject of the single 4 ('oneFour') or the single 3 ('oneThree'); null otherwise. */
  oneFourSubject: SubjectRef | null;
  oneThreeSubject: SubjectRef | null;
  /** Subjects with 2, 1 or «незач» (listed even when the student is not assessed). */
  failingSubjects: SubjectRef[];
  notAssessedSubjects: SubjectRef[];
  exemptSubjects: SubjectRef[];
  missingSubjects: SubjectRef[];
  /** Subjects whose counted value is a forecast. */
  forecastSubjects: SubjectRef[];
};

const ref = (m: SubjectMark): SubjectRef => ({ subjectId: m.subjectId, subjectName: m.subjectName });

/** Classifies a student of a class of `grade` (null: a college group) from their marks of one period or the year. */
export function classifyStudent(grade: number | null, marks: readonly SubjectMark[]): StudentProgress {
  const none = { category: null, successful: false, good: false, quality: false, oneFourSubject: null, oneThreeSubject: null };
  if (!gradeHasMarks(grade)) {
    const empty = { failingSubjects: [], notAssessedSubjects: [], exemptSubjects: [], missingSubjects: [], forecastSubjects: [] };
    return { ...none, ...empty, status: 'ungraded' };
  }
  const of = (pred: (k: MarkKind) => boolean) => marks.filter((m) => pred(markKind(m.value)));
  const lists = {
    failingSubjects: of((k) => k === 1 || k === 2 || k === 'nezach').map(ref),
    notAssessedSubjects: of((k) => k === 'na').map(ref),
    exemptSubjects: of((k) => k === 'osv').map(ref),
    missingSubjects: of((k) => k === 'none').map(ref),
    forecastSubjects: marks.filter((m) => m.forecast === true && markKind(m.value) !== 'none').map(ref),
  };
  if (lists.notAssessedSubjects.length > 0) return { ...none, ...lists, status: 'notAssessed' };
  if (of((k) => k !== 'osv' && k !== 'none').length === 0) return { ...none, ...lists, status: 'unmarked' };

  const fours = of((k) => k === 4);
  const threes = of((k) => k === 3);
  const numbers = of((k) => typeof k === 'number').length;
  let category: Category;
  if (lists.failingSubjects.length > 0) category = 'failing';
  else if (numbers === 0) category = 'satisfactory';
  else if (threes.length === 0 && fours.length === 0) category = 'excellent';
  else if (threes.length === 0) category = fours.length === 1 ? 'oneFour' : 'good';
  else category = threes.length === 1 ? 'oneThree' : 'satisfactory';
  const good = category === 'good' || category === 'oneFour';
  return {
    ...lists,
    status: 'assessed',
    category,
    successful: category !== 'failing',
    good,
    quality: good || category === 'excellent',
    oneFourSubject: category === 'oneFour' ? ref(fours[0]!) : null,
    oneThreeSubject: category === 'oneThree' ? ref(threes[0]!) : null,
  };
}

/** The forecast period mark: the weighted average of the period's marks rounded by the school's rule; null without marks. */
export function forecastMark(marks: ReadonlyArray<{ value: number; weight: number }>, rounding: RoundingRule): number | null {
  return roundPeriodMark(weightedAverage(marks), rounding);
}

/**
 * The value the summary counts for a subject: the period mark when set (any value, special ones too); otherwise the
 * forecast, flagged `forecast: true` — only for subjects graded with marks (зачёт is the teacher's decision, never
 * forecast); otherwise null (missing).
 */
export function markOrForecast(
  subject: SubjectRef & { graded: Graded },
  periodValue: string | null,
  current: ReadonlyArray<{ value: number; weight: number }>,
  rounding: RoundingRule,
): SubjectMark {
  const s = { subjectId: subject.subjectId, subjectName: subject.subjectName, graded: subject.graded };
  if (markKind(periodValue) !== 'none') return { ...s, value: periodValue!.trim().toLowerCase(), forecast: false };
  const f = subject.graded === 'marks' ? forecastMark(current, rounding) : null;
  return f === null ? { ...s, value: null, forecast: false } : { ...s, value: String(f), forecast: true };
}
