import { describe, expect, it } from 'vitest';
import {
  checkBells, checkHoliday, checkPeriod, checkTransfer, checkYear, className, periodName, periodNames, type BellRow, type PeriodRow,
} from '../../src/modules/setup/rules.ts';

const YEAR = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };
const Q1: PeriodRow = { ordinal: 1, name: '1 четверть', startsOn: '2026-09-01', endsOn: '2026-10-24' };
const Q2: PeriodRow = { ordinal: 2, name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28' };
const Q3: PeriodRow = { ordinal: 3, name: '3 четверть', startsOn: '2027-01-11', endsOn: '2027-03-20' };

describe('periodNames', () => {
  it.each([
    ['quarters', ['1 четверть', '2 четверть', '3 четверть', '4 четверть']],
    ['trimesters', ['1 триместр', '2 триместр', '3 триместр']],
    ['halves', ['1 полугодие', '2 полугодие']],
    ['semesters', ['1 семестр', '2 семестр']],
    ['other', ['']],
    ['unknown', ['']],
  ])('%s', (kind, names) => {
    expect(periodNames(kind)).toEqual(names);
  });

  it('names the next period of a scheme', () => {
    expect(periodName('quarters', 5)).toBe('5 четверть');
    expect(periodName('other', 2)).toBe('');
  });
});

describe('checkPeriod', () => {
  it.each<{ name: string; p: PeriodRow; others: PeriodRow[]; errors: Record<string, string> }>([
    { name: 'a valid first quarter', p: Q1, others: [], errors: {} },
    { name: 'a valid quarter between others', p: Q2, others: [Q1, Q3], errors: {} },
    { name: 'a one-day gap is enough', p: { ...Q2, startsOn: '2026-10-25' }, others: [Q1], errors: {} },
    {
      name: 'starts before the year', p: { ...Q1, startsOn: '2026-08-31' }, others: [],
      errors: { startsOn: 'Период начинается раньше учебного года (01.09.2026).' },
    },
    {
      name: 'starts after the year', p: { ...Q1, startsOn: '2027-06-01', endsOn: '2027-06-02' }, others: [],
      errors: { startsOn: 'Период начинается после окончания учебного года (31.05.2027).', endsOn: 'Период заканчивается после окончания учебного года (31.05.2027).' },
    },
    {
      name: 'ends after the year', p: { ...Q3, endsOn: '2027-06-01' }, others: [],
      errors: { endsOn: 'Период заканчивается после окончания учебного года (31.05.2027).' },
    },
    { name: 'ends on the last day of the year', p: { ...Q3, endsOn: '2027-05-31' }, others: [], errors: {} },
    {
      name: 'ends before it starts', p: { ...Q2, endsOn: '2026-11-01' }, others: [],
      errors: { endsOn: 'Период должен заканчиваться позже, чем начинается.' },
    },
    {
      name: 'ends the day it starts', p: { ...Q2, endsOn: Q2.startsOn }, others: [],
      errors: { endsOn: 'Период должен заканчиваться позже, чем начинается.' },
    },
    {
      name: 'overlaps the previous period', p: { ...Q2, startsOn: '2026-10-24' }, others: [Q1],
      errors: { startsOn: 'Период пересекается с периодом «1 четверть» (01.09.2026 – 24.10.2026).' },
    },
    {
      name: 'overlaps the next period', p: { ...Q2, endsOn: '2027-01-11' }, others: [Q3],
      errors: { endsOn: 'Период пересекается с периодом «3 четверть» (11.01.2027 – 20.03.2027).' },
    },
    {
      name: 'covers another period', p: { ...Q2, startsOn: '2026-09-01', endsOn: '2027-05-31' }, others: [Q1, Q3],
      errors: {
        startsOn: 'Период пересекается с периодом «1 четверть» (01.09.2026 – 24.10.2026).',
        endsOn: 'Период пересекается с периодом «3 четверть» (11.01.2027 – 20.03.2027).',
      },
    },
    {
      name: 'numbered after a period that comes later', p: { ...Q3, ordinal: 1, name: 'X' }, others: [Q2],
      errors: { endsOn: 'Период № 1 должен закончиться до периода № 2 «2 четверть» (05.11.2026 – 28.12.2026), а по датам он позже.' },
    },
    {
      name: 'numbered before a period that comes earlier', p: { ...Q1, ordinal: 3 }, others: [Q2],
      errors: { startsOn: 'Период № 3 должен идти после периода № 2 «2 четверть» (05.11.2026 – 28.12.2026), а по датам он раньше.' },
    },
    {
      name: 'takes a used number', p: { ...Q3, ordinal: 2 }, others: [Q1, Q2],
      errors: { ordinal: 'Номер 2 уже у периода «2 четверть».' },
    },
    {
      name: 'the year bound wins over an overlap', p: { ...Q2, startsOn: '2026-08-01' }, others: [Q1],
      errors: { startsOn: 'Период начинается раньше учебного года (01.09.2026).' },
    },
  ])('$name', ({ p, others, errors }) => {
    expect(checkPeriod(p, YEAR, others)).toEqual(errors);
  });
});

describe('checkYear', () => {
  const next = { name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-05-31' };
  it.each<{ name: string; y: typeof next; others: Array<typeof next>; contents?: Array<{ what: string; startsOn: string; endsOn: string }>; errors: Record<string, string> }>([
    { name: 'a valid next year', y: next, others: [YEAR], errors: {} },
    { name: 'ends before it starts', y: { ...next, endsOn: '2027-08-01' }, others: [], errors: { endsOn: 'Учебный год должен заканчиваться позже, чем начинается.' } },
    {
      name: 'longer than a calendar year', y: { ...next, endsOn: '2028-09-02' }, others: [],
      errors: { endsOn: 'Учебный год длиннее календарного: проверьте даты.' },
    },
    {
      name: 'starts in the wrong year', y: { ...next, startsOn: '2028-01-10' }, others: [],
      errors: { startsOn: 'Учебный год 2027/2028 должен начинаться в 2027 году.' },
    },
    {
      name: 'ends in the wrong year', y: { ...next, startsOn: '2027-09-01', endsOn: '2027-12-31' }, others: [],
      errors: { endsOn: 'Учебный год 2027/2028 должен заканчиваться в 2028 году.' },
    },
    {
      name: 'overlaps another year', y: { ...next, startsOn: '2027-05-31', endsOn: '2028-05-30' }, others: [YEAR],
      errors: { startsOn: 'Даты пересекаются с учебным годом 2026/2027 (01.09.2026 – 31.05.2027).' },
    },
    {
      name: 'no longer holds a period', y: { ...YEAR, startsOn: '2026-09-02', endsOn: '2027-05-20' }, others: [],
      contents: [{ what: 'Период «1 четверть»', startsOn: '2026-09-01', endsOn: '2026-10-24' }, { what: '«День Победы»', startsOn: '2027-05-09', endsOn: '2027-05-21' }],
      errors: {
        startsOn: 'Период «1 четверть» (01.09.2026 – 24.10.2026) не помещается в новые даты: начните год не позже 01.09.2026.',
        endsOn: '«День Победы» (09.05.2027 – 21.05.2027) не помещается в новые даты: закончите год не раньше 21.05.2027.',
      },
    },
  ])('$name', ({ y, others, contents, errors }) => {
    expect(checkYear(y, others, contents)).toEqual(errors);
  });
});

describe('checkHoliday', () => {
  it.each<{ name: string; h: { startsOn: string; endsOn: string; grades: number[] | null }; transfers?: string[]; errors: Record<string, string> }>([
    { name: 'autumn vacation', h: { startsOn: '2026-10-26', endsOn: '2026-11-04', grades: null }, errors: {} },
    { name: 'a one-day holiday', h: { startsOn: '2026-11-04', endsOn: '2026-11-04', grades: null }, errors: {} },
    {
      name: 'ends before it starts', h: { startsOn: '2026-11-04', endsOn: '2026-11-03', grades: null },
      errors: { endsOn: 'Дата окончания не может быть раньше даты начала.' },
    },
    {
      name: 'summer, outside the year', h: { startsOn: '2027-06-01', endsOn: '2027-08-31', grades: null },
      errors: { startsOn: 'Даты должны быть внутри учебного года (01.09.2026 – 31.05.2027).', endsOn: 'Даты должны быть внутри учебного года (01.09.2026 – 31.05.2027).' },
    },
    {
      name: 'runs past the end of the year', h: { startsOn: '2027-05-30', endsOn: '2027-06-02', grades: null },
      errors: { endsOn: 'Даты должны быть внутри учебного года (01.09.2026 – 31.05.2027).' },
    },
    {
      name: 'covers a transferred day', h: { startsOn: '2027-02-19', endsOn: '2027-02-21', grades: null }, transfers: ['2027-02-20'],
      errors: { startsOn: '20.02.2027 — перенесённый учебный день: уберите перенос или измените даты.' },
    },
    { name: 'grade 1 only may cover a transferred day', h: { startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] }, transfers: ['2027-02-20'], errors: {} },
  ])('$name', ({ h, transfers, errors }) => {
    expect(checkHoliday(h, YEAR, transfers)).toEqual(errors);
  });
});

describe('checkTransfer', () => {
  const winter = { name: 'Зимние каникулы', startsOn: '2026-12-29', endsOn: '2027-01-10', grades: null };
  const firstGrade = { name: 'Каникулы 1-х классов', startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] };
  it.each<{ name: string; t: { date: string; worksAs: number }; errors: Record<string, string> }>([
    { name: 'a Saturday as Monday', t: { date: '2027-02-20', worksAs: 1 }, errors: {} },
    { name: 'a Sunday as Saturday', t: { date: '2026-12-27', worksAs: 6 }, errors: {} },
    { name: 'inside a first-grade-only vacation', t: { date: '2027-02-21', worksAs: 1 }, errors: {} },
    { name: 'outside the year', t: { date: '2027-06-05', worksAs: 1 }, errors: { date: 'Дата должна быть внутри учебного года (01.09.2026 – 31.05.2027).' } },
    {
      name: 'inside a school-wide vacation', t: { date: '2027-01-09', worksAs: 1 },
      errors: { date: 'Эта дата приходится на «Зимние каникулы» (29.12.2026 – 10.01.2027) для всей школы: учебный день туда перенести нельзя.' },
    },
    { name: 'works as Sunday', t: { date: '2027-02-20', worksAs: 7 }, errors: { worksAs: 'Выберите день недели с понедельника по субботу.' } },
    { name: 'works as day 0', t: { date: '2027-02-20', worksAs: 0 }, errors: { worksAs: 'Выберите день недели с понедельника по субботу.' } },
    { name: 'a Monday as Monday', t: { date: '2026-12-28', worksAs: 1 }, errors: { worksAs: 'Этот день и так понедельник: перенос не нужен.' } },
  ])('$name', ({ t, errors }) => {
    expect(checkTransfer(t, YEAR, [winter, firstGrade])).toEqual(errors);
  });
});

describe('checkBells', () => {
  const b = (key: string, lessonNumber: number, startsAt: string, endsAt: string): BellRow => ({ key, lessonNumber, startsAt, endsAt });
  it.each<{ name: string; rows: BellRow[]; errors: Record<string, Record<string, string>> }>([
    { name: 'no lessons', rows: [], errors: {} },
    { name: 'a normal morning', rows: [b('0', 1, '08:30', '09:15'), b('1', 2, '09:25', '10:10'), b('2', 3, '10:30', '11:15')], errors: {} },
    { name: 'back to back lessons', rows: [b('0', 1, '08:30', '09:15'), b('1', 2, '09:15', '10:00')], errors: {} },
    { name: 'rows in any order, a lesson 0', rows: [b('0', 2, '09:25', '10:10'), b('1', 0, '07:40', '08:20'), b('2', 1, '08:30', '09:15')], errors: {} },
    { name: 'ends before it starts', rows: [b('0', 1, '09:15', '08:30')], errors: { 0: { endsAt: 'Урок должен заканчиваться позже, чем начинается.' } } },
    { name: 'ends when it starts', rows: [b('0', 1, '09:15', '09:15')], errors: { 0: { endsAt: 'Урок должен заканчиваться позже, чем начинается.' } } },
    {
      name: 'overlapping lessons', rows: [b('0', 1, '08:30', '09:15'), b('1', 2, '09:10', '09:55')],
      errors: { 1: { startsAt: 'Урок № 2 начинается раньше, чем заканчивается урок № 1 (09:15).' } },
    },
    {
      name: 'numbers out of time order', rows: [b('0', 1, '09:25', '10:10'), b('1', 2, '08:30', '09:15')],
      errors: { 1: { startsAt: 'Урок № 2 начинается раньше, чем заканчивается урок № 1 (10:10).' } },
    },
    {
      name: 'the same number twice', rows: [b('0', 1, '08:30', '09:15'), b('1', 1, '09:25', '10:10')],
      errors: { 1: { lessonNumber: 'Урок № 1 указан дважды.' } },
    },
  ])('$name', ({ rows, errors }) => {
    expect(Object.fromEntries(checkBells(rows))).toEqual(errors);
  });
});

describe('className', () => {
  it.each([
    [{ grade: 5, letter: 'А', groupName: null }, '5А'],
    [{ grade: 11, letter: 'Б', groupName: 'ignored' }, '11Б'],
    [{ grade: 10, letter: 'ФМ', groupName: null }, '10ФМ'],
    [{ grade: null, letter: null, groupName: ' ИСП-21 ' }, 'ИСП-21'],
  ])('%j → %s', (c, name) => {
    expect(className(c)).toBe(name);
  });
});
