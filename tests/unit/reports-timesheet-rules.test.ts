import { describe, expect, it } from 'vitest';
import {
  dayKind, emptyTally, lessonTally, monthRange, sumTallies, tallyDays, type CalendarDay, type SheetLesson,
} from '../../src/modules/reports/timesheet/rules.ts';

const DAY = '2026-11-16';
const lesson = (staffId: string, o: Partial<SheetLesson> = {}): SheetLesson => ({ date: DAY, staffId, origin: 'timetable', substitution: null, ...o });
const sub = (kind: string, substituteStaffId: string | null) => ({ substitution: { kind, substituteStaffId } });

// I = Иванова, P = Петров, S = Сидорова
const LESSONS: Array<[string, SheetLesson]> = [
  ['a: I gives her own lesson', lesson('I')],
  ['b: I\'s lesson cancelled', lesson('I', sub('cancelled', null))],
  ['c: P gives I\'s lesson', lesson('I', sub('teacher', 'P'))],
  ['d: I\'s extra lesson', lesson('I', { origin: 'extra' })],
  ['e: I gives P\'s lesson as another subject', lesson('P', sub('subject', 'I'))],
  ['f: S gives her own lesson as another subject', lesson('S', sub('subject', 'S'))],
  ['g: P\'s lesson cancelled (a substitute left on the row counts for nothing)', lesson('P', sub('cancelled', 'S'))],
];

describe('lessonTally', () => {
  it.each([
    ['a', 'I', { scheduled: 1, given: 1 }], ['a', 'P', null],
    ['b', 'I', { scheduled: 1, cancelled: 1 }],
    ['c', 'I', { scheduled: 1, substitutionsReceived: 1 }], ['c', 'P', { given: 1, substitutionsGiven: 1 }],
    ['d', 'I', { extra: 1, given: 1 }],
    ['e', 'P', { scheduled: 1, substitutionsReceived: 1 }], ['e', 'I', { given: 1, substitutionsGiven: 1 }],
    ['f', 'S', { scheduled: 1, given: 1 }],
    ['g', 'P', { scheduled: 1, cancelled: 1 }], ['g', 'S', null],
  ])('lesson %s for %s', (key, teacher, expected) => {
    const l = LESSONS.find(([name]) => name.startsWith(`${key}:`))![1];
    expect(lessonTally(l, teacher)).toEqual(expected);
  });
});

describe('tallyDays', () => {
  const days = tallyDays(LESSONS.map(([, l]) => l));
  it.each([
    // I: scheduled a b c, extra d, given a d e, of them e for P; received c; cancelled b
    ['I', { scheduled: 3, extra: 1, given: 3, substitutionsGiven: 1, substitutionsReceived: 1, cancelled: 1 }],
    // P: scheduled e g, given c (for I), received e, cancelled g
    ['P', { scheduled: 2, extra: 0, given: 1, substitutionsGiven: 1, substitutionsReceived: 1, cancelled: 1 }],
    ['S', { scheduled: 1, extra: 0, given: 1, substitutionsGiven: 0, substitutionsReceived: 0, cancelled: 0 }],
  ])('%s', (teacher, expected) => {
    const day = days.get(teacher)!.get(DAY)!;
    expect(day).toEqual(expected);
    expect(day.scheduled + day.extra).toBe(day.given - day.substitutionsGiven + day.cancelled + day.substitutionsReceived);
  });

  it('keeps days apart and sums them', () => {
    const two = tallyDays([lesson('I'), lesson('I', { date: '2026-11-17' }), lesson('I', { date: '2026-11-17', ...sub('cancelled', null) })]);
    expect([...two.get('I')!.keys()].sort()).toEqual(['2026-11-16', '2026-11-17']);
    expect(sumTallies(two.get('I')!.values())).toEqual({ ...emptyTally(), scheduled: 3, given: 2, cancelled: 1 });
  });
});

// The demo's 2026/2027 calendar (src/cli/seed/calendar.ts), in part.
const CAL: CalendarDay = {
  startsOn: '2026-09-01', endsOn: '2027-08-31',
  holidays: [
    { startsOn: '2026-10-26', endsOn: '2026-11-04', kind: 'vacation', grades: null },
    { startsOn: '2026-11-04', endsOn: '2026-11-04', kind: 'holiday', grades: null },
    { startsOn: '2027-02-15', endsOn: '2027-02-21', kind: 'vacation', grades: [1] },
    { startsOn: '2027-02-22', endsOn: '2027-02-22', kind: 'dayoff', grades: null },
    { startsOn: '2027-03-08', endsOn: '2027-03-08', kind: 'holiday', grades: null },
  ],
  transfers: [{ date: '2027-02-20', worksAs: 1 }, { date: '2027-03-08', worksAs: 2 }],
};

describe('dayKind', () => {
  it.each([
    ['2026-11-16', 'school', 'учебный день'], // Monday
    ['2026-11-21', 'school', 'учебный день'], // Saturday
    ['2026-11-22', 'sunday', 'выходной'],
    ['2026-10-28', 'vacation', 'каникулы'],
    ['2026-11-04', 'holiday', 'праздник'], // a public holiday inside the vacation
    ['2027-02-20', 'transferred', 'рабочий день по расписанию понедельника'], // a Saturday working as Monday
    ['2027-02-22', 'dayoff', 'выходной'], // the Monday given off for it
    ['2027-02-16', 'school', 'учебный день'], // first graders' extra holidays: teachers still work
    ['2027-03-08', 'holiday', 'праздник'], // a holiday wins over a transfer
    ['2026-08-31', 'outside', 'вне учебного года'],
  ])('%s is %s', (date, kind, label) => {
    expect(dayKind(CAL, date)).toEqual({ kind, label });
  });
});

describe('monthRange', () => {
  it.each([
    ['2026-11', '2026-11-23', { from: '2026-11-01', to: '2026-11-30', until: '2026-11-23' }],
    ['2026-10', '2026-11-23', { from: '2026-10-01', to: '2026-10-31', until: '2026-10-31' }],
    ['2026-12', '2026-11-23', { from: '2026-12-01', to: '2026-12-31', until: '2026-11-23' }], // nothing counted yet
    ['2027-02', '2027-03-01', { from: '2027-02-01', to: '2027-02-28', until: '2027-02-28' }],
    ['2028-02', '2028-03-01', { from: '2028-02-01', to: '2028-02-29', until: '2028-02-29' }],
    ['2026-13', '2026-11-23', null], ['2026-1', '2026-11-23', null], ['ноябрь', '2026-11-23', null],
  ])('%s (today %s)', (month, today, expected) => {
    expect(monthRange(month, today)).toEqual(expected);
  });
});
