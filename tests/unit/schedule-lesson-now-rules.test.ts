// Which lesson the home page opens in one tap: the one in progress by the bells, else the next — later today, or the
// first lesson of the next day the teacher has one (after the last bell, a weekend, a holiday); substitutions count.
import { describe, expect, it } from 'vitest';
import type { CalendarHoliday } from '../../src/modules/schedule/calendar.ts';
import { dayLabel, givesLesson, inProgress, lessonNow, type NowCandidate, type NowReason } from '../../src/modules/schedule/lesson-now-rules.ts';

const ME = 'me';
const OTHER = 'colleague';
const MON = '2026-11-23';
const TUE = '2026-11-24';
const FRI = '2026-11-27';
const SAT = '2026-11-28';
const NEXT_MON = '2026-11-30';
const BELLS: Record<number, [string, string]> = { 1: ['08:30:00', '09:15:00'], 2: ['09:25:00', '10:10:00'], 3: ['10:30:00', '11:15:00'] };

function lesson(date: string, n: number, over: Partial<NowCandidate> = {}): NowCandidate {
  const [startsAt, endsAt] = BELLS[n] ?? [null, null];
  return { id: `${date}#${n}`, date, lessonNumber: n, staffId: ME, startsAt, endsAt, grade: 5, subKind: null, substituteStaffId: null, offTimetable: false, ...over };
}

/** Monday to Friday, three lessons a day (given unsorted: the rule sorts). */
const WEEK = [TUE, MON, FRI, NEXT_MON].flatMap((d) => [3, 1, 2].map((n) => lesson(d, n)));

type Case = [name: string, at: { date: string; time: string }, lessons: NowCandidate[], holidays: CalendarHoliday[], expected: {
  kind: 'now' | 'next' | 'none'; id?: string; reason?: NowReason; day?: string; ended?: string | null;
}];

const cases: Case[] = [
  ['before the first bell on Monday: today’s first lesson', { date: MON, time: '07:50' }, WEEK, [],
    { kind: 'next', id: `${MON}#1`, reason: 'before-first-bell', day: 'сегодня', ended: null }],
  ['the first bell itself: lesson 1 is in progress (start inclusive)', { date: MON, time: '08:30' }, WEEK, [],
    { kind: 'now', id: `${MON}#1`, reason: 'in-progress', day: 'сегодня', ended: null }],
  ['during lesson 2', { date: MON, time: '10:00' }, WEEK, [],
    { kind: 'now', id: `${MON}#2`, reason: 'in-progress', ended: `${MON}#1` }],
  ['the bell ending lesson 2: a break (end exclusive), lesson 3 next', { date: MON, time: '10:10' }, WEEK, [],
    { kind: 'next', id: `${MON}#3`, reason: 'break', ended: `${MON}#2` }],
  ['in the break before lesson 3', { date: MON, time: '10:20' }, WEEK, [],
    { kind: 'next', id: `${MON}#3`, reason: 'break', day: 'сегодня', ended: `${MON}#2` }],
  ['after the last lesson: tomorrow’s first, and which day it is', { date: MON, time: '14:00' }, WEEK, [],
    { kind: 'next', id: `${TUE}#1`, reason: 'next-day', day: 'завтра, вторник 24.11', ended: `${MON}#3` }],
  ['Friday after the last lesson: Monday (no lessons on Saturday)', { date: FRI, time: '12:00' }, WEEK, [],
    { kind: 'next', id: `${NEXT_MON}#1`, reason: 'next-day', day: 'понедельник 30.11', ended: `${FRI}#3` }],
  ['the weekend: Monday’s first lesson', { date: SAT, time: '10:00' }, WEEK, [],
    { kind: 'next', id: `${NEXT_MON}#1`, reason: 'next-day', day: 'понедельник 30.11', ended: null }],
  ['a Sunday evening: tomorrow is Monday', { date: '2026-11-29', time: '21:00' }, WEEK, [],
    { kind: 'next', id: `${NEXT_MON}#1`, reason: 'next-day', day: 'завтра, понедельник 30.11' }],
  ['a holiday declared after the lessons were laid out: its lessons are skipped', { date: MON, time: '10:00' }, WEEK,
    [{ startsOn: MON, endsOn: MON, grades: null }],
    { kind: 'next', id: `${TUE}#1`, reason: 'next-day', day: 'завтра, вторник 24.11', ended: null }],
  ['a holiday of other grades does not stop grade 5', { date: MON, time: '10:00' }, WEEK,
    [{ startsOn: MON, endsOn: TUE, grades: [9, 11] }],
    { kind: 'now', id: `${MON}#2`, reason: 'in-progress' }],
  ['holidays all week: the first lesson after them', { date: MON, time: '08:00' }, WEEK,
    [{ startsOn: MON, endsOn: '2026-11-29', grades: null }],
    { kind: 'next', id: `${NEXT_MON}#1`, reason: 'next-day', day: 'понедельник 30.11' }],
  ['my lesson 2 handed to a substitute: not mine now, lesson 3 next', { date: MON, time: '10:00' },
    WEEK.map((l) => (l.id === `${MON}#2` ? { ...l, subKind: 'teacher', substituteStaffId: OTHER } : l)), [],
    { kind: 'next', id: `${MON}#3`, reason: 'break', ended: `${MON}#1` }],
  ['a colleague’s lesson I substitute is my lesson in progress', { date: MON, time: '09:30' },
    [lesson(MON, 1), lesson(MON, 2, { id: 'sub', staffId: OTHER, subKind: 'subject', substituteStaffId: ME }), lesson(MON, 3)], [],
    { kind: 'now', id: 'sub', reason: 'in-progress', ended: `${MON}#1` }],
  ['a cancelled lesson is never the one to open', { date: MON, time: '10:00' },
    WEEK.map((l) => (l.id === `${MON}#2` ? { ...l, subKind: 'cancelled' } : l)), [],
    { kind: 'next', id: `${MON}#3`, reason: 'break' }],
  ['a lesson off the timetable is skipped', { date: MON, time: '07:00' },
    WEEK.map((l) => (l.id === `${MON}#1` ? { ...l, offTimetable: true } : l)), [],
    { kind: 'next', id: `${MON}#2`, reason: 'before-first-bell' }],
  ['lessons without bells (a shift with no schedule): the first of the day', { date: MON, time: '09:00' },
    [lesson(MON, 5), lesson(MON, 6)], [],
    { kind: 'next', id: `${MON}#5`, reason: 'untimed', day: 'сегодня' }],
  ['past lessons are never picked; nothing ahead: none', { date: MON, time: '10:00' },
    [lesson('2026-11-20', 1), lesson('2026-11-20', 2)], [],
    { kind: 'none', ended: null }],
  ['after the last lesson of the last week: none, with the lesson just ended', { date: NEXT_MON, time: '15:00' }, WEEK, [],
    { kind: 'none', ended: `${NEXT_MON}#3` }],
  ['no lessons at all', { date: MON, time: '10:00' }, [], [], { kind: 'none', ended: null }],
];

describe('lessonNow', () => {
  it.each(cases)('%s', (_name, at, lessons, holidays, expected) => {
    const got = lessonNow(lessons, ME, at, holidays);
    expect(got.kind).toBe(expected.kind);
    if (expected.ended !== undefined) expect(got.ended?.id ?? null).toBe(expected.ended);
    if (got.kind === 'none') return;
    expect(got.lesson.id).toBe(expected.id);
    expect(got.reason).toBe(expected.reason);
    if (expected.day) expect(got.day.text).toBe(expected.day);
  });

  it('reads the time of day to the minute: 10:09:59 is still lesson 2, 10:10:00 is not', () => {
    expect(lessonNow(WEEK, ME, { date: MON, time: '10:09:59' }, [])).toMatchObject({ kind: 'now', lesson: { id: `${MON}#2` } });
    expect(lessonNow(WEEK, ME, { date: MON, time: '10:10:00' }, [])).toMatchObject({ kind: 'next', lesson: { id: `${MON}#3` } });
  });
});

describe('givesLesson and inProgress', () => {
  it.each<[string, Partial<NowCandidate>, boolean]>([
    ['my own lesson', {}, true],
    ['a colleague’s lesson', { staffId: OTHER }, false],
    ['mine, handed to a colleague', { subKind: 'teacher', substituteStaffId: OTHER }, false],
    ['a colleague’s, substituted by me', { staffId: OTHER, subKind: 'teacher', substituteStaffId: ME }, true],
    ['mine, cancelled', { subKind: 'cancelled' }, false],
    ['mine, off the timetable', { offTimetable: true }, false],
  ])('%s → %s', (_name, over, expected) => {
    expect(givesLesson(lesson(MON, 1, over), ME, [])).toBe(expected);
  });

  it('a lesson without bells is never in progress; another day’s never either', () => {
    expect(inProgress(lesson(MON, 9), { date: MON, time: '10:00' })).toBe(false);
    expect(inProgress(lesson(TUE, 2), { date: MON, time: '10:00' })).toBe(false);
    expect(inProgress(lesson(MON, 2), { date: MON, time: '10:00' })).toBe(true);
  });
});

describe('dayLabel', () => {
  it.each([
    [MON, MON, 'today', 'сегодня'],
    [TUE, MON, 'tomorrow', 'завтра, вторник 24.11'],
    [NEXT_MON, SAT, 'later', 'понедельник 30.11'],
    ['2027-01-11', '2026-12-28', 'later', 'понедельник 11.01'],
    ['2027-01-01', '2026-12-31', 'tomorrow', 'завтра, пятница 01.01'],
  ])('%s seen on %s → %s «%s»', (date, today, when, text) => {
    expect(dayLabel(date, today)).toMatchObject({ when, text });
  });
});
