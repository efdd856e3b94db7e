// Pure rules of the year-change items awaiting placement (a promotion, conditional promotion or repeat year decided
// before the next year's classes exist): which grade they go to, which class of the next year is theirs, and how the
// book, the order and the student's page name their destination. No I/O.
import { AWAITING_PLACEMENT, isAwaitingPlacement } from './rules.ts';

/** The grade an item goes to: the next one when promoted, the same when kept for a repeat year; null for a college group. */
export const placementGrade = (kind: string, fromGrade: number | null) =>
  fromGrade === null ? null : kind === 'repeat_year' ? fromGrade : fromGrade + 1;

/**
 * The class of the next year an item goes to by the rule: the placement grade and the same letter (5А → 6А, a repeat
 * year 5А → 5А). null when that class does not exist (or the class has no grade): the item waits for the rollover.
 */
export function placementTarget<C extends { id: string; grade: number | null; letter: string | null }>(
  kind: string, from: { grade: number | null; letter: string | null }, nextYearClasses: readonly C[],
): C | null {
  const grade = placementGrade(kind, from.grade);
  if (grade === null) return null;
  return nextYearClasses.find((c) => c.grade === grade && (c.letter ?? '') === (from.letter ?? '')) ?? null;
}

/**
 * Where an item takes the student, as the book, the order and the student's page say it: the class, «в 6 класс — класс
 * будет назначен при переходе на новый год» while awaiting placement, «семейное образование», or the reason (where a
 * withdrawn student went).
 */
export function destination(m: { kind: string; toClass: string | null; fromGrade: number | null; reason: string | null }): string {
  if (m.toClass) return m.toClass;
  if (isAwaitingPlacement({ kind: m.kind, toClassId: null })) {
    const grade = placementGrade(m.kind, m.fromGrade);
    return grade === null ? AWAITING_PLACEMENT : `в ${grade} класс — ${AWAITING_PLACEMENT}`;
  }
  if (m.kind === 'family_education') return m.reason ? `семейное образование (${m.reason})` : 'семейное образование';
  return m.reason || '—';
}
