import { describe, expect, it } from 'vitest';
import { canFillLesson, freeTeachers } from '../../src/modules/schedule/lessons-rules.ts';

const lesson = { staffId: 'regular' };
const teacher = (staffId: string | null) => ({ staffId, roles: ['teacher'] as const });
const deputy = { staffId: 'dep', roles: ['deputy', 'teacher'] as const };
const admin = { staffId: null, roles: ['admin'] as const };
const bySub = { kind: 'teacher', substituteStaffId: 'sub' };
const bySubject = { kind: 'subject', substituteStaffId: 'sub' };
const cancelled = { kind: 'cancelled', substituteStaffId: null };

describe('canFillLesson', () => {
  it.each([
    ['regular teacher, no substitution', teacher('regular'), null, 'regular', 'edit'],
    ['group teacher on the date (timetable teacher differs)', teacher('newer'), null, 'newer', 'edit'],
    ['another teacher', teacher('other'), null, 'regular', 'none'],
    ['teacher without a staff card', teacher(null), null, 'regular', 'none'],
    ['deputy reads', deputy, null, 'regular', 'read'],
    ['admin reads', admin, null, 'regular', 'read'],
    ['substitute edits', teacher('sub'), bySub, 'regular', 'edit'],
    ['regular teacher reads a substituted lesson', teacher('regular'), bySub, 'regular', 'read'],
    ['group teacher reads a substituted lesson', teacher('newer'), bySub, 'newer', 'read'],
    ['another teacher, substituted lesson', teacher('other'), bySub, 'regular', 'none'],
    ['subject substitute edits', teacher('sub'), bySubject, 'regular', 'edit'],
    ['regular teacher, subject replaced', teacher('regular'), bySubject, 'regular', 'read'],
    ['cancelled: regular teacher reads', teacher('regular'), cancelled, 'regular', 'read'],
    ['cancelled: deputy reads', deputy, cancelled, 'regular', 'read'],
    ['cancelled: another teacher', teacher('other'), cancelled, 'regular', 'none'],
  ] as const)('%s → %s', (_name, actor, sub, groupTeacher, want) => {
    expect(canFillLesson(actor, lesson, sub, groupTeacher)).toBe(want);
  });
});

describe('freeTeachers', () => {
  it('drops the busy ones', () => {
    expect(freeTeachers([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Set(['b'])).map((t) => t.id)).toEqual(['a', 'c']);
  });
});
