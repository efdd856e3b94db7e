import { describe, expect, it } from 'vitest';
import { isNoHomework, setsHomework } from '../../src/modules/journal/rules.ts';

describe('«без задания»', () => {
  it.each([
    ['без задания', true], ['Без задания.', true], ['  БЕЗ  ЗАДАНИЯ ', true], ['без заданий', true], ['не задано', true],
    ['задания нет', true], ['Нет', true], ['нет.', true],
    ['без задания на дом, но повторить § 3', false], ['§ 5, № 12', false], ['нет учебника — взять у соседа', false], ['', false], [null, false],
  ])('%j says no homework: %s', (text, expected) => expect(isNoHomework(text)).toBe(expected));

  it.each([
    ['§ 5, № 12', true], ['без задания', false], ['', false], ['   ', false], [null, false], [undefined, false],
  ])('%j sets homework: %s', (text, expected) => expect(setsHomework(text)).toBe(expected));
});
