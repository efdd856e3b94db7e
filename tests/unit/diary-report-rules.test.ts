// Pure rules of the printed weekly report: the week asked for, fitting it into the class's year, the last weeks,
// a lesson's row (absence text, substitutions) and the week's totals.
import { describe, expect, it } from 'vitest';
import { attendanceText, fitWeekToYear, lastWeeks, parseWeek, reportDays, reportRow, reportTotals, weekOf } from '../../src/modules/diary/report-rules.ts';
import type { DiaryLesson } from '../../src/modules/diary/week-queries.ts';

const lesson = (over: Partial<DiaryLesson>): DiaryLesson => ({
  id: 'l', date: '2026-11-16', lessonNumber: 1, startsAt: null, endsAt: null, groupId: 'g', subjectId: 's', subjectName: 'Математика',
  teacherName: 'Иванова М. А.', topic: 'Доли', homework: '№ 5', homeworkMinutes: 10, individualHomework: null, controlWork: false,
  subKind: null, substituteName: null, subSubjectName: null, attendance: null, absenceReason: null, marks: [], ...over,
});
const mark = (value: number, short = 'Отв') => ({ value, columnNo: 1, workType: 'Ответ на уроке', workTypeShort: short, weight: 1 });
const year = { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' };

describe('parseWeek', () => {
  it.each([
    [undefined, { ok: true, week: { from: '2026-11-23', to: '2026-11-28' }, asked: false }],
    ['', { ok: true, week: { from: '2026-11-23', to: '2026-11-28' }, asked: false }],
    ['2026-11-18', { ok: true, week: { from: '2026-11-16', to: '2026-11-21' }, asked: true }],
    ['22.11.2026', { ok: true, week: { from: '2026-11-16', to: '2026-11-21' }, asked: true }], // a Sunday: the week just ended
    ['2026-11-16', { ok: true, week: { from: '2026-11-16', to: '2026-11-21' }, asked: true }],
  ])('%j → %j', (input, expected) => {
    expect(parseWeek(input, '2026-11-24')).toEqual(expected);
  });

  it.each([['abc'], ['2026-02-30'], ['2026-13-01'], [['2026-11-16']], [42]])('refuses %j with a message', (input) => {
    const r = parseWeek(input, '2026-11-24');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('Неделя указана неверно');
  });

  it('refuses absurd years', () => {
    expect(parseWeek('1500-01-01', '2026-11-24')).toMatchObject({ ok: false, error: expect.stringContaining('Такой недели в журнале нет') });
    expect(parseWeek('8999-01-01', '2026-11-24').ok).toBe(false);
  });
});

describe('fitWeekToYear', () => {
  it('keeps a week touching the year (a Monday before 1 September too)', () => {
    expect(fitWeekToYear({ week: weekOf('2026-09-01'), asked: true }, year)).toEqual({ ok: true, week: { from: '2026-08-31', to: '2026-09-05' } });
    expect(fitWeekToYear({ week: weekOf('2027-05-31'), asked: true }, year)).toEqual({ ok: true, week: { from: '2027-05-31', to: '2027-06-05' } });
  });
  it('refuses an asked week outside the year with the year in the message', () => {
    const r = fitWeekToYear({ week: weekOf('2027-07-01'), asked: true }, year);
    expect(r).toEqual({ ok: false, error: 'Эта неделя вне 2026/2027 учебного года класса (с 01.09.2026 по 31.05.2027).' });
  });
  it('moves the default week (today) into the year: the last week after it, the first before it', () => {
    expect(fitWeekToYear({ week: weekOf('2027-08-10'), asked: false }, year)).toEqual({ ok: true, week: { from: '2027-05-31', to: '2027-06-05' } });
    expect(fitWeekToYear({ week: weekOf('2026-08-10'), asked: false }, year)).toEqual({ ok: true, week: { from: '2026-08-31', to: '2026-09-05' } });
  });
});

it('lastWeeks gives the weeks ending with the chosen one, oldest first', () => {
  expect(lastWeeks('2026-11-16', 4).map((w) => w.from)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
});

describe('a lesson row', () => {
  it.each([
    [{ attendance: 'absent', absenceReason: null }, 'н'],
    [{ attendance: 'absent', absenceReason: 'illness' }, 'н (по болезни)'],
    [{ attendance: 'absent', absenceReason: 'invalid' }, 'н (неуважительная)'],
    [{ attendance: 'late', absenceReason: null }, 'оп'],
    [{ attendance: null, absenceReason: null }, null],
  ] as const)('%j → %j', (l, text) => {
    expect(attendanceText(l)?.text ?? null).toBe(text);
  });

  it('a cancelled lesson has no topic or homework; substitutions are noted', () => {
    expect(reportRow(lesson({ subKind: 'cancelled' }))).toMatchObject({ note: 'урок отменён', topic: '', homework: null, cancelled: true });
    expect(reportRow(lesson({ subKind: 'subject', subSubjectName: 'Физика' })).note).toBe('замена: Физика');
    expect(reportRow(lesson({ subKind: 'teacher', substituteName: 'Петров П. П.' })).note).toBe('замена: Петров П. П.');
    expect(reportRow(lesson({ marks: [mark(5, 'КР')] })).marks).toEqual([{ value: 5, short: 'КР', title: 'Ответ на уроке, вес 1' }]);
  });
});

describe('the week', () => {
  const week = weekOf('2026-11-16');
  const lessons = [
    lesson({ date: '2026-11-16', marks: [mark(5), mark(4)] }),
    lesson({ date: '2026-11-17', subjectName: 'Русский язык', marks: [mark(3)], attendance: 'late' }),
    lesson({ date: '2026-11-18', attendance: 'absent', absenceReason: 'illness', marks: [mark(2)] }),
    lesson({ date: '2026-11-19', attendance: 'absent' }),
  ];

  it('totals the marks by subject and the missed lessons', () => {
    expect(reportTotals(lessons)).toEqual({
      marks: 4,
      bySubject: [{ subject: 'Математика', values: [5, 4, 2] }, { subject: 'Русский язык', values: [3] }],
      attendance: { missed: 2, illness: 1, valid: 0, invalid: 0, unset: 1, late: 1 },
    });
    expect(reportTotals([])).toEqual({ marks: 0, bySubject: [], attendance: { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 } });
  });

  it('keeps only the days in the class (a student who left on Wednesday), Saturday only with lessons', () => {
    const { days, lessons: kept } = reportDays(week, lessons, [{ startsOn: '2026-09-01', endsOn: '2026-11-18' }]);
    expect(days.map((d) => [d.abbr, d.short, d.rows.length, d.outside])).toEqual([
      ['Пн', '16.11', 1, false], ['Вт', '17.11', 1, false], ['Ср', '18.11', 0, true], ['Чт', '19.11', 0, true], ['Пт', '20.11', 0, true],
    ]);
    expect(reportTotals(kept).attendance.missed).toBe(0);
    const all = reportDays(week, [...lessons, lesson({ date: '2026-11-21' })]);
    expect(all.days.map((d) => d.abbr)).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб']);
  });
});
