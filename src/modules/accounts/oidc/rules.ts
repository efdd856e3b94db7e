// «Вход по паролю» of a school when the deployment has identity providers: a pure rule, fed with the account's facts.
import type { SchoolRole } from '../rules.ts';

export const PASSWORD_LOGIN_POLICIES = ['allowed', 'provider', 'provider_except_students'] as const;
export type PasswordLoginPolicy = (typeof PASSWORD_LOGIN_POLICIES)[number];

export const PASSWORD_LOGIN_CHOICES: ReadonlyArray<{ value: PasswordLoginPolicy; label: string }> = [
  { value: 'allowed', label: 'разрешён всем' },
  { value: 'provider', label: 'только через внешний сервис (Госуслуги и т. п.)' },
  {
    value: 'provider_except_students',
    label: 'только через внешний сервис, кроме обучающихся (у детей до 14 лет нет своей учётной записи)',
  },
];

export function asPasswordLoginPolicy(v: string): PasswordLoginPolicy {
  return (PASSWORD_LOGIN_POLICIES as readonly string[]).includes(v) ? (v as PasswordLoginPolicy) : 'allowed';
}

/**
 * May this account log in with its password? Yes without providers configured (nobody could log in otherwise), for a
 * platform operator, for an account without schools, and when at least one of its schools allows it — for students
 * also when the school exempts them. Refused only when every school forbids it.
 */
export function passwordLoginAllowed(
  facts: { isOperator: boolean; memberships: ReadonlyArray<{ roles: readonly SchoolRole[]; passwordLogin: PasswordLoginPolicy }> },
  providersConfigured: boolean,
): boolean {
  if (!providersConfigured || facts.isOperator || facts.memberships.length === 0) return true;
  return facts.memberships.some((m) => m.passwordLogin === 'allowed'
    || (m.passwordLogin === 'provider_except_students' && m.roles.includes('student')));
}
