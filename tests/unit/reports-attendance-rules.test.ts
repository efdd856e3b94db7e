// The attendance report's rules on a hand-made week (Mon 16.11 – Fri 20.11.2026) of two classes: 5А (Ученик1, Ученик2,
// Ученик3 who joins on Wednesday 18.11) and 5Б (Ученик4); 5А's maths and Russian, an English subgroup of Ученик1 only,
// a cross-class elective of Ученик1 (5А) and Ученик4 (5Б), 5Б's maths. Each case lays out lessons and attendance rows
// and names the figures expected by hand.
import { describe, expect, it } from 'vitest';
import {
  countedRange, emptyFigures, missedShare, studentFigures, sumFigures, type AttendanceRow, type ClassSpan, type Figures, type LessonFact,
} from '../../src/modules/reports/attendance/rules.ts';

const RANGE = { from: '2026-11-16', to: '2026-11-20' };
const GROUPS = [
  { id: 'mathA', kind: 'class', classId: 'A' }, { id: 'rusA', kind: 'class', classId: 'A' },
  { id: 'engA1', kind: 'subgroup', classId: 'A' }, { id: 'elective', kind: 'cross_class', classId: null },
  { id: 'mathB', kind: 'class', classId: 'B' },
];
const SPANS: ClassSpan[] = [
  { studentId: 's1', classId: 'A', startsOn: '2026-09-01', endsOn: null },
  { studentId: 's2', classId: 'A', startsOn: '2026-09-01', endsOn: null },
  { studentId: 's3', classId: 'A', startsOn: '2026-11-18', endsOn: null },
  { studentId: 's4', classId: 'B', startsOn: '2026-09-01', endsOn: null },
];
const MEMBERS = [
  { groupId: 'engA1', studentId: 's1', startsOn: '2026-09-01', endsOn: null },
  { groupId: 'elective', studentId: 's1', startsOn: '2026-09-01', endsOn: null },
  { groupId: 'elective', studentId: 's4', startsOn: '2026-09-01', endsOn: null },
];

/** 'mathA@16' → the maths lesson of 5А on 16.11; '!' after it: cancelled. */
const lesson = (spec: string): LessonFact => {
  const [group, day] = spec.replace('!', '').split('@');
  return { id: spec.replace('!', ''), groupId: group!, date: `2026-11-${day}`, cancelled: spec.endsWith('!') };
};
/** 's2 н mathA@16 illness' style rows: [student, kind, lesson, reason?]. */
const row = (studentId: string, kind: 'absent' | 'late', lessonId: string, reason: string | null = null): AttendanceRow => ({ lessonId, studentId, kind, reason });

type Case = {
  name: string; lessons: string[]; rows: AttendanceRow[]; spans?: ClassSpan[];
  expect: Record<string, Partial<Figures>>;
};

const CASES: Case[] = [
  {
    name: 'every held lesson of the day missed: a full day, reasons apart',
    lessons: ['mathA@16', 'rusA@16'], rows: [row('s2', 'absent', 'mathA@16', 'illness'), row('s2', 'absent', 'rusA@16')],
    expect: { 'A|s2': { lessons: 2, missed: 2, illness: 1, unset: 1, fullDays: 1 }, 'A|s1': { lessons: 2, missed: 0, fullDays: 0 } },
  },
  {
    name: 'one lesson of the day attended: not a full day',
    lessons: ['mathA@16', 'rusA@16'], rows: [row('s2', 'absent', 'mathA@16', 'valid')],
    expect: { 'A|s2': { lessons: 2, missed: 1, valid: 1, fullDays: 0 } },
  },
  {
    name: 'a cancelled lesson is not in the day: the other lesson missed makes it full; the row on the cancelled one is not counted',
    lessons: ['mathA@17!', 'rusA@17'], rows: [row('s2', 'absent', 'mathA@17', 'illness'), row('s2', 'absent', 'rusA@17', 'illness')],
    expect: { 'A|s2': { lessons: 1, missed: 1, illness: 1, fullDays: 1 } },
  },
  {
    name: 'a day whose only lesson is cancelled is no day at all',
    lessons: ['mathA@17!'], rows: [row('s2', 'absent', 'mathA@17')],
    expect: { 'A|s2': { lessons: 0, missed: 0, fullDays: 0 } },
  },
  {
    name: 'the cross-class elective counts in each student’s own class and day',
    lessons: ['mathA@17', 'elective@17', 'mathB@17'],
    rows: [row('s1', 'absent', 'mathA@17', 'invalid'), row('s4', 'absent', 'mathB@17', 'illness'), row('s4', 'absent', 'elective@17', 'illness')],
    expect: {
      'A|s1': { lessons: 2, missed: 1, invalid: 1, fullDays: 0 }, 'A|s2': { lessons: 1 },
      'B|s4': { lessons: 2, missed: 2, illness: 2, fullDays: 1 },
    },
  },
  {
    name: 'a subgroup lesson is in its members’ day only',
    lessons: ['mathA@19', 'engA1@19'], rows: [row('s2', 'absent', 'mathA@19'), row('s1', 'absent', 'mathA@19')],
    expect: { 'A|s2': { lessons: 1, missed: 1, fullDays: 1 }, 'A|s1': { lessons: 2, missed: 1, fullDays: 0 } },
  },
  {
    name: 'a student who joined on Wednesday counts from Wednesday (a stray row before is not counted)',
    lessons: ['mathA@16', 'mathA@17', 'mathA@18', 'mathA@19'], rows: [row('s3', 'absent', 'mathA@16'), row('s3', 'absent', 'mathA@18', 'valid')],
    expect: { 'A|s3': { lessons: 2, missed: 1, valid: 1, unset: 0, fullDays: 1 }, 'A|s1': { lessons: 4 } },
  },
  {
    name: 'a student who left on Thursday counts until Wednesday',
    spans: [...SPANS.filter((s) => s.studentId !== 's2'), { studentId: 's2', classId: 'A', startsOn: '2026-09-01', endsOn: '2026-11-19' }],
    lessons: ['mathA@18', 'mathA@19', 'mathA@20'], rows: [row('s2', 'absent', 'mathA@18')],
    expect: { 'A|s2': { lessons: 1, missed: 1, fullDays: 1 } },
  },
  {
    name: 'a student moved from 5А to 5Б on Wednesday counts in each class for its days',
    spans: [...SPANS.filter((s) => s.studentId !== 's2'), { studentId: 's2', classId: 'A', startsOn: '2026-09-01', endsOn: '2026-11-18' },
      { studentId: 's2', classId: 'B', startsOn: '2026-11-18', endsOn: null }],
    lessons: ['mathA@17', 'mathB@17', 'mathA@18', 'mathB@18'], rows: [row('s2', 'absent', 'mathB@18', 'illness')],
    expect: { 'A|s2': { lessons: 1, missed: 0 }, 'B|s2': { lessons: 1, missed: 1, illness: 1, fullDays: 1 } },
  },
  {
    name: 'a late is a late, not a miss; lessons outside the range are not counted',
    lessons: ['mathA@16', 'rusA@16', 'mathA@23'], rows: [row('s1', 'late', 'mathA@16'), row('s1', 'absent', 'rusA@16'), row('s1', 'absent', 'mathA@23')],
    expect: { 'A|s1': { lessons: 2, missed: 1, late: 1, unset: 1, fullDays: 0 } },
  },
  {
    name: 'a student with no lesson held has a line of zeros',
    lessons: [], rows: [],
    expect: { 'A|s3': emptyFigures(), 'B|s4': emptyFigures() },
  },
];

describe('studentFigures', () => {
  it.each(CASES)('$name', (c) => {
    const lines = studentFigures({ range: RANGE, groups: GROUPS, lessons: c.lessons.map(lesson), classSpans: c.spans ?? SPANS, members: MEMBERS, rows: c.rows });
    const byKey = new Map(lines.map((l) => [`${l.classId}|${l.studentId}`, l]));
    for (const [key, figures] of Object.entries(c.expect)) expect(byKey.get(key), key).toMatchObject(figures);
    for (const l of lines) expect(l.missed).toBe(l.illness + l.valid + l.invalid + l.unset);
  });

  it('a line for everyone on the roll some day of the range, none for a class not in the report', () => {
    const lines = studentFigures({ range: RANGE, groups: GROUPS, lessons: [lesson('elective@17')], classSpans: SPANS.filter((s) => s.classId === 'A'), members: MEMBERS, rows: [] });
    expect(lines.map((l) => `${l.classId}|${l.studentId}|${l.lessons}`).sort()).toEqual(['A|s1|1', 'A|s2|0', 'A|s3|0']);
  });
});

describe('missedShare: missed ÷ lessons in %, one decimal, half up', () => {
  it.each([
    [0, 0, null], [0, 10, 0], [3, 3, 100], [1, 3, 33.3], [2, 3, 66.7], [1, 8, 12.5], [1, 16, 6.3], [1, 80, 1.3], [3, 80, 3.8],
    [5, 48, 10.4], [1, 2000, 0.1], [1, 2001, 0], [17, 120, 14.2],
  ])('%i of %i → %s', (missed, lessons, share) => expect(missedShare({ missed, lessons })).toBe(share));
});

describe('sumFigures', () => {
  it('adds every figure; the share of a sum is of the sums, not the mean of shares', () => {
    const a = { ...emptyFigures(), lessons: 10, missed: 1, illness: 1, fullDays: 1 };
    const b = { ...emptyFigures(), lessons: 30, missed: 9, valid: 4, invalid: 2, unset: 3, late: 2 };
    const s = sumFigures([a, b]);
    expect(s).toEqual({ lessons: 40, missed: 10, illness: 1, valid: 4, invalid: 2, unset: 3, late: 2, fullDays: 1 });
    expect(missedShare(s)).toBe(25);
  });
});

describe('countedRange', () => {
  const Q2 = { startsOn: '2026-11-05', endsOn: '2026-12-28' };
  const none = { from: null, to: null };
  it.each([
    ['the current period, up to today', none, Q2, '2026-11-23', { from: '2026-11-05', to: '2026-11-23', counted: true }],
    ['a past period whole', none, { startsOn: '2026-09-01', endsOn: '2026-10-24' }, '2026-11-23', { from: '2026-09-01', to: '2026-10-24', counted: true }],
    ['the dates asked win over the period', { from: '2026-11-16', to: '2026-11-20' }, Q2, '2026-11-23', { from: '2026-11-16', to: '2026-11-20', counted: true }],
    ['dates reaching past today: up to today', { from: '2026-11-16', to: '2026-12-20' }, undefined, '2026-11-23', { from: '2026-11-16', to: '2026-11-23', counted: true }],
    ['a range still to come: nothing counted', { from: '2026-12-01', to: '2026-12-20' }, undefined, '2026-11-23', { from: '2026-12-01', to: '2026-12-01', counted: false }],
  ])('%s', (_, asked, period, today, expected) => expect(countedRange(asked, period, today)).toMatchObject(expected));
  it('neither dates nor a period: null', () => expect(countedRange(none, undefined, '2026-11-23')).toBeNull());
});
