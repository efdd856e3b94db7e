import { describe, expect, it } from 'vitest';
import {
  checkCopyTarget, checkHours, checkSubgroupMembership, formatHours, groupName, overlaps, periodsDisjoint, planCopy,
  planTeacherAssignment, readsGroup, rosterOn, teacherOn, unassignedOn, type MembershipRow, type TeacherRow,
} from '../../src/modules/curriculum/rules.ts';
import { demoPlan } from '../../src/cli/seed/demo-curriculum.ts';

describe('checkHours', () => {
  it.each([
    ['2', 2], ['0,5', 0.5], ['0.5', 0.5], ['10', 10], [' 3 ', 3], ['4,5', 4.5],
  ] as const)('accepts %j as %d', (input, hours) => {
    expect(checkHours(input)).toEqual({ ok: true, hours });
  });
  it.each([
    ['', 'Введите число'], ['abc', 'Введите число'], ['0', 'от 0,5 до 10'], ['0.25', 'от 0,5 до 10'], ['10.5', 'от 0,5 до 10'],
    ['-1', 'от 0,5 до 10'], ['1.3', 'с шагом 0,5'], ['2,25', 'с шагом 0,5'],
  ] as const)('refuses %j', (input, message) => {
    const r = checkHours(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
  it('formats hours the Russian way', () => {
    expect([formatHours('2.0'), formatHours('0.5'), formatHours(27), formatHours(null)]).toEqual(['2', '0,5', '27', '—']);
  });
});

describe('checkCopyTarget', () => {
  const c = (id: string, grade: number | null, yearId = 'y1') => ({ id, grade, yearId });
  it.each([
    [c('5a', 5), c('5b', 5), null],
    [c('5a', 5), c('6a', 6), 'той же параллели'],
    [c('5a', 5), c('5a', 5), 'другой класс'],
    [c('5a', 5), c('5b', 5, 'y2'), 'того же учебного года'],
    [c('g1', null), c('g2', null), 'той же параллели'],
  ])('%o → %o: %s', (source, target, expected) => {
    const r = checkCopyTarget(source, target);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toContain(expected);
  });
});

describe('planCopy', () => {
  const source = [
    { id: 's1', subjectId: 'rus', lessonKind: 'regular', hoursPerWeek: 5 },
    { id: 's2', subjectId: 'mat', lessonKind: 'regular', hoursPerWeek: 5 },
    { id: 's3', subjectId: 'mat', lessonKind: 'elective', hoursPerWeek: 1 },
  ];
  const target = [
    { id: 't1', subjectId: 'rus', lessonKind: 'regular', hoursPerWeek: 4 },
    { id: 't2', subjectId: 'bio', lessonKind: 'regular', hoursPerWeek: 1 },
  ];
  it('merge adds only what is missing and never duplicates', () => {
    const p = planCopy(source, target, 'merge');
    expect(p.insert.map((i) => `${i.subjectId}/${i.lessonKind}`)).toEqual(['mat/regular', 'mat/elective']);
    expect(p.update).toEqual([]);
    expect(p.remove).toEqual([]);
  });
  it('replace makes the target equal to the source', () => {
    const p = planCopy(source, target, 'replace');
    expect(p.insert).toHaveLength(2);
    expect(p.update).toEqual([{ id: 't1', hoursPerWeek: 5 }]);
    expect(p.remove).toEqual(['t2']);
  });
  it('copying twice changes nothing the second time', () => {
    expect(planCopy(source, source, 'merge')).toEqual({ insert: [], update: [], remove: [] });
    expect(planCopy(source, source, 'replace')).toEqual({ insert: [], update: [], remove: [] });
  });
});

describe('overlaps (exclusive ends, null = open)', () => {
  it.each([
    [{ startsOn: '2026-09-01', endsOn: '2026-11-09' }, { startsOn: '2026-11-09', endsOn: null }, false],
    [{ startsOn: '2026-09-01', endsOn: '2026-11-10' }, { startsOn: '2026-11-09', endsOn: null }, true],
    [{ startsOn: '2026-09-01', endsOn: null }, { startsOn: '2027-01-01', endsOn: '2027-02-01' }, true],
    [{ startsOn: '2026-10-01', endsOn: '2026-10-05' }, { startsOn: '2026-09-01', endsOn: '2026-10-01' }, false],
  ])('%o and %o → %s', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });
});

describe('rosterOn: class history ∩ group membership', () => {
  const A = 'classA';
  const B = 'classB';
  const memberships: MembershipRow[] = [
    { studentId: 'anna', classId: A, startsOn: '2026-09-01', endsOn: null },
    { studentId: 'boris', classId: A, startsOn: '2026-09-01', endsOn: '2026-11-12' }, // withdrawn on 12.11
    { studentId: 'vera', classId: B, startsOn: '2026-09-01', endsOn: '2026-10-05' }, // transferred B → A on 05.10
    { studentId: 'vera', classId: A, startsOn: '2026-10-05', endsOn: null },
    { studentId: 'gleb', classId: A, startsOn: '2026-09-01', endsOn: '2026-11-16' }, // transferred A → B on 16.11
    { studentId: 'gleb', classId: B, startsOn: '2026-11-16', endsOn: null },
  ];
  const subgroup = [
    { studentId: 'anna', startsOn: '2026-09-01', endsOn: null },
    { studentId: 'boris', startsOn: '2026-09-01', endsOn: null },
    { studentId: 'gleb', startsOn: '2026-09-01', endsOn: null },
  ];
  const ids = (r: Array<{ studentId: string }>) => r.map((x) => x.studentId).sort();

  it.each([
    ['2026-09-01', ['anna', 'boris', 'gleb']],
    ['2026-10-05', ['anna', 'boris', 'gleb', 'vera']],
    ['2026-11-11', ['anna', 'boris', 'gleb', 'vera']],
    ['2026-11-12', ['anna', 'gleb', 'vera']],
    ['2026-11-16', ['anna', 'vera']],
    ['2026-08-31', []],
  ])('whole class on %s: %j (no member rows; follows transfers in and out)', (date, expected) => {
    expect(ids(rosterOn({ kind: 'class', classId: A, date, memberships, members: [] }))).toEqual(expected);
  });

  it.each([
    ['2026-09-01', ['anna', 'boris', 'gleb']],
    ['2026-11-12', ['anna', 'gleb']], // boris left the school on the order's date
    ['2026-11-16', ['anna', 'gleb']], // gleb moved to B but stays in a group of member rows only while in some class
  ])('subgroup on %s: %j', (date, expected) => {
    expect(ids(rosterOn({ kind: 'subgroup', classId: A, date, memberships, members: subgroup }))).toEqual(expected);
  });

  it('a member whose membership row ended leaves the group, and the class of each student is that day\'s', () => {
    const members = [...subgroup.slice(0, 2), { studentId: 'gleb', startsOn: '2026-09-01', endsOn: '2026-11-16' }];
    expect(ids(rosterOn({ kind: 'subgroup', classId: A, date: '2026-11-16', memberships, members }))).toEqual(['anna']);
    const cross = rosterOn({ kind: 'cross_class', classId: null, date: '2026-11-20', memberships, members: [{ studentId: 'gleb', startsOn: '2026-09-01', endsOn: null }] });
    expect(cross).toEqual([{ studentId: 'gleb', classId: B }]);
  });

  it('lists the students of the class placed in no subgroup of the split ("не распределён")', () => {
    expect(unassignedOn({ classId: A, date: '2026-09-01', memberships, splitMembers: subgroup })).toEqual([]);
    expect(unassignedOn({ classId: A, date: '2026-10-05', memberships, splitMembers: subgroup })).toEqual(['vera']);
    const placed = [...subgroup, { studentId: 'vera', startsOn: '2026-10-07', endsOn: null }];
    expect(unassignedOn({ classId: A, date: '2026-10-06', memberships, splitMembers: placed })).toEqual(['vera']);
    expect(unassignedOn({ classId: A, date: '2026-10-07', memberships, splitMembers: placed })).toEqual([]);
  });
});

describe('checkSubgroupMembership', () => {
  const existing = [
    { groupId: 'g1', groupName: '5А — Английский язык, гр. 1', studentId: 'anna', startsOn: '2026-09-01', endsOn: '2026-10-01' },
    { groupId: 'g2', groupName: '5А — Английский язык, гр. 2', studentId: 'boris', startsOn: '2026-09-01', endsOn: null },
  ];
  it.each([
    [{ studentId: 'anna', startsOn: '2026-10-01', endsOn: null }, null],
    [{ studentId: 'anna', startsOn: '2026-09-20', endsOn: null }, 'гр. 1'],
    [{ studentId: 'boris', startsOn: '2027-01-10', endsOn: null }, 'гр. 2'],
    [{ studentId: 'vera', startsOn: '2026-09-01', endsOn: null }, null],
  ])('%o → %s', (next, clash) => {
    const r = checkSubgroupMembership(existing, next);
    if (clash === null) expect(r).toBeNull();
    else expect(r).toContain(clash);
  });
});

describe('planTeacherAssignment', () => {
  const running: TeacherRow[] = [{ id: 'r1', staffId: 'petrov', startsOn: '2026-09-01', endsOn: null }];

  it('assigns the first teacher with an open period', () => {
    expect(planTeacherAssignment([], { staffId: 'petrov', startsOn: '2026-09-01' }))
      .toEqual({ ok: true, close: [], update: [], open: [{ staffId: 'petrov', startsOn: '2026-09-01', endsOn: null }] });
  });

  it('a change mid-year closes the running period at the date and opens a new one', () => {
    const plan = planTeacherAssignment(running, { staffId: 'sidorova', startsOn: '2026-11-09' });
    expect(plan).toEqual({ ok: true, close: [{ id: 'r1', endsOn: '2026-11-09' }], update: [], open: [{ staffId: 'sidorova', startsOn: '2026-11-09', endsOn: null }] });
    const after = [{ ...running[0]!, endsOn: '2026-11-09' }, { id: 'n', staffId: 'sidorova', startsOn: '2026-11-09', endsOn: null }];
    expect(periodsDisjoint(after)).toBe(true);
    expect(teacherOn(after, '2026-11-08')).toBe('petrov');
    expect(teacherOn(after, '2026-11-09')).toBe('sidorova');
    expect(teacherOn(after, '2026-08-31')).toBeUndefined();
  });

  it('a replacement on the very first day hands the period over', () => {
    expect(planTeacherAssignment(running, { staffId: 'sidorova', startsOn: '2026-09-01' }))
      .toEqual({ ok: true, close: [], update: [{ id: 'r1', staffId: 'sidorova' }], open: [] });
  });

  it('a teacher for a fixed period inside a running one: the regular teacher resumes after it', () => {
    const plan = planTeacherAssignment(running, { staffId: 'sidorova', startsOn: '2026-12-01', endsOn: '2026-12-15' });
    expect(plan).toEqual({ ok: true, close: [{ id: 'r1', endsOn: '2026-12-01' }], update: [], open: [
      { staffId: 'sidorova', startsOn: '2026-12-01', endsOn: '2026-12-15' }, { staffId: 'petrov', startsOn: '2026-12-15', endsOn: null },
    ] });
  });

  it.each([
    [{ staffId: 'petrov', startsOn: '2026-10-01' }, 'уже ведёт'],
    [{ staffId: 'sidorova', startsOn: '2026-10-01', endsOn: '2026-10-01' }, 'позже даты начала'],
    [{ staffId: 'sidorova', startsOn: '2026-09-01', endsOn: '2026-10-01' }, 'уже ведёт другой учитель'],
  ])('refuses %o', (next, message) => {
    const plan = planTeacherAssignment(running, next);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.message).toContain(message);
  });

  it('refuses a period that would overlap a later assignment', () => {
    const rows: TeacherRow[] = [
      { id: 'r1', staffId: 'petrov', startsOn: '2026-09-01', endsOn: '2026-11-09' },
      { id: 'r2', staffId: 'sidorova', startsOn: '2026-11-09', endsOn: null },
    ];
    const before = planTeacherAssignment(rows, { staffId: 'kim', startsOn: '2026-08-25', endsOn: '2026-12-01' });
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.message).toMatch(/пересекается с назначением с 01\.09\.2026 по 08\.11\.2026/);
    // without an end, the new period stops where the next one starts
    expect(planTeacherAssignment(rows, { staffId: 'kim', startsOn: '2026-10-01' }))
      .toEqual({ ok: true, close: [{ id: 'r1', endsOn: '2026-10-01' }], update: [], open: [{ staffId: 'kim', startsOn: '2026-10-01', endsOn: '2026-11-09' }] });
  });
});

describe('names and access', () => {
  it.each([
    [{ className: '5А', subjectName: 'Математика', lessonKind: 'regular' }, '5А — Математика'],
    [{ className: '5А', subjectName: 'Английский язык', lessonKind: 'regular', part: 2 }, '5А — Английский язык, гр. 2'],
    [{ className: '9А', subjectName: 'Математика', lessonKind: 'elective' }, '9А — Математика (элективный курс)'],
  ])('%o → %s', (args, name) => expect(groupName(args)).toBe(name));

  it.each([
    [['deputy'], null, [], null, true],
    [['teacher'], 's1', ['s1'], null, true],
    [['teacher'], 's1', ['s2'], null, false],
    [['teacher', 'classTeacher'], 's1', [], 's1', true],
    [['classTeacher'], 's1', [], 's2', false],
    [['secretary'], 's1', ['s1'], 's1', false],
  ] as const)('%j staff %s, teachers %j, class teacher %s → %s', (roles, staffId, teacherIds, classTeacherId, expected) => {
    expect(readsGroup({ roles, staffId }, { teacherIds, classTeacherId })).toBe(expected);
  });
});

describe('demo plan', () => {
  it.each([
    [1, 20, false], [2, 22, true], [5, 26, true], [7, 29, true], [9, 33, true], [10, 27, true],
  ])('grade %d: %d hours, English %s', (grade, total, english) => {
    const plan = demoPlan(grade);
    expect(plan.reduce((s, [, h]) => s + h, 0)).toBe(total);
    expect(plan.some(([s]) => s === 'Английский язык')).toBe(english);
    expect(new Set(plan.map(([s]) => s)).size).toBe(plan.length);
  });
});
