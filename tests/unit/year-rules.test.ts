// The year's end rules: closing over blockers, reopening, and the rollover's dates and class plan.
import { describe, expect, it } from 'vitest';
import { blockersOf, decideClose, decideReopen, type Counts } from '../../src/modules/year/close-rules.ts';
import {
  groupSuffix, nextHoliday, nextPeriod, nextYearName, placeStudents, planClasses, renameGroup, sameDayNextYear, shiftByWeeks, type SourceClass,
} from '../../src/modules/year/rollover-rules.ts';
import { isoWeekday } from '../../src/web/dates.ts';

const none: Counts = { notOver: 0, yearMarks: 0, periodMarks: 0, lessons: 0, decisions: 0 };
const open = { name: '2026/2027', status: 'open' };

describe('decideClose', () => {
  it.each([
    ['nothing missing, no reason', none, '', { ok: true, override: false }],
    ['nothing missing, a reason', none, 'Все проверки пройдены', { ok: true, override: false }],
    ['nothing missing, a too short reason', none, 'ок', { ok: false, field: 'reason' }],
    ['blockers, no reason', { ...none, yearMarks: 3 }, '', { ok: false, field: 'reason' }],
    ['blockers, spaces only', { ...none, decisions: 1 }, '      ', { ok: false, field: 'reason' }],
    ['blockers, short reason', { ...none, lessons: 2 }, 'срочно', { ok: false, field: 'reason' }],
    ['blockers, a reason', { ...none, notOver: 1, periodMarks: 5 }, 'Решение педсовета от 30.05', { ok: true, override: true }],
  ] as const)('%s', (_, counts, reason, expected) => {
    expect(decideClose(open, counts, reason)).toMatchObject(expected);
  });

  it('names every blocker in the refusal, and refuses a closed year', () => {
    const r = decideClose(open, { ...none, yearMarks: 1, decisions: 2 }, '');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('нет годовых отметок; нет решения о переводе');
    expect(decideClose({ ...open, status: 'closed' }, none, '')).toMatchObject({ ok: false, field: 'year' });
  });

  it('blockersOf keeps the checklist order', () => {
    expect(blockersOf({ notOver: 0, yearMarks: 2, periodMarks: 0, lessons: 1, decisions: 4 })).toEqual(['yearMarks', 'lessons', 'decisions']);
  });
});

describe('decideReopen', () => {
  it.each([
    ['open year', 'open', 'Исправление ошибки', { ok: false, field: 'year' }],
    ['no reason', 'closed', '', { ok: false, field: 'reason' }],
    ['short reason', 'closed', 'ошибка', { ok: false, field: 'reason' }],
    ['a reason', 'closed', 'Исправление ошибки в 5А', { ok: true }],
  ] as const)('%s', (_, status, reason, expected) => {
    expect(decideReopen({ name: '2025/2026', status }, reason)).toMatchObject(expected);
  });
});

describe('dates of the next year', () => {
  it.each([
    ['2026/2027', '2027/2028'], ['1999/2000', '2000/2001'], ['Год А', 'Год А (следующий)'],
  ])('nextYearName(%s) = %s', (a, b) => expect(nextYearName(a)).toBe(b));

  it.each([
    ['2026-09-01', '2027-09-01'], ['2027-02-28', '2028-02-28'], ['2028-02-29', '2029-02-28'], ['2026-12-31', '2027-12-31'],
  ])('sameDayNextYear(%s) = %s', (a, b) => expect(sameDayNextYear(a)).toBe(b));

  it.each([
    // Monday 1 Sep 2025 → Monday 31 Aug 2026 (364 days); Tuesday 1 Sep 2026 → Tuesday 31 Aug 2027; a leap year's February.
    ['2025-09-01', '2026-08-31'], ['2026-09-01', '2027-08-31'], ['2026-11-09', '2027-11-08'], ['2027-03-29', '2028-03-27'],
    ['2025-09-05', '2026-09-04'],
  ])('shiftByWeeks(%s) = %s, same weekday, within 4 days of a year on', (a, b) => {
    const to = shiftByWeeks(a);
    expect(to).toBe(b);
    expect(isoWeekday(to)).toBe(isoWeekday(a));
    const gap = Math.abs(Date.parse(to) - Date.parse(sameDayNextYear(a))) / 86_400_000;
    expect(gap).toBeLessThanOrEqual(3);
  });

  it.each([
    // The first quarter starts on 1 September (a Wednesday in 2027), not on the Tuesday a whole number of weeks on.
    [{ startsOn: '2026-09-01', endsOn: '2026-10-24' }, { startsOn: '2027-09-01', endsOn: '2027-10-23' }],
    [{ startsOn: '2027-03-30', endsOn: '2027-05-26' }, { startsOn: '2028-03-28', endsOn: '2028-05-24' }],
    // A period ending on the year's last day ends on the next year's; nothing leaves the next year.
    [{ startsOn: '2027-06-01', endsOn: '2027-08-31' }, { startsOn: '2028-05-30', endsOn: '2028-08-31' }],
  ])('nextPeriod(%o)', (p, expected) => {
    expect(nextPeriod(p, { startsOn: '2026-09-01', endsOn: '2027-08-31' }, { startsOn: '2027-09-01', endsOn: '2028-08-31' })).toEqual(expected);
  });

  it.each([
    [{ kind: 'holiday', startsOn: '2026-11-04', endsOn: '2026-11-04' }, { startsOn: '2027-11-04', endsOn: '2027-11-04' }],
    [{ kind: 'vacation', startsOn: '2026-10-26', endsOn: '2026-11-03' }, { startsOn: '2027-10-25', endsOn: '2027-11-02' }],
    [{ kind: 'dayoff', startsOn: '2026-12-31', endsOn: '2026-12-31' }, null],
  ])('nextHoliday(%o)', (h, expected) => expect(nextHoliday(h)).toEqual(expected));
});

const cls = (name: string, grade: number | null, over: Partial<SourceClass> = {}): SourceClass => ({
  id: `id-${name}`, name, grade, letter: grade === null ? null : name.replace(/^\d+/, ''), shift: 1, schemeName: 'Четверти',
  classTeacherId: `t-${name}`, ...over,
});

describe('planClasses', () => {
  const source = [cls('1А', 1), cls('4А', 4), cls('5А', 5), cls('5Б', 5), cls('9А', 9), cls('10А', 10, { schemeName: 'Полугодия' }),
    cls('11А', 11, { schemeName: 'Полугодия' }), cls('ПК-1', null)];
  const plan = planClasses(source);

  it('promotes every class below 9 and the 10th one grade up with its letter, teacher, shift and scheme', () => {
    const promoted = plan.classes.filter((c) => c.origin === 'promoted').map((c) => [c.previousClassId, c.name, c.classTeacherId, c.schemeName]);
    expect(promoted).toEqual([
      ['id-1А', '2А', 't-1А', 'Четверти'], ['id-4А', '5А', 't-4А', 'Четверти'], ['id-5А', '6А', 't-5А', 'Четверти'],
      ['id-5Б', '6Б', 't-5Б', 'Четверти'], ['id-10А', '11А', 't-10А', 'Полугодия'],
    ]);
  });

  it('forms new 1st and 10th classes empty, without a class teacher', () => {
    expect(plan.classes.filter((c) => c.origin === 'formed').map((c) => [c.name, c.classTeacherId, c.previousClassId])).toEqual([
      ['1А', null, null], ['10А', null, null],
    ]);
  });

  it('ends the 9th and 11th (graduates) and leaves college groups out', () => {
    expect(plan.ending).toEqual([
      { id: 'id-9А', name: '9А', why: 'graduates' }, { id: 'id-11А', name: '11А', why: 'graduates' },
      { id: 'id-ПК-1', name: 'ПК-1', why: 'not_school_class' },
    ]);
  });

  it('takes the curriculum from last year\'s class of the same name, else from the class continued', () => {
    const by = new Map(plan.classes.map((c) => [c.name, c.templateClassId]));
    expect(by.get('5А')).toBe('id-5А');
    expect(by.get('6А')).toBe('id-5А');
    expect(by.get('2А')).toBe('id-1А');
    expect(by.get('11А')).toBe('id-11А');
  });

  it('places the promoted into the class continuing theirs and repeaters into their grade, adding a class when none continues into it', () => {
    const pending = [
      { itemId: 'i1', studentId: 's1', kind: 'promotion', fromClassId: 'id-5А', effectiveOn: '2027-09-01' },
      { itemId: 'i2', studentId: 's2', kind: 'conditional_promotion', fromClassId: 'id-5Б', effectiveOn: '2027-09-01' },
      { itemId: 'i3', studentId: 's3', kind: 'repeat_year', fromClassId: 'id-5А', effectiveOn: '2027-09-01' },
      { itemId: 'i4', studentId: 's4', kind: 'repeat_year', fromClassId: 'id-5Б', effectiveOn: '2027-09-01' },
      { itemId: 'i5', studentId: 's5', kind: 'promotion', fromClassId: 'id-11А', effectiveOn: '2027-09-01' },
      { itemId: 'i6', studentId: 's6', kind: 'promotion', fromClassId: 'id-4А', effectiveOn: '2027-05-30' },
    ];
    const r = placeStudents(plan, source, pending, '2027-08-31');
    const name = (key: string) => r.classes.find((c) => c.key === key)!.name;
    expect(r.placements.map((p) => [p.studentId, name(p.toKey)])).toEqual([['s1', '6А'], ['s2', '6Б'], ['s3', '5А'], ['s4', '5Б']]);
    expect(r.classes.find((c) => c.name === '5Б')).toMatchObject({ origin: 'repeaters', previousClassId: null, templateClassId: 'id-5Б' });
    expect(r.classes.find((c) => c.name === '5А')).toMatchObject({ origin: 'promoted', previousClassId: 'id-4А' });
    expect(r.problems.map((p) => p.studentId)).toEqual(['s5', 's6']);
    expect(r.problems[1]!.message).toContain('до конца закрытого года');
  });
});

describe('group names', () => {
  it.each([
    ['5А — Алгебра', '5А', '6А', '6А — Алгебра'], ['Английский язык 5А', '5А', '6А', 'Английский язык 6А'],
    ['Кружок', '5А', '6А', '6А — Кружок'],
  ])('renameGroup(%s, %s → %s) = %s', (name, from, to, expected) => expect(renameGroup(name, from, to)).toBe(expected));

  it('groupSuffix drops the class', () => {
    expect(groupSuffix('5А — Английский язык, 1 гр.', '5А')).toBe(' — Английский язык, 1 гр.');
    expect(groupSuffix('Кружок', '5А')).toBe('Кружок');
  });
});
