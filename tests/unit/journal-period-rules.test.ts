// Period marks: the values, who may set them and when, the closure condition, the suggested year mark, «мало отметок»,
// the reopening form and the page's form fields.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/accounts/rules.ts';
import {
  checkReopen, closureCutoff, decidePeriodMarks, fewMarks, parsePeriodValue, periodComplete, periodFormEntries, planPeriodChanges, studentsDue,
  suggestYearMark, type PeriodMarkFacts, type RosterSpan,
} from '../../src/modules/journal/period-rules.ts';

describe('parsePeriodValue', () => {
  it.each([
    ['5', '5'], [' 4 ', '4'], ['1', '1'], ['осв', 'осв'], ['ОСВ', 'осв'], ['н/а', 'н/а'], ['зач', 'зач'], ['незач', 'незач'], ['', null], ['  ', null],
  ])('accepts %j', (input, value) => {
    expect(parsePeriodValue(input)).toEqual({ ok: true, value });
  });
  it.each(['6', '0', '4+', 'на', 'н', 'x', '4,5'])('refuses %j in Russian', (input) => {
    expect(parsePeriodValue(input)).toEqual({ ok: false, message: 'Итоговая отметка — одна из: 5, 4, 3, 2, 1, осв, н/а, зач, незач; или пусто.' });
  });
});

const PERIOD_END = '2026-12-28';
const base: PeriodMarkFacts = {
  roles: ['teacher'], teachesGroup: true, leadsGroupClass: false, classTeacherPeriodMarks: false, kind: 'period',
  periodEnd: PERIOD_END, today: '2026-12-20', editDays: 10, periodClosed: false, reopenedUntil: null,
};
const roles = (...r: Role[]) => r;

describe('decidePeriodMarks: who may set period marks', () => {
  it.each<[string, Partial<PeriodMarkFacts>, string]>([
    ['the group teacher, period open', {}, 'edit'],
    ['the group teacher before the period ends (marks may be set early)', { today: '2026-11-23' }, 'edit'],
    ['the group teacher on the last day of the window (end + 10 days)', { today: '2027-01-07' }, 'edit'],
    ['the group teacher the day after the window', { today: '2027-01-08' }, 'read'],
    ['the group teacher, period closed', { periodClosed: true }, 'read'],
    ['the group teacher, period closed but reopened until today', { periodClosed: true, reopenedUntil: '2026-12-20' }, 'edit'],
    ['the group teacher, period closed, reopening expired yesterday', { periodClosed: true, reopenedUntil: '2026-12-19' }, 'read'],
    ['the group teacher after the window but reopened', { today: '2027-01-20', reopenedUntil: '2027-01-22' }, 'edit'],
    ['the group teacher: year marks never lock', { kind: 'year', periodClosed: true, today: '2027-06-30' }, 'edit'],
    ['a teacher who does not teach the group', { teachesGroup: false }, 'read'],
    ['the class teacher without the school setting', { roles: roles('teacher', 'classTeacher'), teachesGroup: false, leadsGroupClass: true }, 'read'],
    ['the class teacher with the school setting', { roles: roles('teacher', 'classTeacher'), teachesGroup: false, leadsGroupClass: true, classTeacherPeriodMarks: true }, 'edit'],
    ['the class teacher with the setting, period closed', { roles: roles('classTeacher'), teachesGroup: false, leadsGroupClass: true, classTeacherPeriodMarks: true, periodClosed: true }, 'read'],
    ['the setting alone does not help another class teacher', { roles: roles('classTeacher'), teachesGroup: false, classTeacherPeriodMarks: true }, 'read'],
    ['the deputy while the teacher could set them: no reason needed', { roles: roles('deputy'), teachesGroup: false }, 'edit'],
    ['the deputy, period closed: with a reason', { roles: roles('deputy'), teachesGroup: false, periodClosed: true }, 'correct'],
    ['the deputy after the window: with a reason', { roles: roles('deputy'), teachesGroup: false, today: '2027-01-08' }, 'correct'],
    ['the deputy, period closed and reopened: no reason', { roles: roles('deputy'), teachesGroup: false, periodClosed: true, reopenedUntil: '2026-12-25' }, 'edit'],
    ['the deputy who teaches the group, closed: with a reason', { roles: roles('deputy', 'teacher'), periodClosed: true }, 'correct'],
    ['the admin reads only', { roles: roles('admin'), teachesGroup: false }, 'read'],
  ])('%s → %s', (_name, facts, mode) => {
    expect(decidePeriodMarks({ ...base, ...facts }).mode).toBe(mode);
  });

  it('says why in Russian', () => {
    expect(decidePeriodMarks({ ...base, periodClosed: true })).toEqual({ mode: 'read', why: expect.stringContaining('период закрыт') });
    expect(decidePeriodMarks({ ...base, today: '2027-01-08' })).toEqual({ mode: 'read', why: expect.stringContaining('истёк 07.01.2027') });
    expect(decidePeriodMarks({ ...base, teachesGroup: false, leadsGroupClass: true })).toEqual({ mode: 'read', why: expect.stringContaining('не разрешено в настройках школы') });
    expect(decidePeriodMarks({ ...base, roles: ['deputy'], teachesGroup: false, periodClosed: true }))
      .toEqual({ mode: 'correct', why: expect.stringContaining('с указанием причины') });
  });
});

const s = (studentId: string, joinedOn: string, leftOn: string | null = null): RosterSpan => ({ studentId, joinedOn, leftOn });

describe('the closure condition', () => {
  const roster = [
    s('a', '2026-09-01'),
    s('b', '2026-09-01'),
    s('left', '2026-09-01', '2026-11-12'),       // withdrawn during the period
    s('late', '2026-12-01'),                     // joined late
    s('future', '2026-12-26'),                   // joins after today
  ];
  it.each<[string, string[], string, boolean]>([
    ['everyone in the group on the cutoff has a mark', ['a', 'b', 'late'], '2026-12-20', true],
    ['a student withdrawn before the cutoff does not count', ['a', 'b', 'late'], '2026-12-20', true],
    ['a student who joined late counts', ['a', 'b'], '2026-12-20', false],
    ['one mark missing', ['a', 'late'], '2026-12-20', false],
    ['at the period end the student joining on 26.12 counts too', ['a', 'b', 'late'], '2026-12-28', false],
    ['… and with their mark it closes', ['a', 'b', 'late', 'future'], '2026-12-28', true],
    ['before the late student joined, they do not count', ['a', 'b'], '2026-11-20', true],
    ['on the day a student left, they are no longer counted', ['a', 'b'], '2026-11-12', true],
    ['the day before they left, they are', ['a', 'b'], '2026-11-11', false],
  ])('%s', (_name, marked, cutoff, closes) => {
    expect(periodComplete(roster, new Set(marked), cutoff)).toBe(closes);
  });

  it('an empty group never closes', () => {
    expect(periodComplete([], new Set(), '2026-12-28')).toBe(false);
    expect(periodComplete([s('left', '2026-09-01', '2026-10-01')], new Set(), '2026-12-28')).toBe(false);
  });

  it('the cutoff is the period end, or today if earlier', () => {
    expect(closureCutoff('2026-12-28', '2026-11-23')).toBe('2026-11-23');
    expect(closureCutoff('2026-12-28', '2027-01-05')).toBe('2026-12-28');
    expect(closureCutoff('2026-12-28', '2026-12-28')).toBe('2026-12-28');
    expect(studentsDue(roster, '2026-11-23').map((x) => x.studentId)).toEqual(['a', 'b']);
  });
});

describe('suggestYearMark', () => {
  it.each<[string, Array<string | null>, 'half_up' | 'strict', number | null]>([
    ['all fives', ['5', '5', '5', '5'], 'half_up', 5],
    ['4 4 5 5 = 4.5 rounds up (half_up)', ['4', '4', '5', '5'], 'half_up', 5],
    ['4 4 5 5 = 4.5 stays 4 (strict)', ['4', '4', '5', '5'], 'strict', 4],
    ['3 4 4 = 3.67', ['3', '4', '4'], 'half_up', 4],
    ['special values ignored', ['5', 'осв', '4', 'н/а'], 'half_up', 5],
    ['зач / незач ignored', ['зач', '3', 'незач'], 'half_up', 3],
    ['missing periods ignored', [null, '2', null, '3'], 'half_up', 3],
    ['only special values → none', ['осв', 'н/а'], 'half_up', null],
    ['no marks → none', [], 'half_up', null],
  ])('%s', (_name, values, rule, expected) => {
    expect(suggestYearMark(values, rule)).toBe(expected);
  });
});

describe('fewMarks («мало отметок»)', () => {
  it.each([[0, 3, true], [2, 3, true], [3, 3, false], [7, 3, false], [0, 0, false]])('%i marks, minimum %i → %s', (count, min, flag) => {
    expect(fewMarks(count, min)).toBe(flag);
  });
});

describe('checkReopen', () => {
  const today = '2026-11-23';
  it.each<[string, { reason?: string; until?: string }, unknown]>([
    ['empty date → today + 3', { reason: 'Болел учитель', until: '' }, { ok: true, reason: 'Болел учитель', until: '2026-11-26' }],
    ['ДД.ММ.ГГГГ', { reason: 'Болел учитель', until: '01.12.2026' }, { ok: true, reason: 'Болел учитель', until: '2026-12-01' }],
    ['ISO from a date input', { reason: 'Болел учитель', until: '2026-11-23' }, { ok: true, reason: 'Болел учитель', until: '2026-11-23' }],
    ['+30 days is the limit', { reason: 'Болел учитель', until: '2026-12-23' }, { ok: true, reason: 'Болел учитель', until: '2026-12-23' }],
  ])('%s', (_n, form, expected) => {
    expect(checkReopen(form, today)).toEqual(expected);
  });
  it.each<[string, { reason?: string; until?: string }, string[]]>([
    ['no reason', { until: '' }, ['reason']],
    ['a short reason', { reason: 'да', until: '' }, ['reason']],
    ['yesterday', { reason: 'Болел учитель', until: '22.11.2026' }, ['until']],
    ['31 days', { reason: 'Болел учитель', until: '24.12.2026' }, ['until']],
    ['not a date', { reason: 'Болел учитель', until: '31.02.2026' }, ['until']],
    ['both', { until: 'завтра' }, ['reason', 'until']],
  ])('refuses %s', (_n, form, fields) => {
    const r = checkReopen(form, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(fields);
  });
});

describe('periodFormEntries', () => {
  const id = '0b7e8f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  it('reads v:/w: fields and ignores the rest', () => {
    expect(periodFormEntries({
      _csrf: 'x', reason: 'r', [`v:${id}:period`]: '5', [`w:${id}:period`]: '4', [`v:${id}:exam`]: 'зач',
      'v:not-a-uuid:period': '5', [`v:${id}:weekly`]: '5', [`v:${id}:year`]: ['3', '4'],
    })).toEqual([
      { studentId: id, kind: 'period', value: '5', was: '4' },
      { studentId: id, kind: 'exam', value: 'зач', was: '' },
      { studentId: id, kind: 'year', value: '3', was: '' },
    ]);
    expect(periodFormEntries(null)).toEqual([]);
  });
});

describe('planPeriodChanges: what a page changes, with the optimistic check', () => {
  const current = new Map([['a:period', '4'], ['b:period', 'осв']]);
  const roster = new Set(['a', 'b', 'c']);
  const plan = (entries: Array<[string, string, string]>, kinds: Array<'period' | 'year'> = ['period']) =>
    planPeriodChanges({ entries: entries.map(([studentId, value, was]) => ({ studentId, kind: 'period' as const, value, was })), kinds, roster, current });
  it.each<[string, Array<[string, string, string]>, unknown]>([
    ['unchanged fields change nothing', [['a', '4', '4'], ['b', 'осв', 'осв'], ['c', '', '']], { errors: {}, conflicts: [], changes: [] }],
    ['a new mark', [['c', '5', '']], { errors: {}, conflicts: [], changes: [{ studentId: 'c', kind: 'period', before: null, next: '5' }] }],
    ['a change', [['a', '5', '4']], { errors: {}, conflicts: [], changes: [{ studentId: 'a', kind: 'period', before: '4', next: '5' }] }],
    ['a cleared mark', [['b', '', 'осв']], { errors: {}, conflicts: [], changes: [{ studentId: 'b', kind: 'period', before: 'осв', next: null }] }],
    ['typed in capitals', [['c', 'Н/А', '']], { errors: {}, conflicts: [], changes: [{ studentId: 'c', kind: 'period', before: null, next: 'н/а' }] }],
    ['someone changed it since: a conflict', [['a', '3', '5']], { errors: {}, conflicts: ['a:period'], changes: [] }],
    ['someone set it since: a conflict', [['a', '3', '']], { errors: {}, conflicts: ['a:period'], changes: [] }],
    ['someone set the same value since: nothing to do', [['a', '4', '']], { errors: {}, conflicts: [], changes: [] }],
    ['a value outside the list', [['c', '6', '']], { errors: { 'c:period': expect.stringContaining('Итоговая отметка — одна из') }, conflicts: [], changes: [] }],
    ['a student not in the roster', [['z', '5', '']], { errors: { 'z:period': 'Обучающийся не состоит в группе в этом периоде.' }, conflicts: [], changes: [] }],
  ])('%s', (_n, entries, expected) => {
    expect(plan(entries)).toEqual(expected);
  });
  it('a kind not of this page is refused', () => {
    expect(plan([['c', '5', '']], ['year']).errors).toEqual({ 'c:period': 'Обучающийся не состоит в группе в этом периоде.' });
  });
});
