import { describe, expect, it } from 'vitest';
import { findRecoveryCode, generateRecoveryCodes, toStored } from '../../src/modules/accounts/two-factor/recovery.ts';
import { classifyCode, RECOVERY_COUNT } from '../../src/modules/accounts/two-factor/rules.ts';
import { deriveSecretKey, open, seal } from '../../src/modules/accounts/two-factor/secret-box.ts';
import { codeAt, matchingStep, newTotpSecret, otpauthUri, qrDataUrl } from '../../src/modules/accounts/two-factor/totp.ts';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890"; at T = 59 s the 8-digit code is 94287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vector (6 digits) and its step', () => {
    expect(codeAt(RFC_SECRET, 59_000)).toBe('287082');
    expect(matchingStep(RFC_SECRET, '287082', 59_000)).toBe(1);
  });

  it('accepts the code of the previous and the next step, not two away', () => {
    const secret = newTotpSecret();
    const t = 1_800_000_000_000;
    expect(matchingStep(secret, codeAt(secret, t - 30_000), t)).toBe(Math.floor(t / 30_000) - 1);
    expect(matchingStep(secret, codeAt(secret, t + 30_000), t)).toBe(Math.floor(t / 30_000) + 1);
    const twoAway = codeAt(secret, t - 60_000);
    if (![t - 30_000, t, t + 30_000].some((x) => codeAt(secret, x) === twoAway)) expect(matchingStep(secret, twoAway, t)).toBeNull();
  });

  it('makes a 160-bit base32 secret, an otpauth link and an SVG QR code', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = otpauthUri(secret, 'teacher');
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+:teacher\?/);
    expect(uri).toContain(`secret=${secret}`);
    const qr = await qrDataUrl(uri);
    expect(Buffer.from(qr.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toMatch(/^<svg /);
  });
});

describe('secret box', () => {
  const box = deriveSecretKey('a-session-secret-of-at-least-thirty-two-chars');
  it('opens what it sealed, for the same account only', () => {
    const sealed = seal(box, 'JBSWY3DPEHPK3PXP', 'account-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(box, sealed, 'account-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(open(box, sealed, 'account-2')).toBeNull();
  });

  it('refuses another key, a changed byte and garbage', () => {
    const sealed = seal(box, 'JBSWY3DPEHPK3PXP', 'a');
    expect(open(deriveSecretKey('another-session-secret-of-32-characters!'), sealed, 'a')).toBeNull();
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(open(box, [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'), 'a')).toBeNull();
    expect(open(box, [parts[0], parts[1], parts[2]!.slice(0, 8), parts[3]].join('.'), 'a')).toBeNull();
    expect(open(box, 'garbage', 'a')).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of the recovery shape, stored only as salted hashes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_COUNT);
    for (const c of codes) expect(classifyCode(c)).toEqual({ kind: 'recovery', code: c });
    const stored = toStored(codes);
    expect(new Set(stored.map((s) => s.salt)).size).toBe(RECOVERY_COUNT);
    expect(JSON.stringify(stored)).not.toContain(codes[0]);
    expect(findRecoveryCode(codes[3]!, stored)?.ordinal).toBe(4);
    expect(findRecoveryCode('23456789abcd', stored)).toBeUndefined();
  });
});
