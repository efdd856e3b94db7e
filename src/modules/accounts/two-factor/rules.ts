// Pure rules of the two-factor login (TOTP): who must have it, when login asks for a code, which code step to accept.
import type { Role, SchoolRole } from '../rules.ts';

/** The school setting «Двухфакторный вход обязателен» (schools.two_factor_policy). */
export const TWO_FACTOR_POLICIES = ['off', 'leaders', 'staff'] as const;
export type TwoFactorPolicy = (typeof TWO_FACTOR_POLICIES)[number];

export const TWO_FACTOR_POLICY_TITLES: Record<TwoFactorPolicy, string> = {
  off: 'не обязателен',
  leaders: 'для администраторов и заместителей',
  staff: 'для всех сотрудников',
};

/** The roles each policy puts under the second factor. Parents and students never: no policy names them. */
const REQUIRED_FOR: Record<TwoFactorPolicy, ReadonlySet<SchoolRole>> = {
  off: new Set(),
  leaders: new Set(['admin', 'deputy']),
  staff: new Set(['admin', 'deputy', 'teacher', 'classTeacher', 'secretary']),
};

const STAFF_ROLES: ReadonlySet<Role> = new Set(['operator', 'admin', 'deputy', 'teacher', 'classTeacher', 'secretary']);

export function isTwoFactorPolicy(value: unknown): value is TwoFactorPolicy {
  return typeof value === 'string' && (TWO_FACTOR_POLICIES as readonly string[]).includes(value);
}

/** A policy read from the database; an unknown value (never written by the app) counts as the strictest. */
export function asPolicy(value: string): TwoFactorPolicy {
  return isTwoFactorPolicy(value) ? value : 'staff';
}

/** The setting a newly created school starts with: on for leaders in production, off elsewhere (demos, tests). */
export function defaultTwoFactorPolicy(env: 'development' | 'production' | 'test'): TwoFactorPolicy {
  return env === 'production' ? 'leaders' : 'off';
}

export type MembershipPolicy = { policy: TwoFactorPolicy; roles: readonly SchoolRole[] };

/**
 * Must this account log in with a second factor? The factor belongs to the account (global), so one school that
 * requires it for the roles the account holds there is enough. A guardian or student role never counts.
 */
export function twoFactorRequired(memberships: readonly MembershipPolicy[]): boolean {
  return memberships.some((m) => m.roles.some((r) => REQUIRED_FOR[m.policy].has(r)));
}

/** Staff (or a platform operator) in at least one school: only such accounts are offered the second factor or asked for it. */
export function isStaffAccount(memberships: readonly { roles: readonly SchoolRole[] }[], isOperator: boolean): boolean {
  return isOperator || memberships.some((m) => m.roles.some((r) => STAFF_ROLES.has(r)));
}

export type TwoFactorState = { offered: boolean; enabled: boolean; required: boolean };

export function twoFactorState(facts: { memberships: readonly MembershipPolicy[]; isOperator: boolean; totpEnabled: boolean }): TwoFactorState {
  const offered = isStaffAccount(facts.memberships, facts.isOperator);
  return { offered, enabled: offered && facts.totpEnabled, required: twoFactorRequired(facts.memberships) };
}

/**
 * What happens right after a correct password: ask for the code ('code'), let the account in but only to enroll
 * first ('enroll'), or nothing more ('none'). An account that is a parent or student everywhere is never asked,
 * even with a factor left over from a staff role it no longer holds.
 */
export function afterPasswordStep(state: TwoFactorState): 'code' | 'enroll' | 'none' {
  if (state.enabled) return 'code';
  if (state.required && state.offered) return 'enroll';
  return 'none';
}

/** The account must enroll before any page (other than enrolling, password change and logout) opens. */
export const mustEnroll = (state: TwoFactorState): boolean => afterPasswordStep(state) === 'enroll';

export const TOTP_PERIOD_SECONDS = 30;
/** Steps of clock drift accepted either side of the current one (±30 s). */
export const TOTP_DRIFT_STEPS = 1;

/** The RFC 6238 time step of a moment (ms since epoch). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

export type StepDecision = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * May a code whose HMAC matched `matchedStep` (null: matched no step looked at) log in now?
 * Only the current step ±1 counts, and never a step at or before the last accepted one: a code seen once
 * (over a shoulder, in a proxy log) cannot be used again, nor an older one after a newer one was used.
 */
export function decideStep(input: { matchedStep: number | null; currentStep: number; lastUsedStep: number | null }): StepDecision {
  const { matchedStep, currentStep, lastUsedStep } = input;
  if (matchedStep === null || Math.abs(matchedStep - currentStep) > TOTP_DRIFT_STEPS) return { ok: false, reason: 'wrong' };
  if (lastUsedStep !== null && matchedStep <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matchedStep };
}

export type CodeInput = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'malformed' };

export const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const RECOVERY_LENGTH = 12;
export const RECOVERY_COUNT = 10;

/** What the person typed: six digits from the app, a recovery code (dashes, spaces and letter case ignored), or neither. */
export function classifyCode(raw: string): CodeInput {
  const compact = raw.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (compact.length === RECOVERY_LENGTH && [...compact].every((c) => RECOVERY_ALPHABET.includes(c))) return { kind: 'recovery', code: compact };
  return { kind: 'malformed' };
}

/** A recovery code as shown: three groups of four, «k7m2-9xqa-3hde». */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** The secret for manual entry: base32 in groups of four. */
export function formatSecret(base32: string): string {
  return base32.match(/.{1,4}/g)?.join(' ') ?? base32;
}

export const OTHER_SCHOOL_TWO_FACTOR = 'Эта учётная запись есть и в другой школе: второй фактор сбрасывает оператор платформы.';
export const OPERATOR_TWO_FACTOR = 'Это учётная запись оператора платформы: её второй фактор сбрасывает оператор.';

/**
 * May this school's admin reset the account's second factor? Like the password, the factor guards every school of the
 * account: only an account whose memberships are all in this school. Returns a Russian refusal, or null.
 */
export function twoFactorResetProblem(reach: { schoolIds: readonly string[]; isOperator: boolean }, schoolId: string): string | null {
  if (reach.isOperator) return OPERATOR_TWO_FACTOR;
  return reach.schoolIds.some((id) => id !== schoolId) ? OTHER_SCHOOL_TWO_FACTOR : null;
}
