// The arithmetic of the weekly journal-filling control (REQUIREMENTS §4; seeds 001 §8.3–8.5, 002 §2), pure: working
// days, deadlines, lateness, whose a lesson is, what one lesson lacks. Dates are ISO 'YYYY-MM-DD' in the school's zone.
import { addDays } from '../../../web/dates.ts';
import type { YearCalendar } from '../../schedule/calendar.ts';
// Working days (Monday–Friday of the school calendar, holidays and transfers) are the reports' core rule.
import { addWorkingDays, isWorkingDay } from '../core/working-days.ts';

export { addWorkingDays, isWorkingDay };

/** What the control counts; the order is the report's column order. */
export const KINDS = ['topic', 'homework', 'attendance', 'lateMarks', 'lateControl', 'periodMarks', 'absenceReasons'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_TITLES: Record<Kind, string> = {
  topic: 'Без темы', homework: 'Без д/з', attendance: 'Посещаемость не отмечена', lateMarks: 'Отметки позже дня урока',
  lateControl: 'Отметки за к/р позже срока', periodMarks: 'Итоговые не выставлены', absenceReasons: 'Пропуски без причины',
};

/** Longer explanations, for the detail list and the page's legend. */
export const KIND_HINTS: Record<Kind, string> = {
  topic: 'урок прошёл, тема не записана',
  homework: 'урок прошёл, домашнее задание не записано (если задания нет, учитель пишет «без задания»)',
  attendance: 'урок прошёл, посещаемость не отмечена',
  lateMarks: 'отметки, впервые выставленные после дня урока (по журналу изменений)',
  lateControl: 'отметки за контрольные (письменные) работы, выставленные позже срока школы',
  periodMarks: 'итоговые отметки за период, не выставленные к последнему дню периода + 2 дня',
  absenceReasons: 'отсутствия без причины спустя 2 рабочих дня',
};


/** The last day an absence's reason may be given: 2 working days after the absence [001 §8.3]. */
export const reasonDeadline = (cal: YearCalendar | undefined, absenceDate: string) => addWorkingDays(cal, absenceDate, 2);

/** An absence still without a reason is counted once its deadline day is over. */
export const reasonOverdue = (cal: YearCalendar | undefined, absenceDate: string, today: string) => reasonDeadline(cal, absenceDate) < today;

/** A lesson's entries are due on its day: a lesson counts once its day is over (today's lessons are not late yet). */
export const lessonDue = (lessonDate: string, today: string) => lessonDate < today;

/** A mark is late when first entered after the lesson day (the school's date of the audit row). */
export const markLate = (lessonDate: string, enteredOn: string) => enteredOn > lessonDate;

/** A written-work (control) mark is late when entered more than `days` days after the work [000 §5.4; 002 §2]. */
export const controlMarkLate = (lessonDate: string, enteredOn: string, days: number) => enteredOn > addDays(lessonDate, days);

/** Period marks are due by the period's last day + 2 days [001 §8.5]. */
export const periodMarkDeadline = (periodEndsOn: string) => addDays(periodEndsOn, 2);

/** The period's marks are counted in a week when their deadline is over (before today) by the week's end (its Sunday). */
export const periodMarksDue = (periodEndsOn: string, weekMonday: string, today: string) => {
  const deadline = periodMarkDeadline(periodEndsOn);
  return deadline < today && deadline <= addDays(weekMonday, 6);
};

/** Membership [startsOn, endsOn) holds on the date (a student who joined after it, or left before it, does not). */
export const memberOn = (m: { startsOn: string; endsOn: string | null }, date: string) =>
  m.startsOn <= date && (m.endsOn === null || m.endsOn > date);

export type Substitution = { kind: string; substituteStaffId: string | null } | null;

/** Whose lesson it is for the control: the substitute's when substituted, nobody's when cancelled (not held). */
export function lessonTeacher(regular: string, sub: Substitution): string | null {
  if (sub?.kind === 'cancelled') return null;
  return sub?.substituteStaffId ?? regular;
}

/**
 * Homework is missing when the lesson's homework is empty. Lessons have no «no homework» flag: a teacher who sets none
 * writes «без задания» (any text), and the lesson then says so.
 */
export const homeworkMissing = (homework: string | null) => !homework || homework.trim() === '';
export const topicMissing = (topic: string | null, ktpTopicId: string | null) => (!topic || topic.trim() === '') && !ktpTopicId;

export type LessonFacts = {
  date: string; topic: string | null; ktpTopicId: string | null; homework: string | null; attendanceTaken: boolean;
  /** Each current mark's first entry (school date) and whether its column is a control (written) work. */
  marks: Array<{ enteredOn: string; control: boolean }>;
  /** Absences of the lesson still without a reason (one per student). */
  absencesWithoutReason: number;
};

export type LessonCounts = Record<Exclude<Kind, 'periodMarks'>, number>;

/** What one lesson whose day is over lacks, counted (0 everywhere for a lesson not due yet). */
export function lessonCounts(l: LessonFacts, ctx: { today: string; controlMarkDays: number; cal: YearCalendar | undefined }): LessonCounts {
  const zero: LessonCounts = { topic: 0, homework: 0, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 0 };
  if (!lessonDue(l.date, ctx.today)) return zero;
  return {
    topic: topicMissing(l.topic, l.ktpTopicId) ? 1 : 0,
    homework: homeworkMissing(l.homework) ? 1 : 0,
    attendance: l.attendanceTaken ? 0 : 1,
    lateMarks: l.marks.filter((m) => !m.control && markLate(l.date, m.enteredOn)).length,
    lateControl: l.marks.filter((m) => m.control && controlMarkLate(l.date, m.enteredOn, ctx.controlMarkDays)).length,
    absenceReasons: reasonOverdue(ctx.cal, l.date, ctx.today) ? l.absencesWithoutReason : 0,
  };
}
