// Alerts to families, pure: quiet hours in the school's zone, a burst of events grouped into one alert, the lock-screen
// text (subject and the child's first name at most — never the mark), the retry backoff. No I/O.
import { addDays, localDateTimeInput, zonedMoment } from '../../web/dates.ts';
import type { AlertKind } from './schema.ts';

/** No alerts from 21:00 to 07:00 in the school's time zone; those wait until 07:00. */
export const QUIET_FROM = 21;
export const QUIET_TO = 7;

/** When an alert made at `at` may leave: `at` itself, or 07:00 (school time) after a quiet evening or night. */
export function sendableAt(at: Date, timeZone: string): Date {
  const wall = localDateTimeInput(at, timeZone); // 'YYYY-MM-DDTHH:MM[:SS]'
  const day = wall.slice(0, 10);
  const hour = Number(wall.slice(11, 13));
  if (hour >= QUIET_TO && hour < QUIET_FROM) return at;
  const morning = hour >= QUIET_FROM ? addDays(day, 1) : day;
  return zonedMoment(`${morning}T${String(QUIET_TO).padStart(2, '0')}:00`, timeZone)!;
}

/** Whether `at` falls into the quiet hours of the zone. */
export const isQuiet = (at: Date, timeZone: string): boolean => sendableAt(at, timeZone).getTime() !== at.getTime();

/** One recipient-side event: a guardian, a child, a kind, and what it is about (a lesson or a thread). */
export type Recipient = { guardianId: string; studentId: string; kind: AlertKind; about: string };

/** Events grouped per (guardian, child, lesson or thread, kind): a burst of marks in one lesson is one alert. */
export function groupEvents<T extends Recipient>(items: readonly T[]): Array<{ key: string; first: T; count: number }> {
  const groups = new Map<string, { key: string; first: T; count: number }>();
  for (const item of items) {
    const key = `${item.guardianId}|${item.studentId}|${item.about}|${item.kind}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { key, first: item, count: 1 });
  }
  return [...groups.values()];
}

const ADJECTIVE = /(ая|яя|ий|ый|ой|ое|ее)$/;

/** One word in the dative (по математике, по русскому языку, по физической культуре); abbreviations stay. */
function dativeWord(word: string, adjective: boolean): string {
  if (word.length < 2 || word === word.toUpperCase()) return word;
  const w = word.toLowerCase();
  if (adjective) {
    if (/(ая)$/.test(w)) return `${w.slice(0, -2)}ой`;
    if (/(яя)$/.test(w)) return `${w.slice(0, -2)}ей`;
    if (/(ий|ый|ой|ое|ее)$/.test(w)) return `${w.slice(0, -2)}${/([кгх]ий|ый|ой|ое)$/.test(w) ? 'ому' : 'ему'}`;
  }
  if (/ия$/.test(w)) return `${w.slice(0, -2)}ии`;
  if (/ие$/.test(w)) return `${w.slice(0, -2)}ию`;
  if (/[ая]$/.test(w)) return `${w.slice(0, -1)}е`;
  if (/о$/.test(w)) return `${w.slice(0, -1)}у`;
  if (/[бвгджзклмнпрстфхцчшщ]$/.test(w)) return `${w}у`;
  return w;
}

/** A subject's name after «по»: «Математика» → «математике», «Русский язык» → «русскому языку»; «ОБЖ» stays. */
export function subjectDative(name: string): string {
  const words = name.trim().split(/\s+/);
  // Only the leading words agree (an adjective and its noun); a tail («язык (английский)») is kept as written.
  const out: string[] = [];
  let agreeing = true;
  for (const [i, word] of words.entries()) {
    if (!agreeing || /[^\p{L}-]/u.test(word)) { agreeing = false; out.push(word); continue; }
    const isAdjective = ADJECTIVE.test(word.toLowerCase()) && i < words.length - 1;
    out.push(dativeWord(word, isAdjective));
    if (!isAdjective) agreeing = false;
  }
  return out.join(' ');
}

/** What a lock screen shows: the child's first name as the title, the kind and subject as the text; the diary's address. */
export type AlertText = { title: string; body: string; url: string };

export function alertText(a: { kind: AlertKind; firstName: string; subject: string | null; count: number; url: string }): AlertText {
  const po = a.subject ? ` по ${subjectDative(a.subject)}` : '';
  const body = a.kind === 'mark' ? (a.count > 1 ? `Новые отметки${po}` : `Новая отметка${po}`)
    : a.kind === 'absence' ? `Пропуск урока${po}`
    : a.kind === 'homework' ? `Новое домашнее задание${po}`
    : 'Новый ответ на сообщение';
  return { title: a.firstName, body, url: a.url };
}

/** Attempts before a delivery is given up ('failed'); the wait after the n-th failure: 30 s, 1 min, 2 min … at most 1 h. */
export const MAX_ATTEMPTS = 10;
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
