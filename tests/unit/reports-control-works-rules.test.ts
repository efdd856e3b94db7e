// Control works: maths and Russian vs other subjects, the limit of a period, and the crowded days of a class.
import { describe, expect, it } from 'vitest';
import { controlLimit, crowdedDays, isHeld, isMainSubject, overLimit } from '../../src/modules/reports/control-works/rules.ts';

describe('isMainSubject', () => {
  it.each<[string, boolean]>([
    ['Математика', true], ['Алгебра', true], ['Геометрия', true], ['Вероятность и статистика', true], ['Русский язык', true],
    ['Родной русский язык', true], ['алгебра и начала математического анализа', true], [' русский язык ', true],
    ['Литература', false], ['Информатика', false], ['Английский язык', false], ['Литературное чтение', false], ['Физика', false],
  ])('%j → %j', (name, main) => expect(isMainSubject(name)).toBe(main));
});

describe('controlLimit', () => {
  it.each<[string, string, { main: number; other: number } | undefined, number]>([
    ['Математика', 'quarters', undefined, 2],
    ['Русский язык', 'quarters', undefined, 2],
    ['Физика', 'quarters', undefined, 1],
    ['Алгебра', 'halves', undefined, 4],
    ['История', 'halves', undefined, 2],
    ['История', 'semesters', undefined, 2],
    ['История', 'trimesters', undefined, 1],
    ['Геометрия', 'quarters', { main: 3, other: 2 }, 3],
    ['Химия', 'quarters', { main: 3, other: 2 }, 2],
    ['Химия', 'quarters', { main: 3, other: 0 }, 0],
  ])('%s in a period of %s (%j) → %j', (subject, kind, limits, limit) => expect(controlLimit(subject, kind, limits)).toBe(limit));
});

describe('crowdedDays', () => {
  it('flags a class’s day with works of two subjects, not parallel subgroups of one subject', () => {
    const days = crowdedDays([
      { classId: '5А', date: '2026-11-18', subjectId: 'math' }, { classId: '5А', date: '2026-11-18', subjectId: 'rus' },
      { classId: '5А', date: '2026-11-19', subjectId: 'eng' }, { classId: '5А', date: '2026-11-19', subjectId: 'eng' },
      { classId: '5Б', date: '2026-11-18', subjectId: 'math' },
      { classId: '5Б', date: '2026-11-20', subjectId: 'rus' }, { classId: '5Б', date: '2026-11-20', subjectId: 'hist' }, { classId: '5Б', date: '2026-11-20', subjectId: 'bio' },
    ]);
    expect([...days].sort()).toEqual(['5А|2026-11-18', '5Б|2026-11-20']);
  });
});

describe('isHeld and overLimit', () => {
  it.each<[string, string, boolean]>([['2026-11-20', '2026-11-23', true], ['2026-11-23', '2026-11-23', true], ['2026-11-24', '2026-11-23', false]])(
    'a work on %s, today %s: held %j', (date, today, held) => expect(isHeld(date, today)).toBe(held));
  it.each([[3, 2, 1], [2, 2, 0], [0, 1, 0], [4, 1, 3]])('overLimit(%j, %j) = %j', (count, limit, over) => expect(overLimit(count, limit)).toBe(over));
});
