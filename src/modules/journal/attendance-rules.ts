// Pure rules of the class attendance sheet: absence reasons and their letters, a student's totals, the date range,
// the form keys of the reasons, and who reads the sheet or sets reasons. No I/O.
import type { Role } from '../accounts/rules.ts';
import { addDays, isIsoDate, isoWeekday, parseDateInput } from '../../web/dates.ts';

/** Reasons of an absence, set later by the class teacher [REQUIREMENTS §3]. Only 'absent' rows carry one; lates do not. */
export const ABSENCE_REASONS = ['illness', 'valid', 'invalid'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export const REASON_LETTERS: Record<AbsenceReason, string> = { illness: 'Б', valid: 'У', invalid: 'Н' };
export const REASON_LABELS: Record<AbsenceReason, string> = { illness: 'по болезни', valid: 'уважительная', invalid: 'неуважительная' };
/** The letter and label of an absence whose reason is not set yet. */
export const UNSET_LETTER = '?';
export const UNSET_LABEL = 'не указана';

export const isAbsenceReason = (v: unknown): v is AbsenceReason => typeof v === 'string' && (ABSENCE_REASONS as readonly string[]).includes(v);

/** Б, У, Н, or «?» while the reason is not set (anything unknown counts as not set). */
export function reasonLetter(reason: string | null | undefined): string {
  return isAbsenceReason(reason) ? REASON_LETTERS[reason] : UNSET_LETTER;
}

export function reasonLabel(reason: string | null | undefined): string {
  return isAbsenceReason(reason) ? REASON_LABELS[reason] : UNSET_LABEL;
}

export type AttendanceFact = { kind: string; reason: string | null };
/** missed = illness + valid + invalid + unset (lessons missed); late counts lates apart. */
export type AttendanceTotals = { missed: number; illness: number; valid: number; invalid: number; unset: number; late: number };

export const emptyTotals = (): AttendanceTotals => ({ missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 });

/** A student's totals from their attendance rows (one per lesson). A reason on a late row is ignored. */
export function totalsOf(facts: readonly AttendanceFact[]): AttendanceTotals {
  const t = emptyTotals();
  for (const f of facts) {
    if (f.kind === 'late') t.late += 1;
    else if (f.kind === 'absent') {
      t.missed += 1;
      if (isAbsenceReason(f.reason)) t[f.reason] += 1;
      else t.unset += 1;
    }
  }
  return t;
}

export function addTotals(a: AttendanceTotals, b: AttendanceTotals): AttendanceTotals {
  return {
    missed: a.missed + b.missed, illness: a.illness + b.illness, valid: a.valid + b.valid,
    invalid: a.invalid + b.invalid, unset: a.unset + b.unset, late: a.late + b.late,
  };
}

/** What a cell of the sheet shows for one lesson: «2н» + reason letter, or «3оп». */
export function entryText(e: { lessonNumber: number; kind: string; reason: string | null }): { text: string; letter: string | null } {
  return e.kind === 'late' ? { text: `${e.lessonNumber}оп`, letter: null } : { text: `${e.lessonNumber}н`, letter: reasonLetter(e.reason) };
}

/** Russian plural: plural(1, ['пропуск', 'пропуска', 'пропусков']) → 'пропуск', 3 → 'пропуска', 11 → 'пропусков'. */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return forms[0];
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms[1];
  return forms[2];
}

// ── The date range of the sheet ──

/** At most this many days in one sheet (about three months). */
export const MAX_RANGE_DAYS = 93;

/** The school week of a date: Monday to Saturday (on a Sunday, the week just ended). */
export function schoolWeek(today: string): { from: string; to: string } {
  const from = addDays(today, 1 - isoWeekday(today));
  return { from, to: addDays(from, 5) };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type RangeResult =
  | { ok: true; from: string; to: string }
  | { ok: false; errors: { from?: string; to?: string } };

const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * The range asked for (query `from`/`to`, ДД.ММ.ГГГГ or ISO): both missing → the current school week; one missing →
 * a week from (or to) the other. Unreadable dates, a reversed range or one longer than MAX_RANGE_DAYS → messages.
 */
export function parseRange(input: { from?: unknown; to?: unknown }, today: string): RangeResult {
  if (blank(input.from) && blank(input.to)) return { ok: true, ...schoolWeek(today) };
  const read = (v: unknown) => (typeof v === 'string' ? parseDateInput(v) : null);
  const errors: { from?: string; to?: string } = {};
  const from = blank(input.from) ? null : read(input.from);
  const to = blank(input.to) ? null : read(input.to);
  if (!blank(input.from) && !from) errors.from = 'Дата «с» не распознана: укажите её в виде ДД.ММ.ГГГГ.';
  if (!blank(input.to) && !to) errors.to = 'Дата «по» не распознана: укажите её в виде ДД.ММ.ГГГГ.';
  if (errors.from || errors.to) return { ok: false, errors };
  const f = from ?? addDays(to!, -6);
  const t = to ?? addDays(from!, 6);
  // A week counted from a date near the calendar's edge (01.01.0001) leaves it: PostgreSQL has no year 0.
  if (!isIsoDate(f)) return { ok: false, errors: { to: 'Такой даты в журнале нет: укажите дату «по» в виде ДД.ММ.ГГГГ.' } };
  if (!isIsoDate(t)) return { ok: false, errors: { from: 'Такой даты в журнале нет: укажите дату «с» в виде ДД.ММ.ГГГГ.' } };
  if (t < f) return { ok: false, errors: { to: 'Дата «по» раньше даты «с».' } };
  if (daysBetween(f, t) + 1 > MAX_RANGE_DAYS) {
    return { ok: false, errors: { to: `Не больше ${MAX_RANGE_DAYS} дней за раз (около трёх месяцев): сократите период.` } };
  }
  return { ok: true, from: f, to: t };
}

// ── Membership windows: [startsOn, endsOn) like class_memberships ──

export type Window = { startsOn: string; endsOn: string | null };

export const inWindows = (date: string, windows: readonly Window[]) =>
  windows.some((w) => w.startsOn <= date && (w.endsOn === null || w.endsOn > date));

/**
 * What the sheet says next to a student's name for the range: «выбыл(а) ДД.ММ.ГГГГ» when they had left the class by
 * the end of the range, «прибыл(а) ДД.ММ.ГГГГ» when they came after its start (both can hold).
 */
export function movementNotes(windows: readonly Window[], range: { from: string; to: string }, sex: string | null): string[] {
  if (windows.length === 0) return [];
  const ru = (iso: string) => iso.split('-').reverse().join('.');
  const word = (m: string, f: string, either: string) => (sex === 'м' ? m : sex === 'ж' ? f : either);
  const first = windows.reduce((a, w) => (w.startsOn < a ? w.startsOn : a), windows[0]!.startsOn);
  const open = windows.some((w) => w.endsOn === null || w.endsOn > range.to);
  const lastEnd = windows.reduce<string>((a, w) => (w.endsOn && w.endsOn > a ? w.endsOn : a), '');
  const notes: string[] = [];
  if (first > range.from) notes.push(`${word('прибыл', 'прибыла', 'прибыл(а)')} ${ru(first)}`);
  if (!open && lastEnd) notes.push(`${word('выбыл', 'выбыла', 'выбыл(а)')} ${ru(lastEnd)}`);
  return notes;
}

// ── The reasons form: fields `reason[<lessonId>:<studentId>]` ──

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const reasonKey = (lessonId: string, studentId: string) => `${lessonId}:${studentId}`;

/** `reason[<lessonId>:<studentId>]` → the ids; undefined for any other field name; null for a malformed one. */
export function parseReasonField(name: string): { lessonId: string; studentId: string } | null | undefined {
  const m = /^reason\[(.*)\]$/.exec(name);
  if (!m) return undefined;
  const [lessonId, studentId, ...rest] = m[1]!.split(':');
  if (rest.length || !lessonId || !studentId || !UUID.test(lessonId) || !UUID.test(studentId)) return null;
  return { lessonId: lessonId.toLowerCase(), studentId: studentId.toLowerCase() };
}

/** A submitted reason: '' (не указана) → null; a known reason → itself; anything else → undefined (refused). */
export function parseReasonValue(v: unknown): AbsenceReason | null | undefined {
  if (v === '') return null;
  return isAbsenceReason(v) ? v : undefined;
}

// ── Who may do what ──

export type SheetFacts = {
  roles: readonly Role[];
  staffId: string | null;
  /** The class's class teacher (staff id). */
  classTeacherId: string | null;
  /** The class's year is open (closed years are read-only). */
  yearOpen: boolean;
};

const leads = (f: SheetFacts) => f.roles.includes('classTeacher') && f.staffId !== null && f.classTeacherId === f.staffId && f.yearOpen;

/** Deputy and admin read any class of their school; a class teacher only a class they lead in an open year. */
export function canReadClassSheet(f: SheetFacts): boolean {
  return f.roles.includes('deputy') || f.roles.includes('admin') || leads(f);
}

/** The class teacher of the class and the deputy set reasons, in an open year; the admin only reads. */
export function canSetReasons(f: SheetFacts): boolean {
  return f.yearOpen && (f.roles.includes('deputy') || leads(f));
}
