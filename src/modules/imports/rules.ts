// Pure rules for one cell and one line of an import file: no I/O. Messages in Russian.
import { isIsoDate } from '../../web/dates.ts';
import { RELATIONS } from './columns.ts';

export type Sex = 'м' | 'ж';
type Check<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = <T>(error: string): Check<T> => ({ ok: false, error });

/** Trims, turns non-breaking and repeated spaces into one space; '' for nothing. */
export function cleanText(s: string | undefined): string {
  return (s ?? '').replace(/[\u00a0\u2007\u202f\u200b\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Case, ё and spacing do not make two names different. */
export function nameKey(...parts: Array<string | null | undefined>): string {
  return parts.map((p) => cleanText(p ?? '').toLowerCase().replaceAll('ё', 'е')).join('|');
}

const NAME = /^\p{L}[\p{L}\p{M} '’.-]*$/u;

export function checkName(value: string, label: string, required: boolean, max = 60): Check<string | null> {
  if (value === '') return required ? fail(`не заполнено поле «${label}»`) : ok(null);
  if (value.length > max) return fail(`«${label}» длиннее ${max} символов`);
  if (!NAME.test(value)) return fail(`«${label}» может содержать только буквы, пробел, дефис и апостроф: «${value}»`);
  return ok(value);
}

export function checkSex(value: string, required: boolean): Check<Sex | null> {
  if (value === '') return required ? fail('не заполнен пол («м» или «ж»)') : ok(null);
  const v = value.toLowerCase().replace(/\.$/, '');
  if (['м', 'муж', 'мужской'].includes(v)) return ok('м');
  if (['ж', 'жен', 'женский'].includes(v)) return ok('ж');
  return fail(`пол должен быть «м» или «ж», а не «${value}»`);
}

/** ДД.ММ.ГГГГ (also Д.М.ГГГГ, ДД/ММ/ГГГГ, ГГГГ-ММ-ДД, and a trailing «0:00:00» that Excel adds) → ISO, or null. */
export function parseRuDate(value: string): string | null {
  const v = value.trim().replace(/\s+0?0:00(:00)?$/, '');
  const ru = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(v);
  const iso = ru ? `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}` : v;
  return isIsoDate(iso) ? iso : null;
}

/** Whole years between two ISO dates. */
export function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function checkBirthDate(value: string, opts: { today: string; minAge: number; maxAge: number; required: boolean; label?: string }): Check<string | null> {
  const label = opts.label ?? 'дата рождения';
  if (value === '') return opts.required ? fail(`не заполнена ${label}`) : ok(null);
  const iso = parseRuDate(value);
  if (!iso) return fail(`${label} «${value}» — не дата в виде ДД.ММ.ГГГГ`);
  if (iso > opts.today) return fail(`${label} ${value} — в будущем`);
  const age = ageOn(iso, opts.today);
  if (age < opts.minAge || age > opts.maxAge) return fail(`${label} ${value} неправдоподобна: возраст ${age} (ожидается от ${opts.minAge} до ${opts.maxAge})`);
  return ok(iso);
}

const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]{2,}$/;

export function checkEmail(value: string, label = 'эл. почта'): Check<string | null> {
  if (value === '') return ok(null);
  if (value.length > 254 || !EMAIL.test(value)) return fail(`${label} «${value}» — не адрес электронной почты`);
  return ok(value);
}

/** Only digits: 8 900 … and +7 900 … are the same number. */
export function phoneKey(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) return `7${digits.slice(1)}`;
  if (digits.length === 10) return `7${digits}`;
  return digits;
}

export function checkPhone(value: string, label = 'телефон'): Check<string | null> {
  if (value === '') return ok(null);
  const digits = value.replace(/\D/g, '').length;
  if (!/^\+?[\d\s()-]+$/.test(value) || digits < 10 || digits > 15) return fail(`${label} «${value}» — не номер телефона (нужно 10–15 цифр)`);
  return ok(value);
}

export function checkText(value: string, label: string, max = 200): Check<string | null> {
  if (value === '') return ok(null);
  if (value.length > max) return fail(`«${label}» длиннее ${max} символов`);
  return ok(value);
}

export function checkKey(value: string, label: string, required: boolean, max = 30): Check<string | null> {
  if (value === '') return required ? fail(`не заполнен «${label}»`) : ok(null);
  if (value.length > max) return fail(`«${label}» длиннее ${max} символов`);
  return ok(value);
}

const relationKey = (s: string) => cleanText(s).toLowerCase().replaceAll('ё', 'е');
const RELATION_BY_KEY = new Map(RELATIONS.map((r) => [relationKey(r), r]));

export function checkRelation(value: string, label: string): Check<string> {
  if (value === '') return fail(`не заполнено «${label}»`);
  const found = RELATION_BY_KEY.get(relationKey(value));
  return found ? ok(found) : fail(`«${label}»: «${value}» — не из списка (${RELATIONS.join(', ')})`);
}

const LATIN_TO_CYRILLIC: Record<string, string> = { A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У' };

/** '5 а', '5-А', '5A' (Latin A) → '5А': how a class name is compared. */
export function classKey(name: string): string {
  return cleanText(name).toUpperCase().replaceAll('Ё', 'Е').replace(/[\s"«»-]/g, '').replace(/[ABCEHKMOPTXY]/g, (c) => LATIN_TO_CYRILLIC[c]!);
}

/** Personal file and personnel numbers compare without regard to case and spaces. */
export function fileNoKey(value: string): string {
  return cleanText(value).toUpperCase().replace(/\s/g, '');
}

/** Collects the checks of one line: the value when valid, every error otherwise. */
export class LineErrors {
  readonly errors: string[] = [];
  take<T>(check: Check<T>): T {
    if (!check.ok) { this.errors.push(check.error); return null as T; }
    return check.value;
  }
  add(error: string): void {
    this.errors.push(error);
  }
}

/** Lines whose key repeats an earlier line's key: one error for each repeat. */
export function duplicateErrors<T extends { line: number }>(rows: readonly T[], key: (r: T) => string | null, describe: (r: T) => string): Map<number, string> {
  const first = new Map<string, number>();
  const out = new Map<number, string>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const prev = first.get(k);
    if (prev === undefined) first.set(k, r.line);
    else out.set(r.line, `${describe(r)} уже встречается в строке ${prev}`);
  }
  return out;
}
