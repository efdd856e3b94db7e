import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../src/modules/accounts/queries.ts';
import { AuthCache, MAX_AGE_MS } from '../../src/web/auth-cache.ts';

const facts = (id: string, fullName = 'Учитель'): AccountFacts => ({
  id, login: id, fullName, mustChangePassword: false, disabled: false, isOperator: false, totpEnabled: false, memberships: [],
});

/** A cache listening, with a clock the test moves, and a session `s1` of account `a1` kept with its facts. */
function kept() {
  let clock = 1_000_000;
  const cache = new AuthCache(() => clock);
  cache.setListening(true);
  const t = cache.ticket();
  cache.keepSession(t, 's1', { data: { accountId: 'a1', flash: { kind: 'ok', text: 'Сохранено' } }, expiresAt: clock + 3_600_000 });
  cache.keepFacts(t, facts('a1'));
  return { cache, tick: (ms: number) => { clock += ms; } };
}

describe('AuthCache: what is served from memory and when it is dropped', () => {
  it('serves a kept session with its facts, each time a fresh copy of the data', () => {
    const { cache } = kept();
    const a = cache.session('s1') as { accountId?: string; flash?: unknown };
    expect(a.accountId).toBe('a1');
    expect(cache.accountFacts('a1')?.fullName).toBe('Учитель');
    a.flash = undefined;
    expect((cache.session('s1') as { flash?: unknown }).flash).toEqual({ kind: 'ok', text: 'Сохранено' });
    expect(cache.counts).toEqual({ hits: 2, misses: 0 });
  });

  it.each([
    ['the session ended or changed (s:<sid>)', 's:s1', { session: false, facts: true }],
    ['the account changed (a:<id>)', 'a:a1', { session: true, facts: false }],
    ['memberships, schools, classes or years changed (*)', '*', { session: false, facts: false }],
    ['an announcement it does not know', 'x:1', { session: false, facts: false }],
    ['another session', 's:s2', { session: true, facts: true }],
    ['another account', 'a:a2', { session: true, facts: true }],
  ])('drops what %s makes stale', (_what, payload, left) => {
    const { cache } = kept();
    cache.announce(payload);
    expect(cache.session('s1') !== undefined).toBe(left.session);
    expect(cache.accountFacts('a1') !== undefined).toBe(left.facts);
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
