// The progress summary's figures from what queries.ts reads: each student's marks of the period (or year) — the mark
// where set, else its forecast — summarised per class, per grade and for the school (figures.ts), and the students of
// each list (отличники, хорошисты, с одной «3» / «4», неуспевающие, не аттестованы). No I/O.
import type { RoundingRule } from '../../journal/rules.ts';
import type { ClassRef } from '../load-lookups.ts';
import { progressOf, summarize, type ProgressSummary } from './figures.ts';
import type { StudentSubjectRow } from './queries.ts';
import { markKind, markOrForecast, type Graded, type StudentProgress, type SubjectMark } from './rules.ts';

export type RollStudent = { studentId: string; student: string; classId: string; grade: number | null; marks: SubjectMark[] };

/** A subject is graded зачёт/незачёт in a class when its values there hold «зач»/«незач» and no mark 1–5. */
function gradedBySubject(rows: readonly StudentSubjectRow[]): Map<string, Graded> {
  const seen = new Map<string, { pass: boolean; number: boolean }>();
  for (const r of rows) {
    const key = `${r.classId}|${r.subjectId}`;
    const s = seen.get(key) ?? { pass: false, number: false };
    const k = markKind(r.value);
    if (k === 'zach' || k === 'nezach') s.pass = true;
    if (typeof k === 'number') s.number = true;
    seen.set(key, s);
  }
  return new Map([...seen].map(([key, s]) => [key, s.pass && !s.number ? 'pass' : 'marks']));
}

/**
 * The roll with each student's marks: per subject the mark of the group they take it in (of two groups of one subject —
 * a move between subgroups — the one with a mark), or the forecast from the period's weighted marks (`forecast: true`).
 */
export function rollOf(rows: readonly StudentSubjectRow[], classes: readonly ClassRef[], rounding: RoundingRule): RollStudent[] {
  const grade = new Map(classes.map((c) => [c.id, c.grade]));
  const graded = gradedBySubject(rows);
  const students = new Map<string, RollStudent & { bySubject: Map<string, StudentSubjectRow> }>();
  for (const r of rows) {
    const s = students.get(r.studentId)
      ?? { studentId: r.studentId, student: r.student, classId: r.classId, grade: grade.get(r.classId) ?? null, marks: [], bySubject: new Map() };
    students.set(r.studentId, s);
    if (r.subjectId === null) continue; // on the roll, no subject (a class without groups yet)
    const before = s.bySubject.get(r.subjectId);
    if (!before || (before.value === null && (r.value !== null || (before.weights === null && r.weights !== null)))) s.bySubject.set(r.subjectId, r);
  }
  return [...students.values()].map(({ bySubject, ...s }) => ({
    ...s,
    marks: [...bySubject.values()].map((r) => markOrForecast(
      { subjectId: r.subjectId!, subjectName: r.subjectName, graded: graded.get(`${r.classId}|${r.subjectId}`) ?? 'marks' },
      r.value, r.weights ? [{ value: r.weighted! / r.weights, weight: r.weights }] : [], rounding)),
  }));
}

export type Level = { kind: 'class' | 'grade' | 'school'; key: string; title: string; classId: string | null; summary: ProgressSummary };

/** A summary per class (in the classes' order), per grade (after its classes, when it has more than one) and the school's (of more than one grade). */
export function levels(roll: readonly RollStudent[], classes: readonly ClassRef[]): Level[] {
  const out: Level[] = [];
  const byClass = (id: string) => roll.filter((s) => s.classId === id);
  const grades = [...new Set(classes.map((c) => c.grade))];
  for (const g of grades) {
    const ofGrade = classes.filter((c) => c.grade === g);
    for (const c of ofGrade) out.push({ kind: 'class', key: c.id, title: c.name, classId: c.id, summary: summarize(byClass(c.id)) });
    if (ofGrade.length > 1 && g !== null) {
      const ids = new Set(ofGrade.map((c) => c.id));
      out.push({ kind: 'grade', key: `g${g}`, title: `${g}-е классы`, classId: null, summary: summarize(roll.filter((s) => ids.has(s.classId))) });
    }
  }
  if (grades.length > 1) out.push({ kind: 'school', key: 'school', title: 'Всего', classId: null, summary: summarize(roll) });
  return out;
}

export type ListKind = 'excellent' | 'good' | 'oneThree' | 'oneFour' | 'failing' | 'notAssessed';
export const LIST_TITLES: Record<ListKind, string> = {
  excellent: 'Отличники', good: 'Хорошисты', oneFour: 'С одной «4»', oneThree: 'С одной «3»', failing: 'Неуспевающие', notAssessed: 'Не аттестованы',
};
export const LIST_KINDS: readonly ListKind[] = ['excellent', 'good', 'oneFour', 'oneThree', 'failing', 'notAssessed'];

export type ListEntry = { kind: ListKind; classId: string; student: string; subjects: string; forecast: boolean };

const names = (list: ReadonlyArray<{ subjectName: string }>) => list.map((s) => s.subjectName).join(', ');

/** Which lists a student is on (a student with one «4» is a хорошист too), with the subjects each names. */
export function listsOf(p: StudentProgress): Array<{ kind: ListKind; subjects: string }> {
  const out: Array<{ kind: ListKind; subjects: string }> = [];
  if (p.status === 'notAssessed') out.push({ kind: 'notAssessed', subjects: names(p.notAssessedSubjects) });
  if (p.category === 'excellent') out.push({ kind: 'excellent', subjects: '' });
  if (p.good) out.push({ kind: 'good', subjects: '' });
  if (p.oneFourSubject) out.push({ kind: 'oneFour', subjects: p.oneFourSubject.subjectName });
  if (p.oneThreeSubject) out.push({ kind: 'oneThree', subjects: p.oneThreeSubject.subjectName });
  if (p.failingSubjects.length > 0) out.push({ kind: 'failing', subjects: names(p.failingSubjects) });
  return out;
}

/** Every student's lists, by list, then class order, then name (the roll comes sorted by name). */
export function listEntries(roll: readonly RollStudent[], classes: readonly ClassRef[]): ListEntry[] {
  const order = new Map(classes.map((c, i) => [c.id, i]));
  const entries = roll.flatMap((s) => {
    const p = progressOf(s);
    return listsOf(p).map((l) => Object.assign({}, l, { classId: s.classId, student: s.student, forecast: p.forecastSubjects.length > 0 }));
  });
  return entries.sort((a, b) => LIST_KINDS.indexOf(a.kind) - LIST_KINDS.indexOf(b.kind) || order.get(a.classId)! - order.get(b.classId)!);
}
