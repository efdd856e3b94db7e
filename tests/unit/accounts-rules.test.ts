import { describe, expect, it } from 'vitest';
import {
  checkNewPassword, DEFAULT_LIMITS, lockedUntil, LOCKOUT, minutesLeft, normalizeLogin, sessionEndsAt, sessionKind, sessionState,
} from '../../src/modules/accounts/rules.ts';

const now = new Date('2026-11-22T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('lockedUntil', () => {
  it.each([
    { name: 'no failures', failures: [], threshold: 5, locked: null },
    { name: 'four recent failures', failures: [1, 2, 3, 4].map(minutesAgo), threshold: 5, locked: null },
    { name: 'five recent failures lock for 15 min after the latest', failures: [1, 2, 3, 4, 5].map(minutesAgo), threshold: 5, locked: minutesAgo(1 - 15) },
    { name: 'old failures outside the window do not count', failures: [1, 2, 16, 17, 18].map(minutesAgo), threshold: 5, locked: null },
    { name: 'five failures just inside the window', failures: [10, 11, 12, 13, 14].map(minutesAgo), threshold: 5, locked: minutesAgo(10 - 15) },
    { name: 'address threshold', failures: Array.from({ length: LOCKOUT.perAddress }, (_, i) => minutesAgo(i % 10)), threshold: LOCKOUT.perAddress, locked: minutesAgo(-15) },
  ])('$name', ({ failures, threshold, locked }) => {
    expect(lockedUntil(failures, threshold, now)).toEqual(locked);
  });

  it('reports whole minutes left, at least one', () => {
    expect(minutesLeft(new Date(now.getTime() + 14 * 60_000 + 1), now)).toBe(15);
    expect(minutesLeft(new Date(now.getTime() + 10), now)).toBe(1);
  });
});

describe('checkNewPassword', () => {
  it.each([
    ['short', 'abc12', 'teacher', /не короче 8/],
    ['too long', 'x'.repeat(129) + 'Y1', 'teacher', /не длиннее 128/],
    ['same as login', 'Teacher.Ivanova', 'teacher.ivanova', /совпадать с логином/],
    ['one repeated character', 'aaaaaaaaaa', 'teacher', /повторяющегося/],
    ['common english', 'password1', 'teacher', /распространён/],
    ['common digits', '12345678', 'teacher', /распространён/],
    ['common qwerty', 'qwertyuiop', 'teacher', /распространён/],
    ['russian keyboard', 'йцукенгшщз', 'teacher', /распространён/],
  ])('%s is refused', (_name, password, login, message) => {
    expect(checkNewPassword(password, login)).toMatch(message);
  });

  it.each(['Зелёный-чайник-42', 'kX8#mQ2!vLp9', 'осень в лицее 2026'])('%s is accepted', (password) => {
    expect(checkNewPassword(password, 'teacher')).toBeNull();
  });
});

describe('session lifetime', () => {
  const t0 = now.getTime();
  it.each([
    { kind: 'staff', idleMin: 29, ageMin: 29, state: 'active' },
    { kind: 'staff', idleMin: 30, ageMin: 30, state: 'idle' },
    { kind: 'staff', idleMin: 5, ageMin: 12 * 60, state: 'expired' },
    { kind: 'staff', idleMin: 5, ageMin: 11 * 60, state: 'active' },
    { kind: 'family', idleMin: 3 * 60, ageMin: 3 * 60, state: 'active' },
    { kind: 'family', idleMin: 13 * 24 * 60, ageMin: 20 * 24 * 60, state: 'active' },
    { kind: 'family', idleMin: 14 * 24 * 60, ageMin: 20 * 24 * 60, state: 'idle' },
    { kind: 'family', idleMin: 60, ageMin: 60 * 24 * 60, state: 'expired' },
  ] as const)('$kind idle $idleMin min, age $ageMin min → $state', ({ kind, idleMin, ageMin, state }) => {
    const times = { createdAt: t0 - ageMin * 60_000, lastSeenAt: t0 - idleMin * 60_000 };
    expect(sessionState(kind, DEFAULT_LIMITS, times, t0)).toBe(state);
  });

  it('follows the school setting for the staff idle limit', () => {
    const limits = { ...DEFAULT_LIMITS, staffIdleMinutes: 10 };
    expect(sessionState('staff', limits, { createdAt: t0 - 11 * 60_000, lastSeenAt: t0 - 11 * 60_000 }, t0)).toBe('idle');
    expect(sessionEndsAt('staff', limits, { createdAt: t0, lastSeenAt: t0 }).endsAt).toBe(t0 + 10 * 60_000);
  });

  it.each([
    [['teacher'], 'staff'], [['parent'], 'family'], [['student'], 'family'], [['parent', 'teacher'], 'staff'], [['operator'], 'staff'], [[], 'family'],
  ] as const)('roles %j → %s sessions', (roles, kind) => {
    expect(sessionKind(roles)).toBe(kind);
  });
});

it('normalizes logins', () => {
  expect(normalizeLogin('  Teacher ')).toBe('teacher');
});
