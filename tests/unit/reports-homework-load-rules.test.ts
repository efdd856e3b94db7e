// Homework load vs СанПиН: the norm of a grade, the day homework is due, a class's minutes of a day (hand-computed).
import { describe, expect, it } from 'vitest';
import { dayLoads, homeworkDue, overNorm, sanpinNorm, shareOfNorm, type HomeworkLesson } from '../../src/modules/reports/homework-load/rules.ts';

describe('sanpinNorm (СанПиН 1.2.3685-21)', () => {
  it.each<[number | null, number | null]>([
    [1, 60], [2, 90], [3, 90], [4, 120], [5, 120], [6, 150], [7, 150], [8, 150], [9, 210], [10, 210], [11, 210],
    [0, null], [12, null], [null, null], [5.5, null],
  ])('grade %j → %j minutes', (grade, norm) => expect(sanpinNorm(grade)).toBe(norm));
});

// The week of Monday 16.11.2026 … Saturday 21.11.2026. M: maths, R: Russian, E1/E2: English subgroups, B: biology.
const l = (groupId: string, subjectId: string, date: string, lessonNumber: number, homework: string | null, minutes: number | null, cancelled = false): HomeworkLesson =>
  ({ groupId, subjectId, date, lessonNumber, homework, minutes, cancelled });
const LESSONS: HomeworkLesson[] = [
  l('M', 'math', '2026-11-16', 1, '§ 1', 30),
  l('M', 'math', '2026-11-17', 2, '§ 2', 20),
  l('M', 'math', '2026-11-18', 1, '§ 3', 40, true), // cancelled: gives nothing, and is no due day
  l('M', 'math', '2026-11-19', 1, null, null),
  l('M', 'math', '2026-11-20', 1, '§ 4', null), // no later lesson: due 20 + 7 = 27.11
  l('R', 'rus', '2026-11-16', 2, 'упр. 1', 15),
  l('R', 'rus', '2026-11-16', 3, 'упр. 2', 10), // two lessons on Monday: both due on Thursday
  l('R', 'rus', '2026-11-19', 2, 'упр. 3', 40), // given by a substitute teacher: counts the same
  l('R', 'rus', '2026-11-20', 2, '  ', 25), // blank homework: none
  l('R', 'rus', '2026-11-21', 1, 'Без задания.', null), // «без задания»: none
  l('E1', 'eng', '2026-11-17', 3, 'p. 10', 20),
  l('E1', 'eng', '2026-11-19', 3, null, null),
  l('E2', 'eng', '2026-11-17', 4, 'p. 12', 30),
  l('E2', 'eng', '2026-11-19', 4, null, null),
  l('B', 'bio', '2026-11-19', 5, 'конспект', null),
  l('B', 'bio', '2026-11-21', 1, null, null),
];

describe('homeworkDue', () => {
  it('is due at the group’s next lesson day, skipping cancelled lessons; a cancelled or blank lesson gives none', () => {
    expect(homeworkDue(LESSONS).map((h) => `${h.groupId} ${h.givenOn}→${h.due} ${h.minutes}`)).toEqual([
      'M 2026-11-16→2026-11-17 30',
      'M 2026-11-17→2026-11-19 20',
      'M 2026-11-20→2026-11-27 null',
      'R 2026-11-16→2026-11-19 15',
      'R 2026-11-16→2026-11-19 10',
      'R 2026-11-19→2026-11-20 40',
      'E1 2026-11-17→2026-11-19 20',
      'E2 2026-11-17→2026-11-19 30',
      'B 2026-11-19→2026-11-21 null',
    ]);
  });
});

describe('dayLoads', () => {
  const week = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'];
  it('sums per subject the heaviest group; homework without minutes is counted apart', () => {
    expect(dayLoads(homeworkDue(LESSONS), week)).toEqual([
      { date: '2026-11-16', minutes: 0, withoutMinutes: 0, items: 0 },
      { date: '2026-11-17', minutes: 30, withoutMinutes: 0, items: 1 },
      { date: '2026-11-18', minutes: 0, withoutMinutes: 0, items: 0 },
      // maths 20 + Russian 15 + 10 + English max(20, 30) = 75
      { date: '2026-11-19', minutes: 75, withoutMinutes: 0, items: 5 },
      { date: '2026-11-20', minutes: 40, withoutMinutes: 0, items: 1 },
      { date: '2026-11-21', minutes: 0, withoutMinutes: 1, items: 1 },
    ]);
  });
  it('an empty week is all zeros', () => {
    expect(dayLoads([], ['2026-11-16'])).toEqual([{ date: '2026-11-16', minutes: 0, withoutMinutes: 0, items: 0 }]);
  });
});

describe('overNorm and shareOfNorm', () => {
  it.each<[number, number | null, number, number | null]>([
    [75, 60, 15, 125], [60, 60, 0, 100], [30, 120, 0, 25], [0, 90, 0, 0], [100, null, 0, null], [211, 210, 1, 100], [100, 150, 0, 67],
  ])('%j minutes against %j → over %j, %j %', (minutes, norm, over, share) => {
    expect(overNorm(minutes, norm)).toBe(over);
    expect(shareOfNorm(minutes, norm)).toBe(share);
  });
});
