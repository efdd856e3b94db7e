import { describe, expect, it } from 'vitest';
import { formatSnils, parseSnils, snilsCheckNumber } from '../../src/modules/people/rules.ts';

describe('СНИЛС', () => {
  it.each([
    ['112233445', 95], // the textbook example 112-233-445 95
    ['123456789', 64], // sum 165 → 165 mod 101
    ['987654321', 83],
    ['111111111', 45], // sum 45 < 100: itself
    ['000001001', 5],
    ['100100100', 18],
  ])('check number of %s is %i', (nine, check) => {
    expect(snilsCheckNumber(nine)).toBe(check);
  });

  it.each([
    ['001508815', 'a sum of 100'],
    ['001437544', 'a sum of 101'],
    ['006996682', 'a sum of 201 (mod 101 = 100)'],
  ])('%s: %s gives 00', (nine) => {
    expect(snilsCheckNumber(nine)).toBe(0);
    expect(parseSnils(`${nine}00`)).toEqual({ ok: true, value: `${nine}00` });
  });

  it.each([
    ['112-233-445 95', '11223344595'],
    ['11223344595', '11223344595'],
    ['112 233 445 95', '11223344595'],
    [' 112-233-445-95 ', '11223344595'],
    ['001-001-998 00', '00100199800'], // up to 001-001-998: no check number
    ['000-000-001 77', '00000000177'],
  ])('accepts %s', (raw, value) => {
    expect(parseSnils(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['112-233-445 96', /контрольное число не сходится/],
    ['001-001-999 00', /контрольное число/], // the first number with a check
    ['112-233-445', /11 цифр/],
    ['112-233-445 951', /11 цифр/],
    ['112-233-44a 95', /11 цифр/],
    ['', /11 цифр/],
  ])('refuses %s', (raw, message) => {
    const r = parseSnils(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('formats as printed on the card', () => {
    expect(formatSnils('11223344595')).toBe('112-233-445 95');
  });
});
