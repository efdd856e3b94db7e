// Pure rules for people: names, dates, contacts, who may see and edit which card, class lists as of a date. No I/O.
import { isIsoDate } from '../../web/dates.ts';
import type { Role } from '../accounts/rules.ts';

export const NAME_MAX = 100;

/** Letters of any alphabet, hyphen, space and apostrophe; at least one letter. */
const NAME_PATTERN = /^[\p{L}' ’-]+$/u;

/** A Russian message when a part of a name (фамилия, имя, отчество) is not acceptable, else null. */
export function checkNamePart(value: string, what: string): string | null {
  const v = normalizeSpaces(value);
  if (v === '') return `Введите ${what}.`;
  if (v.length > NAME_MAX) return `Слишком длинно: не больше ${NAME_MAX} символов.`;
  if (!NAME_PATTERN.test(v) || !/\p{L}/u.test(v)) return 'Только буквы, дефис, пробел и апостроф.';
  return null;
}

export function normalizeSpaces(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** Full years between a birth date and a date (both ISO). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** 1 September of the academic year that `date` belongs to (a year runs from September to August). */
export function septemberFirstOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${m >= 9 ? y : y - 1}-09-01`;
}

export type AgeRule = { min: number; max: number; on: string; label: string };

export const STUDENT_AGE = { min: 5, max: 25 } as const;
export const STAFF_AGE = { min: 16, max: 90 } as const;
export const GUARDIAN_AGE = { min: 14, max: 110 } as const;

/** Checks an ISO birth date: a real date, not in the future, the age within the rule on its date. */
export function checkBirthDate(iso: string, today: string, rule: AgeRule): string | null {
  if (!isIsoDate(iso)) return 'Введите настоящую дату в виде ДД.ММ.ГГГГ.';
  if (iso > today) return 'Дата рождения не может быть в будущем.';
  const age = ageOn(iso, rule.on);
  if (age < rule.min || age > rule.max) {
    return `${rule.label}: возраст на ${ruShort(rule.on)} должен быть от ${rule.min} до ${rule.max} лет (получается ${Math.max(age, 0)}).`;
  }
  return null;
}

function ruShort(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The age rules: a student 5–25 on 1 September of the current academic year, staff 16–90 today. */
export function studentAgeRule(yearStartsOn: string): AgeRule {
  return { ...STUDENT_AGE, on: `${yearStartsOn.slice(0, 4)}-09-01`, label: 'Обучающийся' };
}
export function staffAgeRule(today: string): AgeRule {
  return { ...STAFF_AGE, on: today, label: 'Сотрудник' };
}
export function guardianAgeRule(today: string): AgeRule {
  return { ...GUARDIAN_AGE, on: today, label: 'Родитель (законный представитель)' };
}

/** Phone: digits with an optional leading +; spaces, brackets, dots and dashes are dropped. null when not a phone. */
export function normalizePhone(input: string): string | null {
  const t = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 15) return null;
  return (t.startsWith('+') ? '+' : '') + digits;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export function isEmail(s: string): boolean {
  return s.length <= 200 && EMAIL.test(s);
}

/** СНИЛС: up to 001-001-998 numbers were issued without a meaningful check number (ПФР rules). */
const SNILS_CHECKED_FROM = 1_001_999;

/** The check number of a СНИЛС's first nine digits: Σ digit × (9…1), then 100 and 101 → 00, above that mod 101. */
export function snilsCheckNumber(nineDigits: string): number {
  const sum = [...nineDigits].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const r = sum < 100 ? sum : sum % 101;
  return r === 100 ? 0 : r;
}

/**
 * A СНИЛС as typed («123-456-789 01», «12345678901», spaces or dashes anywhere): its 11 digits, or the Russian reason
 * it is not one. Null input is «not given».
 */
export function parseSnils(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const digits = raw.replace(/[\s-]+/g, '');
  if (!/^\d{11}$/.test(digits)) return { ok: false, message: 'СНИЛС — 11 цифр, например 123-456-789 01.' };
  const first = digits.slice(0, 9);
  if (Number(first) < SNILS_CHECKED_FROM) return { ok: true, value: digits };
  if (snilsCheckNumber(first) !== Number(digits.slice(9))) {
    return { ok: false, message: 'СНИЛС введён с ошибкой: контрольное число не сходится. Проверьте цифры по документу.' };
  }
  return { ok: true, value: digits };
}

/** «12345678901» → «123-456-789 01». */
export function formatSnils(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;
}

export const SEXES = ['м', 'ж'] as const;
export type Sex = (typeof SEXES)[number];

export const RELATIONS = ['мать', 'отец', 'опекун', 'попечитель', 'бабушка', 'дедушка', 'другое'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Guardians in the usual order: mother, father, other relations, then by name. */
export function byRelation<T extends { relation: string; lastName: string; firstName: string; middleName: string | null }>(a: T, b: T): number {
  const rank = (r: string) => {
    const i = (RELATIONS as readonly string[]).indexOf(r);
    return i < 0 ? RELATIONS.length : i;
  };
  return rank(a.relation) - rank(b.relation) || byName(a, b);
}

/** Why a class membership ended (the order kind), in Russian. */
export const END_KIND_TITLES: Record<string, string> = {
  withdrawal: 'выбытие', transfer: 'перевод в другой класс', promotion: 'перевод в следующий класс',
  conditional_promotion: 'условный перевод', repeat_year: 'оставлен(а) на повторное обучение', graduation: 'выпуск',
  class_formation: 'формирование классов', enrolment: 'зачисление', family_education: 'перевод на семейное образование',
};

// ── Who may do what ──

export type Rights = 'none' | 'read' | 'write';

const hasAny = (roles: readonly Role[], of: readonly Role[]) => roles.some((r) => of.includes(r));

/** Staff cards: the admin keeps them, the deputy reads them; nobody else. */
export function staffRights(roles: readonly Role[]): Rights {
  if (roles.includes('admin')) return 'write';
  if (roles.includes('deputy')) return 'read';
  return 'none';
}

/**
 * A student's card (and their guardians' cards): the admin and the secretary keep every card, the deputy reads them,
 * a class teacher keeps the cards of the students now in a class they lead. Subject teachers see none.
 */
export function studentRights(roles: readonly Role[], inLedClass: boolean): Rights {
  if (hasAny(roles, ['admin', 'secretary'])) return 'write';
  if (roles.includes('classTeacher') && inLedClass) return 'write';
  if (roles.includes('deputy')) return 'read';
  return 'none';
}

/** Does the actor see every student of the school (lists, search), or only their own class? */
export function seesWholeSchool(roles: readonly Role[]): boolean {
  return hasAny(roles, ['admin', 'secretary', 'deputy']);
}

// ── Class lists ──

export type MembershipFact = { studentId: string; startsOn: string; endsOn: string | null };

export type ListEntry = { studentId: string; status: 'in' | 'left'; leftOn: string | null };

export function isCurrent(m: { startsOn: string; endsOn: string | null }, date: string): boolean {
  return m.startsOn <= date && (m.endsOn === null || m.endsOn > date);
}

/**
 * A class's list on a date from its membership history: the students in the class on that date,
 * and those who had left it by then (with the date they left). Students who join later are not listed.
 */
export function classListAsOf(memberships: readonly MembershipFact[], date: string): ListEntry[] {
  const byStudent = new Map<string, ListEntry>();
  for (const m of memberships) {
    if (m.startsOn > date) continue;
    const prev = byStudent.get(m.studentId);
    if (isCurrent(m, date)) {
      byStudent.set(m.studentId, { studentId: m.studentId, status: 'in', leftOn: null });
    } else if (!prev || (prev.status === 'left' && (prev.leftOn ?? '') < (m.endsOn ?? ''))) {
      byStudent.set(m.studentId, { studentId: m.studentId, status: 'left', leftOn: m.endsOn });
    }
  }
  return [...byStudent.values()];
}

/** "выбыл 12.11.2026", "выбыла …", "выбыл(а) …" when the sex is unknown. */
export function leftLabel(sex: string | null, leftOn: string | null): string {
  const word = sex === 'м' ? 'выбыл' : sex === 'ж' ? 'выбыла' : 'выбыл(а)';
  return leftOn ? `${word} ${ruShort(leftOn)}` : word;
}

/** What the student list says about a student's class today. */
export function classStatusLabel(currentClass: string | null, everEnrolled: boolean, sex: string | null): string {
  if (currentClass) return currentClass;
  if (everEnrolled) return leftLabel(sex, null);
  return sex === 'ж' ? 'не зачислена' : sex === 'м' ? 'не зачислен' : 'не зачислен(а)';
}

/** "Фамилия Имя Отчество" */
export function fullName(p: { lastName: string; firstName: string; middleName: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

/** Russian alphabetical order of people by last, first and middle name. */
export function byName<T extends { lastName: string; firstName: string; middleName: string | null }>(a: T, b: T): number {
  return fullName(a).localeCompare(fullName(b), 'ru');
}

/** Only the fields that changed: { old, new } for the audit trail, or null when nothing did. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { old: Partial<T>; new: Partial<T> } | null {
  const o: Partial<T> = {};
  const n: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const a = after[key] ?? null;
    const b = before[key] ?? null;
    if (a !== b) {
      o[key] = b as T[keyof T];
      n[key] = a as T[keyof T];
    }
  }
  return Object.keys(n).length ? { old: o, new: n } : null;
}
