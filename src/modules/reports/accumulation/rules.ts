// Pure rules of the mark-accumulation report (накопляемость отметок): how many school days of a period are left, and
// whether a student's count of marks in a subject is enough, behind, or at risk of «н/а» (не аттестован). No I/O.
//
// The rule of this report:
// - marks counted: every mark of the student in the group's lessons of the period while the student was in the group
//   (a student who joined mid-period brings no marks from another class's journal);
// - the 1st grade is left out (no marks there); the minimum is the school's min_marks_per_period (the same figure as «мало отметок» on the period-marks page);
// - 'ok': count ≥ minimum; 'risk': below it and either at most `windowDays` school days of the period are left, or the
//   group has fewer than LESSONS_PER_MARK lessons left per missing mark (a teacher does not mark one student in every
//   lesson; the period over: no lessons left); 'behind': below it with time left.
import { addDays } from '../../../web/dates.ts';
import { workingWeekday, type YearCalendar } from '../../schedule/calendar.ts';

/** Whether a class of this grade gets marks: not the 1st grade (безотметочное обучение); a college group (null) does. */
export const gradeHasMarks = (grade: number | null) => grade === null || grade >= 2;

/** With this many school days left or fewer, a student below the minimum is at risk of «н/а». */
export const RISK_WINDOW_DAYS = 10;
/** Lessons a missing mark needs: with fewer than this many lessons left per mark missing, the student is at risk. */
export const LESSONS_PER_MARK = 2;

/**
 * The class's school days from `today` (inclusive, lessons may still come today) to the period's last day (inclusive):
 * the days the calendar opens for the grade (holidays closed, transferred days open with the weekday they work as)
 * whose weekday the class studies on (its timetable's weekdays, 1 = Monday … 6 = Saturday).
 */
export function schoolDaysLeft(cal: YearCalendar, grade: number | null, studyWeekdays: ReadonlySet<number>, today: string, periodEnd: string): number {
  let n = 0;
  for (let d = today; d <= periodEnd; d = addDays(d, 1)) {
    const wd = workingWeekday(cal, d, grade);
    if (wd !== null && studyWeekdays.has(wd)) n += 1;
  }
  return n;
}

export type MarkStatus = 'ok' | 'behind' | 'risk';
export const STATUS_TITLES: Record<MarkStatus, string> = { ok: 'достаточно', behind: 'мало отметок', risk: 'риск «н/а»' };

export type AccumulationFacts = {
  marks: number;
  minMarks: number;
  /** The group's lessons (not cancelled) from today to the period's end while the student is in it. */
  lessonsLeft: number;
  /** schoolDaysLeft of the student's class. */
  daysLeft: number;
  windowDays?: number;
};

export function markStatus(f: AccumulationFacts): MarkStatus {
  const missing = Math.max(0, f.minMarks - f.marks);
  if (missing === 0) return 'ok';
  if (f.daysLeft <= (f.windowDays ?? RISK_WINDOW_DAYS) || f.lessonsLeft < missing * LESSONS_PER_MARK) return 'risk';
  return 'behind';
}

/** Marks still missing to reach the minimum. */
export const marksMissing = (marks: number, minMarks: number) => Math.max(0, minMarks - marks);

const ORDER: Record<MarkStatus, number> = { risk: 0, behind: 1, ok: 2 };

/** Rows at risk first, then behind, then ok; within a status by class, then student, then subject. */
export function byRisk<T extends { status: MarkStatus; className: string; studentName: string; subjectName: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.className.localeCompare(b.className, 'ru')
    || a.studentName.localeCompare(b.studentName, 'ru') || a.subjectName.localeCompare(b.subjectName, 'ru'));
}
