// Which of a teacher's lessons is «now» (the home page's one tap): the lesson in progress by the bells, else the next one
// — later today, or the first lesson of the next school day. Pure: the clock and the lessons come in as facts.
import { daysBetween, isHolidayFor, type CalendarHoliday } from './calendar.ts';
import { isoWeekday } from '../../web/dates.ts';

/** A lesson as the rule needs it (a LessonRow of lessons-queries.ts fits). Times 'HH:MM[:SS]' of the bell, or null. */
export type NowCandidate = {
  id: string; date: string; lessonNumber: number; staffId: string; startsAt: string | null; endsAt: string | null;
  grade: number | null; subKind: string | null; substituteStaffId: string | null; offTimetable: boolean;
};

/** The school's wall clock: its date and time of day ('HH:MM' or 'HH:MM:SS') in the school's time zone. */
export type WallClock = { date: string; time: string };

/**
 * Why the lesson was picked:
 * - 'in-progress': today's lesson whose bells hold the time (start inclusive, end exclusive);
 * - 'before-first-bell': today's first lesson has not begun;
 * - 'break': between two of today's lessons — the next one;
 * - 'untimed': today's lesson without bells (its shift has no schedule) — the first one not yet ended;
 * - 'next-day': nothing left today (after the last lesson, a weekend, a holiday, a day without lessons) — the first
 *   lesson of the next day the teacher has one.
 */
export type NowReason = 'in-progress' | 'before-first-bell' | 'break' | 'untimed' | 'next-day';

export type LessonNow<L extends NowCandidate> =
  | { kind: 'now' | 'next'; reason: NowReason; lesson: L; day: DayLabel; ended: L | null }
  | { kind: 'none'; ended: L | null };

/** The day of the lesson as a person says it: «сегодня», «завтра, вторник 24.11», «понедельник 30.11». */
export type DayLabel = { when: 'today' | 'tomorrow' | 'later'; text: string; weekday: string };

const WEEKDAYS = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];

export function dayLabel(date: string, today: string): DayLabel {
  const short = `${date.slice(8, 10)}.${date.slice(5, 7)}`;
  const weekday = WEEKDAYS[isoWeekday(date)]!;
  const days = daysBetween(today, date);
  if (days === 0) return { when: 'today', text: 'сегодня', weekday };
  if (days === 1) return { when: 'tomorrow', text: `завтра, ${weekday} ${short}`, weekday };
  return { when: 'later', text: `${weekday} ${short}`, weekday };
}

const hm = (t: string): string => t.slice(0, 5);

/**
 * Whether the teacher (staffId) gives this lesson: not cancelled, not handed over to a substitute (a lesson they
 * substitute counts), still on the timetable, and not on a holiday of its grade (a holiday set after the lessons were
 * laid out).
 */
export function givesLesson(l: NowCandidate, staffId: string, holidays: readonly CalendarHoliday[]): boolean {
  if (l.subKind === 'cancelled' || l.offTimetable) return false;
  if (l.subKind) return l.substituteStaffId === staffId;
  if (l.staffId !== staffId) return false;
  return !isHolidayFor(holidays, l.date, l.grade);
}

/** A lesson of `date` in progress at `at` (by its bells; one without bells never is). */
export function inProgress(l: Pick<NowCandidate, 'date' | 'startsAt' | 'endsAt'>, at: WallClock): boolean {
  return l.date === at.date && l.startsAt !== null && l.endsAt !== null && hm(l.startsAt) <= hm(at.time) && hm(at.time) < hm(l.endsAt);
}

const byTime = (a: NowCandidate, b: NowCandidate) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNumber - b.lessonNumber);

/** The lesson in progress, else the next one (today, then the next day with lessons), and today's lesson just ended. */
export function lessonNow<L extends NowCandidate>(
  lessons: readonly L[], staffId: string, at: WallClock, holidays: readonly CalendarHoliday[],
): LessonNow<L> {
  const mine = lessons.filter((l) => l.date >= at.date && givesLesson(l, staffId, holidays)).sort(byTime);
  const today = mine.filter((l) => l.date === at.date);
  const over = (l: L) => l.endsAt !== null && hm(l.endsAt) <= hm(at.time);
  const ended = today.filter(over).at(-1) ?? null;
  const pick = (lesson: L, kind: 'now' | 'next', reason: NowReason) => ({ kind, reason, lesson, day: dayLabel(lesson.date, at.date), ended });

  const current = today.find((l) => inProgress(l, at));
  if (current) return pick(current, 'now', 'in-progress');
  const left = today.filter((l) => !over(l));
  const next = left.find((l) => l.startsAt !== null && hm(at.time) < hm(l.startsAt)) ?? left[0];
  if (next) {
    const reason: NowReason = next.startsAt === null ? 'untimed' : ended === null && next === today[0] ? 'before-first-bell' : 'break';
    return pick(next, 'next', reason);
  }
  const later = mine.find((l) => l.date > at.date);
  return later ? pick(later, 'next', 'next-day') : { kind: 'none', ended };
}
