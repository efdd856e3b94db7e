import { describe, expect, it } from 'vitest';
import type { SchoolRole } from '../../src/modules/accounts/rules.ts';
import {
  afterPasswordStep, classifyCode, decideStep, defaultTwoFactorPolicy, formatRecoveryCode, isStaffAccount, OPERATOR_TWO_FACTOR,
  OTHER_SCHOOL_TWO_FACTOR, totpStep, twoFactorRequired, twoFactorResetProblem, twoFactorState, type TwoFactorPolicy,
} from '../../src/modules/accounts/two-factor/rules.ts';

const m = (policy: TwoFactorPolicy, ...roles: SchoolRole[]) => ({ policy, roles });

describe('twoFactorRequired: is the second factor required for these roles under these policies', () => {
  it.each([
    { name: 'no school', ms: [], required: false },
    { name: 'off: even the admin', ms: [m('off', 'admin')], required: false },
    { name: 'leaders: admin', ms: [m('leaders', 'admin')], required: true },
    { name: 'leaders: deputy', ms: [m('leaders', 'deputy', 'teacher')], required: true },
    { name: 'leaders: teacher', ms: [m('leaders', 'teacher')], required: false },
    { name: 'leaders: class teacher', ms: [m('leaders', 'teacher', 'classTeacher')], required: false },
    { name: 'leaders: secretary', ms: [m('leaders', 'secretary')], required: false },
    { name: 'staff: teacher', ms: [m('staff', 'teacher')], required: true },
    { name: 'staff: secretary', ms: [m('staff', 'secretary')], required: true },
    { name: 'staff: class teacher alone', ms: [m('staff', 'classTeacher')], required: true },
    { name: 'staff: parent is never asked', ms: [m('staff', 'parent')], required: false },
    { name: 'staff: student is never asked', ms: [m('staff', 'student')], required: false },
    { name: 'staff: parent in every school', ms: [m('staff', 'parent'), m('leaders', 'parent'), m('staff', 'student')], required: false },
    { name: 'teacher who is also a parent here', ms: [m('staff', 'teacher', 'parent')], required: true },
    { name: 'one school of two requires it', ms: [m('off', 'admin'), m('staff', 'teacher')], required: true },
    { name: 'teacher here, admin where it is off', ms: [m('leaders', 'teacher'), m('off', 'admin')], required: false },
  ])('$name → $required', ({ ms, required }) => {
    expect(twoFactorRequired(ms)).toBe(required);
  });
});

describe('isStaffAccount', () => {
  it.each([
    { ms: [m('off', 'teacher')], operator: false, staff: true },
    { ms: [m('off', 'parent'), m('off', 'student')], operator: false, staff: false },
    { ms: [m('off', 'parent'), m('off', 'secretary')], operator: false, staff: true },
    { ms: [], operator: true, staff: true },
    { ms: [], operator: false, staff: false },
  ])('%j', ({ ms, operator, staff }) => {
    expect(isStaffAccount(ms, operator)).toBe(staff);
  });
});

describe('afterPasswordStep: what a right password leads to', () => {
  it.each([
    { name: 'no factor, not required', ms: [m('off', 'teacher')], totp: false, step: 'none' },
    { name: 'factor on, not required: the code is asked', ms: [m('off', 'teacher')], totp: true, step: 'code' },
    { name: 'factor on and required', ms: [m('staff', 'teacher')], totp: true, step: 'code' },
    { name: 'required, not enrolled: enroll first', ms: [m('leaders', 'admin')], totp: false, step: 'enroll' },
    { name: 'parent under «all staff»: nothing', ms: [m('staff', 'parent')], totp: false, step: 'none' },
    { name: 'parent-only with a factor left from a staff role: not asked', ms: [m('staff', 'parent')], totp: true, step: 'none' },
    { name: 'operator with a factor', ms: [], operator: true, totp: true, step: 'code' },
    { name: 'operator without one: no school requires it', ms: [], operator: true, totp: false, step: 'none' },
  ])('$name', ({ ms, totp, step, operator }) => {
    expect(afterPasswordStep(twoFactorState({ memberships: ms, isOperator: operator ?? false, totpEnabled: totp }))).toBe(step);
  });
});

describe('decideStep: clock drift and replay', () => {
  const current = 1_000_000;
  it.each([
    { name: 'the current step', matched: current, last: null, out: { ok: true, step: current } },
    { name: 'one step behind (phone 30 s slow)', matched: current - 1, last: null, out: { ok: true, step: current - 1 } },
    { name: 'one step ahead (phone 30 s fast)', matched: current + 1, last: null, out: { ok: true, step: current + 1 } },
    { name: 'two steps behind', matched: current - 2, last: null, out: { ok: false, reason: 'wrong' } },
    { name: 'two steps ahead', matched: current + 2, last: null, out: { ok: false, reason: 'wrong' } },
    { name: 'no step matched', matched: null, last: null, out: { ok: false, reason: 'wrong' } },
    { name: 'the same step again (replay)', matched: current, last: current, out: { ok: false, reason: 'replayed' } },
    { name: 'an older step after a newer one was used', matched: current - 1, last: current, out: { ok: false, reason: 'replayed' } },
    { name: 'a newer step after an older one', matched: current, last: current - 1, out: { ok: true, step: current } },
    { name: 'next step after the last one used long ago', matched: current + 1, last: current - 500, out: { ok: true, step: current + 1 } },
    { name: 'out of the window and used: wrong, not replayed', matched: current - 3, last: current, out: { ok: false, reason: 'wrong' } },
  ])('$name', ({ matched, last, out }) => {
    expect(decideStep({ matchedStep: matched, currentStep: current, lastUsedStep: last })).toEqual(out);
  });

  it('counts 30-second steps from the epoch', () => {
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    expect(totpStep(59_000)).toBe(1);
  });
});

describe('classifyCode', () => {
  it.each([
    ['123456', { kind: 'totp', code: '123456' }],
    [' 123 456 ', { kind: 'totp', code: '123456' }],
    ['123-456', { kind: 'totp', code: '123456' }],
    ['12345', { kind: 'malformed' }],
    ['1234567', { kind: 'malformed' }],
    ['k7m2-9xqa-3hde', { kind: 'recovery', code: 'k7m29xqa3hde' }],
    ['K7M2 9XQA 3HDE', { kind: 'recovery', code: 'k7m29xqa3hde' }],
    ['k7m2-9xqa-3hd', { kind: 'malformed' }],
    ['k7m2-9xqa-3hd0', { kind: 'malformed' }], // 0 is not in the alphabet
    ['', { kind: 'malformed' }],
    ['１２３４５６', { kind: 'malformed' }],
  ])('%j', (raw, out) => {
    expect(classifyCode(raw)).toEqual(out);
  });

  it('shows a recovery code in groups of four', () => {
    expect(formatRecoveryCode('k7m29xqa3hde')).toBe('k7m2-9xqa-3hde');
  });
});

describe('defaults and resets', () => {
  it.each([
    ['production', 'leaders'],
    ['development', 'off'],
    ['test', 'off'],
  ] as const)('a new school in %s starts with %s', (env, policy) => {
    expect(defaultTwoFactorPolicy(env)).toBe(policy);
  });

  it.each([
    { reach: { schoolIds: ['s1'], isOperator: false }, out: null },
    { reach: { schoolIds: ['s1', 's1'], isOperator: false }, out: null },
    { reach: { schoolIds: ['s1', 's2'], isOperator: false }, out: OTHER_SCHOOL_TWO_FACTOR },
    { reach: { schoolIds: ['s1'], isOperator: true }, out: OPERATOR_TWO_FACTOR },
  ])('reset of $reach.schoolIds by school s1', ({ reach, out }) => {
    expect(twoFactorResetProblem(reach, 's1')).toBe(out);
  });
});
