// Pure figures of the progress summary (итоги успеваемости) over a set of students — a class, a grade, the school —
// overall and per subject, and their change against the previous period. No I/O. The student rules are in rules.ts.
//
// The figures (every one computed from counts; a denominator of 0 gives null, shown as «—», never NaN):
// - the roll is the caller's: the students in the class on the period's last day (journal/period-rules studentsDue
//   with the period's end as cutoff) — one who left mid-period is not passed in, one who joined late is;
// - N (counted) = the roll minus 1st-grade students (не оцениваются); they count on the roll and nowhere else;
// - успеваемость = successful / N: successful = assessed (no «н/а») with no 2, 1 or «незач»; so a student «не
//   аттестован» or with no mark at all stays in N and lowers it;
// - качество = (отличники + хорошисты, «зач» allowed) / N — the same N;
// - per subject, N = the counted students with a value in it other than «осв» (н/а and missing stay in), успеваемость
//   = (5 + 4 + 3 + зач) / N, качество = (5 + 4 + зач) / N, for a зачёт subject null (a pass has no level);
// - marks counted: every value of every counted student, «не аттестован» ones too (their 5s are 5s);
// - СОУ (степень обученности) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1) / n, n = the count of marks 1–5, in %;
//   the average mark = Σ marks / n;
// - percentages and СОУ rounded half up to one decimal, the average to two, exactly (integer arithmetic); each share
//   is rounded on its own, so shares need not sum to 100;
// - the change against the previous period: current − previous of the figures as shown, in points (one decimal).
import { percent, roundedRatio } from '../core/percent.ts';
import { CATEGORIES, classifyStudent, markKind, type Category, type Graded, type StudentProgress, type SubjectMark, type SubjectRef } from './rules.ts';

/** Counts of values: the marks 5…1 and the special values; `none` = no value (missing). */
export type MarkCounts = {
  five: number; four: number; three: number; two: number; one: number;
  zach: number; nezach: number; na: number; osv: number; none: number;
};
const NUMBER_KEYS = { 5: 'five', 4: 'four', 3: 'three', 2: 'two', 1: 'one' } as const;
/** СОУ weights of the marks 5, 4, 3, 2, 1. */
export const SOU_WEIGHTS = { five: 100, four: 64, three: 36, two: 16, one: 7 } as const;

export const emptyCounts = (): MarkCounts => ({ five: 0, four: 0, three: 0, two: 0, one: 0, zach: 0, nezach: 0, na: 0, osv: 0, none: 0 });

/** Adds one value to counts. */
export function countValue(c: MarkCounts, value: string | null): void {
  const k = markKind(value);
  c[typeof k === 'number' ? NUMBER_KEYS[k] : k] += 1;
}

/** The count of marks 1–5. */
export const numberCount = (c: MarkCounts) => c.five + c.four + c.three + c.two + c.one;

export { percent, roundedRatio } from '../core/percent.ts';

/** СОУ in %, one decimal; null without marks 1–5. */
export function sou(c: MarkCounts): number | null {
  const w = SOU_WEIGHTS;
  return roundedRatio(w.five * c.five + w.four * c.four + w.three * c.three + w.two * c.two + w.one * c.one, numberCount(c));
}

/** The average of the marks 1–5, two decimals; null without marks. */
export const averageMark = (c: MarkCounts) => roundedRatio(5 * c.five + 4 * c.four + 3 * c.three + 2 * c.two + c.one, numberCount(c), 2);

/** The change in points, one decimal (55.6 → 66.7: 11.1); null when either side is null. */
export function changePoints(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return (Math.round(current * 10) - Math.round(previous * 10)) / 10;
}

/** A figure for the page: «66,7», «−3,5», or «—» for null. */
export const ruFigure = (n: number | null, decimals = 1) => (n === null ? '—' : n.toFixed(decimals).replace('.', ',').replace('-', '−'));

export type SubjectSummary = SubjectRef & {
  graded: Graded;
  /** N of the subject: counted students with a value other than «осв» (н/а and missing included). */
  students: number;
  counts: MarkCounts;
  success: number | null;
  quality: number | null;
  sou: number | null;
  average: number | null;
};

export type ProgressSummary = {
  onRoll: number;
  /** 1st grade: не оцениваются. */
  ungraded: number;
  /** N: onRoll − ungraded, the denominator of успеваемость and качество. */
  counted: number;
  assessed: number;
  notAssessed: number;
  /** No counted mark at all (every subject «осв» or empty). */
  unmarked: number;
  /** Counted students with «осв» in at least one subject. */
  withExemptions: number;
  /** Assessed students by exclusive category (they sum to `assessed`). */
  categories: Record<Category, number>;
  /** Хорошисты: 'good' + 'oneFour'. */
  good: number;
  successful: number;
  /** Отличники + хорошисты. */
  qualityStudents: number;
  counts: MarkCounts;
  success: number | null;
  quality: number | null;
  sou: number | null;
  average: number | null;
  /** Subjects in the order they are first met; a subject's `graded` is that of its first entry. */
  subjects: SubjectSummary[];
};

/** A student on the roll: the grade of their class (null: a college group) and their marks of the period (or year). */
export type StudentMarks = { grade: number | null; marks: readonly SubjectMark[] };

/** Each student's classification, once (a report summarises a student for the class, the grade and the school). */
const classified = new WeakMap<StudentMarks, StudentProgress>();
export function progressOf(s: StudentMarks): StudentProgress {
  let p = classified.get(s);
  if (!p) {
    p = classifyStudent(s.grade, s.marks);
    classified.set(s, p);
  }
  return p;
}

/** The summary of the students on the roll (see the rules at the top of this file). */
export function summarize(roll: readonly StudentMarks[]): ProgressSummary {
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const counts = emptyCounts();
  const subjects = new Map<string, SubjectRef & { graded: Graded; counts: MarkCounts }>();
  let ungraded = 0, assessed = 0, notAssessed = 0, unmarked = 0, withExemptions = 0, successful = 0, qualityStudents = 0;
  for (const s of roll) {
    const p = progressOf(s);
    if (p.status === 'ungraded') { ungraded += 1; continue; }
    if (p.status === 'assessed') assessed += 1;
    else if (p.status === 'notAssessed') notAssessed += 1;
    else unmarked += 1;
    if (p.category !== null) categories[p.category] += 1;
    if (p.exemptSubjects.length > 0) withExemptions += 1;
    if (p.successful) successful += 1;
    if (p.quality) qualityStudents += 1;
    for (const m of s.marks) {
      const subject = subjects.get(m.subjectId)
        ?? { subjectId: m.subjectId, subjectName: m.subjectName, graded: m.graded, counts: emptyCounts() };
      subjects.set(m.subjectId, subject);
      countValue(subject.counts, m.value);
      countValue(counts, m.value);
    }
  }
  const counted = roll.length - ungraded;
  return {
    onRoll: roll.length, ungraded, counted, assessed, notAssessed, unmarked, withExemptions, categories,
    good: categories.good + categories.oneFour, successful, qualityStudents, counts,
    success: percent(successful, counted),
    quality: percent(qualityStudents, counted),
    sou: sou(counts),
    average: averageMark(counts),
    subjects: [...subjects.values()].map(subjectSummary),
  };
}

function subjectSummary(s: SubjectRef & { graded: Graded; counts: MarkCounts }): SubjectSummary {
  const c = s.counts;
  const students = numberCount(c) + c.zach + c.nezach + c.na + c.none;
  return {
    subjectId: s.subjectId, subjectName: s.subjectName, graded: s.graded, students, counts: c,
    success: percent(c.five + c.four + c.three + c.zach, students),
    quality: s.graded === 'pass' ? null : percent(c.five + c.four + c.zach, students),
    sou: sou(c),
    average: averageMark(c),
  };
}
