import { describe, expect, it } from 'vitest';
import { generateLinkCode, linkCodeProblem, normalizeLinkCode } from '../../src/modules/accounts/oidc/link-codes.ts';

describe('the link code as people type it', () => {
  it.each([
    ['as printed', 'KM7Q-2XPD-9BFR', 'KM7Q-2XPD-9BFR'],
    ['lower case, no dashes', 'km7q2xpd9bfr', 'KM7Q-2XPD-9BFR'],
    ['spaces instead of dashes', ' KM7Q 2XPD 9BFR ', 'KM7Q-2XPD-9BFR'],
    ['Cyrillic К, М, Р, Х, В typed for the Latin ones', 'КМ7Q-2ХРD-9ВFR', 'KM7Q-2XPD-9BFR'],
    ['a zero for an O', 'KM7Q-2XPD-9BF0', null],
    ['a vowel', 'KM7Q-2XPD-9BFA', null],
    ['11 characters', 'KM7Q-2XPD-9BF', null],
  ])('%s: %s → %s', (_name, raw, expected) => {
    expect(normalizeLinkCode(raw)).toBe(expected);
  });

  it.each([
    ['KM7Q-2XPD-9BFR', null],
    ['KM7Q-2XPD-9BF', 'format'],
    ['', 'format'],
    ['KM7Q-2XPD-9BF0', 'letters'],
    ['KM7Q-2XPD-9BFL', 'letters'],
    ['ЖМ7Q-2XPD-9BFR', 'letters'],
  ])('what is wrong with %j: %s', (raw, problem) => {
    expect(linkCodeProblem(raw)).toBe(problem);
  });

  it('a generated code reads back as itself', () => {
    for (let i = 0; i < 50; i++) {
      const code = generateLinkCode();
      expect(normalizeLinkCode(code)).toBe(code);
      expect(normalizeLinkCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    }
  });
});
