import { describe, expect, it } from 'vitest';
import {
  curriculumYearHours, laidOutLessons, periodWindow, programmeFigures, yearShortfall, type ProgrammeLesson,
} from '../../src/modules/reports/programme/rules.ts';

// One lesson per entry: 'T 11-05' a timetable lesson, 'x' cancelled, 'E' an extra lesson, 'O' off the timetable (2026).
const L = (...spec: string[]): ProgrammeLesson[] => spec.map((s) => {
  const [kind, md] = s.split(' ') as [string, string];
  return {
    date: `2026-${md}`, origin: kind === 'E' ? 'extra' : 'timetable', offTimetable: kind === 'O', cancelled: kind === 'x',
  };
});
const second = { from: '2026-11-05', to: '2026-11-23' };

describe('programmeFigures', () => {
  it.each([
    ['every lesson given as planned', L('T 11-05', 'T 11-12', 'T 11-19'), 10, second,
      { planned: 3, given: 3, gap: 0, cancelled: 0, extra: 0 }],
    ['a cancelled lesson: planned, not given — one hour behind', L('T 11-05', 'x 11-12', 'T 11-19'), 10, second,
      { planned: 3, given: 2, gap: 1, cancelled: 1, extra: 0 }],
    ['an extra lesson makes up for the cancelled one', L('T 11-05', 'x 11-12', 'E 11-14', 'T 11-19'), 10, second,
      { planned: 3, given: 3, gap: 0, cancelled: 1, extra: 1 }],
    // places: 10-20 → 1, 10-22 → 2, 11-05 → 3 (last hour of the plan), 11-12 → beyond the plan
    ['the plan runs out: places before the window use up its hours', L('T 10-20', 'T 10-22', 'T 11-05', 'T 11-12'), 3, second,
      { planned: 1, given: 2, gap: -1, cancelled: 0, extra: 0 }],
    ['lessons after the date count for nothing', L('T 11-19', 'T 11-24', 'x 11-26'), 10, second,
      { planned: 1, given: 1, gap: 0, cancelled: 0, extra: 0 }],
    ['a lesson off the timetable is given but is no place of the plan', L('T 11-05', 'O 11-06'), 10, second,
      { planned: 1, given: 2, gap: -1, cancelled: 0, extra: 0 }],
    // the autumn holidays (10-26 … 11-04) lay out no lessons: nothing is planned on them
    ['holidays lay out no lesson and plan nothing', L('T 10-23', 'T 11-05', 'T 11-06'), 10, { from: '2026-10-24', to: '2026-11-05' },
      { planned: 1, given: 1, gap: 0, cancelled: 0, extra: 0 }],
    ['no КТП: given only, no plan and no gap', L('T 11-05', 'x 11-12', 'T 11-19'), 0, second,
      { planned: null, given: 2, gap: null, cancelled: 1, extra: 0 }],
    ['a period not begun yet: nothing', L('T 11-05', 'T 11-12'), 10, { from: '2027-01-11', to: '2026-11-23' },
      { planned: 0, given: 0, gap: 0, cancelled: 0, extra: 0 }],
    ['no lessons at all', [], 10, second, { planned: 0, given: 0, gap: 0, cancelled: 0, extra: 0 }],
  ])('%s', (_name, lessons, hours, window, expected) => {
    expect(programmeFigures(lessons, hours, window)).toEqual(expected);
  });
});

describe('the year', () => {
  it('counts the lessons the timetable lays out, cancelled ones too, extra and off-timetable ones not', () => {
    expect(laidOutLessons(L('T 09-01', 'x 09-03', 'E 09-05', 'O 09-08', 'T 09-10'))).toBe(3);
  });

  it.each([
    [2, 5, 68], [1, 1, 33], [0.5, 7, 17], [1.5, null, 51], [2.5, 1, 82.5], [null, 5, null], [0, 5, null],
  ])('curriculum %s h/week in grade %s → %s h/year', (perWeek, grade, expected) => {
    expect(curriculumYearHours(perWeek, grade)).toBe(expected);
  });

  it.each([[102, 99, 3], [68, 70, -2], [0, 99, null]])('КТП %s h, %s lessons laid out → short by %s', (ktp, laid, expected) => {
    expect(yearShortfall(ktp, laid)).toBe(expected);
  });
});

describe('periodWindow', () => {
  it.each([
    ['the current period ends today', { startsOn: '2026-11-05', endsOn: '2026-12-28' }, { from: '2026-11-05', to: '2026-11-23' }],
    ['a period already over runs to its last day', { startsOn: '2026-09-01', endsOn: '2026-10-24' }, { from: '2026-09-01', to: '2026-10-24' }],
    ['a period to come is empty', { startsOn: '2027-01-11', endsOn: '2027-03-20' }, { from: '2027-01-11', to: '2026-11-23' }],
  ])('%s', (_name, period, expected) => {
    expect(periodWindow(period, '2026-11-23')).toEqual(expected);
  });
});
