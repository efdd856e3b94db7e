import { describe, expect, it } from 'vitest';
import {
  accountDeadline, controlLimit, homeworkDeadline, hoursAfter, isMainSubject, lateDays, lateText, lessonOwner, lessonViolations, monthDeadline,
  orderLateDays, parentsDeadline, periodMarkDeadline, reasonDeadline, windowStart, type LessonFacts,
} from '../../src/modules/reports/deadlines/rules.ts';
import type { Violation } from '../../src/modules/reports/deadlines/model.ts';
import { sortViolations } from '../../src/modules/reports/deadlines/tables.ts';
import type { YearCalendar } from '../../src/modules/schedule/calendar.ts';

// Wednesday 4 Nov 2026 a holiday, Saturday 7 Nov a working day.
const CAL: YearCalendar = {
  startsOn: '2026-09-01', endsOn: '2027-05-31',
  holidays: [{ startsOn: '2026-11-04', endsOn: '2026-11-04', grades: null }], transfers: [{ date: '2026-11-07', worksAs: 3 }],
};

describe('dates of the deadlines', () => {
  it.each([
    ['2026-11-23', '2026-12-08'], ['2026-12-15', '2027-01-08'], ['2026-09-01', '2026-10-08'],
  ])('topics and homework of a lesson on %s are complete by %s', (date, expected) => expect(monthDeadline(date)).toBe(expected));

  it.each([
    ['2026-11-23', '2026-11-01'], ['2026-11-09', '2026-11-01'], ['2026-11-08', '2026-10-01'], ['2026-01-05', '2025-12-01'],
  ])('on %s the lesson-day rules judge lessons from %s', (today, expected) => expect(windowStart(today)).toBe(expected));

  it.each([
    ['2026-11-20', '14:45', '2026-11-20 18:45'], ['2026-11-20', '21:30:00', '2026-11-21 01:30'], ['2026-11-20', null, '2026-11-20 23:59'],
  ])('homework of a lesson on %s ending %s is due %s', (date, end, expected) => expect(homeworkDeadline(date, end)).toBe(expected));

  it.each([
    ['2026-11-20 18:45', '2026-11-20 19:00', 1], ['2026-11-20 18:45', '2026-11-21 08:45', 14], ['2026-11-20 18:45', '2026-11-20 18:45', 0],
  ])('%s → %s: %i h', (from, to, expected) => expect(hoursAfter(from, to)).toBe(expected));

  it.each([
    ['2026-11-02', '2026-11-05', 'Mon: Tue, (Wed holiday), Thu'], ['2026-11-05', '2026-11-07', 'Thu: Fri, the working Saturday'],
  ])('an absence on %s needs its reason by %s (%s)', (date, expected) => expect(reasonDeadline(CAL, date)).toBe(expected));

  it('period marks: the last day + 2', () => expect(periodMarkDeadline('2026-10-25')).toBe('2026-10-27'));

  it.each([
    ['2026-11-02', '2026-11-05', 0], ['2026-11-02', '2026-11-06', 1], ['2026-11-02', '2026-10-30', 0],
  ])('a movement on %s, its order dated %s: %i days late', (effective, orderDate, expected) => expect(orderLateDays(effective, orderDate)).toBe(expected));

  it.each([
    ['2026-11-05', '2026-11-02', '2026-11-09', 'joined on Thursday: Fri, Sat (working), Mon'],
    ['2026-09-01', '2026-11-06', '2026-11-10', 'the card entered later: from the card'],
  ])('arrived %s, card %s: account by %s (%s)', (arrived, card, expected) => expect(accountDeadline(CAL, arrived, card)).toBe(expected));

  it.each([
    [null, '2026-11-05', '2026-11-19'], ['2026-11-10', '2026-09-01', '2026-11-24'], ['2026-10-01', '2026-11-05', '2026-11-19'],
  ])('last informed %s, arrived %s: next by %s', (last, arrived, expected) => expect(parentsDeadline(last, arrived)).toBe(expected));
});

describe('whose lesson, which limit', () => {
  it.each([
    [null, 'T1'], [{ kind: 'teacher', substituteStaffId: 'T2' }, 'T2'], [{ kind: 'subject', substituteStaffId: 'T3' }, 'T3'],
    [{ kind: 'cancelled', substituteStaffId: null }, null],
  ])('substitution %j → %s', (sub, expected) => expect(lessonOwner('T1', sub)).toBe(expected));

  it.each([
    ['Математика', 'quarters', 2], ['Алгебра', 'quarters', 2], ['Русский язык', 'halves', 4], ['Родной русский язык', 'quarters', 2],
    ['История', 'quarters', 1], ['Литература', 'semesters', 2],
  ])('%s in %s: %i', (subject, scheme, expected) => expect(controlLimit(subject, scheme, { main: 2, other: 1 })).toBe(expected));

  it('case and spaces do not matter', () => expect(isMainSubject('  ГЕОМЕТРИЯ ')).toBe(true));
});

const NOW = { today: '2026-11-23', nowLocal: '2026-11-23 10:00', controlMarkDays: 7 };
const full: LessonFacts = {
  date: '2026-11-20', endsAt: '14:45', topicMissing: false, homeworkMissing: false, attendanceTaken: true, homeworkWrittenAt: null,
  control: false, hasMarks: true, marks: [{ enteredOn: '2026-11-20', control: false }],
};
const found = (l: Partial<LessonFacts>) => lessonViolations({ ...full, ...l }, NOW).map((f) => [f.kind, f.what, f.deadline, lateText(f.late), lateDays(f.late)]);

describe('lessonViolations', () => {
  it.each<[string, Partial<LessonFacts>, unknown[][]]>([
    ['everything on time', { homeworkWrittenAt: '2026-11-20 18:00' }, []],
    ['homework written at 20:10, due 18:45', { homeworkWrittenAt: '2026-11-20 20:10' }, [['homework', 'записано 20:10', '2026-11-20', '2 ч', 1]]],
    ['nothing filled three days on', { topicMissing: true, homeworkMissing: true, attendanceTaken: false, homeworkWrittenAt: null }, [
      ['topic', 'нет темы', '2026-11-20', '3 дн.', 3], ['homework', 'нет домашнего задания', '2026-11-20', '64 ч', 3],
      ['attendance', 'посещаемость не отмечена', '2026-11-20', '3 дн.', 3]]],
    ["today's first lesson: homework due 12:45, the day not over", { date: '2026-11-23', endsAt: '08:45', topicMissing: true, homeworkMissing: true, attendanceTaken: false }, []],
    ['an October lesson without a topic: past the 8th', { date: '2026-10-15', topicMissing: true, marks: [] }, [['monthComplete', 'нет темы', '2026-11-08', '15 дн.', 15]]],
    ['two of three marks after the lesson day', { date: '2026-11-16', marks: [{ enteredOn: '2026-11-16', control: false }, { enteredOn: '2026-11-18', control: false },
      { enteredOn: '2026-11-19', control: false }] }, [['lateMarks', '2 отметки позже дня урока', '2026-11-16', '3 дн.', 3]]],
    ['a written work: one mark on the 7th day, one on the 9th', { date: '2026-11-10', control: true, marks: [{ enteredOn: '2026-11-17', control: true },
      { enteredOn: '2026-11-19', control: true }] }, [['controlMarks', '1 отметка позже срока', '2026-11-17', '2 дн.', 2]]],
    ['a written work without marks after 7 days', { date: '2026-11-12', control: true, hasMarks: false, marks: [] },
      [['controlMarks', 'нет отметок за работу', '2026-11-19', '4 дн.', 4]]],
    ['a written work without marks, 5 days on', { date: '2026-11-18', control: true, hasMarks: false, marks: [] }, []],
    ['marks without an audit row are not judged', { marks: [{ enteredOn: null, control: false }] }, []],
  ])('%s', (_name, lesson, expected) => expect(found(lesson)).toEqual(expected));
});

describe('the list order', () => {
  const v = (kind: Violation['kind'], late: number, date: string, className: string, object: string): Violation => ({
    kind, what: '', classId: null, className, object, date, deadline: date, late: { days: late }, owner: null, actor: 'teacher',
  });
  const list = [
    v('absenceReasons', 3, '2026-11-18', '5Б', 'Яковлев Артём'), v('topic', 1, '2026-11-20', '6А', 'Алгебра'),
    v('absenceReasons', 3, '2026-11-18', '5А', 'Яковлев Артём'), v('absenceReasons', 3, '2026-11-18', '5А', 'Ёлкина Вера'),
    v('absenceReasons', 9, '2026-11-10', '10А', 'Белов Иван'), v('topic', 4, '2026-11-17', '5А', 'Русский язык'),
    v('absenceReasons', 3, '2026-11-17', '9А', 'Агеев Пётр'),
  ];
  const key = (x: Violation) => `${x.kind} ${x.className} ${x.object}`;

  it('deadlines in their order; the longest late first, then by date, class and name in Russian order', () => {
    expect(sortViolations(list).map(key)).toEqual([
      'topic 5А Русский язык', 'topic 6А Алгебра', 'absenceReasons 10А Белов Иван', 'absenceReasons 9А Агеев Пётр',
      'absenceReasons 5А Ёлкина Вера', 'absenceReasons 5А Яковлев Артём', 'absenceReasons 5Б Яковлев Артём',
    ]);
  });

  it('with a limit the first lines are the same; the deadlines past it keep every line, unsorted', () => {
    const sorted = sortViolations(list, 3);
    expect(sorted.slice(0, 3).map(key)).toEqual(sortViolations(list).slice(0, 3).map(key));
    expect(sorted).toHaveLength(list.length);
  });
});
