import { afterEach, describe, expect, it } from 'vitest';
import { timerWeekAt } from '../../src/modules/diary/digest-format.ts';
import { now, setClock } from '../../src/web/clock.ts';
import { isTimeZone, ruDateTime, todayIso } from '../../src/web/dates.ts';

afterEach(() => setClock(null));

describe('todayIso in a school\'s time zone', () => {
  it.each([
    ['2026-11-23T20:30:00Z', 'Europe/Moscow', '2026-11-23'],
    ['2026-11-23T20:30:00Z', 'Asia/Bishkek', '2026-11-24'],
    ['2026-11-23T20:30:00Z', 'Asia/Vladivostok', '2026-11-24'],
    ['2026-11-23T20:30:00Z', 'Europe/Kaliningrad', '2026-11-23'],
    ['2026-11-23T11:59:00Z', 'Asia/Kamchatka', '2026-11-23'],
    ['2026-11-23T12:00:00Z', 'Asia/Kamchatka', '2026-11-24'],
    ['2026-12-31T21:00:00Z', 'Europe/Moscow', '2027-01-01'],
  ])('%s in %s is %s', (at, zone, day) => {
    expect(todayIso(new Date(at), zone)).toBe(day);
  });

  it('shows a moment in the zone', () => {
    expect(ruDateTime(new Date('2026-11-23T20:30:00Z'), 'Europe/Moscow')).toBe('23.11.2026 23:30');
    expect(ruDateTime(new Date('2026-11-23T20:30:00Z'), 'Asia/Vladivostok')).toBe('24.11.2026 06:30');
    expect(ruDateTime(null, 'Asia/Vladivostok')).toBe('');
  });

  it.each([['Europe/Moscow', true], ['Asia/Bishkek', true], ['Mars/Olympus', false], ['', false]])('isTimeZone(%s) = %s', (z, ok) => {
    expect(isTimeZone(z)).toBe(ok);
  });
});

describe('the digest timer\'s week in a school\'s zone', () => {
  it.each([
    ['2026-11-28T06:00:00Z', 'Asia/Vladivostok', '2026-11-23'], // Saturday 16:00 there
    ['2026-11-28T04:00:00Z', 'Asia/Vladivostok', null], // Saturday 14:00 there
    ['2026-11-28T06:00:00Z', 'Europe/Moscow', null], // Saturday 09:00 in Moscow
    ['2026-11-28T12:00:00Z', 'Europe/Moscow', '2026-11-23'], // Saturday 15:00 in Moscow
    ['2026-11-29T20:59:00Z', 'Europe/Moscow', '2026-11-23'], // Sunday 23:59 in Moscow
    ['2026-11-29T20:59:00Z', 'Asia/Bishkek', null], // already Monday 02:59 in Bishkek
  ])('%s in %s → %s', (at, zone, week) => {
    expect(timerWeekAt(new Date(at), zone)).toBe(week);
  });
});

describe('the app clock', () => {
  it('is moved by setClock and runs on from there; null is real time again', () => {
    setClock('2027-06-15T09:00:00+03:00');
    const t = now().getTime();
    expect(Math.abs(t - Date.parse('2027-06-15T06:00:00Z'))).toBeLessThan(1000);
    expect(todayIso()).toBe('2027-06-15');
    setClock(null);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(5);
  });

  it('refuses a moment it cannot read', () => {
    expect(() => setClock('not a date')).toThrow(/Неверное время/);
  });
});
