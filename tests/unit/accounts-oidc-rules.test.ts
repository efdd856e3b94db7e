import { describe, expect, it } from 'vitest';
import { passwordLoginAllowed, type PasswordLoginPolicy } from '../../src/modules/accounts/oidc/rules.ts';
import type { SchoolRole } from '../../src/modules/accounts/rules.ts';

const m = (passwordLogin: PasswordLoginPolicy, ...roles: SchoolRole[]) => ({ passwordLogin, roles });

describe('«Вход по паролю»', () => {
  it.each([
    ['no providers configured: always allowed', false, [m('provider', 'teacher')], false, true],
    ['the school allows it', true, [m('allowed', 'teacher')], false, true],
    ['the only school forbids it', true, [m('provider', 'teacher')], false, false],
    ['one of two schools allows it', true, [m('provider', 'teacher'), m('allowed', 'teacher')], false, true],
    ['both schools forbid it', true, [m('provider', 'teacher'), m('provider_except_students', 'parent')], false, false],
    ['a student exempted by the school', true, [m('provider_except_students', 'student')], false, true],
    ['a student where the school exempts nobody', true, [m('provider', 'student')], false, false],
    ['a parent where students are exempted', true, [m('provider_except_students', 'parent')], false, false],
    ['an operator', true, [m('provider', 'admin')], true, true],
    ['an account without schools', true, [], false, true],
  ] as const)('%s', (_name, configured, memberships, isOperator, allowed) => {
    expect(passwordLoginAllowed({ isOperator, memberships: [...memberships] }, configured)).toBe(allowed);
  });
});
