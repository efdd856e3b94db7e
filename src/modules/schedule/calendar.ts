// Pure calendar functions of a school year: week parity, holidays, transferred days, school days.
// Dates are ISO strings 'YYYY-MM-DD'. No database access here (H3's timetable views import weekParity).
import { addDays, isoWeekday } from '../../web/dates.ts';

export type WeekParity = 'A' | 'B';

export interface CalendarHoliday {
  startsOn: string;
  /** Inclusive. */
  endsOn: string;
  /** null: the whole school; otherwise only these grades. */
  grades: number[] | null;
}

export interface CalendarTransfer {
  date: string;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  worksAs: number;
}

export interface YearCalendar {
  startsOn: string;
  /** Inclusive. */
  endsOn: string;
  holidays: CalendarHoliday[];
  transfers: CalendarTransfer[];
}

export interface SchoolDay {
  date: string;
  /** The weekday whose timetable slots this date takes (a transferred Saturday working as Monday → 1). */
  weekday: number;
  parity: WeekParity;
}

/** The Monday of the ISO week containing the date. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Week A is the Monday–Sunday week containing the year's start date, then B, A, B… (weeks before it count backwards). */
export function weekParity(yearStartsOn: string, date: string): WeekParity {
  const weeks = Math.floor(daysBetween(mondayOf(yearStartsOn), mondayOf(date)) / 7);
  return ((weeks % 2) + 2) % 2 === 0 ? 'A' : 'B';
}

/** A slot with parity null runs every week; 'A'/'B' only in weeks of that parity. */
export function slotRunsInWeek(slotParity: string | null | undefined, parity: WeekParity): boolean {
  return slotParity == null || slotParity === '' || slotParity === parity;
}

/** Whether a holiday row covers the date for a group of this grade (null grade: only school-wide holidays count). */
export function isHolidayFor(holidays: readonly CalendarHoliday[], date: string, grade: number | null): boolean {
  return holidays.some((h) =>
    h.startsOn <= date && date <= h.endsOn && (h.grades == null || h.grades.length === 0 || (grade != null && h.grades.includes(grade))),
  );
}

/**
 * The weekday whose slots the date takes, or null when there are no lessons that day for the grade:
 * outside the year, a holiday (holidays win over transfers), or a Sunday that is not a transferred working day.
 */
export function workingWeekday(cal: YearCalendar, date: string, grade: number | null): number | null {
  if (date < cal.startsOn || date > cal.endsOn) return null;
  if (isHolidayFor(cal.holidays, date, grade)) return null;
  const transfer = cal.transfers.find((t) => t.date === date);
  if (transfer) return transfer.worksAs >= 1 && transfer.worksAs <= 6 ? transfer.worksAs : null;
  const wd = isoWeekday(date);
  return wd === 7 ? null : wd;
}

/**
 * School days of the year for a grade within [from, until) (defaults: the whole year).
 * A class then studies on the days whose `weekday` has slots in its timetable.
 */
export function schoolDays(cal: YearCalendar, grade: number | null, from?: string, until?: string | null): SchoolDay[] {
  const start = from && from > cal.startsOn ? from : cal.startsOn;
  const out: SchoolDay[] = [];
  for (let d = start; d <= cal.endsOn && (until == null || d < until); d = addDays(d, 1)) {
    const weekday = workingWeekday(cal, d, grade);
    if (weekday != null) out.push({ date: d, weekday, parity: weekParity(cal.startsOn, d) });
  }
  return out;
}

/** The previous / next school day of the grade from a date (exclusive), or null outside the year. */
export function adjacentSchoolDay(cal: YearCalendar, date: string, step: 1 | -1, grade: number | null = null): string | null {
  for (let i = 1, d = addDays(date, step); i <= 400; i += 1, d = addDays(d, step)) {
    if (d < cal.startsOn && step < 0) return null;
    if (d > cal.endsOn && step > 0) return null;
    if (workingWeekday(cal, d, grade) != null) return d;
  }
  return null;
}
