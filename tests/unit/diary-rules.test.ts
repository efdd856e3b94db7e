// The diary's pure rules: the Monday of a week, reading the week of a query, homework due dates, the texts of a lesson,
// the week summary, marks by subject with the weighted average, attendance by subject, the timetable grid, the year table.
import { ruDateTime } from '../../src/web/dates.ts';
import { describe, expect, it } from 'vitest';
import {
  attendanceBySubject, attendanceText, canAcknowledgeWeek, dayName, dueDate, markLabel, marksBySubject, mondayOf, parseWeek,
  subjectsOf, substitutionText, timetableGrid, upcomingHomework, weekRange, weekSummary, weekTitle, yearTable, WEEK_MESSAGE,
} from '../../src/modules/diary/rules.ts';
import type { DiaryLesson, DiaryMark } from '../../src/modules/diary/week-queries.ts';

let seq = 0;
function lesson(p: Partial<DiaryLesson> = {}): DiaryLesson {
  seq += 1;
  return {
    id: `l${seq}`, date: '2026-11-16', lessonNumber: 1, startsAt: '08:30:00', endsAt: '09:15:00', groupId: 'g-math', subjectId: 's-math',
    subjectName: 'Математика', teacherName: 'Иванова М. А.', topic: null, homework: null, homeworkMinutes: null, individualHomework: null,
    controlWork: false, subKind: null, substituteName: null, subSubjectName: null, attendance: null, absenceReason: null, marks: [], ...p,
  };
}
const mark = (value: number, weight = 1, workType = 'Ответ на уроке'): DiaryMark => ({ value, columnNo: 1, workType, workTypeShort: 'Отв', weight });

describe('mondayOf', () => {
  it.each([
    ['2026-11-16', '2026-11-16'], // Monday
    ['2026-11-18', '2026-11-16'], // Wednesday
    ['2026-11-21', '2026-11-16'], // Saturday
    ['2026-11-22', '2026-11-16'], // Sunday: the week that just ended
    ['2026-11-23', '2026-11-23'],
    ['2027-01-01', '2026-12-28'], // across the new year
    ['2024-03-03', '2024-02-26'], // across 29 February
  ])('%s → %s', (day, monday) => expect(mondayOf(day)).toBe(monday));
});

describe('parseWeek', () => {
  const today = '2026-11-25';
  it.each([
    [{}, '2026-11-23', null],
    [{ week: '' }, '2026-11-23', null],
    [{ week: '  ' }, '2026-11-23', null],
    [{ week: '2026-11-19' }, '2026-11-16', '2026-11-19'],
    [{ week: '22.11.2026' }, '2026-11-16', '2026-11-22'],
    [{ date: '2026-12-02' }, '2026-11-30', '2026-12-02'],
    [{ week: '2026-11-19', date: '2027-01-01' }, '2026-11-16', '2026-11-19'],
    [{ week: '1900-01-01' }, '1900-01-01', '1900-01-01'],
    [{ week: '2999-01-01' }, '2998-12-31', '2999-01-01'],
  ])('%o → the week of %s', (q, monday, asked) => expect(parseWeek(q, today)).toEqual({ ok: true, monday, asked }));

  it.each([
    [{ week: 'abc' }], [{ week: '2026-13-45' }], [{ week: '2026-02-30' }], [{ week: '31.02.2026' }], [{ week: '0001-01-01' }],
    [{ week: '0999-12-31' }], [{ week: '9000-01-01' }], [{ week: ['2026-11-16', '2026-11-23'] }], [{ week: 20261116 }], [{ week: '2026-11-16T00:00' }],
  ])('%o → the Russian message', (q) => expect(parseWeek(q, today)).toMatchObject({ ok: false, message: WEEK_MESSAGE }));
});

describe('the week', () => {
  it('Monday to Saturday, neighbours, title, day names', () => {
    expect(weekRange('2026-11-16')).toEqual({ from: '2026-11-16', to: '2026-11-21', prev: '2026-11-09', next: '2026-11-23' });
    expect(weekTitle('2026-12-28')).toBe('28.12.2026 — 02.01.2027');
    expect(dayName('2026-11-21')).toBe('Суббота');
    expect(dayName('2026-11-22')).toBe('Воскресенье');
  });

  it.each([
    ['2026-11-16', '2026-11-16', true], ['2026-11-16', '2026-11-21', true], ['2026-11-23', '2026-11-22', false], ['2020-01-06', '2026-11-22', true],
  ])('a parent may acknowledge the week of %s on %s: %s', (monday, today, can) => expect(canAcknowledgeWeek(monday, today)).toBe(can));

  it('formats the acknowledgement time in Moscow', () => {
    expect(ruDateTime(new Date('2026-11-22T21:05:00Z'))).toBe('23.11.2026 00:05');
    expect(ruDateTime(new Date('2026-03-01T09:30:00Z'))).toBe('01.03.2026 12:30');
  });
});

describe('dueDate', () => {
  it.each([
    ['the next lesson day', '2026-11-16', ['2026-11-16', '2026-11-18', '2026-11-20'], '2026-11-18'],
    ['a second lesson the same day does not count', '2026-11-16', ['2026-11-16', '2026-11-16', '2026-11-19'], '2026-11-19'],
    ['dates unsorted', '2026-11-16', ['2026-11-27', '2026-11-10', '2026-11-20'], '2026-11-20'],
    ['after the holidays', '2026-10-23', ['2026-10-20', '2026-11-03'], '2026-11-03'],
    ['no later lesson → +7 days', '2026-05-28', ['2026-05-21', '2026-05-28'], '2026-06-04'],
    ['no lessons known → +7 days', '2026-12-29', [], '2027-01-05'],
  ])('%s', (_name, given, dates, due) => expect(dueDate(given, dates)).toBe(due));

  it('upcoming homework: due from today to the end of the window, sorted, cancelled lessons and lessons without homework left out', () => {
    const given = [
      lesson({ date: '2026-11-16', homework: 'A' }), // due 18.11 — before today
      lesson({ date: '2026-11-18', homework: 'B' }), // due 20.11
      lesson({ date: '2026-11-20', homework: null, individualHomework: 'C' }), // due 23.11 (+ only individual)
      lesson({ date: '2026-11-19', groupId: 'g-rus', subjectName: 'Русский язык', homework: 'D' }), // no later lesson → 26.11
      lesson({ date: '2026-11-18', lessonNumber: 2, groupId: 'g-rus', homework: 'E', subKind: 'cancelled' }),
      lesson({ date: '2026-11-20', lessonNumber: 3, groupId: 'g-art', homework: null }),
      lesson({ date: '2026-11-20', lessonNumber: 4, groupId: 'g-art', homework: 'без задания' }),
    ];
    const dates = new Map([['g-math', ['2026-11-16', '2026-11-18', '2026-11-20', '2026-11-23']], ['g-rus', ['2026-11-19']]]);
    const due = upcomingHomework(given, dates, '2026-11-20', '2026-11-25');
    expect(due.map((h) => [h.due, h.lesson.homework ?? h.lesson.individualHomework])).toEqual([['2026-11-20', 'B'], ['2026-11-23', 'C']]);
    expect(upcomingHomework(given, dates, '2026-11-20', '2026-11-26').map((h) => h.lesson.homework ?? h.lesson.individualHomework)).toEqual(['B', 'C', 'D']);
  });
});

describe('what a lesson shows', () => {
  it.each([
    [{ attendance: null, absenceReason: null }, null],
    [{ attendance: 'late', absenceReason: null }, 'опоздание'],
    [{ attendance: 'absent', absenceReason: null }, 'н (причина не указана)'],
    [{ attendance: 'absent', absenceReason: 'illness' }, 'н (по болезни)'],
    [{ attendance: 'absent', absenceReason: 'valid' }, 'н (уважительная)'],
    [{ attendance: 'absent', absenceReason: 'invalid' }, 'н (неуважительная)'],
  ] as const)('attendance %o → %s', (l, text) => expect(attendanceText(l)).toBe(text));

  it.each([
    [{ subKind: null, substituteName: null, subSubjectName: null }, null],
    [{ subKind: 'cancelled', substituteName: null, subSubjectName: null }, 'Урок отменён'],
    [{ subKind: 'teacher', substituteName: 'Петрова А. В.', subSubjectName: null }, 'Замена: Петрова А. В.'],
    [{ subKind: 'subject', substituteName: 'Петрова А. В.', subSubjectName: 'Физика' }, 'Замена: Физика, Петрова А. В.'],
    [{ subKind: 'subject', substituteName: null, subSubjectName: null }, 'Замена: другой предмет'],
  ])('substitution %o → %s', (l, text) => expect(substitutionText(l)).toBe(text));

  it('a mark with its work type and weight', () => {
    expect(markLabel({ value: 5, workType: 'Контрольная работа', weight: 2 })).toBe('5 · Контрольная работа, вес 2');
    expect(markLabel({ value: 4, workType: 'Проверочная работа', weight: 1.5 })).toBe('4 · Проверочная работа, вес 1,5');
  });
});

describe('summaries', () => {
  it('the week: lessons held, marks, absences, lates, homework; cancelled lessons do not count', () => {
    expect(weekSummary([])).toEqual({ lessons: 0, marks: 0, absences: 0, lates: 0, homework: 0 });
    expect(weekSummary([
      lesson({ marks: [mark(5), mark(4)], homework: 'x' }), lesson({ attendance: 'absent' }), lesson({ attendance: 'late', marks: [mark(3)] }),
      lesson({ subKind: 'cancelled', marks: [mark(2)], homework: 'y', attendance: 'absent' }), lesson({ individualHomework: 'z' }),
    ])).toEqual({ lessons: 4, marks: 3, absences: 1, lates: 1, homework: 2 });
  });

  it('marks by subject: weighted average, subjects without marks kept in the given order, others by name', () => {
    const rows = marksBySubject([
      lesson({ date: '2026-11-16', marks: [mark(5, 2, 'Контрольная работа'), mark(3)] }),
      lesson({ date: '2026-11-17', marks: [mark(4)] }),
      lesson({ subjectId: 's-bio', subjectName: 'Биология', marks: [mark(2, 0.5), mark(5, 1.5)] }),
      lesson({ subjectId: 's-hist', subjectName: 'История' }),
    ], [{ id: 's-math', name: 'Математика' }, { id: 's-music', name: 'Музыка' }]);
    expect(rows.map((r) => [r.subjectName, r.marks.length, r.average])).toEqual([
      ['Математика', 3, 4.25], ['Музыка', 0, null], ['Биология', 2, 4.25],
    ]);
    expect(rows[0]!.marks[0]).toEqual({ date: '2026-11-16', value: 5, workType: 'Контрольная работа', workTypeShort: 'Отв', weight: 2 });
    expect(marksBySubject([])).toEqual([]);
  });

  it('marks by subject: a cancelled lesson’s marks do not count', () => {
    const rows = marksBySubject([lesson({ marks: [mark(5)] }), lesson({ subKind: 'cancelled', marks: [mark(2, 2)] }), lesson({ subKind: 'teacher', marks: [mark(4)] })]);
    expect(rows.map((r) => [r.subjectName, r.marks.map((m) => m.value), r.average])).toEqual([['Математика', [5, 4], 4.5]]);
  });

  it('subjects of lessons and period marks: each once, by name', () => {
    expect(subjectsOf([lesson(), lesson({ subjectId: 's-bio', subjectName: 'Биология' })], [{ subjectId: 's-math', subjectName: 'Математика' },
      { subjectId: 's-art', subjectName: 'ИЗО' }])).toEqual([{ id: 's-bio', name: 'Биология' }, { id: 's-art', name: 'ИЗО' }, { id: 's-math', name: 'Математика' }]);
  });

  it('attendance by subject: lessons held, missed by reason, lates, total', () => {
    const { rows, total } = attendanceBySubject([
      lesson({ attendance: 'absent', absenceReason: 'illness' }), lesson({ attendance: 'absent' }), lesson(),
      lesson({ subjectName: 'Биология', attendance: 'late' }), lesson({ subjectName: 'Биология', attendance: 'absent', absenceReason: 'invalid' }),
      lesson({ subjectName: 'Биология', subKind: 'cancelled', attendance: 'absent' }),
    ]);
    expect(rows.map((r) => [r.subjectName, r.lessons, r.totals])).toEqual([
      ['Биология', 2, { missed: 1, illness: 0, valid: 0, invalid: 1, unset: 0, late: 1 }],
      ['Математика', 3, { missed: 2, illness: 1, valid: 0, invalid: 0, unset: 1, late: 0 }],
    ]);
    expect(total).toEqual({ subjectName: 'Всего', lessons: 5, totals: { missed: 3, illness: 1, valid: 0, invalid: 1, unset: 1, late: 1 } });
    expect(attendanceBySubject([]).total.lessons).toBe(0);
  });
});

describe('tables', () => {
  it('the timetable: lesson numbers × Monday–Saturday, parallel subgroups in one cell', () => {
    const grid = timetableGrid('2026-11-16', [
      lesson({ date: '2026-11-16', lessonNumber: 1 }), lesson({ date: '2026-11-16', lessonNumber: 3, startsAt: '10:20:00' }),
      lesson({ date: '2026-11-21', lessonNumber: 3, subjectName: 'Английский язык' }), lesson({ date: '2026-11-21', lessonNumber: 3, subjectName: 'Информатика' }),
    ]);
    expect(grid.days).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    expect(grid.rows.map((r) => [r.lessonNumber, r.startsAt, r.cells.map((c) => c.length)])).toEqual([
      [1, '08:30:00', [1, 0, 0, 0, 0, 0]], [3, '10:20:00', [1, 0, 0, 0, 0, 2]],
    ]);
    expect(timetableGrid('2026-11-16', []).rows).toEqual([]);
  });

  it('the year: periods, year, exam/final only when present, two groups of one subject both shown', () => {
    const periods = [{ id: 'p1', name: '1 четверть' }, { id: 'p2', name: '2 четверть' }];
    const pm = (subjectId: string, subjectName: string, kind: string, periodId: string | null, value: string) => ({ subjectId, subjectName, kind, periodId, value });
    expect(yearTable(periods, [])).toEqual({ columns: ['1 четверть', '2 четверть', 'Год'], rows: [] });
    const t = yearTable(periods, [
      pm('m', 'Математика', 'period', 'p1', '4'), pm('m', 'Математика', 'period', 'p1', '5'), pm('m', 'Математика', 'year', null, '5'),
      pm('b', 'Биология', 'period', 'p2', 'н/а'), pm('b', 'Биология', 'exam', null, '4'),
    ]);
    expect(t.columns).toEqual(['1 четверть', '2 четверть', 'Год', 'Экзамен']);
    expect(t.rows).toEqual([
      { subjectName: 'Биология', cells: ['', 'н/а', '', '4'] },
      { subjectName: 'Математика', cells: ['4 / 5', '', '5', ''] },
    ]);
  });
});
