// A student's report: who may read it (each ground with its role; everyone else null → 404), the period mark or its
// forecast, how a subject is graded, and the figures per subject of a hand-made period worked out in the comments.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/accounts/rules.ts';
import type { DiaryLesson, DiaryMark } from '../../src/modules/diary/week-queries.ts';
import {
  gradedOf, periodMarkCell, studentReportReader, subjectLines, type StudentReportFacts, type StudentReportReader,
} from '../../src/modules/reports/student/rules.ts';

const STUDENT = 'st-1';
/** The student's class: guardians g-1 (mother) and g-2 (father), class teacher ct-1, teachers t-1 (maths) and ct-1. */
const facts = (roles: Role[], person: Partial<StudentReportFacts['person']> = {}): StudentReportFacts => ({
  roles, person: { staffId: null, guardianId: null, studentId: null, ...person },
  studentId: STUDENT, guardianIds: ['g-1', 'g-2'], classTeacherId: 'ct-1', teacherIds: ['t-1', 'ct-1'],
});

describe('studentReportReader', () => {
  it.each<[string, StudentReportFacts, StudentReportReader | null]>([
    ['the student themself', facts(['student'], { studentId: STUDENT }), 'self'],
    ['another student', facts(['student'], { studentId: 'st-2' }), null],
    ['a student card without the student role', facts(['teacher'], { studentId: STUDENT }), null],
    ['the mother (a guardian with an account)', facts(['parent'], { guardianId: 'g-1' }), 'parent'],
    ['the father', facts(['parent'], { guardianId: 'g-2' }), 'parent'],
    ['another family’s parent', facts(['parent'], { guardianId: 'g-9' }), null],
    ['a parent role without a guardian card', facts(['parent']), null],
    ['a guardian card without the parent role', facts(['secretary'], { guardianId: 'g-1' }), null],
    ['the class teacher of the class', facts(['teacher', 'classTeacher'], { staffId: 'ct-1' }), 'classTeacher'],
    ['another class’s class teacher', facts(['teacher', 'classTeacher'], { staffId: 'ct-2' }), null],
    ['a teacher of a group of the class', facts(['teacher'], { staffId: 't-1' }), 'teacher'],
    ['a teacher of another class only', facts(['teacher'], { staffId: 't-9' }), null],
    ['a teacher’s card without a teaching role', facts(['secretary'], { staffId: 't-1' }), null],
    ['the deputy', facts(['deputy', 'teacher'], { staffId: 'd-1' }), 'school'],
    ['the admin', facts(['admin'], { staffId: 'a-1' }), 'school'],
    ['the secretary', facts(['secretary'], { staffId: 's-1' }), null],
    ['a platform operator', facts(['operator']), null],
    ['nobody (no roles)', facts([]), null],
    ['a teacher of another class who is the student’s parent', facts(['teacher', 'parent'], { staffId: 't-9', guardianId: 'g-2' }), 'parent'],
  ])('%s', (_name, f, expected) => expect(studentReportReader(f)).toBe(expected));

  it('a class without a class teacher gives no ground to a staff member without a card', () => {
    expect(studentReportReader({ ...facts(['classTeacher']), classTeacherId: null })).toBeNull();
  });
});

describe('gradedOf', () => {
  it.each<[string[], 'marks' | 'pass']>([
    [[], 'marks'], [['5', '4'], 'marks'], [['зач'], 'pass'], [['Зач ', 'незач'], 'pass'], [['зач', '5'], 'marks'], [['осв', 'н/а'], 'marks'],
  ])('%j → %s', (values, graded) => expect(gradedOf(values)).toBe(graded));
});

describe('periodMarkCell', () => {
  const base = { subjectId: 'ma', subjectName: 'Математика', graded: 'marks' as const, grade: 5, rounding: 'half_up' as const };
  it.each<[string, Partial<Parameters<typeof periodMarkCell>[0]>, string, boolean]>([
    ['a mark set', { set: ['5'], current: [{ value: 2, weight: 1 }] }, '5', false],
    ['a special value set', { set: [' Н/А '], current: [] }, 'н/а', false],
    ['two groups of one subject', { set: ['4', '5', '4'], current: [] }, '4 / 5', false],
    ['none set: the forecast (5 + 4·2) / 3 = 4,33 → 4', { set: [], current: [{ value: 5, weight: 1 }, { value: 4, weight: 2 }] }, '4 (прогноз)', true],
    ['3,5 rounds up by default', { set: [], current: [{ value: 3, weight: 1 }, { value: 4, weight: 1 }] }, '4 (прогноз)', true],
    ['3,5 stays 3 by the strict rule', { set: [], current: [{ value: 3, weight: 1 }, { value: 4, weight: 1 }], rounding: 'strict' }, '3 (прогноз)', true],
    ['none set, no marks', { set: [], current: [] }, '—', false],
    ['an unknown text counts as none', { set: ['?'], current: [] }, '—', false],
    ['a зачёт subject is never forecast', { set: [], current: [{ value: 5, weight: 1 }], graded: 'pass' }, '—', false],
    ['the 1st grade has no marks', { set: [], current: [{ value: 5, weight: 1 }], grade: 1 }, '—', false],
  ])('%s', (_name, over, text, forecast) => {
    expect(periodMarkCell({ ...base, set: [], current: [], ...over })).toEqual({ text, forecast });
  });
});

let seq = 0;
function lesson(p: Partial<DiaryLesson> = {}): DiaryLesson {
  seq += 1;
  return {
    id: `l${seq}`, date: '2026-11-16', lessonNumber: 1, startsAt: null, endsAt: null, groupId: 'g-ma', subjectId: 'ma', subjectName: 'Математика',
    teacherName: 'Иванова М. А.', topic: null, homework: null, homeworkMinutes: null, individualHomework: null, controlWork: false, subKind: null,
    substituteName: null, subSubjectName: null, attendance: null, absenceReason: null, marks: [], ...p,
  };
}
const answer = (value: number): DiaryMark => ({ value, columnNo: 1, workType: 'Ответ на уроке', workTypeShort: 'Отв', weight: 1 });
const control = (value: number): DiaryMark => ({ value, columnNo: 1, workType: 'Контрольная работа', workTypeShort: 'КР', weight: 2 });
const EN = { groupId: 'g-en1', subjectId: 'en', subjectName: 'Английский язык' };
const pm = (subjectId: string, subjectName: string, kind: string, periodId: string | null, value: string) => ({ subjectId, subjectName, kind, periodId, value });

describe('subjectLines', () => {
  // Maths: 16.11 answer 5, 17.11 control 3 (weight 2), 18.11 cancelled with a 2 (not counted), 19.11 absent by illness,
  // 20.11 late: (5 + 3·2) / 3 = 3,67 → forecast 4; 4 lessons held, 1 missed, 1 late.
  // English (a subgroup): 17.11 answer 4, absent 19.11 without a reason; the quarter mark 5 is set.
  // Literature: only a quarter-1 mark «зач» (a зачёт subject), no lesson this quarter → «—», not in the attendance.
  const lessons = [
    lesson({ date: '2026-11-16', marks: [answer(5)] }), lesson({ date: '2026-11-17', marks: [control(3)] }),
    lesson({ date: '2026-11-18', subKind: 'cancelled', marks: [answer(2)], attendance: 'absent' }),
    lesson({ date: '2026-11-19', attendance: 'absent', absenceReason: 'illness' }), lesson({ date: '2026-11-20', attendance: 'late' }),
    lesson({ ...EN, date: '2026-11-17', marks: [answer(4)] }), lesson({ ...EN, date: '2026-11-19', attendance: 'absent' }),
  ];
  const marks = [pm('en', 'Английский язык', 'period', 'q2', '5'), pm('li', 'Литература', 'period', 'q1', 'зач'), pm('ma', 'Математика', 'period', 'q1', '4'),
    pm('en', 'Английский язык', 'period', 'q1', '5'), pm('ma', 'Математика', 'year', null, '4')];

  it('a period: marks in date order, weighted average, the mark or its forecast, lessons and absences; the totals', () => {
    const { subjects, total } = subjectLines({ lessons, marks, span: { kind: 'period', periodId: 'q2' }, grade: 5, rounding: 'half_up' });
    expect(subjects.map((s) => [s.subjectName, s.marks.map((m) => `${m.value}×${m.weight}`).join(' '), s.average, s.periodMark.text, s.lessons, s.attendance.missed, s.attendance.late]))
      .toEqual([
        ['Английский язык', '4×1', 4, '5', 2, 1, 0],
        ['Математика', '5×1 3×2', 3.67, '4 (прогноз)', 4, 1, 1],
      ]);
    expect(total).toEqual({ lessons: 6, attendance: { missed: 2, illness: 1, valid: 0, invalid: 0, unset: 1, late: 1 } });
  });

  it('the year: the year mark where set, else the mean of the numeric period marks; a зачёт subject is not forecast', () => {
    const { subjects } = subjectLines({ lessons, marks, span: { kind: 'year' }, grade: 5, rounding: 'half_up' });
    expect(subjects.map((s) => [s.subjectName, s.periodMark.text])).toEqual([
      ['Английский язык', '5 (прогноз)'], ['Литература', '—'], ['Математика', '4'],
    ]);
  });

  it('an empty period', () => {
    expect(subjectLines({ lessons: [], marks: [], span: { kind: 'period', periodId: 'q3' }, grade: 5, rounding: 'half_up' }))
      .toEqual({ subjects: [], total: { lessons: 0, attendance: { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 } } });
  });
});
