// The lesson screen's keys (the stored value pressed, its key sending '' to undo; н оп only in the first column), the
// column shown, and where the focus goes after a refused form (the first refused row or field, never the page's top).
import { describe, expect, it } from 'vitest';
import { focusAfter, keysFor, shownColumn } from '../../src/modules/journal/lesson-keys.ts';
import type { Failure } from '../../src/modules/journal/lesson-model.ts';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const fail = (form: Failure['form'], errors: Record<string, string>): Failure => ({ form, errors, sent: {} });

describe('keysFor', () => {
  it('column 1: 5 4 3 2 1 н оп, nothing pressed on an empty cell, each key sends its value', () => {
    const keys = keysFor('', 1);
    expect(keys.map((k) => k.text)).toEqual(['5', '4', '3', '2', '1', 'н', 'оп']);
    expect(keys.every((k) => !k.pressed && k.send === k.text)).toBe(true);
    expect(keys.filter((k) => k.kind === 'att').map((k) => k.text)).toEqual(['н', 'оп']);
  });

  it.each([['4', 1], ['н', 1], ['оп', 1], ['2', 3]])('the stored «%s» (column %i) is pressed and its key takes it off', (display, column) => {
    const keys = keysFor(display, column);
    expect(keys.filter((k) => k.pressed).map((k) => [k.text, k.send])).toEqual([[display, '']]);
    expect(keys.filter((k) => !k.pressed).every((k) => k.send === k.text)).toBe(true);
  });

  it('other columns have no н оп (attendance lives in the first)', () => {
    expect(keysFor('', 2).map((k) => k.text)).toEqual(['5', '4', '3', '2', '1']);
  });
});

describe('shownColumn', () => {
  const cols = [{ columnNo: 1 }, { columnNo: 2 }];
  it.each<[string, number | undefined, Failure | null, number]>([
    ['the first by default', undefined, null, 1],
    ['the one asked for', 2, null, 2],
    ['a column the lesson has not: the first', 4, null, 1],
    ['after a refused cell: its column', undefined, fail('marks', { [`cell:${S1}:2`]: 'нет' }), 2],
    ['the one asked for wins over the refused cell', 1, fail('marks', { [`cell:${S1}:2`]: 'нет' }), 1],
  ])('%s', (_n, asked, failure, expected) => {
    expect(shownColumn(cols, asked, failure)).toBe(expected);
  });

  it('a lesson without columns yet: column 1', () => {
    expect(shownColumn([], 3, null)).toBe(1);
  });
});

describe('focusAfter', () => {
  const roster = [S1, S2];
  it.each<[string, Failure | null, string | null]>([
    ['nothing refused: no focus', null, null],
    ['the lesson form: the first refused field in page order', fail('plan', { homeworkMinutes: 'x', topic: 'y', _form: 'z' }), 'lj-topic'],
    ['the lesson form: minutes', fail('plan', { homeworkMinutes: 'x', _form: 'z' }), 'lj-min'],
    ['only the form’s message (the lesson closed): the message', fail('plan', { _form: 'Срок истёк' }), 'plan-error'],
    ['attendance: the first refused student in roster order', fail('attendance', { [`row:${S2}`]: 'a', [`row:${S1}`]: 'b', _form: 'c' }), `a-${S1}`],
    ['attendance: the reason', fail('attendance', { reason: 'a', _form: 'c' }), 'lj-att-reason'],
    ['a refused mark: the student’s keys', fail('marks', { [`cell:${S2}:1`]: 'a', _form: 'c' }), `k-${S2}`],
    ['a refused mark, the form closed: the message', fail('marks', { _form: 'Урок закрыт' }), 'marks-error'],
    ['columns: the refused select', fail('columns', { type_2: 'a' }), 'lj-type-2'],
    ['individual homework: the student’s field', fail('homework', { [`row:${S1}`]: 'a' }), `lj-ih-${S1}`],
  ])('%s', (_n, failure, expected) => {
    expect(focusAfter(failure, roster)).toBe(expected);
  });
});
