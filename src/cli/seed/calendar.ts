// The demo school's calendar, built around the app's today: the school year that contains today (1 September to
// 31 August; in summer, the year that has just ended, complete with its marks), so `npm start` shows a living school in
// any month. The 2026/2027 year below is the template: its dates move by whole weeks to the demo's year (weekdays keep),
// the fixed-date holidays stay on their dates, and the summer holidays run from the end of the last period to 31 August.
import { now } from '../../web/clock.ts';
import { addDays, todayIso } from '../../web/dates.ts';
import type { SchoolSpec } from './builder.ts';

const TEMPLATE_START = '2026-09-01';

/** The 2026/2027 template year: quarters for grades 1–9, halves for 10–11, Russian holidays and vacations. */
const TEMPLATE: SchoolSpec['year'] = {
  name: '2026/2027',
  startsOn: '2026-09-01',
  endsOn: '2027-08-31',
  schemes: [
    {
      key: 'quarters', name: 'Четверти', kind: 'quarters', periods: [
        { name: '1 четверть', startsOn: '2026-09-01', endsOn: '2026-10-24' },
        { name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28' },
        { name: '3 четверть', startsOn: '2027-01-11', endsOn: '2027-03-20' },
        { name: '4 четверть', startsOn: '2027-03-30', endsOn: '2027-05-26' },
      ],
    },
    {
      key: 'halves', name: 'Полугодия', kind: 'halves', periods: [
        { name: '1 полугодие', startsOn: '2026-09-01', endsOn: '2026-12-28' },
        { name: '2 полугодие', startsOn: '2027-01-11', endsOn: '2027-05-26' },
      ],
    },
  ],
  holidays: [
    { name: 'Осенние каникулы', kind: 'vacation', startsOn: '2026-10-26', endsOn: '2026-11-04' },
    { name: 'День народного единства', kind: 'holiday', startsOn: '2026-11-04', endsOn: '2026-11-04' },
    { name: 'Зимние каникулы', kind: 'vacation', startsOn: '2026-12-29', endsOn: '2027-01-10' },
    { name: 'Дополнительные каникулы для 1-х классов', kind: 'vacation', startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] },
    { name: 'Выходной (перенос с 20 февраля)', kind: 'dayoff', startsOn: '2027-02-22', endsOn: '2027-02-22' },
    { name: 'День защитника Отечества', kind: 'holiday', startsOn: '2027-02-23', endsOn: '2027-02-23' },
    { name: 'Международный женский день', kind: 'holiday', startsOn: '2027-03-08', endsOn: '2027-03-08' },
    { name: 'Весенние каникулы', kind: 'vacation', startsOn: '2027-03-21', endsOn: '2027-03-29' },
    { name: 'Праздник Весны и Труда', kind: 'holiday', startsOn: '2027-05-01', endsOn: '2027-05-03' },
    { name: 'День Победы', kind: 'holiday', startsOn: '2027-05-09', endsOn: '2027-05-10' },
    { name: 'Летние каникулы', kind: 'vacation', startsOn: '2027-05-27', endsOn: '2027-08-31' },
  ],
  transfers: [{ date: '2027-02-20', worksAs: 1, note: 'Суббота — рабочий день по расписанию понедельника' }],
};

/** Public holidays on fixed dates (month-day, days): placed in the demo's year as they are. */
const FIXED_HOLIDAYS: Array<{ name: string; md: string; days: number; firstHalf: boolean }> = [
  { name: 'День народного единства', md: '11-04', days: 1, firstHalf: true },
  { name: 'День защитника Отечества', md: '02-23', days: 1, firstHalf: false },
  { name: 'Международный женский день', md: '03-08', days: 1, firstHalf: false },
  { name: 'Праздник Весны и Труда', md: '05-01', days: 1, firstHalf: false },
  { name: 'День Победы', md: '05-09', days: 1, firstHalf: false },
];

export type DemoCalendar = {
  /** The calendar year the demo's school year starts in (2026 for 2026/2027). */
  startYear: number;
  /** A date of the 2026/2027 template moved to the same weekday of the demo's year (and kept inside it). */
  on(templateDate: string): string;
  /** A date (a birthday) moved by whole years, as the demo's year is from the template's. */
  years(templateDate: string): string;
  year: SchoolSpec['year'];
};

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The demo's calendar for the school year containing `today` (the app's clock in Moscow time by default). */
export function demoCalendar(today: string = todayIso(now())): DemoCalendar {
  const y = Number(today.slice(0, 4));
  const startYear = Number(today.slice(5, 7)) >= 9 ? y : y - 1;
  const startsOn = `${startYear}-09-01`;
  const endsOn = `${startYear + 1}-08-31`;
  const shiftDays = Math.round(daysBetween(TEMPLATE_START, startsOn) / 7) * 7;
  const clamp = (d: string) => (d < startsOn ? startsOn : d > endsOn ? endsOn : d);
  const on = (d: string) => clamp(addDays(d, shiftDays));
  const years = (d: string) => {
    const moved = `${Number(d.slice(0, 4)) + startYear - 2026}${d.slice(4)}`;
    return moved.endsWith('-02-29') ? moved.replace('-02-29', '-02-28') : moved;
  };
  const fixed = FIXED_HOLIDAYS.map((h) => {
    const date = `${h.firstHalf ? startYear : startYear + 1}-${h.md}`;
    return { name: h.name, kind: 'holiday' as const, startsOn: date, endsOn: addDays(date, h.days - 1) };
  });
  // The template's own year keeps its holidays and the government's transfer of days off as they are; another year gets
  // the vacations moved, the fixed-date holidays on their dates, and no transfers (they are decreed year by year).
  const holidays = shiftDays === 0 ? TEMPLATE.holidays : [
    ...TEMPLATE.holidays.filter((h) => h.kind === 'vacation')
      .map((h) => ({ ...h, startsOn: on(h.startsOn), endsOn: h.name === 'Летние каникулы' ? endsOn : on(h.endsOn) })),
    ...fixed,
  ].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const year: SchoolSpec['year'] = {
    name: `${startYear}/${startYear + 1}`,
    startsOn,
    endsOn,
    schemes: TEMPLATE.schemes.map((s) => ({ ...s, periods: s.periods.map((p) => ({ ...p, startsOn: on(p.startsOn), endsOn: on(p.endsOn) })) })),
    holidays,
    transfers: shiftDays === 0 ? TEMPLATE.transfers : [],
  };
  // The first period starts on 1 September whatever the week.
  for (const s of year.schemes) s.periods[0]!.startsOn = startsOn;
  return { startYear, on, years, year };
}

export const BELLS: SchoolSpec['bellSchedules'] = [
  { shift: 1, name: '1 смена', bells: [['08:30', '09:15'], ['09:25', '10:10'], ['10:30', '11:15'], ['11:35', '12:20'], ['12:30', '13:15'], ['13:25', '14:10'], ['14:20', '15:05']] },
  { shift: 2, name: '2 смена', bells: [['13:30', '14:15'], ['14:25', '15:10'], ['15:25', '16:10'], ['16:25', '17:10'], ['17:20', '18:05'], ['18:15', '19:00']] },
];

export const SUBJECTS: SchoolSpec['subjects'] = [
  { name: 'Русский язык', shortName: 'Рус. яз.', area: 'Русский язык и литература' },
  { name: 'Литературное чтение', shortName: 'Лит. чт.', area: 'Русский язык и литературное чтение' },
  { name: 'Литература', shortName: 'Лит.', area: 'Русский язык и литература' },
  { name: 'Английский язык', shortName: 'Англ. яз.', area: 'Иностранные языки' },
  { name: 'Математика', shortName: 'Матем.', area: 'Математика и информатика' },
  { name: 'Алгебра', shortName: 'Алг.', area: 'Математика и информатика' },
  { name: 'Геометрия', shortName: 'Геом.', area: 'Математика и информатика' },
  { name: 'Вероятность и статистика', shortName: 'ВиС', area: 'Математика и информатика' },
  { name: 'Информатика', shortName: 'Информ.', area: 'Математика и информатика' },
  { name: 'Окружающий мир', shortName: 'Окр. мир', area: 'Обществознание и естествознание' },
  { name: 'История', shortName: 'Ист.', area: 'Общественно-научные предметы' },
  { name: 'Обществознание', shortName: 'Общ.', area: 'Общественно-научные предметы' },
  { name: 'География', shortName: 'Геогр.', area: 'Общественно-научные предметы' },
  { name: 'Биология', shortName: 'Биол.', area: 'Естественно-научные предметы' },
  { name: 'Физика', shortName: 'Физ.', area: 'Естественно-научные предметы' },
  { name: 'Химия', shortName: 'Хим.', area: 'Естественно-научные предметы' },
  { name: 'Музыка', shortName: 'Муз.', area: 'Искусство' },
  { name: 'Изобразительное искусство', shortName: 'ИЗО', area: 'Искусство' },
  { name: 'Труд (технология)', shortName: 'Труд', area: 'Технология' },
  { name: 'Физическая культура', shortName: 'Физ-ра', area: 'Физическая культура' },
  { name: 'Основы безопасности и защиты Родины', shortName: 'ОБЗР', area: 'Основы безопасности и защиты Родины' },
  { name: 'ОДНКНР', shortName: 'ОДНКНР', area: 'Основы духовно-нравственной культуры народов России' },
];
