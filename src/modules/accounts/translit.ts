// Logins from Russian names: passport-style transliteration (as in Russian international passports,
// ICAO Doc 9303, with ъ and ь dropped) and a numeric suffix that makes a login unique. Pure, no I/O.
import { LOGIN_PATTERN } from './rules.ts';

const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
  // Ukrainian and Belarusian letters met in Russian schools' registers.
  і: 'i', ї: 'i', є: 'ie', ґ: 'g', ў: 'u',
};

/** Lower-case latin transliteration; latin letters and digits pass through; anything else becomes a space. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').toLowerCase()) {
    if (ch in LETTERS) out += LETTERS[ch];
    else if (/[a-z0-9]/.test(ch)) out += ch;
    else if (ch === '-') out += '-';
    else out += ' ';
  }
  return out;
}

/** One word of a login: letters only, inner hyphens kept (Петров-Водкин → petrov-vodkin). */
function word(text: string): string {
  return transliterate(text).replace(/[^a-z-]+/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

function firstLetter(name: string): string {
  return /[\p{L}]/u.exec(name)?.[0] ?? '';
}

/** Logins leave room for a numeric suffix. */
const BASE_MAX = 58;

/**
 * The suggested login of a person: surname, a dot, the initials of the first name and patronymic.
 * Иванова Мария Александровна → ivanova.ma; Ли Юн → li.iu; Щукина-Юдина Ядвига → shchukina-iudina.ia;
 * always 3–58 characters of [a-z.-].
 */
export function loginBase(person: { lastName: string; firstName?: string | null; middleName?: string | null }): string {
  const last = word(person.lastName);
  // An initial is its letter transliterated whole: Юлия → iu, Жанна → zh (as on a passport: «Iu.»).
  const initials = [person.firstName, person.middleName].map((n) => word(firstLetter(n ?? ''))).join('');
  let base = [last, initials].filter(Boolean).join('.');
  if (base === '') base = 'user';
  if (base.length < 3) base = `${base}.user`.slice(0, 8);
  return base.slice(0, BASE_MAX).replace(/[.-]+$/, '');
}

/**
 * The base itself when free, else base2, base3, … — the first not in `taken` (lower-case logins).
 * `taken` holds the logins already in use on the platform and those handed out earlier in the same batch.
 */
export function uniqueLogin(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The part of a login a suffix was added to: ivanova.ma12 → ivanova.ma (for looking up the taken ones). */
export function stripSuffix(login: string): string {
  return login.replace(/[0-9]+$/, '');
}

/** Why a login typed by hand is not acceptable (Russian), or null. `taken`: is it already in use. */
export function manualLoginProblem(login: string, taken: boolean): string | null {
  if (login === '') return 'Введите логин.';
  if (!LOGIN_PATTERN.test(login)) {
    return 'Логин: от 3 до 64 символов — строчные латинские буквы, цифры, точка, дефис, подчёркивание.';
  }
  if (taken) return 'Этот логин уже занят. Выберите другой.';
  return null;
}
