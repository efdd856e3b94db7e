// The control works of each class laid out as a calendar for the page: a row per week that has works, a cell per school
// day (Monday … Saturday) with the subjects; a day with works of two subjects is flagged. Presentation only, no I/O.
import { addDays, isoWeekday, ruDate } from '../../../web/dates.ts';
import { mondayOf } from '../../schedule/calendar.ts';
import type { ControlWork } from './queries.ts';

export type CalendarCell = { text: string; crowded: boolean };
export type ClassCalendar = { className: string; weeks: Array<{ title: string; days: CalendarCell[] }> };

export const CALENDAR_DAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'];

export function classCalendars(works: readonly ControlWork[]): ClassCalendar[] {
  const byClass = new Map<string, ControlWork[]>();
  for (const w of works) byClass.set(w.className, [...(byClass.get(w.className) ?? []), w]);
  return [...byClass].sort(([a], [b]) => a.localeCompare(b, 'ru', { numeric: true })).map(([className, list]) => {
    const mondays = [...new Set(list.map((w) => mondayOf(w.date)))].sort();
    return {
      className,
      weeks: mondays.map((monday) => ({
        title: `${ruDate(monday).slice(0, 5)}–${ruDate(addDays(monday, 5)).slice(0, 5)}`,
        days: CALENDAR_DAYS.map((_, i) => {
          const day = list.filter((w) => w.date === addDays(monday, i) && isoWeekday(w.date) === i + 1);
          const names = [...new Set(day.map((w) => `${w.subjectName}${w.held ? '' : ' (план)'}`))];
          return { text: names.join(', '), crowded: day.some((w) => w.crowded) };
        }),
      })),
    };
  });
}
