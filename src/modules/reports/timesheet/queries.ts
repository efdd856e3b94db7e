// The teacher timesheet over the live lessons and substitutions of a month (up to today), with the school's calendar.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { academicYears, holidays, transferredDays } from '../../setup/schema.ts';
import { staffNames } from '../../schedule/timetable-facts.ts';
import { DAY_SHORT } from '../../diary/rules.ts';
import { isoWeekday } from '../../../web/dates.ts';
import { lessonRows, type Q } from '../lesson-rows.ts';
import type { Column, ReportTable } from '../core/table.ts';
import { dayKind, sumTallies, tallyDays, type CalendarDay } from './rules.ts';

/** The calendar of the school year holding `date` (holidays and transferred days), or an empty one outside any year. */
export async function calendarOn(db: Q, { schoolId, date }: { schoolId: string; date: string }): Promise<CalendarDay> {
  const [year] = await db.select({ id: academicYears.id, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn }).from(academicYears)
    .where(and(eq(academicYears.schoolId, schoolId), lte(academicYears.startsOn, date), gte(academicYears.endsOn, date))).limit(1);
  if (!year) return { startsOn: date, endsOn: date, holidays: [], transfers: [] };
  const [hs, ts] = await Promise.all([
    db.select({ startsOn: holidays.startsOn, endsOn: holidays.endsOn, kind: holidays.kind, grades: holidays.grades }).from(holidays)
      .where(and(eq(holidays.schoolId, schoolId), eq(holidays.yearId, year.id))),
    db.select({ date: transferredDays.date, worksAs: transferredDays.worksAs }).from(transferredDays)
      .where(and(eq(transferredDays.schoolId, schoolId), eq(transferredDays.yearId, year.id))).orderBy(asc(transferredDays.date)),
  ]);
  return { startsOn: year.startsOn, endsOn: year.endsOn, holidays: hs, transfers: ts };
}

/** «Вт» for an ordinary school day; «Вс, рабочий день по расписанию пятницы», «Ср, каникулы» for the others. */
function dayLabel(cal: CalendarDay, date: string): string {
  const weekday = DAY_SHORT[isoWeekday(date) - 1]!;
  const kind = dayKind(cal, date);
  return kind.kind === 'school' ? weekday : `${weekday}, ${kind.label}`;
}

const COUNTS: Column[] = [
  { key: 'scheduled', title: 'По расписанию', kind: 'int' },
  { key: 'extra', title: 'Доп. уроки', kind: 'int' },
  { key: 'given', title: 'Дано', kind: 'int' },
  { key: 'substitutionsGiven', title: 'Замещал(а)', kind: 'int' },
  { key: 'substitutionsReceived', title: 'Заменили', kind: 'int' },
  { key: 'cancelled', title: 'Отменено', kind: 'int' },
];
export const TIMESHEET_DAY_COLUMNS: Column[] = [
  { key: 'teacher', title: 'Учитель', kind: 'text' },
  { key: 'date', title: 'Дата', kind: 'date' },
  { key: 'day', title: 'День', kind: 'text' },
  ...COUNTS,
];
export const TIMESHEET_TOTAL_COLUMNS: Column[] = [
  { key: 'teacher', title: 'Учитель', kind: 'text' },
  { key: 'days', title: 'Дней с уроками', kind: 'int' },
  ...COUNTS,
];

/**
 * The timesheet of the days `from`…`until` (inclusive): one row per teacher and day they had something to count, then
 * one total per teacher (days on which they gave a lesson). `staffIds` null: every teacher of the school.
 */
export async function timesheetTables(db: Q, { schoolId, from, until, staffIds }: {
  schoolId: string; from: string; until: string; staffIds: readonly string[] | null;
}): Promise<ReportTable[]> {
  const empty = until < from;
  const [lessons, names, cal] = await Promise.all([
    empty ? [] : lessonRows(db, { schoolId, from, to: until, staffIds }),
    staffNames(db, schoolId),
    calendarOn(db, { schoolId, date: from }),
  ]);
  const tallies = tallyDays(lessons);
  const teachers = [...tallies.keys()].filter((id) => !staffIds || staffIds.includes(id))
    .sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? '', 'ru'));
  const days: ReportTable['rows'] = [];
  const totals: ReportTable['rows'] = [];
  for (const id of teachers) {
    const byDay = tallies.get(id)!;
    const teacher = names.get(id) ?? '';
    for (const date of [...byDay.keys()].sort()) {
      days.push({ teacher, date, day: dayLabel(cal, date), ...byDay.get(date)! });
    }
    const given = [...byDay.values()].filter((d) => d.given > 0).length;
    totals.push({ teacher, days: given, ...sumTallies(byDay.values()) });
  }
  return [
    { name: 'timesheet', title: 'Табель по дням', columns: TIMESHEET_DAY_COLUMNS, rows: days },
    { name: 'timesheet-totals', title: 'Итого за месяц', columns: TIMESHEET_TOTAL_COLUMNS, rows: totals },
  ];
}
