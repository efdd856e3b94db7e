// Pure rules for accounts: password policy, lockout, session lifetime. No I/O.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const commonPasswords: { test(pw: string): boolean } = require('fxa-common-password-list');

export const ROLES = ['operator', 'admin', 'deputy', 'teacher', 'classTeacher', 'secretary', 'parent', 'student'] as const;
export type Role = (typeof ROLES)[number];
export type SchoolRole = Exclude<Role, 'operator'>;
export const SCHOOL_ROLES: readonly SchoolRole[] = ROLES.filter((r): r is SchoolRole => r !== 'operator');

export const ROLE_TITLES: Record<Role, string> = {
  operator: 'оператор платформы',
  admin: 'администратор',
  deputy: 'заместитель директора',
  teacher: 'учитель',
  classTeacher: 'классный руководитель',
  secretary: 'секретарь',
  parent: 'родитель',
  student: 'обучающийся',
};

const STAFF_ROLES: ReadonlySet<Role> = new Set(['operator', 'admin', 'deputy', 'teacher', 'classTeacher', 'secretary']);

/** Staff sessions are short (shared computers); parents' and students' are long. */
export function sessionKind(roles: readonly Role[]): 'staff' | 'family' {
  return roles.some((r) => STAFF_ROLES.has(r)) ? 'staff' : 'family';
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Frequent passwords typed on a Russian keyboard or in Russian, which the English list does not hold. */
const RUSSIAN_COMMON = new Set([
  'йцукенгш', 'йцукенгшщз', 'йцукенгшщзхъ', 'фывапролд', 'фывапролджэ', 'пароль123', 'пароль1234', 'парольпароль',
  'я12345678', 'привет123', 'qwertyйцукен', '1q2w3e4r5t', 'zaq12wsx', 'qazwsxedc', 'marina123', 'natasha1',
  'школа123', 'школа2024', 'школа2025', 'школа2026', 'учитель1', 'учитель123', 'otmetka1', 'otmetka123',
]);

/** Returns a Russian message when the new password is not acceptable, or null. */
export function checkNewPassword(password: string, login: string): string | null {
  if (password.length < PASSWORD_MIN) return `Пароль должен быть не короче ${PASSWORD_MIN} символов.`;
  if (password.length > PASSWORD_MAX) return `Пароль должен быть не длиннее ${PASSWORD_MAX} символов.`;
  const lower = password.toLowerCase();
  if (lower === login.toLowerCase()) return 'Пароль не должен совпадать с логином.';
  if (/^(.)\1+$/u.test(password)) return 'Пароль не должен состоять из одного повторяющегося символа.';
  if (RUSSIAN_COMMON.has(lower) || commonPasswords.test(password) || commonPasswords.test(lower)) {
    return 'Этот пароль слишком распространён и легко подбирается. Придумайте другой.';
  }
  return null;
}

export const LOCKOUT = {
  /** Failed attempts for one login within the window that lock it. */
  perLogin: 5,
  /** Failed attempts from one address within the window that lock the address. */
  perAddress: 20,
  windowMinutes: 15,
} as const;

/**
 * Lockout from recent failures (newest first, only those after the last success).
 * Locked when `threshold` failures fall inside the window; it lasts the window length after the latest one.
 */
export function lockedUntil(failures: readonly Date[], threshold: number, now: Date): Date | null {
  const windowMs = LOCKOUT.windowMinutes * 60_000;
  const recent = failures.filter((f) => now.getTime() - f.getTime() < windowMs);
  if (recent.length < threshold) return null;
  const latest = Math.max(...recent.map((f) => f.getTime()));
  const until = new Date(latest + windowMs);
  return until > now ? until : null;
}

/** Minutes (rounded up, at least 1) until a lockout ends — for the message. */
export function minutesLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

export type SessionLimits = {
  staffIdleMinutes: number;
  staffMaxHours: number;
  familyIdleDays: number;
  familyMaxDays: number;
};

export const DEFAULT_LIMITS: SessionLimits = { staffIdleMinutes: 30, staffMaxHours: 12, familyIdleDays: 14, familyMaxDays: 60 };

/** When does this session end: the earlier of the idle and the absolute limit. */
export function sessionEndsAt(
  kind: 'staff' | 'family',
  limits: SessionLimits,
  times: { createdAt: number; lastSeenAt: number },
): { idleAt: number; absoluteAt: number; endsAt: number } {
  const idleMs = kind === 'staff' ? limits.staffIdleMinutes * 60_000 : limits.familyIdleDays * 86_400_000;
  const maxMs = kind === 'staff' ? limits.staffMaxHours * 3_600_000 : limits.familyMaxDays * 86_400_000;
  const idleAt = times.lastSeenAt + idleMs;
  const absoluteAt = times.createdAt + maxMs;
  return { idleAt, absoluteAt, endsAt: Math.min(idleAt, absoluteAt) };
}

export function sessionState(
  kind: 'staff' | 'family',
  limits: SessionLimits,
  times: { createdAt: number; lastSeenAt: number },
  now: number,
): 'active' | 'idle' | 'expired' {
  const t = sessionEndsAt(kind, limits, times);
  if (now >= t.absoluteAt) return 'expired';
  if (now >= t.idleAt) return 'idle';
  return 'active';
}

/** Logins: latin letters, digits, dot, dash, underscore; 3–64 characters. Stored lower-case. */
export const LOGIN_PATTERN = /^[a-z0-9._-]{3,64}$/;

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export const OTHER_SCHOOL_RESET = 'Эта учётная запись есть и в другой школе: пароль сбрасывает оператор платформы.';
export const OPERATOR_RESET = 'Это учётная запись оператора платформы: её пароль сбрасывает оператор.';

/**
 * May this school issue a new password for the account? The password is the account's, not the membership's: a new
 * one opens every school of the account (and the operator's pages). So a school's admin or class teacher resets only
 * accounts whose memberships (blocked ones too) are all in this school. Returns a Russian refusal, or null.
 */
export function passwordResetProblem(reach: { schoolIds: readonly string[]; isOperator: boolean }, schoolId: string): string | null {
  if (reach.isOperator) return OPERATOR_RESET;
  return reach.schoolIds.some((id) => id !== schoolId) ? OTHER_SCHOOL_RESET : null;
}
