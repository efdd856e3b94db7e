// The pure parts of «Что нового»: since when marks are news, which marks of the week are «новая», how many are said.
import { describe, expect, it } from 'vitest';
import { FIRST_VISIT_DAYS, isNewMark, newMarksLabel, newsSince } from '../../src/modules/diary/news.ts';

describe('newsSince', () => {
  const now = new Date('2026-11-23T07:00:00Z');
  it('is the previous visit when there is one', () => {
    const visit = new Date('2026-11-20T15:30:00Z');
    expect(newsSince(visit, now)).toEqual(visit);
  });
  it('is a week back on a first visit', () => {
    expect(newsSince(null, now)).toEqual(new Date(now.getTime() - FIRST_VISIT_DAYS * 86_400_000));
    expect(FIRST_VISIT_DAYS).toBe(7);
  });
});

describe('isNewMark', () => {
  const since = new Date('2026-11-20T15:30:00.000Z');
  it.each([
    ['2026-11-20T15:30:00.001+00:00', true],
    ['2026-11-20T18:30:00+03:00', false], // the same moment in Moscow time: not after
    ['2026-11-20T15:29:59.999Z', false],
    ['2026-11-23T10:00:00+03:00', true],
    [undefined, false], // a mark read without its time (the print, the digest) is never «новая»
  ])('%s → %s', (at, expected) => {
    expect(isNewMark(at, since)).toBe(expected);
  });
});

describe('newMarksLabel', () => {
  it.each([
    [1, '1 новая отметка'], [2, '2 новые отметки'], [4, '4 новые отметки'], [5, '5 новых отметок'], [11, '11 новых отметок'],
    [12, '12 новых отметок'], [14, '14 новых отметок'], [21, '21 новая отметка'], [22, '22 новые отметки'], [25, '25 новых отметок'],
    [101, '101 новая отметка'], [111, '111 новых отметок'],
  ])('%i → %s', (n, text) => {
    expect(newMarksLabel(n)).toBe(text);
  });
});
