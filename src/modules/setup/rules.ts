// Pure rules of the school calendar, bells and classes: no I/O. Each check returns Russian messages keyed by form field.
import { isoWeekday, ruDate } from '../../web/dates.ts';

export type FieldErrors = Record<string, string>;
export type DateRange = { startsOn: string; endsOn: string };
type Named = { name: string };

/** Ways of dividing a year, with the unit used to generate period names ("1 четверть"). */
export const SCHEME_KINDS = {
  quarters: { title: 'Четверти', unit: 'четверть', count: 4 },
  trimesters: { title: 'Триместры', unit: 'триместр', count: 3 },
  halves: { title: 'Полугодия', unit: 'полугодие', count: 2 },
  semesters: { title: 'Семестры', unit: 'семестр', count: 2 },
  other: { title: 'Другое деление', unit: '', count: 1 },
} as const;
export type SchemeKind = keyof typeof SCHEME_KINDS;

export const HOLIDAY_KINDS = { vacation: 'Каникулы', holiday: 'Праздник', dayoff: 'Выходной' } as const;
export type HolidayKind = keyof typeof HOLIDAY_KINDS;

/** ISO weekday → Russian name (a transferred day works as one of Monday … Saturday). */
export const WEEKDAYS: Record<number, string> = {
  1: 'понедельник', 2: 'вторник', 3: 'среда', 4: 'четверг', 5: 'пятница', 6: 'суббота', 7: 'воскресенье',
};
export const WEEKDAYS_SHORT: Record<number, string> = { 1: 'Пн', 2: 'Вт', 3: 'Ср', 4: 'Чт', 5: 'Пт', 6: 'Сб', 7: 'Вс' };

const range = (r: DateRange) => `${ruDate(r.startsOn)} – ${ruDate(r.endsOn)}`;
const overlaps = (a: DateRange, b: DateRange) => a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** The name of period `ordinal` in a scheme of this kind: "2 четверть"; empty for 'other'. */
export function periodName(kind: string, ordinal: number): string {
  const unit = SCHEME_KINDS[kind as SchemeKind]?.unit;
  return unit ? `${ordinal} ${unit}` : '';
}

/** The names offered when a new scheme's periods are entered: "1 четверть" … "4 четверть". */
export function periodNames(kind: string): string[] {
  const count = SCHEME_KINDS[kind as SchemeKind]?.count ?? 1;
  return Array.from({ length: count }, (_, i) => periodName(kind, i + 1));
}

/**
 * An academic year's dates: it ends after it starts, lasts at most a year, starts in the first year of its name
 * and ends in the second, overlaps no other year of the school, and still holds everything already in it.
 */
export function checkYear(
  year: DateRange & Named,
  otherYears: Array<DateRange & Named>,
  contents: Array<DateRange & { what: string }> = [],
): FieldErrors {
  const e: FieldErrors = {};
  const [first, second] = year.name.split('/');
  if (year.endsOn <= year.startsOn) e.endsOn = 'Учебный год должен заканчиваться позже, чем начинается.';
  else if (daysBetween(year.startsOn, year.endsOn) > 366) e.endsOn = 'Учебный год длиннее календарного: проверьте даты.';
  if (first && year.startsOn.slice(0, 4) !== first) e.startsOn ??= `Учебный год ${year.name} должен начинаться в ${first} году.`;
  if (second && year.endsOn.slice(0, 4) !== second) e.endsOn ??= `Учебный год ${year.name} должен заканчиваться в ${second} году.`;
  for (const o of otherYears) {
    if (overlaps(year, o)) e.startsOn ??= `Даты пересекаются с учебным годом ${o.name} (${range(o)}).`;
  }
  for (const c of contents) {
    if (c.startsOn < year.startsOn) e.startsOn ??= `${c.what} (${range(c)}) не помещается в новые даты: начните год не позже ${ruDate(c.startsOn)}.`;
    if (c.endsOn > year.endsOn) e.endsOn ??= `${c.what} (${range(c)}) не помещается в новые даты: закончите год не раньше ${ruDate(c.endsOn)}.`;
  }
  return e;
}

export type PeriodRow = DateRange & { ordinal: number; name: string };

/**
 * One period against its year and the other periods of its scheme (as they would be saved):
 * inside the year, ends after it starts, its number is free, overlaps none, and the numbers follow the dates.
 */
export function checkPeriod(p: PeriodRow, year: DateRange, others: PeriodRow[]): FieldErrors {
  const e: FieldErrors = {};
  if (p.startsOn < year.startsOn) e.startsOn = `Период начинается раньше учебного года (${ruDate(year.startsOn)}).`;
  else if (p.startsOn > year.endsOn) e.startsOn = `Период начинается после окончания учебного года (${ruDate(year.endsOn)}).`;
  if (p.endsOn > year.endsOn) e.endsOn = `Период заканчивается после окончания учебного года (${ruDate(year.endsOn)}).`;
  else if (p.endsOn <= p.startsOn) e.endsOn = 'Период должен заканчиваться позже, чем начинается.';
  for (const o of others) {
    if (o.ordinal === p.ordinal) e.ordinal ??= `Номер ${p.ordinal} уже у периода «${o.name}».`;
    const field = o.ordinal < p.ordinal ? 'startsOn' : 'endsOn';
    if (overlaps(p, o)) e[field] ??= `Период пересекается с периодом «${o.name}» (${range(o)}).`;
    else if (o.ordinal < p.ordinal && o.startsOn > p.endsOn) {
      e.startsOn ??= `Период № ${p.ordinal} должен идти после периода № ${o.ordinal} «${o.name}» (${range(o)}), а по датам он раньше.`;
    } else if (o.ordinal > p.ordinal && o.endsOn < p.startsOn) {
      e.endsOn ??= `Период № ${p.ordinal} должен закончиться до периода № ${o.ordinal} «${o.name}» (${range(o)}), а по датам он позже.`;
    }
  }
  return e;
}

/**
 * A holiday, vacation or day off lies inside its year and ends on or after the day it starts;
 * one for the whole school does not cover a transferred study day.
 */
export function checkHoliday(h: DateRange & { grades: number[] | null }, year: DateRange, transferDates: string[] = []): FieldErrors {
  const e: FieldErrors = {};
  const inside = `должны быть внутри учебного года (${range(year)})`;
  if (h.startsOn < year.startsOn || h.startsOn > year.endsOn) e.startsOn = `Даты ${inside}.`;
  if (h.endsOn < year.startsOn || h.endsOn > year.endsOn) e.endsOn = `Даты ${inside}.`;
  else if (h.endsOn < h.startsOn) e.endsOn = 'Дата окончания не может быть раньше даты начала.';
  const covered = (!h.grades || h.grades.length === 0) ? transferDates.find((d) => h.startsOn <= d && d <= h.endsOn) : undefined;
  if (covered) e.startsOn ??= `${ruDate(covered)} — перенесённый учебный день: уберите перенос или измените даты.`;
  return e;
}

export type HolidayFact = DateRange & Named & { grades: number[] | null };

/**
 * A transferred study day: inside the year, not inside a holiday of the whole school,
 * works as Monday … Saturday, and not as the weekday it already is.
 */
export function checkTransfer(t: { date: string; worksAs: number }, year: DateRange, holidays: HolidayFact[]): FieldErrors {
  const e: FieldErrors = {};
  if (t.date < year.startsOn || t.date > year.endsOn) e.date = `Дата должна быть внутри учебного года (${range(year)}).`;
  const off = holidays.find((h) => (!h.grades || h.grades.length === 0) && h.startsOn <= t.date && t.date <= h.endsOn);
  if (off) e.date ??= `Эта дата приходится на «${off.name}» (${range(off)}) для всей школы: учебный день туда перенести нельзя.`;
  if (!Number.isInteger(t.worksAs) || t.worksAs < 1 || t.worksAs > 6) e.worksAs = 'Выберите день недели с понедельника по субботу.';
  else if (isoWeekday(t.date) === t.worksAs) e.worksAs = `Этот день и так ${WEEKDAYS[t.worksAs]}: перенос не нужен.`;
  return e;
}

export type BellRow = { key: string; lessonNumber: number; startsAt: string; endsAt: string };

/** A bell schedule as a whole: each lesson ends after it starts; numbers are unique; lessons follow each other without overlapping. */
export function checkBells(rows: BellRow[]): Map<string, FieldErrors> {
  const out = new Map<string, FieldErrors>();
  const err = (key: string) => out.get(key) ?? out.set(key, {}).get(key)!;
  const hm = (t: string) => t.slice(0, 5);
  const seen = new Map<number, BellRow>();
  for (const r of rows) {
    if (r.endsAt <= r.startsAt) err(r.key).endsAt = 'Урок должен заканчиваться позже, чем начинается.';
    if (seen.has(r.lessonNumber)) err(r.key).lessonNumber = `Урок № ${r.lessonNumber} указан дважды.`;
    else seen.set(r.lessonNumber, r);
  }
  const ordered = [...seen.values()].sort((a, b) => a.lessonNumber - b.lessonNumber);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!;
    const cur = ordered[i]!;
    if (cur.startsAt < prev.endsAt) {
      err(cur.key).startsAt ??= `Урок № ${cur.lessonNumber} начинается раньше, чем заканчивается урок № ${prev.lessonNumber} (${hm(prev.endsAt)}).`;
    }
  }
  for (const [k, v] of out) if (Object.keys(v).length === 0) out.delete(k);
  return out;
}

/** A class's display name: grade and letter ("5А"), or a college group's own name ("ИСП-21"). */
export function className(c: { grade: number | null; letter: string | null; groupName: string | null }): string {
  return c.grade ? `${c.grade}${c.letter ?? ''}` : (c.groupName ?? '').trim();
}

