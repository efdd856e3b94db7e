// Mark accumulation: school days left in a period (holidays, transferred days, grade-only holidays) and the status of a
// student's count of marks (hand-computed on the 2026/2027 calendar of the demo template).
import { describe, expect, it } from 'vitest';
import { byRisk, gradeHasMarks, markStatus, marksMissing, schoolDaysLeft, type AccumulationFacts } from '../../src/modules/reports/accumulation/rules.ts';
import type { YearCalendar } from '../../src/modules/schedule/calendar.ts';

const CAL: YearCalendar = {
  startsOn: '2026-09-01', endsOn: '2027-08-31',
  holidays: [
    { startsOn: '2026-10-26', endsOn: '2026-11-04', grades: null }, // осенние каникулы
    { startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] }, // extra holidays of the 1st grade
    { startsOn: '2027-02-22', endsOn: '2027-02-23', grades: null }, // day off moved from Saturday 20.02, and 23.02
  ],
  transfers: [{ date: '2027-02-20', worksAs: 1 }], // Saturday works as Monday
};
const FIVE = new Set([1, 2, 3, 4, 5]);
const SIX = new Set([1, 2, 3, 4, 5, 6]);
const TUE_THU = new Set([2, 4]);

describe('schoolDaysLeft', () => {
  it.each<[string, number | null, Set<number>, string, string, number]>([
    // 23.11 (Mon) … 28.12 (Mon): five full weeks and Monday 28.12 = 26 days; with Saturdays 28.11, 5, 12, 19, 26.12 = 31
    ['five-day week, quarter 2 from 23.11', 5, FIVE, '2026-11-23', '2026-12-28', 26],
    ['six-day week, quarter 2 from 23.11', 5, SIX, '2026-11-23', '2026-12-28', 31],
    ['the autumn holidays close 2–4.11 (4.11 a holiday too)', 5, FIVE, '2026-11-02', '2026-11-06', 2],
    // 16–19.02 (4), Saturday 20.02 works as Monday (1), 22–23.02 closed → 5
    ['a transferred Saturday counts for a five-day class', 5, FIVE, '2027-02-16', '2027-02-23', 5],
    ['…as Monday: not for a class that studies Tuesday and Thursday', 5, TUE_THU, '2027-02-16', '2027-02-23', 2],
    ['the 1st grade’s extra holidays', 1, FIVE, '2027-02-15', '2027-02-19', 0],
    ['…do not close the 2nd grade', 2, FIVE, '2027-02-15', '2027-02-19', 5],
    ['today is the last day', 5, FIVE, '2026-12-28', '2026-12-28', 1],
    ['the period is over', 5, FIVE, '2026-12-29', '2026-12-28', 0],
    ['a Sunday alone', 5, SIX, '2026-11-22', '2026-11-22', 0],
  ])('%s → %j', (_name, grade, weekdays, today, end, days) => {
    expect(schoolDaysLeft(CAL, grade, weekdays, today, end)).toBe(days);
  });
});

describe('markStatus (minimum 3 unless said)', () => {
  const f = (p: Partial<AccumulationFacts>): AccumulationFacts => ({ marks: 0, minMarks: 3, lessonsLeft: 10, daysLeft: 20, ...p });
  it.each<[string, Partial<AccumulationFacts>, string]>([
    ['at the minimum', { marks: 3 }, 'ok'],
    ['above it', { marks: 7, daysLeft: 0, lessonsLeft: 0 }, 'ok'],
    ['below, time left', { marks: 2 }, 'behind'],
    ['below, 11 school days left', { marks: 2, daysLeft: 11 }, 'behind'],
    ['below, 10 school days left', { marks: 2, daysLeft: 10 }, 'risk'],
    ['3 missing, 2 lessons left', { marks: 0, lessonsLeft: 2 }, 'risk'],
    ['2 missing, 4 lessons left (two a mark)', { marks: 1, lessonsLeft: 4 }, 'behind'],
    ['2 missing, 3 lessons left', { marks: 1, lessonsLeft: 3 }, 'risk'],
    ['1 missing, 2 lessons left', { marks: 2, lessonsLeft: 2 }, 'behind'],
    ['1 missing, 1 lesson left', { marks: 2, lessonsLeft: 1 }, 'risk'],
    ['joined mid-period: none yet, 6 lessons left in 15 days', { marks: 0, lessonsLeft: 6, daysLeft: 15 }, 'behind'],
    ['joined mid-period: none yet, 5 lessons left in 15 days', { marks: 0, lessonsLeft: 5, daysLeft: 15 }, 'risk'],
    ['the period is over', { marks: 2, daysLeft: 0, lessonsLeft: 0 }, 'risk'],
    ['a school without a minimum', { marks: 0, minMarks: 0, daysLeft: 0, lessonsLeft: 0 }, 'ok'],
    ['a narrower window (5 days): 8 left', { marks: 1, daysLeft: 8, windowDays: 5 }, 'behind'],
  ])('%s → %s', (_name, p, status) => expect(markStatus(f(p))).toBe(status));

  it.each([[0, 3, 3], [2, 3, 1], [3, 3, 0], [5, 3, 0]])('marksMissing(%j, %j) = %j', (marks, min, missing) => {
    expect(marksMissing(marks, min)).toBe(missing);
  });
});

describe('byRisk', () => {
  it('puts the students at risk first, then behind, then the rest, each by class, name and subject', () => {
    const r = (status: 'ok' | 'behind' | 'risk', className: string, studentName: string, subjectName: string) => ({ status, className, studentName, subjectName });
    const sorted = byRisk([r('ok', '5А', 'Андреев', 'Математика'), r('behind', '5А', 'Борисов', 'История'), r('risk', '5Б', 'Андреев', 'Физика'),
      r('risk', '5А', 'Яковлев', 'Математика'), r('risk', '5А', 'Яковлев', 'Английский язык')]);
    expect(sorted.map((x) => `${x.status} ${x.className} ${x.studentName} ${x.subjectName}`)).toEqual([
      'risk 5А Яковлев Английский язык', 'risk 5А Яковлев Математика', 'risk 5Б Андреев Физика', 'behind 5А Борисов История', 'ok 5А Андреев Математика',
    ]);
  });
});

describe('gradeHasMarks', () => {
  it.each<[number | null, boolean]>([[1, false], [2, true], [5, true], [11, true], [null, true]])('grade %j → %j', (grade, marks) => {
    expect(gradeHasMarks(grade)).toBe(marks);
  });
});
