// The weekly journal-filling control's arithmetic, answers computed by hand on the 2026/2027 calendar: Monday 16.11.2026,
// Friday 20.11, Monday 23.11; a holiday on Wednesday 04.11 (День народного единства), Saturday 07.11 transferred as a
// working Monday, the winter vacation 28.12.2026–08.01.2027, a 1st-grade-only day off on 18.11.
import { describe, expect, it } from 'vitest';
import type { YearCalendar } from '../../src/modules/schedule/calendar.ts';
import {
  addWorkingDays, controlMarkLate, isWorkingDay, lessonCounts, lessonDue, lessonTeacher, markLate, memberOn, periodMarkDeadline,
  periodMarksDue, reasonDeadline, reasonOverdue, topicMissing, homeworkMissing, type LessonFacts,
} from '../../src/modules/reports/journal-control/rules.ts';

const CAL: YearCalendar = {
  startsOn: '2026-09-01', endsOn: '2027-05-31',
  holidays: [
    { startsOn: '2026-11-04', endsOn: '2026-11-04', grades: null },
    { startsOn: '2026-12-28', endsOn: '2027-01-08', grades: null },
    { startsOn: '2026-11-18', endsOn: '2026-11-18', grades: [1] },
    { startsOn: '2026-11-14', endsOn: '2026-11-14', grades: [] }, // a Saturday, also transferred below: the holiday wins
  ],
  transfers: [{ date: '2026-11-07', worksAs: 1 }, { date: '2026-11-14', worksAs: 2 }],
};
const NO_TRANSFER: YearCalendar = { ...CAL, transfers: [] };

describe('isWorkingDay', () => {
  it.each([
    ['2026-11-16', true, 'a Monday'],
    ['2026-11-20', true, 'a Friday'],
    ['2026-11-21', false, 'a Saturday'],
    ['2026-11-22', false, 'a Sunday'],
    ['2026-11-04', false, 'a school-wide holiday on a Wednesday'],
    ['2026-11-07', true, 'a Saturday transferred as a working Monday'],
    ['2026-11-14', false, 'a transferred Saturday that is also a holiday: the holiday wins'],
    ['2026-11-18', true, 'a day off of the 1st grade only: the school works'],
    ['2026-12-30', false, 'the winter vacation'],
    ['2027-06-15', true, 'after the year (a Tuesday): the weekday alone'],
  ])('%s → %s (%s)', (date, out) => expect(isWorkingDay(CAL, date)).toBe(out));

  it('without a calendar only the weekday counts', () => {
    expect(isWorkingDay(undefined, '2026-11-04')).toBe(true);
    expect(isWorkingDay(undefined, '2026-11-07')).toBe(false);
  });
});

describe('reason deadline: 2 working days after the absence', () => {
  it.each([
    [CAL, '2026-11-16', '2026-11-18', 'Mon → Tue 17, Wed 18'],
    [CAL, '2026-11-19', '2026-11-23', 'Thu → Fri 20, (weekend), Mon 23'],
    [CAL, '2026-11-20', '2026-11-24', 'Fri → Mon 23, Tue 24'],
    [CAL, '2026-11-03', '2026-11-06', 'Tue → (Wed 04 holiday) Thu 05, Fri 06'],
    [CAL, '2026-11-05', '2026-11-07', 'Thu → Fri 06, Sat 07 (transferred working day)'],
    [NO_TRANSFER, '2026-11-05', '2026-11-09', 'Thu → Fri 06, (weekend) Mon 09 without the transfer'],
    [CAL, '2026-11-06', '2026-11-09', 'Fri → Sat 07 (transferred), Mon 09'],
    [CAL, '2026-12-25', '2027-01-12', 'Fri before the vacation → Mon 11.01, Tue 12.01'],
    [CAL, '2026-11-21', '2026-11-24', 'an absence on a Saturday → Mon 23, Tue 24'],
  ])('%#: absence %s → %s (%s)', (cal, absence, deadline) => expect(reasonDeadline(cal, absence)).toBe(deadline));

  it.each([
    ['2026-11-16', '2026-11-23', true],
    ['2026-11-16', '2026-11-18', false], // the deadline day itself
    ['2026-11-16', '2026-11-19', true],
    ['2026-11-19', '2026-11-23', false],
    ['2026-11-19', '2026-11-24', true],
    ['2026-11-20', '2026-11-23', false],
  ])('absence %s, today %s → overdue %s', (absence, today, out) => expect(reasonOverdue(CAL, absence, today)).toBe(out));

  it('addWorkingDays(0) is the day itself', () => expect(addWorkingDays(CAL, '2026-11-21', 0)).toBe('2026-11-21'));
});

describe('lateness', () => {
  it.each([
    ['2026-11-16', '2026-11-16', false], ['2026-11-16', '2026-11-17', true], ['2026-11-20', '2026-11-23', true], ['2026-11-20', '2026-11-19', false],
  ])('a mark of the lesson of %s entered on %s: late %s', (lesson, entered, out) => expect(markLate(lesson, entered)).toBe(out));

  it.each([
    ['2026-11-16', '2026-11-23', 7, false], ['2026-11-16', '2026-11-24', 7, true],
    ['2026-11-16', '2026-11-26', 10, false], ['2026-11-16', '2026-11-27', 10, true],
    ['2026-11-16', '2026-11-16', 7, false],
  ])('a control mark of %s entered on %s with %i days: late %s', (lesson, entered, days, out) =>
    expect(controlMarkLate(lesson, entered, days)).toBe(out));

  it.each([['2026-11-20', '2026-11-23', true], ['2026-11-23', '2026-11-23', false], ['2026-11-24', '2026-11-23', false]])(
    'a lesson of %s, today %s: due %s', (lesson, today, out) => expect(lessonDue(lesson, today)).toBe(out));
});

describe('period marks: by the last day + 2 days', () => {
  it('deadline', () => expect(periodMarkDeadline('2026-10-24')).toBe('2026-10-26'));
  it.each([
    ['2026-10-24', '2026-10-26', '2026-10-27', true, 'deadline Mon 26.10 over on Tue, in that week'],
    ['2026-10-24', '2026-10-26', '2026-10-26', false, 'the deadline day is not over yet'],
    ['2026-10-24', '2026-10-19', '2026-11-23', false, 'the week before the deadline'],
    ['2026-10-24', '2026-11-16', '2026-11-23', true, 'a later week: still counted while missing'],
    ['2026-12-26', '2026-11-16', '2026-11-23', false, 'a period not over'],
  ])('period ending %s, week of %s, today %s → %s (%s)', (ends, week, today, out) => expect(periodMarksDue(ends, week, today)).toBe(out));

  it.each<[{ startsOn: string; endsOn: string | null }, string, boolean, string]>([
    [{ startsOn: '2026-11-18', endsOn: null }, '2026-11-16', false, 'joined mid-week (Wed): not a member on Monday'],
    [{ startsOn: '2026-11-18', endsOn: null }, '2026-11-18', true, 'a member from the day they joined'],
    [{ startsOn: '2026-09-01', endsOn: '2026-11-18' }, '2026-11-18', false, 'left on Wednesday (exclusive end)'],
    [{ startsOn: '2026-09-01', endsOn: '2026-11-18' }, '2026-11-17', true, 'still a member on Tuesday'],
  ])('%j on %s → %s (%s)', (m, date, out) => expect(memberOn(m, date)).toBe(out));
});

describe('whose lesson', () => {
  it.each([
    [null, 'regular'],
    [{ kind: 'teacher', substituteStaffId: 'substitute' }, 'substitute'],
    [{ kind: 'subject', substituteStaffId: 'other-subject-teacher' }, 'other-subject-teacher'],
    [{ kind: 'cancelled', substituteStaffId: null }, null],
  ])('substitution %j → %s', (sub, out) => expect(lessonTeacher('regular', sub)).toBe(out));
});

describe('what a lesson lacks', () => {
  const ctx = { today: '2026-11-23', controlMarkDays: 7, cal: CAL };
  const empty: LessonFacts = { date: '2026-11-16', topic: null, ktpTopicId: null, homework: null, attendanceTaken: false, marks: [], absencesWithoutReason: 0 };

  it.each([
    ['an empty lesson of Monday 16.11', empty, { topic: 1, homework: 1, attendance: 1, lateMarks: 0, lateControl: 0, absenceReasons: 0 }],
    ['the same lesson on its own day (not due yet)', { ...empty, date: '2026-11-23' }, { topic: 0, homework: 0, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 0 }],
    ['a filled lesson: topic from the КТП, «без задания», attendance taken', { ...empty, ktpTopicId: 'k', homework: 'без задания', attendanceTaken: true },
      { topic: 0, homework: 0, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 0 }],
    ['blank texts count as missing', { ...empty, topic: '  ', homework: ' \n', attendanceTaken: true },
      { topic: 1, homework: 1, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 0 }],
    ['marks: on the day, a day late, a control mark on day 7 and one on day 8', {
      ...empty, topic: 'Дроби', homework: '№ 5', attendanceTaken: true,
      marks: [{ enteredOn: '2026-11-16', control: false }, { enteredOn: '2026-11-17', control: false },
        { enteredOn: '2026-11-23', control: true }, { enteredOn: '2026-11-24', control: true }],
    }, { topic: 0, homework: 0, attendance: 0, lateMarks: 1, lateControl: 1, absenceReasons: 0 }],
    ['two absences without a reason, Monday (deadline Wed 18.11, over)', { ...empty, topic: 'Т', homework: 'Д', attendanceTaken: true, absencesWithoutReason: 2 },
      { topic: 0, homework: 0, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 2 }],
    ['an absence on Friday 20.11 (deadline Tue 24.11, not over)', { ...empty, date: '2026-11-20', topic: 'Т', homework: 'Д', attendanceTaken: true, absencesWithoutReason: 1 },
      { topic: 0, homework: 0, attendance: 0, lateMarks: 0, lateControl: 0, absenceReasons: 0 }],
  ])('%s', (_name, lesson, out) => expect(lessonCounts(lesson, ctx)).toEqual(out));

  it('a school with 10 days for written work: the day-8 control mark is in time', () => {
    const l: LessonFacts = { ...empty, marks: [{ enteredOn: '2026-11-24', control: true }] };
    expect(lessonCounts(l, { ...ctx, controlMarkDays: 10 }).lateControl).toBe(0);
  });

  it.each([[null, null, true], ['', null, true], ['Дроби', null, false], [null, 'ktp-id', false]])(
    'topic %j / КТП %j → missing %s', (topic, ktp, out) => expect(topicMissing(topic, ktp)).toBe(out));
  it.each([[null, true], ['', true], ['без задания', false], ['§ 12', false]])('homework %j → missing %s', (hw, out) => expect(homeworkMissing(hw)).toBe(out));
});
