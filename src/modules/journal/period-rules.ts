// Pure rules of period marks (итоговые отметки): their values, who may set them and when, when a group's period closes,
// the suggested year mark, the «мало отметок» flag, and the deputy's reopening form. No I/O.
//
// Who sets period marks, and when (the rule of this module):
// - the setter is the group's teacher (on the period's last day or today), or the class teacher of the group's class
//   when the school allows it (schools.class_teacher_period_marks);
// - a period's marks ('period') are set by the setter until the period is closed (all marks set) and not later than the
//   period's last day plus the school's edit window (journal_edit_days); a deputy's reopening (until a date, inclusive)
//   lifts both; year, exam and final marks have no lock;
// - the deputy may always set them: without a reason while the setter could do it, with a written reason otherwise
//   (period closed, or the window past);
// - everyone else who reads the journal (admin, class teacher without the setting, the teacher when locked) only reads.
import type { Role } from '../accounts/rules.ts';
import { addDays, parseDateInput, ruDate } from '../../web/dates.ts';
import type { EditMode } from './edit-rules.ts';
import { checkReason } from './edit-rules.ts';
import { DEFAULT_SCALE, PERIOD_SPECIAL, roundPeriodMark, type RoundingRule } from './rules.ts';

export type PeriodMarkKind = 'period' | 'year' | 'exam' | 'final';
export const YEAR_KINDS = ['year', 'exam', 'final'] as const;
export const KIND_TITLES: Record<PeriodMarkKind, string> = { period: 'за период', year: 'Годовая', exam: 'Экзамен', final: 'Итоговая' };

/** Every value a period mark may take, as shown in the select: 5 4 3 2 1, осв, н/а, зач, незач. */
export const PERIOD_VALUES: readonly string[] = [...DEFAULT_SCALE.map(String), ...Object.values(PERIOD_SPECIAL)];

export const periodValueMessage = () => `Итоговая отметка — одна из: ${PERIOD_VALUES.join(', ')}; или пусто.`;

/** A submitted period mark: one of PERIOD_VALUES, or empty (null: no mark). */
export function parsePeriodValue(input: string): { ok: true; value: string | null } | { ok: false; message: string } {
  const t = input.trim().toLowerCase();
  if (t === '') return { ok: true, value: null };
  return PERIOD_VALUES.includes(t) ? { ok: true, value: t } : { ok: false, message: periodValueMessage() };
}

export type PeriodMarkFacts = {
  roles: readonly Role[];
  /** The actor is the group's teacher on the period's last day or today. */
  teachesGroup: boolean;
  /** The actor is the class teacher of the group's class. */
  leadsGroupClass: boolean;
  /** schools.class_teacher_period_marks. */
  classTeacherPeriodMarks: boolean;
  /** 'period': one period's marks (locked by closure and window); 'year': year, exam and final marks (no lock). */
  kind: 'period' | 'year';
  periodEnd: string;
  today: string;
  editDays: number;
  periodClosed: boolean;
  /** The latest date (inclusive) until which a deputy reopened the group's period; null when never. */
  reopenedUntil: string | null;
};

/** Why the setter (teacher or allowed class teacher) may not set these marks now, or null when they may. */
export function periodSetterBlock(f: Pick<PeriodMarkFacts, 'kind' | 'periodEnd' | 'today' | 'editDays' | 'periodClosed' | 'reopenedUntil'>): string | null {
  if (f.kind === 'year') return null;
  if (f.reopenedUntil !== null && f.reopenedUntil >= f.today) return null;
  if (f.periodClosed) return 'Итоговые отметки за период выставлены: период закрыт. Изменить может заместитель директора с указанием причины.';
  const last = addDays(f.periodEnd, f.editDays);
  if (f.today > last) return `Срок выставления отметок за период истёк ${ruDate(last)}. Изменить может заместитель директора с указанием причины.`;
  return null;
}

/** The actor's mode on the period-marks page: 'edit', 'correct' (deputy, reason required) or 'read' (with why). */
export function decidePeriodMarks(f: PeriodMarkFacts): Exclude<EditMode, { mode: 'none' }> {
  const setter = f.teachesGroup || (f.leadsGroupClass && f.classTeacherPeriodMarks);
  const block = periodSetterBlock(f);
  if (setter && block === null) return { mode: 'edit' };
  if (f.roles.includes('deputy')) return block === null ? { mode: 'edit' } : { mode: 'correct', why: block };
  if (setter) return { mode: 'read', why: block! };
  if (f.leadsGroupClass) return { mode: 'read', why: 'Итоговые отметки выставляет учитель группы: классному руководителю это не разрешено в настройках школы.' };
  return { mode: 'read', why: 'Итоговые отметки выставляют учитель группы и заместитель директора.' };
}

export type RosterSpan = { studentId: string; joinedOn: string; leftOn: string | null };

/** The day the roster is taken for the closure: the period's last day, or today if earlier. */
export const closureCutoff = (periodEnd: string, today: string) => (today < periodEnd ? today : periodEnd);

/** The students who must have a period mark: those in the group on the cutoff day (left = exclusive). */
export function studentsDue(roster: readonly RosterSpan[], cutoff: string): RosterSpan[] {
  return roster.filter((s) => s.joinedOn <= cutoff && (s.leftOn === null || s.leftOn > cutoff));
}

/**
 * The period closes when every student in the group on the cutoff day has a period mark (any value, special ones too).
 * Students who left before it do not count; one who joined late does. An empty group never closes.
 */
export function periodComplete(roster: readonly RosterSpan[], marked: { has(studentId: string): boolean }, cutoff: string): boolean {
  const due = studentsDue(roster, cutoff);
  return due.length > 0 && due.every((s) => marked.has(s.studentId));
}

/** The suggested year mark: the period marks that are numbers, averaged and rounded by the school's rule; none → null. */
export function suggestYearMark(values: ReadonlyArray<string | null | undefined>, rounding: RoundingRule): number | null {
  const nums = values.filter((v): v is string => typeof v === 'string' && /^[1-5]$/.test(v)).map(Number);
  if (nums.length === 0) return null;
  const avg = Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100;
  return roundPeriodMark(avg, rounding);
}

/** «мало отметок»: fewer marks in the period than the school's minimum. */
export const fewMarks = (count: number, minMarks: number) => count < minMarks;

/** The deputy's reopening: how long by default and at most. */
export const REOPEN_DEFAULT_DAYS = 3;
export const REOPEN_MAX_DAYS = 30;

export type ReopenForm = { reason: string; until: string };

/** Checks the reopening form: a written reason and a date from today to today + 30 (empty: today + 3). */
export function checkReopen(form: { reason?: string | undefined; until?: string | undefined }, today: string):
  { ok: true; reason: string; until: string } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const badReason = checkReason(form.reason);
  if (badReason) errors.reason = badReason;
  const raw = (form.until ?? '').trim();
  const until = raw === '' ? addDays(today, REOPEN_DEFAULT_DAYS) : parseDateInput(raw);
  const max = addDays(today, REOPEN_MAX_DAYS);
  if (until === null) errors.until = 'Укажите дату в виде ДД.ММ.ГГГГ.';
  else if (until < today) errors.until = 'Дата не может быть раньше сегодняшней.';
  else if (until > max) errors.until = `Открыть можно не более чем на ${REOPEN_MAX_DAYS} дней: до ${ruDate(max)} включительно.`;
  if (until === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, reason: (form.reason ?? '').trim(), until };
}

const FIELD = /^v:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(period|year|exam|final)$/;
const first = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * The period marks of a submitted page: fields `v:<studentId>:<kind>` (the value) and `w:<studentId>:<kind>` (what the
 * page showed). Other fields are ignored; at most 500 marks.
 */
export function periodFormEntries(body: unknown): Array<{ studentId: string; kind: PeriodMarkKind; value: string; was: string }> {
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  const out: Array<{ studentId: string; kind: PeriodMarkKind; value: string; was: string }> = [];
  for (const [k, v] of Object.entries(b)) {
    const m = FIELD.exec(k);
    const value = first(v);
    if (!m || value === undefined || out.length >= 500) continue;
    out.push({ studentId: m[1]!, kind: m[2] as PeriodMarkKind, value: value.slice(0, 20), was: (first(b[`w:${m[1]}:${m[2]}`]) ?? '').slice(0, 20) });
  }
  return out;
}

export type PeriodChange = { studentId: string; kind: PeriodMarkKind; before: string | null; next: string | null };

/**
 * What a submitted page changes, checked against what each field showed (`was`) and what is stored now (`current`, by
 * `${studentId}:${kind}`): a field left as shown, or already holding the new value, changes nothing; a field changed by
 * someone else since the page was shown is a conflict (then nothing is saved). Values and students are checked here too.
 */
export function planPeriodChanges(args: {
  entries: ReadonlyArray<{ studentId: string; kind: PeriodMarkKind; value: string; was: string }>;
  kinds: readonly PeriodMarkKind[]; roster: { has(studentId: string): boolean }; current: ReadonlyMap<string, string>;
}): { errors: Record<string, string>; conflicts: string[]; changes: PeriodChange[] } {
  const errors: Record<string, string> = {};
  const conflicts: string[] = [];
  const changes: PeriodChange[] = [];
  for (const e of args.entries) {
    const key = `${e.studentId}:${e.kind}`;
    const parsed = parsePeriodValue(e.value);
    if (!args.kinds.includes(e.kind) || !args.roster.has(e.studentId)) {
      errors[key] = 'Обучающийся не состоит в группе в этом периоде.';
      continue;
    }
    if (!parsed.ok) {
      errors[key] = parsed.message;
      continue;
    }
    const was = e.was.trim().toLowerCase() || null;
    const before = args.current.get(key) ?? null;
    if (parsed.value === was || parsed.value === before) continue;
    if (before !== was) conflicts.push(key);
    else changes.push({ studentId: e.studentId, kind: e.kind, before, next: parsed.value });
  }
  return { errors, conflicts, changes };
}
