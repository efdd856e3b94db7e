// Summary sheet: the order and labels of the mark columns, the last day of a stay in a slot, the movement notes, the
// group whose mark a cell shows, the cell values, and a small class assembled by hand (sheet.ts).
import { describe, expect, it } from 'vitest';
import {
  lastDayIn, markCell, movementNote, overlaps, periodLabel, pickGroup, slotLegend, yearSlots, type ClassStay, type PeriodRef, type SheetGroup,
} from '../../src/modules/reports/summary-sheet/rules.ts';
import { buildSheet, sheetTable, type SheetFacts } from '../../src/modules/reports/summary-sheet/sheet.ts';
import { shownRows } from '../../src/modules/reports/core/table.ts';

const YEAR = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
const Q: PeriodRef[] = [
  { id: 'q3', ordinal: 3, name: '3 четверть', startsOn: '2027-01-11', endsOn: '2027-03-20' },
  { id: 'q1', ordinal: 1, name: '1 четверть', startsOn: '2026-09-01', endsOn: '2026-10-24' },
  { id: 'q4', ordinal: 4, name: '4 четверть', startsOn: '2027-03-30', endsOn: '2027-05-26' },
  { id: 'q2', ordinal: 2, name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28' },
];

describe('mark columns', () => {
  it.each([
    ['quarters', 2, '2 четв.'], ['halves', 1, '1 полуг.'], ['trimesters', 3, '3 трим.'], ['semesters', 2, '2 сем.'], ['other', 1, 'Модуль А'],
  ] as const)('%s, period %i → «%s»', (kind, ordinal, label) => {
    expect(periodLabel(kind, { ordinal, name: 'Модуль А' })).toBe(label);
  });
  it('the periods by their dates whatever order they come in, then год, экзамен, итоговая', () => {
    const slots = yearSlots('quarters', Q, YEAR);
    expect(slots.map((s) => [s.key, s.label, s.short])).toEqual([
      ['q1', '1 четв.', '1'], ['q2', '2 четв.', '2'], ['q3', '3 четв.', '3'], ['q4', '4 четв.', '4'],
      ['year', 'годовая', 'Г'], ['exam', 'экзамен', 'Э'], ['final', 'итоговая', 'И'],
    ]);
    expect(slots[1]).toMatchObject({ kind: 'period', periodId: 'q2', from: '2026-11-05', to: '2026-12-28' });
    expect(slots[4]).toMatchObject({ kind: 'year', periodId: null, from: YEAR.startsOn, to: YEAR.endsOn });
  });
  it('two periods on one date: by ordinal', () => {
    const twin = [{ ...Q[1]!, id: 'b', ordinal: 2 }, { ...Q[1]!, id: 'a', ordinal: 1 }];
    expect(yearSlots('other', twin, YEAR).slice(0, 2).map((s) => s.key)).toEqual(['a', 'b']);
  });
  it('the legend under the table', () => {
    expect(slotLegend('quarters', yearSlots('quarters', Q, YEAR))).toBe('1–4 — четверти; Г — годовая; Э — экзамен; И — итоговая');
    expect(slotLegend('halves', yearSlots('halves', Q.slice(0, 2), YEAR))).toBe('1, 3 — полугодия; Г — годовая; Э — экзамен; И — итоговая');
    expect(slotLegend('quarters', yearSlots('quarters', [], YEAR))).toBe('Г — годовая; Э — экзамен; И — итоговая');
  });
});

describe('lastDayIn: the last day of the stays within a slot (stays end exclusive)', () => {
  it.each<[string, Array<{ startsOn: string; endsOn: string | null }>, string, string, string | null]>([
    ['in the class all along', [{ startsOn: '2026-09-01', endsOn: null }], '2026-09-01', '2026-10-24', '2026-10-24'],
    ['left on 12.11: the 11th', [{ startsOn: '2026-09-01', endsOn: '2026-11-12' }], '2026-11-05', '2026-12-28', '2026-11-11'],
    ['left on the day after the period: its last day', [{ startsOn: '2026-09-01', endsOn: '2026-10-25' }], '2026-09-01', '2026-10-24', '2026-10-24'],
    ['left on its last day: the day before', [{ startsOn: '2026-09-01', endsOn: '2026-10-24' }], '2026-09-01', '2026-10-24', '2026-10-23'],
    ['left before the period', [{ startsOn: '2026-09-01', endsOn: '2026-11-05' }], '2026-11-05', '2026-12-28', null],
    ['came after the period', [{ startsOn: '2026-11-16', endsOn: null }], '2026-09-01', '2026-10-24', null],
    ['came on its last day', [{ startsOn: '2026-10-24', endsOn: null }], '2026-09-01', '2026-10-24', '2026-10-24'],
    ['left and came back: the later stay', [{ startsOn: '2026-09-01', endsOn: '2026-09-20' }, { startsOn: '2026-10-01', endsOn: null }], '2026-09-01', '2026-10-24', '2026-10-24'],
    ['left and came back after the slot: the first stay', [{ startsOn: '2026-09-01', endsOn: '2026-09-20' }, { startsOn: '2026-11-01', endsOn: null }], '2026-09-01', '2026-10-24', '2026-09-19'],
    ['no stays', [], '2026-09-01', '2026-10-24', null],
  ])('%s', (_name, stays, from, to, day) => {
    expect(lastDayIn(stays, from, to)).toBe(day);
  });
  it('overlaps: a shared day, ends exclusive', () => {
    expect(overlaps({ startsOn: '2026-09-01', endsOn: '2026-10-01' }, { startsOn: '2026-09-30', endsOn: null })).toBe(true);
    expect(overlaps({ startsOn: '2026-09-01', endsOn: '2026-10-01' }, { startsOn: '2026-10-01', endsOn: null })).toBe(false);
  });
});

describe('movementNote', () => {
  const stay = (startsOn: string, endsOn: string | null, endKind: string | null = null): ClassStay => ({ startsOn, endsOn, endKind });
  it.each<[string, string, ClassStay[], string | null]>([
    ['all year', '', [stay('2026-09-01', null)], 'м'],
    ['joined mid-year', 'прибыла 05.10.2026', [stay('2026-10-05', null)], 'ж'],
    ['left (withdrawal)', 'выбыл 12.11.2026', [stay('2026-09-01', '2026-11-12', 'withdrawal')], 'м'],
    ['left (transfer to another class)', 'выбыл(а) 16.11.2026', [stay('2026-09-01', '2026-11-16', 'transfer')], null],
    ['joined and left', 'прибыла 05.10.2026, выбыла 01.02.2027', [stay('2026-10-05', '2027-02-01', 'withdrawal')], 'ж'],
    ['promoted at the year’s end: not leaving', '', [stay('2026-09-01', '2027-06-01', 'promotion')], 'м'],
    ['graduated: not leaving', '', [stay('2026-09-01', '2027-06-25', 'graduation')], 'ж'],
    ['left and came back: still in the class', '', [stay('2026-09-01', '2026-10-01', 'withdrawal'), stay('2026-11-01', null)], 'м'],
    ['an end after the year is not within it', '', [stay('2026-09-01', '2027-09-02', 'transfer')], 'м'],
  ])('%s → «%s»', (_name, note, stays, sex) => {
    expect(movementNote(stays, YEAR, sex)).toBe(note);
  });
});

describe('pickGroup', () => {
  const g = (name: string, kind: string, lessonKind = 'regular'): Pick<SheetGroup, 'kind' | 'lessonKind' | 'name'> => ({ name, kind, lessonKind });
  it.each<[string, Array<{ group: ReturnType<typeof g>; hasMark: boolean }>, string | null]>([
    ['none', [], null],
    ['the only one', [{ group: g('5А англ. гр. 2', 'subgroup'), hasMark: false }], '5А англ. гр. 2'],
    ['a regular lesson before an elective, even one with a mark', [{ group: g('Олимпиадная', 'cross_class', 'elective'), hasMark: true }, { group: g('5А матем.', 'class'), hasMark: false }], '5А матем.'],
    ['then the one with a mark', [{ group: g('Инд. план', 'individual'), hasMark: false }, { group: g('5А матем.', 'class'), hasMark: true }], '5А матем.'],
    ['then the more particular group', [{ group: g('5А матем.', 'class'), hasMark: true }, { group: g('Инд. план', 'individual'), hasMark: true }], 'Инд. план'],
    ['then by name', [{ group: g('Б', 'subgroup'), hasMark: true }, { group: g('А', 'subgroup'), hasMark: true }], 'А'],
  ])('%s', (_name, candidates, name) => {
    expect(pickGroup(candidates)?.name ?? null).toBe(name);
  });
  it('markCell: numbers as numbers, the rest as text, none as null', () => {
    expect(['5', ' 3 ', 'н/а', 'осв', 'зач', 'незач', '', null, '7'].map(markCell)).toEqual([5, 3, 'н/а', 'осв', 'зач', 'незач', null, null, '7']);
  });
});

describe('buildSheet: a class of four by hand', () => {
  // 5А, quarters 1 and 2 only. Maths: a whole-class group; English: subgroups, Fedorov moved from group 1 to 2 on 10.11;
  // Chess: a cross-class elective of Ivanova (and of a 5Б student, not on this sheet); Art: exam marks nowhere.
  // Andreev left on 12.11 (withdrawal); Borisova came on 16.11; Ivanova all year; Fedorov all year.
  const slots = yearSlots('quarters', Q.filter((q) => q.id === 'q1' || q.id === 'q2'), YEAR);
  const grp = (id: string, subjectId: string, kind: string, lessonKind = 'regular'): SheetGroup => ({
    id, subjectId, kind, classId: kind === 'cross_class' ? null : '5A', lessonKind, name: id,
  });
  const student = (id: string, lastName: string, sex: string, stays: ClassStay[], absentOn: string[] = []) => ({
    id, lastName, firstName: 'Имя', middleName: null, sex, stays, absentOn,
  });
  const mark = (groupId: string, studentId: string, kind: string, periodId: string | null, value: string) => ({ groupId, studentId, kind, periodId, value });
  const facts: SheetFacts = {
    classId: '5A', year: YEAR, slots,
    subjects: [{ id: 'math', name: 'Математика', shortName: 'Матем.' }, { id: 'eng', name: 'Английский язык', shortName: 'Англ. яз.' },
      { id: 'chess', name: 'Шахматы', shortName: 'Шахм.' }, { id: 'art', name: 'ИЗО', shortName: 'ИЗО' }],
    groups: [grp('M', 'math', 'class'), grp('E1', 'eng', 'subgroup'), grp('E2', 'eng', 'subgroup'), grp('C', 'chess', 'cross_class', 'elective'),
      grp('A', 'art', 'class')],
    students: [
      student('iv', 'Иванова', 'ж', [{ startsOn: '2026-09-01', endsOn: null, endKind: null }], ['2026-10-01', '2026-10-02', '2027-01-20']),
      student('an', 'Андреев', 'м', [{ startsOn: '2026-09-01', endsOn: '2026-11-12', endKind: 'withdrawal' }], ['2026-11-11', '2026-11-20']),
      student('bo', 'Борисова', 'ж', [{ startsOn: '2026-11-16', endsOn: null, endKind: null }], ['2026-11-10', '2026-11-17']),
      student('fe', 'Федоров', 'м', [{ startsOn: '2026-09-01', endsOn: null, endKind: null }]),
    ],
    members: [
      { groupId: 'E1', studentId: 'iv', startsOn: '2026-09-01', endsOn: null }, { groupId: 'E1', studentId: 'an', startsOn: '2026-09-01', endsOn: null },
      { groupId: 'E2', studentId: 'bo', startsOn: '2026-11-16', endsOn: null },
      { groupId: 'E1', studentId: 'fe', startsOn: '2026-09-01', endsOn: '2026-11-10' }, { groupId: 'E2', studentId: 'fe', startsOn: '2026-11-10', endsOn: null },
      { groupId: 'C', studentId: 'iv', startsOn: '2026-09-01', endsOn: null },
    ],
    marks: [
      mark('M', 'iv', 'period', 'q1', '5'), mark('M', 'an', 'period', 'q1', '4'), mark('M', 'fe', 'period', 'q1', 'н/а'),
      mark('M', 'iv', 'period', 'q2', '4'), mark('M', 'bo', 'period', 'q2', '3'), mark('M', 'iv', 'year', null, '5'), mark('M', 'iv', 'final', null, '5'),
      mark('E1', 'iv', 'period', 'q1', '5'), mark('E1', 'an', 'period', 'q1', '3'), mark('E1', 'fe', 'period', 'q1', '4'),
      // Fedorov's quarter 2 is set in group 2 (his group on 28.12); a stray mark in group 1 is not shown.
      mark('E2', 'fe', 'period', 'q2', '5'), mark('E1', 'fe', 'period', 'q2', '2'), mark('E2', 'bo', 'period', 'q2', 'осв'),
      mark('C', 'iv', 'period', 'q1', 'зач'),
      // Andreev's quarter 2 mark set before he left is shown (his last day 11.11 in the class).
      mark('M', 'an', 'period', 'q2', '2'),
    ],
  };
  const model = buildSheet(facts);
  const table = sheetTable(model, '5А, 2026/2027');

  it('subjects with a regular group first, by name; exam and final columns only where used', () => {
    expect(model.subjects.map((s) => [s.name, s.slots.map((x) => x.short).join('')])).toEqual([
      ['Английский язык', '12Г'], ['ИЗО', '12Г'], ['Математика', '12ГИ'], ['Шахматы', '12Г'],
    ]);
    expect(table.columns.map((c) => c.title).slice(0, 6)).toEqual(['№', 'Обучающийся', 'Движение', 'Английский язык, 1 четв.', 'Английский язык, 2 четв.', 'Английский язык, годовая']);
    expect(table.columns.at(-1)?.title).toBe('Пропущено уроков');
  });
  it('rows by name with their marks, notes and absences while in the class', () => {
    expect(shownRows(table)).toEqual([
      // №, name, note, Англ 1 2 Г, ИЗО 1 2 Г, Матем 1 2 Г И, Шахм 1 2 Г, absences
      ['1', 'Андреев Имя', 'выбыл 12.11.2026', '3', '', '', '', '', '', '4', '2', '', '', '', '', '', '1'],
      ['2', 'Борисова Имя', 'прибыла 16.11.2026', '', 'осв', '', '', '', '', '', '3', '', '', '', '', '', '1'],
      ['3', 'Иванова Имя', '', '5', '', '', '', '', '', '5', '4', '5', '5', 'зач', '', '', '3'],
      ['4', 'Федоров Имя', '', '4', '5', '', '', '', '', 'н/а', '', '', '', '', '', '', '0'],
    ]);
    expect(table.rows[0]).toMatchObject({ _class: 'left', 'm:math:q1': 4 });
    expect(table.rows[2]).toMatchObject({ 'm:chess:q1': 'зач', 'm:math:year': 5 });
  });
  it('a cross-class group no student of the class was in while in it adds no subject', () => {
    const late = { ...facts, members: facts.members.map((m) => (m.groupId === 'C' ? { ...m, startsOn: '2027-09-01' } : m)) };
    expect(buildSheet(late).subjects.map((s) => s.name)).not.toContain('Шахматы');
  });
});
