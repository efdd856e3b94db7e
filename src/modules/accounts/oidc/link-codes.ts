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

/** Cyrillic letters typed for the Latin ones they look like (a Russian keyboard layout left on). */
const LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
};

const typed = (raw: string) => [...raw.toUpperCase().replace(/[\s-]+/g, '')].map((c) => LOOKALIKES[c] ?? c).join('');

/** What people type: any case, with or without dashes and spaces, Cyrillic look-alikes read as Latin. */
export function normalizeLinkCode(raw: string): string | null {
  const s = typed(raw);
  if (s.length !== 12 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return [0, 4, 8].map((i) => s.slice(i, i + 4)).join('-');
}

/** Why a typed code cannot be one (null: it can): not 12 characters, or a character no code has (0, 1, O, I, L, vowels). */
export function linkCodeProblem(raw: string): 'format' | 'letters' | null {
  const s = typed(raw);
  if (s.length !== 12) return 'format';
  return [...s].some((c) => !ALPHABET.includes(c)) ? 'letters' : null;
}

export function hashLinkCode(code: string): string {
  return createHash('sha256').update(`otmetka link code ${code}`).digest('hex');
}
