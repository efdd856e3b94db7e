// The class attendance sheet's pure rules: reason letters, totals, the date range, movement notes, form keys, rights.
import { describe, expect, it } from 'vitest';
import {
  addTotals, canReadClassSheet, canSetReasons, entryText, inWindows, movementNotes, parseRange, parseReasonField,
  parseReasonValue, plural, reasonLabel, reasonLetter, schoolWeek, totalsOf, type AttendanceFact, type SheetFacts,
} from '../../src/modules/journal/attendance-rules.ts';

const L = '0b0e6c1a-1111-4c7e-9d43-2f1f1b7a9c10';
const S = '7b0f8c1e-6a53-4c7e-9d43-2f1f1b7a9c10';

describe('reason letters and labels', () => {
  it.each([
    ['illness', 'Б', 'по болезни'], ['valid', 'У', 'уважительная'], ['invalid', 'Н', 'неуважительная'],
    [null, '?', 'не указана'], [undefined, '?', 'не указана'], ['', '?', 'не указана'], ['sick', '?', 'не указана'],
  ])('%j → %s, %s', (reason, letter, label) => {
    expect(reasonLetter(reason)).toBe(letter);
    expect(reasonLabel(reason)).toBe(label);
  });

  it.each([
    [{ lessonNumber: 2, kind: 'absent', reason: 'illness' }, { text: '2н', letter: 'Б' }],
    [{ lessonNumber: 5, kind: 'absent', reason: null }, { text: '5н', letter: '?' }],
    [{ lessonNumber: 3, kind: 'late', reason: null }, { text: '3оп', letter: null }],
    [{ lessonNumber: 1, kind: 'late', reason: 'valid' }, { text: '1оп', letter: null }],
  ])('cell entry %j → %j', (e, out) => expect(entryText(e)).toEqual(out));
});

describe('totals', () => {
  const a = (reason: string | null): AttendanceFact => ({ kind: 'absent', reason });
  const late: AttendanceFact = { kind: 'late', reason: null };
  it.each([
    ['no rows', [], { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 }],
    ['one of each reason', [a('illness'), a('valid'), a('invalid'), a(null)], { missed: 4, illness: 1, valid: 1, invalid: 1, unset: 1, late: 0 }],
    ['a whole day of illness', [a('illness'), a('illness'), a('illness'), a('illness'), a('illness')], { missed: 5, illness: 5, valid: 0, invalid: 0, unset: 0, late: 0 }],
    ['lates are not missed lessons', [late, late, a(null)], { missed: 1, illness: 0, valid: 0, invalid: 0, unset: 1, late: 2 }],
    ['a reason on a late row is ignored', [{ kind: 'late', reason: 'illness' }], { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 1 }],
    ['an unknown reason counts as not set', [a('sick')], { missed: 1, illness: 0, valid: 0, invalid: 0, unset: 1, late: 0 }],
    ['an unknown kind counts nowhere', [{ kind: 'present', reason: null }], { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 }],
  ] as Array<[string, AttendanceFact[], ReturnType<typeof totalsOf>]>)('%s', (_name, facts, totals) => {
    const t = totalsOf(facts);
    expect(t).toEqual(totals);
    expect(t.illness + t.valid + t.invalid + t.unset).toBe(t.missed);
  });

  it('adds up for the class', () => {
    expect(addTotals(totalsOf([a('illness'), late]), totalsOf([a(null), a('valid')])))
      .toEqual({ missed: 3, illness: 1, valid: 1, invalid: 0, unset: 1, late: 1 });
  });
});

describe('the date range', () => {
  it.each([
    ['2026-11-23', '2026-11-23', '2026-11-28'], // Monday
    ['2026-11-26', '2026-11-23', '2026-11-28'], // Thursday
    ['2026-11-28', '2026-11-23', '2026-11-28'], // Saturday
    ['2026-11-29', '2026-11-23', '2026-11-28'], // Sunday: the week just ended
    ['2027-01-01', '2026-12-28', '2027-01-02'], // across the new year
  ])('the school week of %s is %s – %s', (today, from, to) => expect(schoolWeek(today)).toEqual({ from, to }));

  const today = '2026-11-25';
  it.each([
    [{}, { ok: true, from: '2026-11-23', to: '2026-11-28' }],
    [{ from: '', to: ' ' }, { ok: true, from: '2026-11-23', to: '2026-11-28' }],
    [{ from: '2026-11-02', to: '2026-11-07' }, { ok: true, from: '2026-11-02', to: '2026-11-07' }],
    [{ from: '01.09.2026', to: '30.11.2026' }, { ok: true, from: '2026-09-01', to: '2026-11-30' }],
    [{ from: '2026-11-10', to: '2026-11-10' }, { ok: true, from: '2026-11-10', to: '2026-11-10' }],
    [{ from: '2026-11-10' }, { ok: true, from: '2026-11-10', to: '2026-11-16' }],
    [{ to: '2026-11-10' }, { ok: true, from: '2026-11-04', to: '2026-11-10' }],
    [{ from: '2026-09-01', to: '2026-12-02' }, { ok: true, from: '2026-09-01', to: '2026-12-02' }], // 93 days
    [{ from: '2026-09-01', to: '2026-12-03' }, { ok: false, errors: { to: 'Не больше 93 дней за раз (около трёх месяцев): сократите период.' } }],
    [{ from: '2026-11-10', to: '2026-11-09' }, { ok: false, errors: { to: 'Дата «по» раньше даты «с».' } }],
    [{ from: '31.02.2026', to: '2026-11-09' }, { ok: false, errors: { from: 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.' } }],
    [{ from: '2026-11-01', to: 'завтра' }, { ok: false, errors: { to: 'Дата «по» не распознана: укажите её в виде ДД.ММ.ГГГГ.' } }],
    [{ from: '0000-01-01', to: '9999-12-31' }, { ok: false, errors: { from: 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.', to: 'Дата «по» не распознана: укажите её в виде ДД.ММ.ГГГГ.' } }],
    [{ from: ['2026-11-01', '2026-11-02'], to: '2026-11-05' }, { ok: false, errors: { from: 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.' } }],
  ])('%j → %j', (input, out) => expect(parseRange(input, today)).toEqual(out));
});

describe('membership windows and notes', () => {
  const range = { from: '2026-11-23', to: '2026-11-28' };
  it.each([
    ['in the class all along', [{ startsOn: '2026-09-01', endsOn: null }], 'м', []],
    ['left during the range (boy)', [{ startsOn: '2026-09-01', endsOn: '2026-11-26' }], 'м', ['выбыл 26.11.2026']],
    ['left during the range (girl)', [{ startsOn: '2026-09-01', endsOn: '2026-11-26' }], 'ж', ['выбыла 26.11.2026']],
    ['left, sex unknown', [{ startsOn: '2026-09-01', endsOn: '2026-11-26' }], null, ['выбыл(а) 26.11.2026']],
    ['leaves after the range: nothing yet', [{ startsOn: '2026-09-01', endsOn: '2026-12-01' }], 'м', []],
    ['came during the range', [{ startsOn: '2026-11-25', endsOn: null }], 'ж', ['прибыла 25.11.2026']],
    ['came and left', [{ startsOn: '2026-11-24', endsOn: '2026-11-27' }], null, ['прибыл(а) 24.11.2026', 'выбыл(а) 27.11.2026']],
    ['left and came back', [{ startsOn: '2026-09-01', endsOn: '2026-11-24' }, { startsOn: '2026-11-26', endsOn: null }], 'м', []],
  ] as const)('%s', (_name, windows, sex, notes) => expect(movementNotes(windows, range, sex)).toEqual(notes));

  it.each([
    ['2026-11-23', false], ['2026-11-24', true], ['2026-11-25', true], ['2026-11-26', false], ['2026-11-27', true],
  ])('in the class on %s: %s (ends_on is exclusive)', (date, inside) => {
    expect(inWindows(date, [{ startsOn: '2026-11-24', endsOn: '2026-11-26' }, { startsOn: '2026-11-27', endsOn: null }])).toBe(inside);
  });
});

describe('the reasons form', () => {
  it.each([
    [`reason[${L}:${S}]`, { lessonId: L, studentId: S }],
    [`reason[${L.toUpperCase()}:${S}]`, { lessonId: L, studentId: S }],
    ['reason[abc:def]', null],
    [`reason[${L}]`, null],
    [`reason[${L}:${S}:${S}]`, null],
    ['reason[]', null],
    ['from', undefined],
    ['_csrf', undefined],
    [`reasons[${L}:${S}]`, undefined],
  ])('field %s → %j', (name, out) => expect(parseReasonField(name)).toEqual(out));

  it.each([
    ['', null], ['illness', 'illness'], ['valid', 'valid'], ['invalid', 'invalid'],
    ['late', undefined], ['Б', undefined], [undefined, undefined], [['illness', 'valid'], undefined],
  ])('value %j → %j', (v, out) => expect(parseReasonValue(v)).toBe(out));

  it.each([[1, 'пропуск'], [2, 'пропуска'], [4, 'пропуска'], [5, 'пропусков'], [11, 'пропусков'], [12, 'пропусков'], [21, 'пропуск'], [22, 'пропуска'], [111, 'пропусков'], [0, 'пропусков']])(
    '%i %s', (n, word) => expect(plural(n, ['пропуск', 'пропуска', 'пропусков'])).toBe(word),
  );
});

describe('who reads the sheet and sets reasons', () => {
  const ME = 'staff-1';
  const f = (roles: SheetFacts['roles'], over: Partial<SheetFacts> = {}): SheetFacts => ({ roles, staffId: ME, classTeacherId: ME, yearOpen: true, ...over });
  it.each([
    ['class teacher of the class', f(['teacher', 'classTeacher']), true, true],
    ['class teacher of another class', f(['teacher', 'classTeacher'], { classTeacherId: 'staff-2' }), false, false],
    ['class teacher, the class of a closed year', f(['classTeacher'], { yearOpen: false }), false, false],
    ['a teacher named class teacher of it but without the role', f(['teacher']), false, false],
    ['class teacher without a staff card', f(['classTeacher'], { staffId: null, classTeacherId: null }), false, false],
    ['deputy', f(['deputy'], { classTeacherId: 'staff-2' }), true, true],
    ['deputy, closed year', f(['deputy'], { yearOpen: false }), true, false],
    ['admin reads only', f(['admin'], { classTeacherId: 'staff-2' }), true, false],
    ['admin who leads the class', f(['admin', 'classTeacher']), true, true],
    ['secretary', f(['secretary']), false, false],
    ['parent', f(['parent']), false, false],
    ['student', f(['student']), false, false],
  ])('%s: reads %s, sets reasons %s', (_name, facts, reads, sets) => {
    expect(canReadClassSheet(facts)).toBe(reads);
    expect(canSetReasons(facts)).toBe(sets);
  });
});
