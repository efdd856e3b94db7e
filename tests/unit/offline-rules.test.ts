import { describe, expect, it } from 'vitest';
import { isPrefetch, keptPages, MAX_GRIDS, offlineKey } from '../../src/modules/offline/rules.ts';

const none = { lessonIds: [], groupIds: [], studentIds: [] };

describe('keptPages: what opens without a connection, by role', () => {
  it.each([
    ['a teacher', { roles: ['teacher'], lessonIds: ['l1'], groupIds: ['g1', 'g2'], studentIds: [] },
      ['/', '/today', '/journal', '/journal/lessons/l1', '/journal/groups/g1', '/journal/groups/g2']],
    ['a class teacher without lessons of their own', { roles: ['classTeacher'], ...none }, ['/', '/journal']],
    ['a parent of two', { roles: ['parent'], ...none, studentIds: ['s1', 's2'] }, ['/', '/diary', '/diary/s1', '/diary/s2']],
    ['a student', { roles: ['student'], ...none, studentIds: ['s1'] }, ['/', '/diary', '/diary/s1']],
    ['a teacher who is also a parent', { roles: ['teacher', 'parent'], lessonIds: [], groupIds: ['g1'], studentIds: ['s1'] },
      ['/', '/today', '/journal', '/journal/groups/g1', '/diary', '/diary/s1']],
    ['an admin', { roles: ['admin'], ...none }, ['/']],
    ['the operator (no school)', { roles: ['operator'], ...none }, ['/']],
  ])('%s', (_who, facts, pages) => {
    expect(keptPages(facts)).toEqual(pages);
  });

  it(`keeps at most ${MAX_GRIDS} grids`, () => {
    const groupIds = Array.from({ length: MAX_GRIDS + 5 }, (_, i) => `g${i}`);
    expect(keptPages({ roles: ['teacher'], lessonIds: [], groupIds, studentIds: [] }).filter((p) => p.startsWith('/journal/groups/')))
      .toHaveLength(MAX_GRIDS);
  });
});

describe('offlineKey', () => {
  const school = { id: 's1', name: 'Школа', timeZone: 'Europe/Moscow' };
  it('is stable for an account in a school, differs by account and by school, and does not show the account id', () => {
    const key = offlineKey({ accountId: 'account-1', school });
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(offlineKey({ accountId: 'account-1', school })).toBe(key);
    expect(offlineKey({ accountId: 'account-2', school })).not.toBe(key);
    expect(offlineKey({ accountId: 'account-1', school: { ...school, id: 's2' } })).not.toBe(key);
    expect(offlineKey({ accountId: 'account-1', school: null })).not.toBe(key);
    expect(key).not.toContain('account');
  });
});

describe('isPrefetch', () => {
  it.each([[{ 'x-otmetka-prefetch': '1' }, true], [{}, false], [{ 'x-otmetka-prefetch': '0' }, false]])('%o → %s', (headers, yes) => {
    expect(isPrefetch({ headers })).toBe(yes);
  });
});
