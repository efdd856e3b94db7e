// A group's journal pages in the archive (journal-page-model.ts): lessons cut into A4 sheets, the cells (mark, «н», «оп»,
// shaded out of the group), the period mark on the last sheet, a period's roster from the year's, the year's sheet.
import { describe, expect, it } from 'vitest';
import {
  cutLessons, gridSheets, lessonLines, rosterInPeriod, rosterNote, yearSheet, type PageLesson, type PageStudent,
} from '../../src/modules/archive/journal-page-model.ts';

const lesson = (id: string, date: string, columns = 1, extra: Partial<PageLesson> = {}): PageLesson => ({
  id, date, no: 1, topic: null, homework: null, control: false, cancelled: false, change: null,
  columns: Array.from({ length: columns }, (_, i) => ({ columnNo: i + 1, shortName: i === 0 ? 'Отв' : 'КР', name: i === 0 ? 'Ответ' : 'Контрольная' })),
  ...extra,
});
const student = (studentId: string, joinedOn = '2026-09-01', leftOn: string | null = null): PageStudent => ({ studentId, name: studentId, joinedOn, leftOn });

describe('sheets', () => {
  it.each<[string, number[], number, number[][]]>([
    ['all on one sheet', [1, 1, 2], 10, [[0, 1, 2]]],
    ['cut where the columns run out, a lesson never split', [2, 2, 2], 5, [[0, 1], [2]]],
    ['a lesson wider than a sheet gets its own', [1, 5, 1], 3, [[0], [1], [2]]],
    ['a lesson without columns takes one', [0, 0, 0], 2, [[0, 1], [2]]],
    ['no lessons, no sheets', [], 5, []],
  ])('%s', (_, widths, perSheet, cut) => {
    const list = widths.map((w, i) => lesson(`l${i}`, '2026-09-0' + (i + 1), w));
    expect(cutLessons(list, perSheet).map((s) => s.map((l) => list.indexOf(l)))).toEqual(cut);
  });

  it('cells: the mark; «н»/«оп» in the first column only; shaded before joining and after leaving; the period mark last', () => {
    const lessons = [lesson('a', '2026-09-02', 2), lesson('b', '2026-09-09'), lesson('c', '2026-09-16')];
    const sheets = gridSheets({
      period: { startsOn: '2026-09-01' }, lessons, perSheet: 2,
      roster: [student('Иванов'), student('Петров', '2026-09-05', '2026-09-16')],
      marks: [{ lessonId: 'a', studentId: 'Иванов', columnNo: 2, value: 4 }, { lessonId: 'b', studentId: 'Петров', columnNo: 1, value: 5 }],
      absences: [{ lessonId: 'a', studentId: 'Иванов', kind: 'absent' }, { lessonId: 'b', studentId: 'Иванов', kind: 'late' }],
      finals: new Map([['Иванов', '4']]),
    });
    expect(sheets.map((s) => [s.last, s.lessons.map((l) => `${l.day}×${l.span}`)])).toEqual([[false, ['02.09×2']], [true, ['09.09×1', '16.09×1']]]);
    expect(sheets[0]!.rows.map((r) => r.cells)).toEqual([
      [{ text: 'н', cls: 'att-absent' }, { text: '4', cls: '' }],
      [{ text: '', cls: 'out' }, { text: '', cls: 'out' }],
    ]);
    expect(sheets[1]!.rows.map((r) => [r.note, r.cells.map((c) => `${c.text}|${c.cls}`), r.final])).toEqual([
      ['', ['оп|att-late', '|'], '4'],
      ['с 05.09.2026, выбыл(а) 16.09.2026', ['5|', '|out'], ''],
    ]);
    expect(sheets[0]!.rows[0]!.final).toBeNull();
  });

  it('a period without lessons still has its sheet with the names and the period marks', () => {
    const [only] = gridSheets({ period: { startsOn: '2026-09-01' }, lessons: [], perSheet: 10, roster: [student('Иванов')], marks: [], absences: [],
      finals: new Map([['Иванов', '5']]) });
    expect(only).toEqual({ last: true, lessons: [], rows: [{ no: 1, name: 'Иванов', note: '', cells: [], final: '5' }] });
  });

  it('the lessons\' records: date, topic, homework, the control work and the substitution', () => {
    expect(lessonLines([lesson('a', '2026-09-02', 1, { topic: 'Дроби', homework: '№ 5', control: true, change: 'замена: Петрова А. И. (болезнь)' })]))
      .toEqual([{ date: '02.09.2026', no: 1, topic: 'Дроби', homework: '№ 5', note: 'контрольная работа; замена: Петрова А. И. (болезнь)' }]);
  });
});

describe('rosters', () => {
  const q1 = { startsOn: '2026-09-01', endsOn: '2026-10-24' };
  const q2 = { startsOn: '2026-11-05', endsOn: '2026-12-28' };
  const year = [student('всегда'), student('пришёл', '2026-11-16'), student('ушёл', '2026-09-01', '2026-10-01'), student('до каникул', '2026-09-01', '2026-10-25')];
  it('a period\'s students and their notes, from the year\'s roster', () => {
    expect(rosterInPeriod(year, q1).map((s) => [s.studentId, rosterNote(s, q1)])).toEqual([
      ['всегда', ''], ['ушёл', 'выбыл(а) 01.10.2026'], ['до каникул', ''],
    ]);
    expect(rosterInPeriod(year, q2).map((s) => [s.studentId, rosterNote(s, q2)])).toEqual([['всегда', ''], ['пришёл', 'с 16.11.2026']]);
  });

  it('the year\'s sheet: a column per period and the year; exam and final only where the group has one', () => {
    const periods = [{ id: 'p1', name: '1 четверть' }, { id: 'p2', name: '2 четверть' }];
    const marks = [
      { studentId: 'всегда', kind: 'period', periodId: 'p1', value: '5' }, { studentId: 'всегда', kind: 'year', periodId: null, value: '5' },
      { studentId: 'ушёл', kind: 'period', periodId: 'p1', value: 'н/а' }, { studentId: 'всегда', kind: 'final', periodId: null, value: '5' },
    ];
    const sheet = yearSheet({ periods, roster: year.slice(0, 3), marks });
    expect(sheet.slots.map((s) => s.label)).toEqual(['1 четверть', '2 четверть', 'Год', 'Итог']);
    expect(sheet.rows.map((r) => [r.name, ...r.cells])).toEqual([
      ['всегда', '5', '', '5', '5'], ['пришёл', '', '', '', ''], ['ушёл', 'н/а', '', '', ''],
    ]);
  });
});
