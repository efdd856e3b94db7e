// The reports' date range (core/date-range.ts): dates read in both forms, completed from the other one and today,
// kept inside one of the school's academic years, and refused with a Russian message for the field at fault.
import { describe, expect, it } from 'vitest';
import { DATE_MESSAGES, parseDateRange, yearOf } from '../../src/modules/reports/core/date-range.ts';

const YEARS = [
  { name: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-08-31' },
  { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-08-31' },
];
const TODAY = '2026-11-23';

describe('parseDateRange', () => {
  it.each([
    ['nothing asked: no range (the report’s period)', {}, { from: null, to: null }],
    ['blanks are nothing', { from: ' ', to: '' }, { from: null, to: null }],
    ['both dates, ISO', { from: '2026-11-16', to: '2026-11-20' }, { from: '2026-11-16', to: '2026-11-20' }],
    ['both dates, typed ДД.ММ.ГГГГ', { from: '16.11.2026', to: '1.12.2026' }, { from: '2026-11-16', to: '2026-12-01' }],
    ['one day', { from: '2026-11-16', to: '2026-11-16' }, { from: '2026-11-16', to: '2026-11-16' }],
    ['the whole year', { from: '2026-09-01', to: '2027-08-31' }, { from: '2026-09-01', to: '2027-08-31' }],
    ['only «с» this year: up to today', { from: '2026-11-01' }, { from: '2026-11-01', to: TODAY }],
    ['only «с» after today: to the year’s end', { from: '2026-12-01' }, { from: '2026-12-01', to: '2027-08-31' }],
    ['only «с» last year: to that year’s end', { from: '2026-03-01' }, { from: '2026-03-01', to: '2026-08-31' }],
    ['only «по»: from the start of its year', { to: '2026-10-24' }, { from: '2026-09-01', to: '2026-10-24' }],
  ])('%s', (_, input, expected) => expect(parseDateRange(input, YEARS, TODAY)).toEqual({ ok: true, ...expected }));

  it.each([
    ['an unreadable «с»', { from: 'вчера', to: '2026-11-20' }, 'from', DATE_MESSAGES.from],
    ['a date that does not exist', { from: '2026-02-30' }, 'from', DATE_MESSAGES.from],
    ['an unreadable «по»', { from: '2026-11-16', to: '2026-13-01' }, 'to', DATE_MESSAGES.to],
    ['«по» before «с»', { from: '2026-11-20', to: '2026-11-16' }, 'to', DATE_MESSAGES.reversed],
    ['«с» outside every school year', { from: '2024-05-01' }, 'from', 'Дата «с» вне учебных годов школы: выберите дату учебного года.'],
    ['«по» outside every school year', { to: '2027-09-01' }, 'to', 'Дата «по» вне учебных годов школы: выберите дату учебного года.'],
    ['two school years', { from: '2026-05-01', to: '2026-11-20' }, 'to',
      'Даты «с» и «по» — в разных учебных годах: отчёт строится не больше чем за один учебный год (2025/2026: 01.09.2025 — 31.08.2026).'],
  ])('%s → 422 on the field', (_, input, field, message) => expect(parseDateRange(input, YEARS, TODAY)).toEqual({ ok: false, field, message }));

  it('a school without years refuses any date', () => {
    expect(parseDateRange({ from: '2026-11-16' }, [], TODAY)).toMatchObject({ ok: false, field: 'from' });
  });
});

describe('yearOf', () => {
  it('finds the year containing a date, its first and last day included', () => {
    expect(yearOf(YEARS, '2026-09-01')?.name).toBe('2026/2027');
    expect(yearOf(YEARS, '2026-08-31')?.name).toBe('2025/2026');
    expect(yearOf(YEARS, '2030-01-01')).toBeUndefined();
  });
});
