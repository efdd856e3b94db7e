// The КТП never rewrites the journal's past: which lessons a fill may change, which rows carry a replaced plan, and
// planned vs given.
import { describe, expect, it } from 'vitest';
import { planProgress, type ProgressLesson } from '../../src/modules/ktp/progress.ts';
import { fillChanges, planMayFill, reuseTopicRows, sameTitle, type FillLesson } from '../../src/modules/ktp/rules.ts';

const TODAY = '2026-11-23';
const T = [
  { id: 'a', title: 'A', hours: 2 },
  { id: 'b', title: 'B', hours: 1 },
  { id: 'c', title: 'C', hours: 3 },
];

describe('planMayFill', () => {
  it.each([
    ['yesterday', { date: '2026-11-22', periodClosed: false, reopenedUntil: null }, false],
    ['today (being given)', { date: TODAY, periodClosed: false, reopenedUntil: null }, false],
    ['tomorrow', { date: '2026-11-24', periodClosed: false, reopenedUntil: null }, true],
    ['tomorrow, period closed', { date: '2026-11-24', periodClosed: true, reopenedUntil: null }, false],
    ['tomorrow, closed, reopened until today', { date: '2026-11-24', periodClosed: true, reopenedUntil: TODAY }, true],
    ['tomorrow, closed, reopening expired', { date: '2026-11-24', periodClosed: true, reopenedUntil: '2026-11-20' }, false],
    ['yesterday, closed and reopened', { date: '2026-11-22', periodClosed: true, reopenedUntil: '2026-12-31' }, false],
  ])('%s', (_name, lesson, may) => {
    expect(planMayFill(lesson, TODAY)).toBe(may);
  });
});

/** One letter per lesson from 20.11: '.' plain, 'x' cancelled, 'o' overridden, 'L' closed period; topics as given. */
function lessons(spec: string, topics: Array<string | null> = []): FillLesson[] {
  return [...spec].map((ch, i) => ({
    id: `l${i + 1}`, date: `2026-11-${String(20 + i).padStart(2, '0')}`, cancelled: ch === 'x', overridden: ch === 'o',
    topic: topics[i] ?? null, ktpTopicId: null, periodClosed: ch === 'L', reopenedUntil: null,
  }));
}

describe('fillChanges', () => {
  it('keeps the places of the lessons given, and fills only the lessons after today', () => {
    // 20, 21, 22, 23 (today) given with other topics; 24.. get the plan's topics at their places
    const ls = lessons('........', ['X', 'Y', null, 'Z', null, null, null, 'Лишняя']);
    expect(fillChanges(ls, T, TODAY).map((c) => `${c.lessonId}:${c.to.ktpTopicId ?? '-'}`)).toEqual(['l5:c', 'l6:c', 'l8:-']);
  });
  it('a cancelled future lesson loses its topic; a later one takes the next place', () => {
    const ls = lessons('.....x..', ['A', 'A', 'B', 'C', 'B', 'C', 'X', 'Y']);
    expect(fillChanges(ls, T, TODAY).map((c) => `${c.lessonId}:${c.to.ktpTopicId ?? '-'}`)).toEqual(['l5:c', 'l6:-', 'l7:c', 'l8:-']);
  });
  it('a future lesson in a closed period and an overridden one are left alone', () => {
    const ls = lessons('....Lo.', [null, null, null, null, null, 'Своя', 'Лишняя']);
    expect(fillChanges(ls, T, TODAY).map((c) => c.lessonId)).toEqual(['l7']);
  });
  it('`also` (a lesson given back to the КТП by hand) takes its place even if given', () => {
    const ls = lessons('...', ['X', 'Y', 'Z']);
    expect(fillChanges(ls, T, TODAY, 'l2')).toEqual([
      { lessonId: 'l2', date: '2026-11-21', from: { topic: 'Y', ktpTopicId: null }, to: { topic: 'A', ktpTopicId: 'a' } },
    ]);
  });
  it('nothing when the future already follows the plan', () => {
    const ls = lessons('......').map((l, i) => ({ ...l, topic: 'AABCCC'[i]!, ktpTopicId: 'aabccc'[i]! }));
    expect(fillChanges(ls, T, TODAY)).toEqual([]);
  });
});

describe('reuseTopicRows', () => {
  const old = [{ id: '1', title: 'A' }, { id: '2', title: 'B' }, { id: '3', title: 'C' }, { id: '4', title: 'D' }];
  it('same titles keep their rows, whatever the order', () => {
    expect(reuseTopicRows(old, [{ title: 'C' }, { title: 'a' }, { title: 'B' }, { title: 'D' }], new Set()))
      .toEqual({ ids: ['3', '1', '2', '4'], drop: [] });
  });
  it('new titles take the rows lessons hold first; unheld rows are dropped', () => {
    expect(reuseTopicRows(old, [{ title: 'A' }, { title: 'X' }], new Set(['3']))).toEqual({ ids: ['1', '3'], drop: ['2', '4'] });
  });
  it('a longer plan adds rows; a repeated title takes the next row of that title', () => {
    const twice = [{ id: '1', title: 'Задачи' }, { id: '2', title: 'Задачи' }];
    expect(reuseTopicRows(twice, [{ title: 'Задачи' }, { title: 'Задачи' }, { title: 'Новая' }], new Set()))
      .toEqual({ ids: ['1', '2', null], drop: [] });
  });
  it('titles compare without spaces, case and ё', () => {
    expect(sameTitle('  Решение  задач ', 'решение задач')).toBe(true);
    expect(sameTitle('Счёт', 'счет')).toBe(true);
    expect(sameTitle('А', null)).toBe(false);
  });
});

describe('planProgress', () => {
  const L = (spec: string, topics: Array<string | null>): ProgressLesson[] => [...spec].map((ch, i) => ({
    id: `l${i + 1}`, date: `2026-11-${String(17 + i).padStart(2, '0')}`, lessonNumber: 1, cancelled: ch === 'x', overridden: ch === 'o',
    topic: topics[i] ?? null,
  }));

  it('counts the lessons given, the plan by today, and each mismatch', () => {
    // 17..23 given: 17 A, 18 A, 19 cancelled, 20 «Экскурсия» (own), 21 C, 22 —, 23 C; 24 is the future
    const p = planProgress(L('..xo....', ['A', 'A', null, 'Экскурсия', 'C', null, 'C', 'C']), T, TODAY);
    expect([p.given, p.cancelled, p.plannedByToday]).toEqual([6, 1, 6]);
    expect(p.mismatches.map((m) => [m.date.slice(8), m.planned, m.given, m.own])).toEqual([
      ['20', 'B', 'Экскурсия', true], ['22', 'C', null, false],
    ]);
    const days = Object.fromEntries([...p.givenOn].map(([id, l]) => [id, l.map((x) => x.date.slice(8))]));
    expect(days).toEqual({ a: ['17', '18'], b: [], c: ['21', '23'] });
  });

  it('a topic given at another place counts for it; lessons beyond the plan are mismatches only with a topic', () => {
    const p = planProgress(L('.......', ['B', 'A', 'A', 'C', 'C', 'C', null]), T, TODAY);
    expect(p.mismatches.map((m) => [m.planned, m.given])).toEqual([['A', 'B'], ['B', 'A']]);
    expect(p.givenOn.get('b')!.map((x) => x.lessonId)).toEqual(['l1']);
    expect(p.givenOn.get('a')!.map((x) => x.lessonId)).toEqual(['l2', 'l3']);
    expect(p.plannedByToday).toBe(6);
    const extra = planProgress(L('.......', ['A', 'A', 'B', 'C', 'C', 'C', 'Повторение']), T, TODAY);
    expect(extra.mismatches.map((m) => [m.planned, m.given])).toEqual([[null, 'Повторение']]);
  });
});
