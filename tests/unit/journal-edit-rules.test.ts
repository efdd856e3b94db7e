// decideEdit: the edit window by date, the period lock, reopenings, substitution rights (through canFillLesson), the
// deputy's correction, future lessons, cancelled lessons, and the class teacher's / admin's reading. Plus checkReason.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/accounts/rules.ts';
import { canReadGroupJournal, checkReason, decideEdit, lastEditDay, type EditFacts } from '../../src/modules/journal/edit-rules.ts';
import { canFillLesson } from '../../src/modules/schedule/lessons-rules.ts';

const LESSON = '2026-11-10';
const base: EditFacts = {
  lessonRight: 'edit', roles: ['teacher'], lessonDate: LESSON, today: LESSON, editDays: 10,
  periodClosed: false, reopenedUntil: null, cancelled: false, what: 'marks',
};
const mode = (f: Partial<EditFacts>) => decideEdit({ ...base, ...f }).mode;

describe('decideEdit: the edit window by date', () => {
  it.each<[string, string, number, string]>([
    ['the lesson day', LESSON, 10, 'edit'],
    ['the next day', '2026-11-11', 10, 'edit'],
    ['the last day (lesson + 10) is inclusive', '2026-11-20', 10, 'edit'],
    ['the day after is refused', '2026-11-21', 10, 'read'],
    ['a month later', '2026-12-10', 10, 'read'],
    ['a window of 0 days: only the lesson day', LESSON, 0, 'edit'],
    ['a window of 0 days: the next day refused', '2026-11-11', 0, 'read'],
    ['a school with a 7-day window: day 7', '2026-11-17', 7, 'edit'],
    ['a school with a 7-day window: day 8', '2026-11-18', 7, 'read'],
  ])('%s (today %s, window %i) → %s', (_n, today, editDays, expected) => {
    expect(mode({ today, editDays })).toBe(expected);
  });

  it('says until when, in Russian', () => {
    expect(decideEdit({ ...base, today: '2026-11-21' })).toEqual({ mode: 'read', why: expect.stringContaining('Срок внесения истёк 20.11.2026') });
    expect(lastEditDay(LESSON, 10)).toBe('2026-11-20');
    expect(lastEditDay('2026-12-25', 10)).toBe('2027-01-04');
  });
});

describe('decideEdit: period lock and reopenings', () => {
  it.each<[string, Partial<EditFacts>, string]>([
    ['period closed: the teacher is refused inside the window', { periodClosed: true, today: '2026-11-12' }, 'read'],
    ['period closed, reopened until today (inclusive)', { periodClosed: true, today: '2026-11-12', reopenedUntil: '2026-11-12' }, 'edit'],
    ['period closed, reopened until a later day', { periodClosed: true, today: '2026-11-12', reopenedUntil: '2026-11-15' }, 'edit'],
    ['period closed, reopening expired yesterday', { periodClosed: true, today: '2026-11-12', reopenedUntil: '2026-11-11' }, 'read'],
    ['window past, lesson reopened until today', { today: '2026-12-01', reopenedUntil: '2026-12-01' }, 'edit'],
    ['window past, reopening expired', { today: '2026-12-01', reopenedUntil: '2026-11-30' }, 'read'],
    ['reopened for a teacher who only reads the lesson: still read', { lessonRight: 'read', reopenedUntil: '2026-12-01' }, 'read'],
  ])('%s → %s', (_n, f, expected) => {
    expect(mode(f)).toBe(expected);
  });

  it('the closed period says so', () => {
    expect(decideEdit({ ...base, periodClosed: true })).toEqual({ mode: 'read', why: expect.stringContaining('период закрыт') });
  });
});

describe('decideEdit: the deputy', () => {
  const deputy: Role[] = ['deputy'];
  it.each<[string, Partial<EditFacts>, string]>([
    ['reads any lesson and corrects it with a reason', { roles: deputy, lessonRight: 'read' }, 'correct'],
    ['corrects a closed period', { roles: deputy, lessonRight: 'read', periodClosed: true }, 'correct'],
    ['corrects after the window', { roles: deputy, lessonRight: 'read', today: '2026-12-10' }, 'correct'],
    ['a deputy teaching the lesson edits it in time', { roles: ['deputy', 'teacher'], lessonRight: 'edit' }, 'edit'],
    ['… and corrects it after the window', { roles: ['deputy', 'teacher'], lessonRight: 'edit', today: '2026-12-10' }, 'correct'],
    ['lessonRight none does not hide a lesson of their school from the deputy', { roles: deputy, lessonRight: 'none' }, 'correct'],
    ['a cancelled lesson: read', { roles: deputy, lessonRight: 'read', cancelled: true }, 'read'],
    ['marks of a future lesson: read', { roles: deputy, lessonRight: 'read', today: '2026-11-09' }, 'read'],
  ])('%s → %s', (_n, f, expected) => {
    expect(mode(f)).toBe(expected);
  });
});

describe('decideEdit: future, cancelled, plan', () => {
  it.each<[string, Partial<EditFacts>, string]>([
    ['marks of a future lesson are refused', { today: '2026-11-09' }, 'read'],
    ['the plan (topic, homework) of a future lesson is allowed', { today: '2026-11-09', what: 'plan' }, 'edit'],
    ['the plan after the window is refused', { today: '2026-11-21', what: 'plan' }, 'read'],
    ['a cancelled lesson: read, marks', { cancelled: true }, 'read'],
    ['a cancelled lesson: read, plan', { cancelled: true, what: 'plan' }, 'read'],
  ])('%s → %s', (_n, f, expected) => {
    expect(mode(f)).toBe(expected);
  });
  it('explains', () => {
    expect(decideEdit({ ...base, today: '2026-11-09' })).toEqual({ mode: 'read', why: expect.stringContaining('ещё не прошёл') });
    expect(decideEdit({ ...base, cancelled: true })).toEqual({ mode: 'read', why: expect.stringContaining('отменён') });
  });
});

describe('decideEdit with substitution rights (canFillLesson)', () => {
  const lesson = { staffId: 'regular' };
  const right = (me: string, roles: Role[], sub: { kind: string; substituteStaffId: string | null } | null, groupTeacher = 'regular') =>
    canFillLesson({ staffId: me, roles }, lesson, sub, groupTeacher);
  it.each<[string, string, Role[], { kind: string; substituteStaffId: string | null } | null, string]>([
    ['the regular teacher, no substitution', 'regular', ['teacher'], null, 'edit'],
    ['the group teacher on the date (another timetable teacher)', 'group', ['teacher'], null, 'edit'],
    ['the substitute of a teacher substitution', 'sub', ['teacher'], { kind: 'teacher', substituteStaffId: 'sub' }, 'edit'],
    ['the substitute of a subject substitution', 'sub', ['teacher'], { kind: 'subject', substituteStaffId: 'sub' }, 'edit'],
    ['the regular teacher when substituted: read', 'regular', ['teacher'], { kind: 'teacher', substituteStaffId: 'sub' }, 'read'],
    ['another teacher', 'other', ['teacher'], null, 'none'],
    ['the class teacher of the class (not teaching): none here, the grid reads', 'ct', ['teacher', 'classTeacher'], null, 'none'],
    ['the admin reads', 'adm', ['admin'], null, 'read'],
    ['the cancelled lesson, its teacher', 'regular', ['teacher'], { kind: 'cancelled', substituteStaffId: null }, 'read'],
  ])('%s', (_n, me, roles, sub, expected) => {
    const groupTeacher = me === 'group' ? 'group' : 'regular';
    expect(right(me, roles, sub, groupTeacher)).toBe(expected);
  });

  it.each<[string, string, Role[], { kind: string; substituteStaffId: string | null } | null, string]>([
    ['the substitute enters marks', 'sub', ['teacher'], { kind: 'teacher', substituteStaffId: 'sub' }, 'edit'],
    ['the substituted teacher only reads', 'regular', ['teacher'], { kind: 'teacher', substituteStaffId: 'sub' }, 'read'],
    ['another teacher: none (404)', 'other', ['teacher'], null, 'none'],
    ['the class teacher through a lesson: none (404; the grid is read through canReadGroupJournal)', 'ct', ['classTeacher'], null, 'none'],
    ['the admin reads and never corrects', 'adm', ['admin'], null, 'read'],
    ['the substitute after the window: read', 'sub', ['teacher'], { kind: 'teacher', substituteStaffId: 'sub' }, 'read:late'],
  ])('decideEdit: %s', (_n, me, roles, sub, expected) => {
    const [m, late] = expected.split(':');
    expect(mode({ lessonRight: right(me, roles, sub), roles, today: late ? '2026-11-25' : LESSON })).toBe(m);
  });
});

describe('canReadGroupJournal', () => {
  it.each<[string, Role[], boolean, boolean, string | null]>([
    ['its teacher', ['teacher'], true, false, 'teacher'],
    ['the class teacher of its class', ['teacher', 'classTeacher'], false, true, 'classTeacher'],
    ['the deputy', ['deputy'], false, false, 'manager'],
    ['the admin', ['admin'], false, false, 'manager'],
    ['a deputy who teaches it: as its teacher', ['deputy', 'teacher'], true, false, 'teacher'],
    ['another teacher', ['teacher'], false, false, null],
    ['the secretary', ['secretary'], false, false, null],
    ['a student', ['student'], false, false, null],
    ['a parent', ['parent'], false, false, null],
  ])('%s', (_n, roles, teachesGroup, leadsGroupClass, expected) => {
    expect(canReadGroupJournal({ roles, teachesGroup, leadsGroupClass })).toBe(expected);
  });
});

describe('checkReason', () => {
  it.each<[string | null | undefined, boolean]>([
    [undefined, false], [null, false], ['', false], ['    ', false], ['abcd', false], ['  abcd  ', false],
    ['ошибка', true], ['Исправление по заявлению родителей', true], ['x'.repeat(500), true], ['x'.repeat(501), false],
  ])('%j valid: %s', (reason, ok) => {
    expect(checkReason(reason) === null).toBe(ok);
  });
});
