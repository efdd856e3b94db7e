// One-time recovery codes: ten random codes shown once; the database keeps a salted SHA-256 of each.
//
// Why SHA-256 and not argon2 like passwords: a slow hash protects guessable secrets. A recovery code is 12 characters
// drawn uniformly by the server from a 31-character alphabet: 31^12 ≈ 2^59 possibilities, so even with the table in
// hand an offline search costs ~2^58 hashes per code, out of reach; a per-code random salt stops one precomputation
// serving every row. Online guessing is limited by the login lockout. A fast hash keeps argon2 (and its ~50 ms and
// 19 MiB per try) out of the code step, which would otherwise verify up to ten hashes per attempt.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { RECOVERY_ALPHABET, RECOVERY_COUNT, RECOVERY_LENGTH } from './rules.ts';

export type StoredRecoveryCode = { ordinal: number; salt: string; codeHash: string };

export function generateRecoveryCodes(count = RECOVERY_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = '';
    for (let i = 0; i < RECOVERY_LENGTH; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return code;
  });
}

export function hashRecoveryCode(code: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${code}`, 'utf8').digest('hex');
}

/** The rows to store for freshly generated codes (salt per code). */
export function toStored(codes: readonly string[]): StoredRecoveryCode[] {
  return codes.map((code, i) => {
    const salt = randomBytes(16).toString('hex');
    return { ordinal: i + 1, salt, codeHash: hashRecoveryCode(code, salt) };
  });
}

/** The unused stored code this typed code is (compared in constant time), or undefined. */
export function findRecoveryCode<T extends StoredRecoveryCode>(code: string, unused: readonly T[]): T | undefined {
  return unused.find((row) => {
    const a = Buffer.from(hashRecoveryCode(code, row.salt), 'hex');
    const b = Buffer.from(row.codeHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  });
}
