import { describe, expect, it } from 'vitest';
import { destination, placementGrade, placementTarget } from '../../src/modules/contingent/placement-rules.ts';

const NEXT = [
  { id: '6А', grade: 6, letter: 'А' }, { id: '6Б', grade: 6, letter: 'Б' }, { id: '5А', grade: 5, letter: 'А' },
  { id: '10А', grade: 10, letter: 'А' }, { id: 'Группа', grade: null, letter: null },
];

describe('placementGrade', () => {
  it.each([
    ['promotion', 5, 6], ['conditional_promotion', 8, 9], ['repeat_year', 5, 5], ['promotion', null, null],
  ] as const)('%s from grade %s → %s', (kind, from, to) => {
    expect(placementGrade(kind, from)).toBe(to);
  });
});

describe('placementTarget', () => {
  it.each([
    { kind: 'promotion', from: { grade: 5, letter: 'А' }, to: '6А' },
    { kind: 'conditional_promotion', from: { grade: 5, letter: 'Б' }, to: '6Б' },
    { kind: 'repeat_year', from: { grade: 5, letter: 'А' }, to: '5А' },
    { kind: 'promotion', from: { grade: 5, letter: 'В' }, to: null },
    { kind: 'repeat_year', from: { grade: 5, letter: 'Б' }, to: null },
    { kind: 'promotion', from: { grade: 6, letter: 'А' }, to: null },
    { kind: 'promotion', from: { grade: null, letter: null }, to: null },
  ])('$kind from $from.grade$from.letter → $to', ({ kind, from, to }) => {
    expect(placementTarget(kind, from, NEXT)?.id ?? null).toBe(to);
  });
});

describe('destination', () => {
  it.each([
    [{ kind: 'promotion', toClass: '6А', fromGrade: 5, reason: null }, '6А'],
    [{ kind: 'promotion', toClass: null, fromGrade: 5, reason: null }, 'в 6 класс — класс будет назначен при переходе на новый год'],
    [{ kind: 'conditional_promotion', toClass: null, fromGrade: 7, reason: 'Академическая задолженность: Физика' }, 'в 8 класс — класс будет назначен при переходе на новый год'],
    [{ kind: 'repeat_year', toClass: null, fromGrade: 5, reason: null }, 'в 5 класс — класс будет назначен при переходе на новый год'],
    [{ kind: 'promotion', toClass: null, fromGrade: null, reason: null }, 'класс будет назначен при переходе на новый год'],
    [{ kind: 'family_education', toClass: null, fromGrade: 5, reason: null }, 'семейное образование'],
    [{ kind: 'withdrawal', toClass: null, fromGrade: 5, reason: 'МБОУ СОШ № 7' }, 'МБОУ СОШ № 7'],
    [{ kind: 'graduation', toClass: null, fromGrade: 11, reason: null }, '—'],
    [{ kind: 'transfer', toClass: '5Б', fromGrade: 5, reason: null }, '5Б'],
  ])('%j → %s', (item, text) => {
    expect(destination(item)).toBe(text);
  });
});
