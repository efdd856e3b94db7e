import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/modules/accounts/queries.ts';
import type { DiaryChild } from '../../src/modules/diary/access.ts';
import { AuthCache, MAX_AGE_MS } from '../../src/web/auth-cache.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';

/** The days a family is kept for: today and tomorrow by the clock (the cache only compares them). */
const TODAY = todayIso();
const TOMORROW = addDays(TODAY, 1);

const facts = (id: string, fullName = 'Учитель'): AccountFacts => ({
  id, login: id, fullName, mustChangePassword: false, disabled: false, isOperator: false, totpEnabled: false, memberships: [],
});

const child = (studentId: string): DiaryChild => ({
  schoolId: 'school', schoolName: 'Школа', studentId, lastName: 'Петров', firstName: 'Миша', classId: 'c', className: '5А', grade: 5, guardianId: 'g',
});

/** A cache listening, with a clock the test moves, and a session `s1` of account `a1` kept with its facts. */
function kept() {
  let clock = 1_000_000;
  const cache = new AuthCache(() => clock);
  cache.setListening(true);
  const t = cache.ticket();
  cache.keepSession(t, 's1', { data: { accountId: 'a1', flash: { kind: 'ok', text: 'Сохранено' } }, expiresAt: clock + 3_600_000 });
  cache.keepFacts(t, facts('a1'));
  cache.keepFamily(t, 'a1', TODAY, [child('k1')]);
  return { cache, tick: (ms: number) => { clock += ms; } };
}

describe('AuthCache: what is served from memory and when it is dropped', () => {
  it('refuses to keep what was read under a ticket older than the announcements it remembers', () => {
    const { cache, tick } = kept();
    const old = cache.ticket();
    tick(MAX_AGE_MS - 1);
    cache.keepFacts(old, facts('a2'));
    expect(cache.accountFacts('a2')?.id).toBe('a2');
    const older = cache.ticket();
    tick(MAX_AGE_MS);
    cache.keepFacts(older, facts('a3'));
    cache.keepSession(older, 's3', { data: { accountId: 'a3' }, expiresAt: Number.MAX_SAFE_INTEGER });
    cache.keepFamily(older, 'a3', TODAY, [child('k3')]);
    expect(cache.accountFacts('a3')).toBeUndefined();
    expect(cache.session('s3')).toBeUndefined();
    expect(cache.family('a3', TODAY)).toBeUndefined();
  });

  it('serves a kept session with its facts, each time a fresh copy of the data', () => {
    const { cache } = kept();
    const a = cache.session('s1') as { accountId?: string; flash?: unknown };
    expect(a.accountId).toBe('a1');
    expect(cache.accountFacts('a1')?.fullName).toBe('Учитель');
    a.flash = undefined;
    expect((cache.session('s1') as { flash?: unknown }).flash).toEqual({ kind: 'ok', text: 'Сохранено' });
    expect(cache.counts).toEqual({ hits: 2, misses: 0, familyHits: 0 });
  });

  it.each([
    ['the session ended or changed (s:<sid>)', 's:s1', { session: false, facts: true, family: true }],
    ['the account changed (a:<id>)', 'a:a1', { session: true, facts: false, family: false }],
    ['memberships, schools, classes or years changed (*)', '*', { session: false, facts: false, family: false }],
    ['students, guardian links or class memberships changed (f)', 'f', { session: true, facts: true, family: false }],
    ['an announcement it does not know', 'x:1', { session: false, facts: false, family: false }],
    ['another session', 's:s2', { session: true, facts: true, family: true }],
    ['another account', 'a:a2', { session: true, facts: true, family: true }],
  ])('drops what %s makes stale', (_what, payload, left) => {
    const { cache } = kept();
    cache.announce(payload);
    expect(cache.session('s1') !== undefined).toBe(left.session);
    expect(cache.accountFacts('a1') !== undefined).toBe(left.facts);
    expect(cache.family('a1', TODAY) !== undefined).toBe(left.family);
  });

  it('keeps a family per account for one day, and not one read before a change of families or of the account', () => {
    const { cache, tick } = kept();
    expect(cache.family('a1', TODAY)?.map((c) => c.studentId)).toEqual(['k1']);
    expect(cache.family('a1', TOMORROW)).toBeUndefined(); // another day: the class may differ
    cache.keepFamily(cache.ticket(), 'a1', TOMORROW, [child('k3')]);
    expect(cache.family('a1', TOMORROW)?.map((c) => c.studentId)).toEqual(['k3']);
    expect(cache.family('a1', TODAY)).toBeUndefined(); // replaced, not piled up day after day
    for (const payload of ['f', 'a:a2', '*']) {
      const before = cache.ticket();
      cache.announce(payload);
      cache.keepFamily(before, 'a2', TODAY, [child('k2')]);
      expect(cache.family('a2', TODAY), payload).toBeUndefined();
    }
    const t = cache.ticket();
    cache.announce('a:a3'); // about another account: the read stands
    cache.keepFamily(t, 'a2', TODAY, [child('k2')]);
    expect(cache.family('a2', TODAY)).toBeDefined();
    tick(MAX_AGE_MS);
    expect(cache.family('a2', TODAY)).toBeUndefined();
  });

  it('does not keep what was read before an announcement about it arrived (a read racing a change)', () => {
    const { cache } = kept();
    const before = cache.ticket();
    cache.announce('s:s9');
    cache.announce('a:a9');
    cache.keepSession(before, 's9', { data: {}, expiresAt: Date.now() * 2 });
    cache.keepFacts(before, facts('a9'));
    expect(cache.session('s9')).toBeUndefined();
    expect(cache.accountFacts('a9')).toBeUndefined();
    // an announcement about something else does not spoil the read
    const t = cache.ticket();
    cache.announce('s:other');
    cache.keepSession(t, 's9', { data: {}, expiresAt: Date.now() * 2 });
    expect(cache.session('s9')).toBeDefined();
  });

  it('keeps and serves nothing while not listening, and forgets everything when the listener is lost or back', () => {
    const { cache } = kept();
    cache.setListening(false);
    expect(cache.session('s1')).toBeUndefined();
    const t = cache.ticket();
    cache.keepSession(t, 's1', { data: {}, expiresAt: Date.now() * 2 });
    cache.setListening(true);
    expect(cache.session('s1')).toBeUndefined();
    cache.keepSession(t, 's1', { data: {}, expiresAt: Date.now() * 2 });
    expect(cache.session('s1')).toBeUndefined(); // read before the listener came back: it may have missed a change
  });

  it('drops a session past its expiry and anything kept longer than MAX_AGE_MS', () => {
    const { cache, tick } = kept();
    tick(MAX_AGE_MS - 1);
    expect(cache.session('s1')).toBeDefined();
    tick(1);
    expect(cache.session('s1')).toBeUndefined();
    expect(cache.accountFacts('a1')).toBeUndefined();
    const t = cache.ticket();
    cache.keepSession(t, 's2', { data: {}, expiresAt: 1_000_000 + MAX_AGE_MS + 10 });
    tick(10);
    expect(cache.session('s2')).toBeUndefined();
  });

  it('drops a session this process changed at once (dropSession)', () => {
    const { cache } = kept();
    cache.dropSession('s1');
    expect(cache.session('s1')).toBeUndefined();
    expect(cache.accountFacts('a1')).toBeDefined();
  });
});
