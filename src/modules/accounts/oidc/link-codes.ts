// The one-time link code on a credential slip: 12 characters of an alphabet without look-alikes, in three groups.
import { createHash, randomInt } from 'node:crypto';

/** How long a printed code links: a month covers the first weeks of a school year. */
export const LINK_CODE_DAYS = 30;

// No 0/O, 1/I/L, no vowels that could spell words: 28 characters, 12 of them ≈ 57 bits.
const ALPHABET = '23456789BCDFGHJKMNPQRSTVWXYZ';

export function generateLinkCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** What people type: any case, with or without dashes and spaces. */
export function normalizeLinkCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]+/g, '');
  if (s.length !== 12 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return [0, 4, 8].map((i) => s.slice(i, i + 4)).join('-');
}

export function hashLinkCode(code: string): string {
  return createHash('sha256').update(`otmetka link code ${code}`).digest('hex');
}
