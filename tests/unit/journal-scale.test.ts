// The mark scale: parsing a typed cell, the weighted average, rounding a period mark, weights of work types.
import { describe, expect, it } from 'vitest';
import { isValidWeight, parseMarkInput, roundPeriodMark, weightedAverage, type RoundingRule } from '../../src/modules/journal/rules.ts';

describe('parseMarkInput', () => {
  it.each([
    ['5', { ok: true, kind: 'mark', value: 5 }],
    ['4', { ok: true, kind: 'mark', value: 4 }],
    [' 3 ', { ok: true, kind: 'mark', value: 3 }],
    ['1', { ok: true, kind: 'mark', value: 1 }],
    ['н', { ok: true, kind: 'attendance', code: 'absent' }],
    ['Н', { ok: true, kind: 'attendance', code: 'absent' }],
    ['n', { ok: true, kind: 'attendance', code: 'absent' }],
    ['N', { ok: true, kind: 'attendance', code: 'absent' }],
    ['оп', { ok: true, kind: 'attendance', code: 'late' }],
    ['ОП', { ok: true, kind: 'attendance', code: 'late' }],
    ['', { ok: true, kind: 'empty' }],
  ])('accepts %j', (text, expected) => {
    expect(parseMarkInput(text)).toEqual(expected);
  });

  it.each(['6', '0', '55', '4+', '4.5', 'x', 'нн', '-1', 'зач'])('refuses %j with the scale in Russian', (text) => {
    expect(parseMarkInput(text)).toEqual({ ok: false, message: 'Отметка должна быть одной из: 5, 4, 3, 2, 1' });
  });

  it('checks against the scale given', () => {
    expect(parseMarkInput('1', [5, 4, 3, 2])).toEqual({ ok: false, message: 'Отметка должна быть одной из: 5, 4, 3, 2' });
  });
});

describe('weightedAverage', () => {
  it.each([
    ['no marks', [], null],
    ['one mark', [{ value: 4, weight: 1 }], 4],
    ['equal weights', [{ value: 5, weight: 1 }, { value: 4, weight: 1 }], 4.5],
    ['a weight 2 control work', [{ value: 5, weight: 1 }, { value: 3, weight: 2 }], 3.67],
    ['several marks in one lesson (each counts)', [{ value: 5, weight: 1 }, { value: 5, weight: 1 }, { value: 2, weight: 2 }], 3.5],
    ['weight 1.5', [{ value: 4, weight: 1.5 }, { value: 3, weight: 1 }], 3.6],
    ['rounded to 2 decimals', [{ value: 5, weight: 1 }, { value: 4, weight: 1 }, { value: 4, weight: 1 }], 4.33],
    ['only zero weights', [{ value: 5, weight: 0 }], null],
  ] as const)('%s', (_name, marks, expected) => {
    expect(weightedAverage(marks)).toBe(expected);
  });
});

describe('roundPeriodMark', () => {
  it.each<[number | null, RoundingRule, number | null]>([
    [null, 'half_up', null],
    [2.5, 'half_up', 3],
    [3.49, 'half_up', 3],
    [3.5, 'half_up', 4],
    [3.6, 'half_up', 4],
    [4.6, 'half_up', 5],
    [5, 'half_up', 5],
    [1, 'half_up', 1],
    [2.5, 'strict', 2],
    [3.5, 'strict', 3],
    [3.59, 'strict', 3],
    [3.6, 'strict', 4],
    [4.6, 'strict', 5],
    [null, 'strict', null],
  ])('%s by %s → %s', (avg, rule, expected) => {
    expect(roundPeriodMark(avg, rule)).toBe(expected);
  });

  it('rounds half up by default', () => {
    expect(roundPeriodMark(3.5)).toBe(4);
  });
});

describe('isValidWeight', () => {
  it.each([[0.5, true], [1, true], [1.5, true], [5, true], [0, false], [0.25, false], [1.2, false], [5.5, false], [Number.NaN, false]])(
    '%s → %s', (w, ok) => { expect(isValidWeight(w)).toBe(ok); });
});
