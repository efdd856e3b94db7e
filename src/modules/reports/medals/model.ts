// The candidates from what queries.ts reads: per student of a 9th or 11th class the marks each subject is judged by —
// grade 11: the year mark of grade 10 (last year) and of grade 11 (this year), each its forecast where not set; grade 9:
// the final mark, else the year mark, else its forecast — and the verdict of rules.ts. No I/O.
import type { RoundingRule } from '../../journal/rules.ts';
import type { ClassRef } from '../load-lookups.ts';
import type { StudentSubjectRow } from '../progress/queries.ts';
import { forecastMark, markKind } from '../progress/rules.ts';
import type { FinalRow } from './queries.ts';
import { judge, yearForecast, type CandidateMark, type Source, type Thresholds, type Verdict } from './rules.ts';

export type MedalInput = {
  classes: readonly ClassRef[];
  /** Year marks (or the mean of the period marks) of this year's students on the roll, per group. */
  year: readonly StudentSubjectRow[];
  /** Per period of the year begun so far: the period marks, or the sums of the weighted marks where none is set. */
  periods: ReadonlyArray<readonly StudentSubjectRow[]>;
  finals: readonly FinalRow[];
  /** Last year's grade-10 year marks (or their forecast inputs); null when the school has no year before. */
  grade10: readonly StudentSubjectRow[] | null;
  rounding: RoundingRule;
  thresholds: Thresholds;
};

export type Candidate = {
  classId: string; studentId: string; student: string; grade: number;
  marks: CandidateMark[]; verdict: Verdict;
};

type Keyed = Map<string, Map<string, StudentSubjectRow>>;

/** Per student and subject the row that says most: a mark set, else forecast inputs (a student moved between subgroups has two). */
function keyed(rows: readonly StudentSubjectRow[]): Keyed {
  const out: Keyed = new Map();
  for (const r of rows) {
    if (r.subjectId === null) continue;
    const bySubject = out.get(r.studentId) ?? new Map<string, StudentSubjectRow>();
    out.set(r.studentId, bySubject);
    const before = bySubject.get(r.subjectId);
    if (!before || (before.value === null && (r.value !== null || (before.weights === null && r.weights !== null)))) bySubject.set(r.subjectId, r);
  }
  return out;
}

const normal = (v: string) => v.trim().toLowerCase();

/** A row's own forecast: the weighted sums of a period, or the mean of the period marks of a year, rounded. */
const rowForecast = (r: StudentSubjectRow | undefined, rounding: RoundingRule) =>
  (r && r.weights ? forecastMark([{ value: r.weighted! / r.weights, weight: r.weights }], rounding) : null);

/** This year's year mark of a subject, or its forecast from the periods begun (rules.ts yearForecast). */
function thisYear(r: StudentSubjectRow, periods: readonly Keyed[], rounding: RoundingRule): { value: string | null; source: Source } {
  if (markKind(r.value) !== 'none') return { value: normal(r.value!), source: 'year' };
  const inputs = periods.map((p) => {
    const pr = p.get(r.studentId)?.get(r.subjectId!);
    return { mark: pr?.value ?? null, forecast: pr && markKind(pr.value) === 'none' ? rowForecast(pr, rounding) : null };
  });
  const value = yearForecast(inputs, rounding);
  return { value, source: value === null ? 'year' : 'forecast' };
}

/** Last year's year mark of a subject, or the mean of its period marks rounded. */
function lastYear(r: StudentSubjectRow, rounding: RoundingRule): { value: string | null; source: Source } {
  if (markKind(r.value) !== 'none') return { value: normal(r.value!), source: 'year' };
  const f = rowForecast(r, rounding);
  return f === null ? { value: null, source: 'year' } : { value: String(f), source: 'forecast' };
}

/** Every student on the roll of the classes, with the marks judged and the verdict; in the roll's (name) order. */
export function candidates(input: MedalInput): Candidate[] {
  const grades = new Map(input.classes.map((c) => [c.id, c.grade]));
  const periods = input.periods.map(keyed);
  const finals = new Map(input.finals.map((f) => [`${f.studentId}|${f.subjectId}`, f.value]));
  const grade10 = input.grade10 ? keyed(input.grade10) : new Map() as Keyed;
  const roll = new Map<string, { classId: string; student: string }>();
  for (const r of input.year) if (!roll.has(r.studentId)) roll.set(r.studentId, { classId: r.classId, student: r.student });
  const year = keyed(input.year);
  const out: Candidate[] = [];
  for (const [studentId, s] of roll) {
    const grade = grades.get(s.classId);
    if (grade !== 9 && grade !== 11) continue;
    const marks: CandidateMark[] = [];
    const missing: number[] = [];
    if (grade === 11) {
      const before = grade10.get(studentId);
      if (!before) missing.push(10);
      for (const r of before?.values() ?? []) marks.push({ subjectName: r.subjectName, grade: 10, ...lastYear(r, input.rounding) });
    }
    for (const r of year.get(studentId)?.values() ?? []) {
      const final = grade === 9 ? finals.get(`${studentId}|${r.subjectId}`) : undefined;
      const judged = final !== undefined && markKind(final) !== 'none'
        ? { value: normal(final), source: 'final' as const } : thisYear(r, periods, input.rounding);
      marks.push({ subjectName: r.subjectName, grade, ...judged });
    }
    marks.sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru') || a.grade - b.grade);
    out.push({ classId: s.classId, studentId, student: s.student, grade, marks, verdict: judge(grade, marks, input.thresholds, missing) });
  }
  return out;
}

/** Listed: the candidates and the near-candidates. */
export const listed = (c: Candidate) => c.verdict.award !== null || c.verdict.near !== null;
