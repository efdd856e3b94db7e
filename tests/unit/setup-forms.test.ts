import { describe, expect, it } from 'vitest';
import { bellRow, BELL_FIELDS, classForm, holidayForm, parseRows, schemeForm, schoolSettingsForm, yearForm } from '../../src/modules/setup/forms.ts';
import { parseForm } from '../../src/web/forms.ts';

const SCHEME = '7b0f8c1e-6a53-4c7e-9d43-2f1f1b7a9c10';
const JOURNAL = { journalEditDays: '10', minMarksPerPeriod: '3', periodRounding: 'half_up', controlMarkDays: '7', controlWorksMainLimit: '2', controlWorksOtherLimit: '1',
  medalFirstMaxFours: '0', medalSecondMaxFours: '2', distinctionMaxFours: '0' };

describe('classForm', () => {
  it.each([
    [{ grade: '5', letter: 'а' }, { grade: 5, letter: 'А', groupName: null, classTeacherId: null }],
    [{ grade: '10', letter: 'фм' }, { grade: 10, letter: 'ФМ', groupName: null }],
    [{ grade: '', letter: 'А', groupName: 'ИСП-21' }, { grade: null, letter: null, groupName: 'ИСП-21' }],
  ])('accepts %j', (input, out) => {
    const r = parseForm(classForm, { shift: '1', schemeId: SCHEME, ...input });
    expect(r.ok && r.data).toMatchObject(out);
  });

  it.each([
    [{ grade: '5', letter: '' }, 'letter', 'Укажите литеру класса, например А.'],
    [{ grade: '5', letter: 'A' }, 'letter', 'Литера — одна или две русские буквы, например А.'],
    [{ grade: '0', letter: 'А' }, 'grade', 'Параллель — число от 1 до 11 (пусто для группы колледжа).'],
    [{ grade: '', letter: '' }, 'grade', 'Укажите параллель и литеру (5 и А) или название группы колледжа.'],
    [{ grade: '5', letter: 'А', shift: '0' }, 'shift', 'Смена — 1, 2 или 3.'],
    [{ grade: '5', letter: 'А', classTeacherId: 'x' }, 'classTeacherId', 'Выберите классного руководителя из списка.'],
  ])('refuses %j', (input, field, message) => {
    const r = parseForm(classForm, { shift: '1', schemeId: SCHEME, ...input });
    expect(r.ok ? {} : r.errors).toMatchObject({ [field]: message });
  });
});

describe('holidayForm grades', () => {
  it.each([
    ['', null], ['1', [1]], ['1, 2', [1, 2]], ['2;1 1', [1, 2]], ['11', [11]],
  ])('%j → %j', (grades, out) => {
    const r = parseForm(holidayForm, { name: 'К', kind: 'vacation', startsOn: '01.11.2026', endsOn: '2026-11-08', grades });
    expect(r.ok && r.data).toEqual({ name: 'К', kind: 'vacation', startsOn: '2026-11-01', endsOn: '2026-11-08', grades: out });
  });

  it.each(['0', '12', 'первые', '1-4'])('refuses %j', (grades) => {
    const r = parseForm(holidayForm, { name: 'К', kind: 'vacation', startsOn: '2026-11-01', endsOn: '2026-11-08', grades });
    expect(r.ok ? {} : r.errors).toHaveProperty('grades');
  });
});

describe('small forms', () => {
  it('names a scheme after its kind when no name is given', () => {
    const r = parseForm(schemeForm, { kind: 'halves', name: ' ' });
    expect(r.ok && r.data).toEqual({ kind: 'halves', name: 'Полугодия' });
  });

  it.each([['2027/2028', true], ['2027/2029', false], ['27/28', false]])('year name %s valid: %s', (name, ok) => {
    expect(parseForm(yearForm, { name, startsOn: '2027-09-01', endsOn: '2028-05-31' }).ok).toBe(ok);
  });

  it.each([['5', true], ['240', true], ['4', false], ['241', false], ['30.5', false], ['', false]])('idle minutes %j valid: %s', (m, ok) => {
    expect(parseForm(schoolSettingsForm, { name: 'Школа № 1', staffIdleMinutes: m, ...JOURNAL }).ok).toBe(ok);
  });

  it.each([
    [{}, { journalEditDays: 10, minMarksPerPeriod: 3, periodRounding: 'half_up', classTeacherPeriodMarks: false }],
    [{ journalEditDays: '1', minMarksPerPeriod: '0', periodRounding: 'strict', classTeacherPeriodMarks: 'on' }, { journalEditDays: 1, minMarksPerPeriod: 0, periodRounding: 'strict', classTeacherPeriodMarks: true }],
    [{ journalEditDays: '30', minMarksPerPeriod: '20' }, { journalEditDays: 30, minMarksPerPeriod: 20 }],
    [{ controlMarkDays: '10', controlWorksMainLimit: '3', controlWorksOtherLimit: '2' }, { controlMarkDays: 10, controlWorksMainLimit: 3, controlWorksOtherLimit: 2 }],
    [{ medalFirstMaxFours: '1', medalSecondMaxFours: '3', distinctionMaxFours: '1' }, { medalFirstMaxFours: 1, medalSecondMaxFours: 3, distinctionMaxFours: 1 }],
    [{ medalFirstMaxFours: '2', medalSecondMaxFours: '2' }, { medalFirstMaxFours: 2, medalSecondMaxFours: 2 }],
  ])('journal settings %j are read as %j', (change, out) => {
    const r = parseForm(schoolSettingsForm, { name: 'Школа № 1', staffIdleMinutes: '30', ...JOURNAL, ...change });
    expect(r.ok && r.data).toMatchObject(out);
  });

  it.each([
    [{ journalEditDays: '0' }, 'journalEditDays'], [{ journalEditDays: '31' }, 'journalEditDays'], [{ journalEditDays: undefined }, 'journalEditDays'],
    [{ minMarksPerPeriod: '21' }, 'minMarksPerPeriod'], [{ minMarksPerPeriod: '-1' }, 'minMarksPerPeriod'],
    [{ controlMarkDays: '6' }, 'controlMarkDays'], [{ controlMarkDays: '11' }, 'controlMarkDays'], [{ controlMarkDays: undefined }, 'controlMarkDays'],
    [{ controlWorksMainLimit: '0' }, 'controlWorksMainLimit'], [{ controlWorksOtherLimit: '11' }, 'controlWorksOtherLimit'],
    [{ periodRounding: 'up' }, 'periodRounding'], [{ periodRounding: undefined }, 'periodRounding'],
    [{ medalFirstMaxFours: '-1' }, 'medalFirstMaxFours'], [{ medalSecondMaxFours: '11' }, 'medalSecondMaxFours'],
    [{ distinctionMaxFours: undefined }, 'distinctionMaxFours'], [{ medalFirstMaxFours: '3' }, 'medalSecondMaxFours'],
  ])('journal settings %j are refused at %s', (change, field) => {
    const r = parseForm(schoolSettingsForm, { name: 'Школа № 1', staffIdleMinutes: '30', ...JOURNAL, ...change });
    expect(!r.ok && Object.keys(r.errors)).toEqual([field]);
  });
});

describe('parseRows', () => {
  it('skips blank rows, normalises times and keys errors by row', () => {
    const body = { lessonNumber_0: '1', startsAt_0: '8:30', endsAt_0: '09:15', lessonNumber_1: '2', startsAt_1: '', endsAt_1: '', lessonNumber_2: '3', startsAt_2: '10:30', endsAt_2: '' };
    const r = parseRows(bellRow, body, BELL_FIELDS, ['startsAt', 'endsAt'], 5);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual({ endsAt_2: 'Укажите конец урока.' });
    const fixed = parseRows(bellRow, { ...body, endsAt_2: '11:15' }, BELL_FIELDS, ['startsAt', 'endsAt'], 5);
    expect(fixed.ok && fixed.rows).toEqual([
      { index: 0, data: { lessonNumber: 1, startsAt: '08:30', endsAt: '09:15' } },
      { index: 2, data: { lessonNumber: 3, startsAt: '10:30', endsAt: '11:15' } },
    ]);
  });

  it('refuses a row of arrays or objects (a JSON body) with a message, never throwing on them', () => {
    // String({ toString: 'x' }) throws: the form fuzz found POST /setup/bells/:id answering 500 to such a JSON body.
    const body = { lessonNumber_0: '1', startsAt_0: { toString: 'x' }, endsAt_0: ['09:15', '10:00'], lessonNumber_1: {}, startsAt_1: '', endsAt_1: '' };
    const r = parseRows(bellRow, body, BELL_FIELDS, ['startsAt', 'endsAt'], 3);
    expect(r.ok).toBe(false);
    expect(Object.keys(!r.ok ? r.errors : {}).sort()).toEqual(['endsAt_0', 'startsAt_0']);
  });
});
