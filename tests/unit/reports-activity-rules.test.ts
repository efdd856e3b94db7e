import { describe, expect, it } from 'vitest';
import { classActivity, filledOnDay, localDate, weekBounds, type FamilyWeek } from '../../src/modules/reports/activity/rules.ts';

describe('weekBounds', () => {
  it.each([
    ['Europe/Moscow', '2026-11-16', '2026-11-15T21:00:00.000Z', '2026-11-22T21:00:00.000Z'],
    ['Asia/Yekaterinburg', '2026-11-16', '2026-11-15T19:00:00.000Z', '2026-11-22T19:00:00.000Z'],
    ['Europe/Kaliningrad', '2026-11-16', '2026-11-15T22:00:00.000Z', '2026-11-22T22:00:00.000Z'],
    // the clocks go back on Sunday 25 October 2026 in Berlin: the week is an hour longer
    ['Europe/Berlin', '2026-10-19', '2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
  ])('%s, week of %s', (zone, monday, start, end) => {
    const w = weekBounds(monday, zone);
    expect([w.start.toISOString(), w.end.toISOString()]).toEqual([start, end]);
    expect(w.to).toBe(monday === '2026-11-16' ? '2026-11-22' : '2026-10-25');
  });

  it('a moment belongs to the school-local date', () => {
    expect(localDate(new Date('2026-11-15T21:30:00Z'), 'Europe/Moscow')).toBe('2026-11-16');
    expect(localDate(new Date('2026-11-15T21:30:00Z'), 'UTC')).toBe('2026-11-15');
  });
});

describe('filledOnDay', () => {
  const base = { date: '2026-11-16', topic: 'Дроби', attendanceTakenAt: new Date('2026-11-16T06:00:00Z') };
  it.each([
    ['topic and attendance during the lesson day', base, 'Europe/Moscow', true],
    ['attendance at 00:30 Moscow time the next day', { ...base, attendanceTakenAt: new Date('2026-11-16T21:30:00Z') }, 'Europe/Moscow', false],
    ['the same moment is 23:30 of the lesson day in Kaliningrad', { ...base, attendanceTakenAt: new Date('2026-11-16T21:30:00Z') }, 'Europe/Kaliningrad', true],
    ['attendance the evening before (a lesson filled ahead)', { ...base, attendanceTakenAt: new Date('2026-11-15T18:00:00Z') }, 'Europe/Moscow', false],
    ['no topic', { ...base, topic: null }, 'Europe/Moscow', false],
    ['a blank topic', { ...base, topic: '  ' }, 'Europe/Moscow', false],
    ['attendance never taken', { ...base, attendanceTakenAt: null }, 'Europe/Moscow', false],
  ])('%s', (_name, lesson, zone, expected) => {
    expect(filledOnDay(lesson, zone)).toBe(expected);
  });
});

describe('classActivity', () => {
  const F = (guardianAccounts: number, guardianLogins: number, studentLogins: number, diaryViews: number, acknowledged: boolean, digestReceived: boolean): FamilyWeek =>
    ({ guardianAccounts, guardianLogins, studentLogins, diaryViews, acknowledged, digestReceived });

  it('counts each family once per figure; informed = acknowledged, opened or received the digest', () => {
    expect(classActivity([F(2, 3, 0, 2, true, true), F(1, 0, 2, 0, false, true), F(1, 1, 0, 0, false, false), F(0, 0, 0, 0, false, false)])).toEqual({
      students: 4, familiesLoggedIn: 2, studentsLoggedIn: 1, diaryOpened: 1, acknowledged: 1, digestReceived: 2, informed: 2, informedShare: 50,
    });
  });

  it.each([
    [[F(1, 1, 0, 0, false, false), F(1, 0, 0, 1, false, false), F(1, 0, 0, 0, false, false)], 1, 33.3],
    [[F(1, 0, 0, 0, true, false), F(1, 0, 0, 0, false, false), F(1, 0, 0, 0, false, true)], 2, 66.7],
    [[], 0, null],
  ])('informed share (%#)', (families, n, share) => {
    const a = classActivity(families);
    expect([a.informed, a.informedShare]).toEqual([n, share]);
  });
});
