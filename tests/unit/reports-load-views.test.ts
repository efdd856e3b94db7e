// What the load reports' pages draw besides their tables: the control-works calendar of a class and the homework chart's bars.
import { describe, expect, it } from 'vitest';
import { classCalendars } from '../../src/modules/reports/control-works/calendar.ts';
import type { ControlWork } from '../../src/modules/reports/control-works/queries.ts';
import { loadBars } from '../../src/modules/reports/homework-load/routes.ts';

const work = (className: string, date: string, subjectName: string, held: boolean, crowded = false) =>
  ({ className, date, subjectName, held, crowded }) as ControlWork;

describe('classCalendars', () => {
  it('a row per week with works, Monday to Saturday; planned marked, a crowded day flagged; classes in natural order', () => {
    const cals = classCalendars([
      work('10А', '2026-11-17', 'Физика', true),
      work('5А', '2026-11-17', 'Математика', true, true), work('5А', '2026-11-17', 'Русский язык', true, true),
      work('5А', '2026-11-19', 'Английский язык', true), work('5А', '2026-11-19', 'Английский язык', true),
      work('5А', '2026-11-28', 'Математика', false),
    ]);
    expect(cals.map((c) => c.className)).toEqual(['5А', '10А']);
    expect(cals[0]!.weeks).toEqual([
      { title: '16.11–21.11', days: [
        { text: '', crowded: false }, { text: 'Математика, Русский язык', crowded: true }, { text: '', crowded: false },
        { text: 'Английский язык', crowded: false }, { text: '', crowded: false }, { text: '', crowded: false }] },
      { title: '23.11–28.11', days: [
        { text: '', crowded: false }, { text: '', crowded: false }, { text: '', crowded: false }, { text: '', crowded: false },
        { text: '', crowded: false }, { text: 'Математика (план)', crowded: false }] },
    ]);
  });
});

describe('loadBars', () => {
  const day = (date: string, minutes: number) => ({ date, minutes, withoutMinutes: 0, items: 1 });
  it('one class: a bar a day against its norm', () => {
    expect(loadBars([{ classId: 'a', className: '5А', grade: 5, norm: 120, days: [day('2026-11-16', 25), day('2026-11-19', 130)] }])).toEqual([
      { label: 'Пн 16.11', value: 25, limit: 120 }, { label: 'Чт 19.11', value: 130, limit: 120 },
    ]);
  });
  it('several classes: each its heaviest day (the first of equals); a class without school days left out; no norm, no limit', () => {
    expect(loadBars([
      { classId: 'a', className: '5А', grade: 5, norm: 120, days: [day('2026-11-16', 65), day('2026-11-17', 65)] },
      { classId: 'b', className: '5Б', grade: 5, norm: 120, days: [] },
      { classId: 'c', className: 'Группа', grade: null, norm: null, days: [day('2026-11-18', 40)] },
    ])).toEqual([{ label: '5А, Пн 16.11', value: 65, limit: 120 }, { label: 'Группа, Ср 18.11', value: 40 }]);
  });
});
