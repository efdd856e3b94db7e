import { describe, expect, it } from 'vitest';
import {
  canManageClassAccounts, nextRoles, pickRoles, rolesChangeProblem, slipPages, slipRoleLine,
} from '../../src/modules/accounts/provision-rules.ts';
import { missingAccounts, rosterHasMember, type RosterStudent } from '../../src/modules/accounts/class-queries.ts';

describe('pickRoles: only the four assignable roles, in order', () => {
  it.each([
    [undefined, []],
    ['teacher', ['teacher']],
    [['teacher', 'admin'], ['admin', 'teacher']],
    [['classTeacher', 'operator', 'parent', 'student', 'deputy'], ['deputy']],
    [['secretary', 'secretary'], ['secretary']],
    [42, []],
  ])('%j → %j', (raw, expected) => {
    expect(pickRoles(raw)).toEqual(expected);
  });
});

describe('nextRoles keeps the roles that come from person links', () => {
  it.each([
    [['teacher'], ['deputy'], ['deputy']],
    [['teacher', 'parent'], ['admin'], ['admin', 'parent']],
    [['teacher', 'classTeacher'], ['teacher'], ['teacher']],
    [['student'], [], ['student']],
  ] as const)('%j + ticked %j → %j', (current, ticked, expected) => {
    expect(nextRoles(current, ticked)).toEqual(expected);
  });
});

describe('rolesChangeProblem', () => {
  it.each([
    [{ self: true, hasStaffCard: true, current: ['admin'], ticked: ['teacher'] }, 'Нельзя снять роль администратора'],
    [{ self: true, hasStaffCard: true, current: ['admin'], ticked: ['admin', 'teacher'] }, null],
    [{ self: false, hasStaffCard: true, current: ['admin'], ticked: ['teacher'] }, null],
    [{ self: false, hasStaffCard: true, current: ['teacher'], ticked: [] }, 'Отметьте хотя бы одну роль.'],
    [{ self: false, hasStaffCard: false, current: ['teacher', 'parent'], ticked: [] }, null],
    [{ self: false, hasStaffCard: false, current: ['admin'], ticked: [] }, 'Отметьте хотя бы одну роль.'],
  ] as const)('%j → %s', (p, expected) => {
    const got = rolesChangeProblem(p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toContain(expected);
  });
});

describe('canManageClassAccounts', () => {
  const cls = { yearId: 'y1', classTeacherId: 's1' };
  it.each([
    [{ isAdmin: true, staffId: null, currentYearId: 'y1' }, cls, true],
    [{ isAdmin: true, staffId: null, currentYearId: 'y2' }, cls, false],
    [{ isAdmin: true, staffId: null, currentYearId: null }, cls, false],
    [{ isAdmin: false, staffId: 's1', currentYearId: 'y1' }, cls, true],
    [{ isAdmin: false, staffId: 's2', currentYearId: 'y1' }, cls, false],
    [{ isAdmin: false, staffId: null, currentYearId: 'y1' }, { yearId: 'y1', classTeacherId: null }, false],
    [{ isAdmin: false, staffId: 's1', currentYearId: 'y2' }, cls, false],
  ])('%j on %j → %s', (actor, c, expected) => {
    expect(canManageClassAccounts(actor, c)).toBe(expected);
  });
});

describe('slipPages: 8 slips per A4 sheet', () => {
  it.each([[0, []], [1, [1]], [8, [8]], [9, [8, 1]], [25, [8, 8, 8, 1]], [67, [8, 8, 8, 8, 8, 8, 8, 8, 3]]])('%i slips → %j', (n, sizes) => {
    const pages = slipPages(Array.from({ length: n }, (_, i) => i));
    expect(pages.map((p) => p.length)).toEqual(sizes);
    expect(pages.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('slipRoleLine', () => {
  it.each([
    [{ kind: 'student', className: '5А' } as const, 'обучающийся, 5А класс'],
    [{ kind: 'student', className: null } as const, 'обучающийся'],
    [{ kind: 'guardian', children: ['Морозов Дмитрий Сергеевич'] } as const, 'родитель ученика: Морозов Дмитрий Сергеевич'],
    [{ kind: 'guardian', children: ['А Б', 'В Г'] } as const, 'родитель учеников: А Б, В Г'],
    [{ kind: 'guardian', children: [] } as const, 'родитель (законный представитель)'],
    [{ kind: 'staff', roles: ['учитель', 'секретарь'] } as const, 'учитель, секретарь'],
  ])('%j → %s', (who, expected) => {
    expect(slipRoleLine(who)).toBe(expected);
  });
});

describe('roster counts', () => {
  const acc = (id: string) => ({ membershipId: id, login: id, disabled: false });
  const g = (id: string, account: ReturnType<typeof acc> | null) => ({ id, lastName: id, firstName: '', middleName: null, fullName: id, relation: 'мать', account });
  const roster: RosterStudent[] = [
    { id: 's1', lastName: 'a', firstName: '', middleName: null, fullName: 'a', account: acc('m-s1'), guardians: [g('g1', null), g('g2', acc('m-g2'))] },
    { id: 's2', lastName: 'b', firstName: '', middleName: null, fullName: 'b', account: null, guardians: [g('g1', null)] },
    { id: 's3', lastName: 'c', firstName: '', middleName: null, fullName: 'c', account: null, guardians: [] },
  ];
  it('counts a guardian of two children once', () => {
    expect(missingAccounts(roster)).toEqual({ students: 2, guardians: 1 });
  });
  it.each([['m-s1', true], ['m-g2', true], ['m-other', false]])('membership %s in roster → %s', (id, expected) => {
    expect(rosterHasMember(roster, id)).toBe(expected);
  });
});
