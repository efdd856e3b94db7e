// Calendar dates are ISO strings 'YYYY-MM-DD' everywhere (date columns in mode 'string'); shown as ДД.ММ.ГГГГ.

import { now as clockNow } from './clock.ts';

/** The time zone of a school that has not chosen one (every school has a setting; this is its default). */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = map.get(timeZone);
  if (!f) {
    f = make();
    map.set(timeZone, f);
  }
  return f;
}

/** Today's date in a time zone (the school's), by the app's clock. Formatters are built once per zone. */
export function todayIso(now: Date = clockNow(), timeZone: string = DEFAULT_TIME_ZONE): string {
  return cached(dayFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }))
    .format(now);
}

/** A moment as the school reads it: «23.11.2026 09:05» in the school's time zone; empty for null. */
export function ruDateTime(at: Date | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!at) return '';
  // Formatting is slow (≈ 5 µs) and pages show the same moments again and again (the grid: a ✓ per lesson).
  const key = `${timeZone} ${at.getTime()}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const text = formatDateTime(at, timeZone);
  if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
  formatted.set(key, text);
  return text;
}

const FORMATTED_LIMIT = 10_000;
const formatted = new Map<string, string>();

function formatDateTime(at: Date, timeZone: string): string {
  const f = cached(dateTimeFormats, timeZone, () => new Intl.DateTimeFormat('ru-RU', {
    timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }));
  const parts = f.formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('day')}.${p('month')}.${p('year')} ${p('hour')}:${p('minute')}`;
}

/** A valid IANA time zone name ('Asia/Bishkek'); false for anything Intl does not know. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/** '2026-11-12' → '12.11.2026' (empty for null). */
export function ruDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/** A real calendar date in ISO form ('2026-02-30' is not). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  // Year 0 passes the JS check but not PostgreSQL; near 9999 adding days gives a 5-digit year ('+010000-…').
  const year = Number(s.slice(0, 4));
  if (year < 1 || year > 9000) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Accepts 'YYYY-MM-DD' (an <input type=date>) or 'ДД.ММ.ГГГГ' (typed, or from a spreadsheet); returns ISO or null. */
export function parseDateInput(s: string): string | null {
  const t = s.trim();
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = ru ? `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}` : t;
  return isIsoDate(iso) ? iso : null;
}

export function addDays(iso: string, days: number): string {
  // Hot in the reports (thousands of calls a page): numbers in, digits out, no date string parsed or printed.
  const y = Number(iso.slice(0, 4)), m = Number(iso.slice(5, 7)), d = Number(iso.slice(8, 10));
  if (iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-' || !(y >= 1000) || !(m >= 1 && m <= 12) || !(d >= 1 && d <= 31)) {
    const slow = new Date(`${iso}T00:00:00Z`);
    slow.setUTCDate(slow.getUTCDate() + days);
    return slow.toISOString().slice(0, 10);
  }
  const t = new Date(Date.UTC(y, m - 1, d + days));
  const mm = t.getUTCMonth() + 1, dd = t.getUTCDate();
  return `${t.getUTCFullYear()}-${mm < 10 ? '0' : ''}${mm}-${dd < 10 ? '0' : ''}${dd}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of a moment in a zone: 'YYYY-MM-DDTHH:MM:SS' (the value form of <input type="datetime-local">). */
function wallClock(at: Date, timeZone: string): string {
  const f = cached(wallFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }));
  const parts = f.formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}:${p('second')}`;
}

/** A moment as an <input type="datetime-local"> value in the school's zone: '2026-11-16T10:00' ('…T10:00:30' with seconds). */
export function localDateTimeInput(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const wall = wallClock(at, timeZone);
  return wall.endsWith(':00') ? wall.slice(0, 16) : wall;
}

/**
 * A wall-clock time of a zone → the moment: '2026-11-16T10:00' (or with seconds, or typed «16.11.2026 10:00») read in
 * the school's time zone. Null when it is not a real date and time.
 */
export function zonedMoment(text: string, timeZone: string = DEFAULT_TIME_ZONE): Date | null {
  const t = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t)
    ?? /^(\d{1,2}\.\d{1,2}\.\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  const day = m ? parseDateInput(m[1]!) : null;
  if (!m || !day) return null;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), h, min, s);
  // The zone's offset at a guess, then at the moment found (they differ only next to a change of the zone's offset).
  const offsetAt = (ms: number) => Date.parse(`${wallClock(new Date(ms), timeZone)}Z`) - ms;
  let at = wall - offsetAt(wall);
  at = wall - offsetAt(at);
  return Number.isNaN(at) ? null : new Date(at);
}
