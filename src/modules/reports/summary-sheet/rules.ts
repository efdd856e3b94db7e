// Pure rules of the summary sheet (сводная ведомость итоговых отметок) of a class and a year. No I/O.
//
// The rule of this report:
// - columns: per subject, one per period of the class's scheme (by date), then the year mark; the exam and the final
//   mark only where some student of the sheet has one in that subject. Subjects: those of the class's own graded groups
//   (regular, elective, practice lessons) and of the other groups (cross-class, another class's subgroup) a student was
//   in while in the class; the subjects with a regular group first, then by name;
// - rows: every student in the class at some time of the year, by name; «прибыл(а) ДД.ММ.ГГГГ» when they came after the
//   year began, «выбыл(а) ДД.ММ.ГГГГ» when they left it during the year (a withdrawal or a transfer — not the promotion
//   or graduation that ends every year), the date being the first day out of the class, as the journal shows it;
// - a cell: the student's last day in the class within the slot's dates (a period's, or the year's for year, exam and
//   final marks) — none: empty (the student was not in the class then); on that day, the groups of the subject the
//   student is in (the class's whole-class groups; other groups by membership); of these, a regular lesson's group
//   first, then one holding a mark for the slot, then the more particular group (individual, subgroup, cross-class,
//   whole class), then by name; the cell is that group's mark for the slot (empty when none);
// - values: '5' … '1' are numbers (in the XLSX too), «н/а», «осв», «зач», «незач» text;
// - absences: the lessons (not cancelled) of the year the student missed ('absent', any reason; lates not counted)
//   while in the class.
import { addDays } from '../../../web/dates.ts';
import { movementNotes } from '../../journal/attendance-rules.ts';

/** Lesson kinds that get period marks; extracurricular lessons and additional education do not. */
export const GRADED_LESSON_KINDS = ['regular', 'elective', 'practice'] as const;

export type SlotKind = 'period' | 'year' | 'exam' | 'final';
export type PeriodRef = { id: string; ordinal: number; name: string; startsOn: string; endsOn: string };
/** A mark column of a subject: `key` is the period's id or the kind; `short` heads it under the subject on the page. */
export type Slot = { key: string; kind: SlotKind; periodId: string | null; label: string; short: string; from: string; to: string };

const PERIOD_WORDS: Record<string, string> = { quarters: 'четв.', trimesters: 'трим.', halves: 'полуг.', semesters: 'сем.' };
const YEAR_SLOTS: ReadonlyArray<{ kind: Exclude<SlotKind, 'period'>; label: string; short: string }> = [
  { kind: 'year', label: 'годовая', short: 'Г' },
  { kind: 'exam', label: 'экзамен', short: 'Э' },
  { kind: 'final', label: 'итоговая', short: 'И' },
];

/** «1 четв.», «2 полуг.»; a scheme of another kind keeps the period's own name. */
export function periodLabel(schemeKind: string, p: Pick<PeriodRef, 'ordinal' | 'name'>): string {
  const word = PERIOD_WORDS[schemeKind];
  return word ? `${p.ordinal} ${word}` : p.name;
}

/** The year's mark columns in order: the periods by their dates (ordinal on a tie), then год, экзамен, итоговая. */
export function yearSlots(schemeKind: string, periods: readonly PeriodRef[], year: { startsOn: string; endsOn: string }): Slot[] {
  const ordered = [...periods].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.ordinal - b.ordinal);
  return [
    ...ordered.map((p) => ({
      key: p.id, kind: 'period' as const, periodId: p.id, label: periodLabel(schemeKind, p), short: String(p.ordinal),
      from: p.startsOn, to: p.endsOn,
    })),
    ...YEAR_SLOTS.map((s) => ({ ...s, key: s.kind, periodId: null, from: year.startsOn, to: year.endsOn })),
  ];
}

const SCHEME_PLURALS: Record<string, string> = { quarters: 'четверти', trimesters: 'триместры', halves: 'полугодия', semesters: 'семестры' };

/** The page's key to the columns under a subject: «1–4 — четверти; Г — годовая; Э — экзамен; И — итоговая». */
export function slotLegend(schemeKind: string, slots: readonly Slot[]): string {
  const shorts = slots.filter((s) => s.kind === 'period').map((s) => s.short);
  const range = shorts.length > 2 ? `${shorts[0]}–${shorts.at(-1)}` : shorts.join(', ');
  const periods = shorts.length ? [`${range} — ${SCHEME_PLURALS[schemeKind] ?? 'учебные периоды'}`] : [];
  return [...periods, ...YEAR_SLOTS.map((s) => `${s.short} — ${s.label}`)].join('; ');
}

/** A stay in the class or in a group: from startsOn (inclusive) to endsOn (exclusive; null: still there). */
export type Stay = { startsOn: string; endsOn: string | null };

/** The last day within [from, to] (inclusive) covered by a stay; null when the stays miss the range. */
export function lastDayIn(stays: readonly Stay[], from: string, to: string): string | null {
  let best: string | null = null;
  for (const s of stays) {
    const last = s.endsOn === null || s.endsOn > to ? to : addDays(s.endsOn, -1);
    if (last < from || last < s.startsOn) continue;
    if (best === null || last > best) best = last;
  }
  return best;
}

/** Two stays share a day. */
export const overlaps = (a: Stay, b: Stay) => a.startsOn < (b.endsOn ?? '9999-12-31') && b.startsOn < (a.endsOn ?? '9999-12-31');

export const covers = (stays: readonly Stay[], date: string) => stays.some((s) => s.startsOn <= date && (s.endsOn === null || s.endsOn > date));

/** How a class stay ended: the year's own end (promotion, graduation…) is not leaving the class. */
const YEAR_END_KINDS = new Set(['promotion', 'conditional_promotion', 'repeat_year', 'graduation']);
export type ClassStay = Stay & { endKind: string | null };

/**
 * «прибыл 05.10.2026», «выбыла 12.11.2026», both (comma-separated), or '' (see the rule above); by sex ('м', 'ж'). The
 * class attendance sheet's notes (journal/attendance-rules.ts) over the year, a stay ended by the year's own end counted
 * as not left.
 */
export function movementNote(stays: readonly ClassStay[], year: { startsOn: string; endsOn: string }, sex: string | null): string {
  const windows = stays.map((s) => ({ startsOn: s.startsOn, endsOn: YEAR_END_KINDS.has(s.endKind ?? '') ? null : s.endsOn }));
  return movementNotes(windows, { from: year.startsOn, to: year.endsOn }, sex).join(', ');
}

export type GroupKind = 'class' | 'subgroup' | 'cross_class' | 'individual';
export type SheetGroup = { id: string; subjectId: string; kind: string; classId: string | null; lessonKind: string; name: string };

const PARTICULAR: Record<string, number> = { individual: 0, subgroup: 1, cross_class: 2, class: 3 };

/** The group whose mark a cell shows, among the subject's groups the student is in that day (see the rule above). */
export function pickGroup<G extends Pick<SheetGroup, 'kind' | 'lessonKind' | 'name'>>(
  candidates: ReadonlyArray<{ group: G; hasMark: boolean }>,
): G | null {
  const rank = (c: { group: G; hasMark: boolean }) =>
    [c.group.lessonKind === 'regular' ? 0 : 1, c.hasMark ? 0 : 1, PARTICULAR[c.group.kind] ?? 4];
  const sorted = [...candidates].sort((a, b) => {
    const ra = rank(a), rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return a.group.name.localeCompare(b.group.name, 'ru');
  });
  return sorted[0]?.group ?? null;
}

/** A period mark as a cell: '5' … '1' → the number; any other text as it is; none → null. */
export function markCell(value: string | null | undefined): string | number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const t = value.trim();
  return /^[1-5]$/.test(t) ? Number(t) : t;
}
