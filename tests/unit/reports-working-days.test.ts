import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/modules/reports/core/working-days.ts';
import type { YearCalendar } from '../../src/modules/schedule/calendar.ts';

// 4 Nov 2026 (Wed) a holiday; Saturday 7 Nov works; 10 Nov a holiday of grade 1 only (the school works);
// winter break 28 Dec – 8 Jan with 29 Dec "transferred" (the holiday wins).
const CAL: YearCalendar = {
  startsOn: '2026-09-01', endsOn: '2027-05-31',
  holidays: [
    { startsOn: '2026-11-04', endsOn: '2026-11-04', grades: null },
    { startsOn: '2026-11-10', endsOn: '2026-11-10', grades: [1] },
    { startsOn: '2026-12-28', endsOn: '2027-01-08', grades: [] },
  ],
  transfers: [{ date: '2026-11-07', worksAs: 3 }, { date: '2026-12-29', worksAs: 1 }],
};

describe('isWorkingDay', () => {
  it.each([
    ['2026-11-03', true, 'a Tuesday'],
    ['2026-11-04', false, 'a school-wide holiday'],
    ['2026-11-07', true, 'a transferred Saturday'],
    ['2026-11-08', false, 'a Sunday'],
    ['2026-11-14', false, 'a plain Saturday'],
    ['2026-11-10', true, 'a holiday of one grade only'],
    ['2026-12-29', false, 'a transfer inside a holiday: the holiday wins'],
    ['2027-06-05', false, 'a Saturday outside the year'],
  ])('%s → %s (%s)', (date, expected) => expect(isWorkingDay(CAL, date)).toBe(expected));
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-11-02', 2, '2026-11-05', 'Mon + 2 skips the Wednesday holiday'],
    ['2026-11-05', 2, '2026-11-07', 'Thu + 2 lands on the working Saturday'],
    ['2026-11-06', 2, '2026-11-09', 'Fri + 2: Saturday, then Monday'],
    ['2026-11-09', 3, '2026-11-12', 'the grade-1 holiday still counts'],
    ['2026-12-25', 2, '2027-01-12', 'over the winter break'],
    ['2026-11-02', 0, '2026-11-02', 'zero days'],
  ])('%s + %i → %s (%s)', (date, n, expected) => expect(addWorkingDays(CAL, date, n)).toBe(expected));

  it('without a calendar only weekdays count', () => expect(addWorkingDays(undefined, '2026-11-06', 2)).toBe('2026-11-10'));
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-11-02', '2026-11-09', 5],
    ['2026-11-09', '2026-11-09', 0],
    ['2026-11-09', '2026-11-02', 0],
  ])('%s → %s: %i', (from, to, expected) => expect(workingDaysBetween(CAL, from, to)).toBe(expected));
});
