import { describe, expect, it } from 'vitest';
import { adjacentSchoolDay, schoolDays, weekParity, workingWeekday, type YearCalendar } from '../../src/modules/schedule/calendar.ts';
import { diffLayout, lessonFactsHaveContent, planLessons, type ExistingLesson, type PlanSlot, type PlanVersion } from '../../src/modules/schedule/layout-rules.ts';

// 2026/2027: 1 Sep 2026 is a Tuesday; week A = 31.08–06.09.
const CAL: YearCalendar = {
  startsOn: '2026-09-01', endsOn: '2027-05-31',
  holidays: [
    { startsOn: '2026-11-02', endsOn: '2026-11-08', grades: null },          // autumn vacation
    { startsOn: '2027-02-15', endsOn: '2027-02-21', grades: [1] },           // 1st grade February break
    { startsOn: '2026-11-04', endsOn: '2026-11-04', grades: null },          // public holiday inside the vacation
    { startsOn: '2026-12-28', endsOn: '2026-12-28', grades: null },          // day off replaced by Saturday 26.12
  ],
  transfers: [{ date: '2026-12-26', worksAs: 1 }],                           // Saturday works as Monday
};

describe('weekParity', () => {
  it.each([
    ['2026-08-31', 'A'], ['2026-09-01', 'A'], ['2026-09-06', 'A'], ['2026-09-07', 'B'], ['2026-09-13', 'B'],
    ['2026-09-14', 'A'], ['2026-08-30', 'B'], ['2027-05-31', 'B'],
  ] as const)('%s is week %s', (date, parity) => {
    expect(weekParity(CAL.startsOn, date)).toBe(parity);
  });
});

describe('workingWeekday', () => {
  it.each([
    ['2026-08-31', 5, null, 'before the year'],
    ['2026-09-01', 5, 2, 'first day (Tuesday)'],
    ['2026-09-05', 5, 6, 'Saturday'],
    ['2026-09-06', 5, null, 'Sunday'],
    ['2026-11-03', 5, null, 'autumn vacation'],
    ['2026-11-09', 5, 1, 'after the vacation'],
    ['2027-02-16', 1, null, '1st grade February break'],
    ['2027-02-16', 5, 2, 'other grades study in February'],
    ['2027-02-16', null, 2, 'cross-class group: grade-specific holidays do not apply'],
    ['2026-12-26', 5, 1, 'Saturday working as Monday'],
    ['2026-12-28', 5, null, 'the Monday it replaces is a day off'],
    ['2027-05-31', 5, 1, 'last day of the year'],
    ['2027-06-01', 5, null, 'after the year'],
  ] as const)('%s grade %s → %s (%s)', (date, grade, weekday, _why) => {
    expect(workingWeekday(CAL, date, grade)).toBe(weekday);
  });

  it('lists school days within a range, with parity', () => {
    const days = schoolDays(CAL, 5, '2026-12-21', '2026-12-29');
    expect(days.map((d) => `${d.date}:${d.weekday}:${d.parity}`)).toEqual([
      '2026-12-21:1:A', '2026-12-22:2:A', '2026-12-23:3:A', '2026-12-24:4:A', '2026-12-25:5:A', '2026-12-26:1:A',
    ]);
  });

  it('finds the adjacent school day across a vacation', () => {
    expect(adjacentSchoolDay(CAL, '2026-10-31', 1)).toBe('2026-11-09');
    expect(adjacentSchoolDay(CAL, '2026-11-09', -1)).toBe('2026-10-31');
    expect(adjacentSchoolDay(CAL, '2026-09-01', -1)).toBeNull();
  });
});

const slot = (id: string, weekday: number, groupId = 'g5', extra: Partial<PlanSlot> = {}): PlanSlot =>
  ({ id, weekday, lessonNumber: 1, groupId, staffId: 't1', room: '101', weekParity: null, ...extra });
const version = (slots: PlanSlot[], validFrom = CAL.startsOn, validUntil: string | null = null): PlanVersion =>
  ({ timetableId: `v${validFrom}`, validFrom, validUntil, slots });
const grades = (id: string) => (id === 'g1' ? 1 : id === 'gx' ? null : 5);
const datesOf = (versions: PlanVersion[], from: string, until: string) =>
  planLessons(CAL, versions, grades).filter((l) => l.date >= from && l.date < until).map((l) => `${l.groupId}:${l.date}:${l.slotId}`);

describe('planLessons', () => {
  it.each([
    {
      name: 'Monday slot skips the vacation week and takes the transferred Saturday, not the replaced Monday',
      versions: [version([slot('mon', 1)])], from: '2026-10-26', until: '2027-01-05',
      want: ['g5:2026-10-26:mon', 'g5:2026-11-09:mon', 'g5:2026-11-16:mon', 'g5:2026-11-23:mon', 'g5:2026-11-30:mon', 'g5:2026-12-07:mon',
        'g5:2026-12-14:mon', 'g5:2026-12-21:mon', 'g5:2026-12-26:mon', 'g5:2027-01-04:mon'],
    },
    {
      name: '1st grade has no lessons in the February break, 5th grade has',
      versions: [version([slot('a', 2, 'g1'), slot('b', 2, 'g5')])], from: '2027-02-09', until: '2027-02-24',
      want: ['g1:2027-02-09:a', 'g1:2027-02-23:a', 'g5:2027-02-09:b', 'g5:2027-02-16:b', 'g5:2027-02-23:b'],
    },
    {
      name: 'A/B slots alternate weeks',
      versions: [version([slot('wa', 3, 'g5', { weekParity: 'A' }), slot('wb', 3, 'g5', { weekParity: 'B', lessonNumber: 2 })])],
      from: '2026-09-01', until: '2026-09-24',
      want: ['g5:2026-09-02:wa', 'g5:2026-09-16:wa', 'g5:2026-09-09:wb', 'g5:2026-09-23:wb'],
    },
    {
      name: 'a version change mid-year: the old slot until the day before, the new one from the day',
      versions: [version([slot('old', 4)], CAL.startsOn, '2027-01-14'), version([slot('new', 4, 'g5', { staffId: 't2' })], '2027-01-14')],
      from: '2027-01-01', until: '2027-01-29',
      want: ['g5:2027-01-07:old', 'g5:2027-01-14:new', 'g5:2027-01-21:new', 'g5:2027-01-28:new'],
    },
    {
      name: "the year's edges: a Tuesday slot starts 1 Sep, a Monday slot ends 31 May",
      versions: [version([slot('tue', 2), slot('mon', 1)])], from: '2026-08-01', until: '2026-09-09',
      want: ['g5:2026-09-01:tue', 'g5:2026-09-08:tue', 'g5:2026-09-07:mon'],
    },
    {
      name: 'last lessons of the year',
      versions: [version([slot('mon', 1)])], from: '2027-05-24', until: '2027-07-01',
      want: ['g5:2027-05-24:mon', 'g5:2027-05-31:mon'],
    },
    {
      name: 'Sunday slots never happen',
      versions: [version([slot('sun', 7)])], from: '2026-09-01', until: '2027-06-01', want: [],
    },
  ])('$name', ({ versions, from, until, want }) => {
    expect(datesOf(versions, from, until)).toEqual(want);
  });

  it('a full year of one weekly slot gives the right count', () => {
    // 39 Mondays from 07.09.2026 to 31.05.2027, minus 02.11 (vacation), 28.12 (day off), 04.01 (check below), plus 26.12
    const all = planLessons(CAL, [version([slot('mon', 1)])], grades);
    expect(new Set(all.map((l) => l.date)).size).toBe(all.length);
    expect(all.every((l) => l.date >= CAL.startsOn && l.date <= CAL.endsOn)).toBe(true);
    expect(all.some((l) => l.date === '2026-11-02' || l.date === '2026-12-28')).toBe(false);
    expect(all.some((l) => l.date === '2026-12-26')).toBe(true);
  });
});

const existing = (id: string, date: string, extra: Partial<ExistingLesson> = {}): ExistingLesson => ({
  id, groupId: 'g5', date, lessonNumber: 1, staffId: 't1', room: '101', slotId: 'mon', origin: 'timetable', offTimetable: false, hasContent: false, ...extra,
});

describe('diffLayout', () => {
  const planned = planLessons(CAL, [version([slot('mon', 1)])], grades).filter((l) => l.date < '2026-09-22'); // 07.09, 14.09, 21.09

  it('creates what is missing, keeps what is there', () => {
    const d = diffLayout(planned, [existing('x', '2026-09-07')]);
    expect(d.create.map((l) => l.date)).toEqual(['2026-09-14', '2026-09-21']);
    expect(d.kept).toBe(1);
    expect([d.update, d.flag, d.remove]).toEqual([[], [], []]);
  });

  it('is idempotent: a second diff after applying changes nothing', () => {
    const first = diffLayout(planned, []);
    const applied = first.create.map((l, i) => existing(`n${i}`, l.date, { slotId: l.slotId }));
    const second = diffLayout(planned, applied);
    expect([second.create.length, second.update.length, second.flag.length, second.remove.length, second.kept]).toEqual([0, 0, 0, 0, 3]);
  });

  it('renews teacher and room of an untouched lesson but not of one with content', () => {
    const newPlan = planned.map((l) => ({ ...l, staffId: 't2', room: '202' }));
    const d = diffLayout(newPlan, [existing('a', '2026-09-07'), existing('b', '2026-09-14', { hasContent: true })]);
    expect(d.update).toEqual([{ id: 'a', staffId: 't2', room: '202', slotId: 'mon', offTimetable: false }]);
    expect(d.kept).toBe(1);
  });

  it('removes empty lessons no longer planned, flags those with content, leaves extra lessons alone', () => {
    const d = diffLayout([], [
      existing('empty', '2026-09-08'), existing('filled', '2026-09-09', { hasContent: true }),
      existing('flagged', '2026-09-10', { hasContent: true, offTimetable: true }), existing('extra', '2026-09-11', { origin: 'extra', hasContent: true }),
    ]);
    expect(d.remove).toEqual(['empty']);
    expect(d.flag).toEqual(['filled']);
    expect(d.alreadyFlagged).toBe(1);
    expect(d.kept).toBe(0);
  });

  it('a flagged lesson back on the timetable is unflagged', () => {
    const d = diffLayout(planned.slice(0, 1), [existing('f', '2026-09-07', { hasContent: true, offTimetable: true, slotId: null })]);
    expect(d.update).toEqual([{ id: 'f', staffId: 't1', room: '101', slotId: 'mon', offTimetable: false }]);
  });
});

describe('lessonFactsHaveContent', () => {
  const none = { topicOverridden: false, workDone: null, homework: null, controlWork: false, hasSubstitution: false, origin: 'timetable' };
  it.each([
    [{}, false], [{ workDone: '  ' }, false], [{ topicOverridden: true }, true], [{ workDone: 'упр. 5' }, true], [{ homework: '§3' }, true],
    [{ controlWork: true }, true], [{ hasSubstitution: true }, true], [{ origin: 'extra' }, true],
  ])('%o → %s', (facts, want) => {
    expect(lessonFactsHaveContent({ ...none, ...facts })).toBe(want);
  });
});
