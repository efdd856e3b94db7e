// Working days of the school calendar for the reports' deadlines (absence reasons in 2 working days, accounts in 3):
// Monday–Friday, minus the school-wide holidays (каникулы, праздники, выходные), plus the transferred days (a Saturday
// working as a weekday). Holidays win over transfers, as in the timetable's calendar (schedule/calendar.ts). Pure.
import { addDays, isoWeekday } from '../../../web/dates.ts';
import type { YearCalendar } from '../../schedule/calendar.ts';

/** Outside the year's dates (or without a calendar) only the weekday counts. */
export function isWorkingDay(cal: YearCalendar | undefined, date: string): boolean {
  if (cal && cal.startsOn <= date && date <= cal.endsOn) {
    if (cal.holidays.some((h) => (h.grades == null || h.grades.length === 0) && h.startsOn <= date && date <= h.endsOn)) return false;
    const transfer = cal.transfers.find((t) => t.date === date);
    if (transfer) return transfer.worksAs >= 1 && transfer.worksAs <= 6;
  }
  return isoWeekday(date) <= 5;
}

/** The n-th working day after `date` (not counting `date` itself); n = 0 gives `date`. */
export function addWorkingDays(cal: YearCalendar | undefined, date: string, n: number): string {
  let d = date;
  for (let left = n, guard = 0; left > 0 && guard < 400; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(cal: YearCalendar | undefined, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1), guard = 0; d <= to && guard < 800; d = addDays(d, 1), guard++) if (isWorkingDay(cal, d)) n++;
  return n;
}
