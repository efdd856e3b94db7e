import { describe, expect, it } from 'vitest';
import { assignTopics, matchKtpHeaders, topicsFromRows, validateTopic, type LessonSlot } from '../../src/modules/ktp/rules.ts';

const T = [
  { id: 'a', title: 'A', hours: 2 },
  { id: 'b', title: 'B', hours: 1 },
  { id: 'c', title: 'C', hours: 3 },
];
const L = (spec: string): LessonSlot[] =>
  // one letter per lesson: '.' plain, 'x' cancelled, 'o' overridden, 'X' cancelled and overridden
  [...spec].map((ch, i) => ({ id: `l${i + 1}`, cancelled: ch === 'x' || ch === 'X', overridden: ch === 'o' || ch === 'X' }));
const show = (lessons: LessonSlot[], topics = T) => {
  const byLesson = new Map(assignTopics(lessons, topics).map((a) => [a.lessonId, a.topicId ?? '-']));
  return lessons.map((l) => byLesson.get(l.id) ?? 'keep').join(' ');
};

describe('assignTopics', () => {
  it.each([
    ['hours > 1 cover consecutive lessons', '......', 'a a b c c c'],
    ['more lessons than hours: the rest get no topic', '........', 'a a b c c c - -'],
    ['fewer lessons than hours: the plan is cut', '...', 'a a b'],
    ['cancelled lessons are skipped and lose their topic', '.x.....', 'a - a b c c c'],
    ['an overridden lesson keeps its topic and uses up its slot', '.o....', 'a keep b c c c'],
    ['a cancelled overridden lesson is kept and takes no slot', '.X.....', 'a keep a b c c c'],
    ['no lessons', '', ''],
  ])('%s', (_name, spec, expected) => {
    expect(show(L(spec))).toBe(expected);
  });

  it('an empty plan clears every non-overridden lesson', () => {
    expect(show(L('.o.'), [])).toBe('- keep -');
  });

  it('carries the title with the id', () => {
    expect(assignTopics(L('..'), [{ id: 'z', title: 'Дроби', hours: 1 }])).toEqual([
      { lessonId: 'l1', topicId: 'z', title: 'Дроби' }, { lessonId: 'l2', topicId: null, title: null },
    ]);
  });
});

describe('validateTopic', () => {
  it.each([
    [{ title: ' Дроби ', hours: '2', section: '' }, { section: null, title: 'Дроби', hours: 2 }],
    [{ title: 'Дроби', hours: '', section: 'Раздел 1' }, { section: 'Раздел 1', title: 'Дроби', hours: 1 }],
    [{ title: 'Дроби', hours: '10' }, { section: null, title: 'Дроби', hours: 10 }],
  ])('accepts %o', (raw, topic) => {
    expect(validateTopic(raw)).toEqual({ ok: true, topic });
  });

  it.each([
    [{ title: '  ', hours: '1' }, 'title', 'Укажите тему'],
    [{ title: 'x'.repeat(10_240), hours: '1' }, 'title', 'длиннее 500'],
    [{ title: 'A', hours: '0' }, 'hours', 'от 1 до 10'],
    [{ title: 'A', hours: '11' }, 'hours', 'от 1 до 10'],
    [{ title: 'A', hours: '1,5' }, 'hours', 'целое'],
    [{ title: 'A', hours: 'два' }, 'hours', '«два»'],
    [{ title: 'A', hours: '1', section: 'с'.repeat(201) }, 'section', 'Раздел длиннее'],
  ])('refuses %#', (raw, field, message) => {
    const v = validateTopic(raw);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[field]).toContain(message);
  });
});

describe('template headers and rows', () => {
  it('matches Russian headers in any order and case; «№» is optional', () => {
    const m = matchKtpHeaders(['тема урока', 'ЧАСЫ', 'Раздел', '№']);
    expect(m).toEqual({ ok: true, keys: ['title', 'hours', 'section', 'number'] });
  });
  it('names the missing columns', () => {
    const m = matchKtpHeaders(['Тема', 'Кол']);
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.message).toContain('«Часы»');
  });
  it('reports every bad line and keeps nothing', () => {
    const keys = ['number', 'section', 'title', 'hours'];
    const r = topicsFromRows(keys, [
      { line: 2, cells: ['1', 'Р', 'Хорошая', '1'] },
      { line: 3, cells: ['2', 'Р', '', '1'] },
      { line: 4, cells: ['3', 'Р', 'Тема', '12'] },
    ]);
    expect(r).toEqual({ ok: false, lines: [{ line: 3, messages: [expect.stringContaining('Укажите тему')] }, { line: 4, messages: [expect.stringContaining('от 1 до 10')] }] });
  });
  it('keeps the file order', () => {
    const r = topicsFromRows(['title', 'hours'], [{ line: 2, cells: ['Б', '2'] }, { line: 3, cells: ['А', '1'] }]);
    expect(r).toEqual({ ok: true, topics: [{ section: null, title: 'Б', hours: 2 }, { section: null, title: 'А', hours: 1 }] });
  });
});
