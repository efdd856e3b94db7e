import { describe, expect, it } from 'vitest';
import { gridLessonViews, gridRows, ruAverage, type LockFacts } from '../../src/modules/journal/grid-model.ts';
import type { GridLesson } from '../../src/modules/journal/grid-queries.ts';

const ME = 'staff-me';
const lesson = (id: string, date: string, columns: GridLesson['columns'] = [], extra: Partial<GridLesson> = {}): GridLesson => ({
  id, date, lessonNumber: 1, staffId: ME, topic: null, controlWork: false, homework: null, subKind: null, substituteStaffId: null,
  attendanceTakenAt: null, attendanceTakenBy: null, columns, ...extra,
});
const col = (lessonId: string, columnNo: number, shortName: string, weight: string) =>
  ({ lessonId, columnNo, workTypeId: `wt-${shortName}`, shortName, name: shortName, weight });
const noLock: LockFacts = { closed: false, periodUntil: null, lessonUntil: new Map<string, string>() };
const defaultType = { shortName: 'Отв', name: 'Ответ на уроке', weight: 1 };
const teachers = [{ staffId: ME, startsOn: '2026-09-01', endsOn: null }];

describe('gridLessonViews: the edit mode of each lesson for the actor', () => {
  const lessons = [
    lesson('old', '2026-11-02'),
    lesson('in-window', '2026-11-13'),
    lesson('today', '2026-11-23'),
    lesson('future', '2026-11-24'),
    lesson('substituted', '2026-11-20', [], { subKind: 'teacher', substituteStaffId: 'staff-other' }),
    lesson('cancelled', '2026-11-19', [], { subKind: 'cancelled' }),
  ];
  const modes = (actor: { staffId: string | null; roles: Array<'teacher' | 'deputy' | 'admin' | 'classTeacher'> }, lock = noLock) =>
    Object.fromEntries(gridLessonViews({ actor, lessons, teachers, lock, today: '2026-11-23', editDays: 10, defaultType }).map((l) => [l.id, l.mode.mode]));

  it.each([
    ['the group teacher', { staffId: ME, roles: ['teacher'] as const },
      { old: 'read', 'in-window': 'edit', today: 'edit', future: 'read', substituted: 'read', cancelled: 'read' }],
    ['the deputy (not teaching it)', { staffId: 'staff-deputy', roles: ['teacher', 'deputy'] as const },
      { old: 'correct', 'in-window': 'correct', today: 'correct', future: 'read', substituted: 'correct', cancelled: 'read' }],
    ['the admin', { staffId: null, roles: ['admin'] as const },
      { old: 'read', 'in-window': 'read', today: 'read', future: 'read', substituted: 'read', cancelled: 'read' }],
    ['the class teacher (another subject)', { staffId: 'staff-ct', roles: ['teacher', 'classTeacher'] as const },
      { old: 'none', 'in-window': 'none', today: 'none', future: 'none', substituted: 'none', cancelled: 'none' }],
  ])('%s', (_name, actor, expected) => {
    expect(modes({ staffId: actor.staffId, roles: [...actor.roles] })).toEqual(expected);
  });

  it('a closed period is read-only for the teacher until a deputy reopens it (or one lesson of it)', () => {
    const me = { staffId: ME, roles: ['teacher' as const] };
    expect(modes(me, { closed: true, periodUntil: null, lessonUntil: new Map() })).toMatchObject({ 'in-window': 'read', today: 'read' });
    expect(modes(me, { closed: true, periodUntil: '2026-11-23', lessonUntil: new Map() })).toMatchObject({ old: 'edit', today: 'edit' });
    expect(modes(me, { closed: true, periodUntil: '2026-11-22', lessonUntil: new Map([['old', '2026-11-25']]) }))
      .toMatchObject({ old: 'edit', today: 'read' });
  });

  it('a lesson without columns shows one column of the default work type; its columns otherwise, in order', () => {
    const views = gridLessonViews({
      actor: { staffId: ME, roles: ['teacher'] }, teachers, lock: noLock, today: '2026-11-23', editDays: 10, defaultType,
      lessons: [lesson('a', '2026-11-20'), lesson('b', '2026-11-20', [col('b', 1, 'КР', '2.0'), col('b', 2, 'ДЗ', '1.0')])],
    });
    expect(views.map((v) => v.columnsShown.map((c) => [c.columnNo, c.label, c.weight, c.first]))).toEqual([
      [[1, 'Отв', 1, true]],
      [[1, 'КР', 2, true], [2, 'ДЗ', 1, false]],
    ]);
    expect(views[1]!.columnsShown[0]!.title).toBe('КР, вес 2');
  });

  it('the head marks attendance taken (✓, when and by whom) and a past lesson given without it (н/о); nothing today or later', () => {
    const taken = { attendanceTakenAt: new Date('2026-11-20T06:12:00Z'), attendanceTakenBy: 'Иванова Мария Александровна' };
    const views = gridLessonViews({
      actor: { staffId: ME, roles: ['teacher'] }, teachers, lock: noLock, today: '2026-11-23', editDays: 10, defaultType,
      lessons: [
        lesson('taken', '2026-11-20', [], taken), lesson('not-taken', '2026-11-20'),
        lesson('cancelled', '2026-11-19', [], { subKind: 'cancelled' }), lesson('today', '2026-11-23'), lesson('future', '2026-11-24'),
      ],
    });
    expect(Object.fromEntries(views.map((v) => [v.id, v.attendanceMark]))).toEqual({
      taken: { text: '✓', title: 'Посещаемость отмечена 20.11.2026 09:12, Иванова М. А.', taken: true },
      'not-taken': { text: 'н/о', title: 'Посещаемость не отмечена', taken: false },
      cancelled: null, today: null, future: null,
    });
  });
});

describe('gridRows: cells, weighted average, suggested mark, count', () => {
  const views = gridLessonViews({
    actor: { staffId: ME, roles: ['teacher'] }, teachers, lock: noLock, today: '2026-11-23', editDays: 10, defaultType,
    lessons: [
      lesson('l1', '2026-11-10', [col('l1', 1, 'Отв', '1.0')]),
      lesson('l2', '2026-11-12', [col('l2', 1, 'КР', '2.0'), col('l2', 2, 'ДЗ', '1.0')]),
      lesson('l3', '2026-11-16'),
    ],
  });
  const roster = [
    { studentId: 'a', name: 'Антонов Антон', className: '5А', joinedOn: '2026-11-05', leftOn: null },
    { studentId: 'b', name: 'Борисова Вера', className: '5А', joinedOn: '2026-11-05', leftOn: '2026-11-13' },
    { studentId: 'c', name: 'Волков Глеб', className: '5А', joinedOn: '2026-11-11', leftOn: null },
  ];
  const rows = gridRows({
    lessons: views, roster, rounding: 'half_up', periodMarks: new Map([['a', '4']]),
    marks: [
      { lessonId: 'l1', studentId: 'a', columnNo: 1, value: 5 },
      { lessonId: 'l2', studentId: 'a', columnNo: 1, value: 3 },
      { lessonId: 'l2', studentId: 'a', columnNo: 2, value: 5 },
      { lessonId: 'l1', studentId: 'b', columnNo: 1, value: 2 },
    ],
    attendance: [
      { lessonId: 'l3', studentId: 'a', kind: 'late', reason: null },
      { lessonId: 'l2', studentId: 'c', kind: 'absent', reason: 'illness' },
    ],
  });

  it('several marks in one lesson each count with their column weight', () => {
    // (5·1 + 3·2 + 5·1) / 4 = 4
    expect(rows[0]).toMatchObject({ average: 4, suggested: 4, count: 3, periodMark: '4' });
    expect(rows[0]!.cells.map((c) => c.text)).toEqual(['5', '3', '5', 'оп']);
    expect(rows[0]!.cells[3]).toMatchObject({ att: 'late', inGroup: true });
  });

  it('a withdrawn student: cells after the leaving day are outside the group; marks before it count', () => {
    expect(rows[1]!.cells.map((c) => c.inGroup)).toEqual([true, true, true, false]);
    expect(rows[1]).toMatchObject({ average: 2, suggested: 2, count: 1, periodMark: null });
  });

  it('only an absence: no average, no suggestion; the absence shows in the first column with its reason', () => {
    expect(rows[2]).toMatchObject({ average: null, suggested: null, count: 0 });
    expect(rows[2]!.cells.map((c) => c.inGroup)).toEqual([false, true, true, true]);
    expect(rows[2]!.cells[1]).toMatchObject({ text: 'н', att: 'absent', reason: 'illness' });
    expect(rows[2]!.cells[2]).toMatchObject({ text: '', att: null });
  });

  it.each([[null, '—'], [4, '4,00'], [3.67, '3,67']])('ruAverage(%s) = %s', (n, s) => {
    expect(ruAverage(n)).toBe(s);
  });
});
