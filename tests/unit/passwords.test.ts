import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/modules/accounts/passwords.ts';

// A hash made by the `argon2` package (the C reference code) that earlier versions stored: accounts keep their hashes.
const STORED_BY_ARGON2_PACKAGE = '$argon2id$v=19$m=19456,t=2,p=1$YEtvKBOpfQd4yQu3/Yjk+w$+bKFj1wdcV5DuXuna01wNWWpFnk65AWjshGGxND9/Pw';

describe('passwords', () => {
  it('hashes with argon2id at the OWASP baseline (19 MiB, 2 passes, 1 lane), a fresh salt each time', async () => {
    const [a, b] = [await hashPassword('otmetka-demo'), await hashPassword('otmetka-demo')];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'otmetka-demo')).toBe(true);
    expect(await verifyPassword(a, 'otmetka-demO')).toBe(false);
  });

  it.each([
    ['the right password', 'otmetka-demo', true],
    ['a wrong one', 'otmetka-dem0', false],
    ['an empty one', '', false],
  ])('reads the hashes stored before (%s)', async (_, password, ok) => {
    expect(await verifyPassword(STORED_BY_ARGON2_PACKAGE, password)).toBe(ok);
  });

  it('answers false, not an error, for no hash and for a malformed one', async () => {
    expect(await verifyPassword(undefined, 'otmetka-demo')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'otmetka-demo')).toBe(false);
  });
});
