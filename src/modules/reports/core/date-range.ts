// The date range of a report (`from`/`to` in the URL, 'YYYY-MM-DD' from a date input or 'ДД.ММ.ГГГГ' typed): read,
// completed and checked against the school's academic years. Pure; core/filters.ts feeds it the years. The rule:
// - neither date given → no range (null, null): the report falls back on its period;
// - a date that cannot be read → 422 with a Russian message for that field;
// - each date must lie in one of the school's academic years, and both in the same one (a report spans at most one
//   school year: its classes and groups are that year's);
// - only `from` → `to` is today when today is in that year and not before `from`, else the year's last day;
//   only `to` → `from` is the first day of its year;
// - `from` after `to` → 422.
import { parseDateInput, ruDate } from '../../../web/dates.ts';

export type YearSpan = { name: string; startsOn: string; endsOn: string };

export type DateRangeOutcome =
  | { ok: true; from: string | null; to: string | null }
  | { ok: false; field: 'from' | 'to'; message: string };

export const DATE_MESSAGES = {
  from: 'Дата «с» указана неверно: выберите её в календаре или введите в виде ДД.ММ.ГГГГ.',
  to: 'Дата «по» указана неверно: выберите её в календаре или введите в виде ДД.ММ.ГГГГ.',
  reversed: 'Дата «по» раньше даты «с».',
} as const;

const outsideMessage = (field: 'from' | 'to') =>
  `Дата «${field === 'from' ? 'с' : 'по'}» вне учебных годов школы: выберите дату учебного года.`;
const yearsMessage = (y: YearSpan) => 'Даты «с» и «по» — в разных учебных годах: отчёт строится не больше чем за один учебный год '
  + `(${y.name}: ${ruDate(y.startsOn)} — ${ruDate(y.endsOn)}).`;

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/** The academic year containing the date (the latest starting, should two overlap). */
export function yearOf(years: readonly YearSpan[], date: string): YearSpan | undefined {
  return years.filter((y) => y.startsOn <= date && date <= y.endsOn).sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0];
}

export function parseDateRange(input: { from?: string; to?: string }, years: readonly YearSpan[], today: string): DateRangeOutcome {
  if (blank(input.from) && blank(input.to)) return { ok: true, from: null, to: null };
  const from = blank(input.from) ? null : parseDateInput(input.from!);
  const to = blank(input.to) ? null : parseDateInput(input.to!);
  if (!blank(input.from) && !from) return { ok: false, field: 'from', message: DATE_MESSAGES.from };
  if (!blank(input.to) && !to) return { ok: false, field: 'to', message: DATE_MESSAGES.to };
  const fromYear = from ? yearOf(years, from) : undefined;
  const toYear = to ? yearOf(years, to) : undefined;
  if (from && !fromYear) return { ok: false, field: 'from', message: outsideMessage('from') };
  if (to && !toYear) return { ok: false, field: 'to', message: outsideMessage('to') };
  if (from && to) {
    if (to < from) return { ok: false, field: 'to', message: DATE_MESSAGES.reversed };
    if (fromYear !== toYear) return { ok: false, field: 'to', message: yearsMessage(fromYear!) };
    return { ok: true, from, to };
  }
  if (from) {
    const y = fromYear!;
    return { ok: true, from, to: from <= today && today <= y.endsOn ? today : y.endsOn };
  }
  return { ok: true, from: toYear!.startsOn, to };
}
