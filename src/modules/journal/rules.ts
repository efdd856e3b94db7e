// The school's mark scale and the pure arithmetic of marks: parsing a typed cell, the weighted average, rounding.

/** The default 5-point scale, best first. */
export const DEFAULT_SCALE = [5, 4, 3, 2, 1] as const;

/** Special values of a period mark (not numbers: they never enter an average). */
export const PERIOD_SPECIAL = {
  osv: 'осв',     // освобождён
  na: 'н/а',      // не аттестован
  zach: 'зач',
  nezach: 'незач',
} as const;
export const PERIOD_SPECIAL_LABELS: Record<keyof typeof PERIOD_SPECIAL, string> = {
  osv: 'освобождён', na: 'не аттестован', zach: 'зачтено', nezach: 'не зачтено',
};

/** Attendance codes typed in a cell: н — absent, оп — late. */
export const ATTENDANCE = { absent: 'н', late: 'оп' } as const;

export type MarkInput =
  | { ok: true; kind: 'mark'; value: number }
  | { ok: true; kind: 'attendance'; code: 'absent' | 'late' }
  | { ok: true; kind: 'empty' }
  | { ok: false; message: string };

export const scaleMessage = (scale: readonly number[] = DEFAULT_SCALE) =>
  `Отметка должна быть одной из: ${scale.join(', ')}`;

/**
 * A cell as typed: a mark of the scale, «н»/«Н»/Latin «n» (absent), «оп» (late), or nothing (cleared).
 * Anything else is refused with a Russian message.
 */
export function parseMarkInput(text: string, scale: readonly number[] = DEFAULT_SCALE): MarkInput {
  const t = text.trim().toLowerCase();
  if (t === '') return { ok: true, kind: 'empty' };
  if (t === 'н' || t === 'n') return { ok: true, kind: 'attendance', code: 'absent' };
  if (t === 'оп' || t === 'jg') return { ok: true, kind: 'attendance', code: 'late' };
  if (/^\d$/.test(t) && scale.includes(Number(t))) return { ok: true, kind: 'mark', value: Number(t) };
  return { ok: false, message: scaleMessage(scale) };
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/** Σ(value·weight) / Σweight, rounded to 2 decimals; null when there are no marks (or no weight). */
export function weightedAverage(marks: ReadonlyArray<{ value: number; weight: number }>): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of marks) {
    sum += m.value * m.weight;
    weights += m.weight;
  }
  return weights > 0 ? round2(sum / weights) : null;
}

/** How an average becomes a period mark: 'half_up' (3.5 → 4, the default) or 'strict' (from 3.6 → 4), a school setting. */
export type RoundingRule = 'half_up' | 'strict';
export const ROUNDING_RULES: readonly RoundingRule[] = ['half_up', 'strict'];

export function roundPeriodMark(avg: number | null, rule: RoundingRule = 'half_up'): number | null {
  if (avg === null) return null;
  const whole = Math.floor(avg);
  const frac = round2(avg - whole);
  const up = rule === 'strict' ? frac >= 0.6 : frac >= 0.5;
  return Math.min(5, Math.max(1, up ? whole + 1 : whole));
}

/** Weights of work types: 0.5 to 5 in steps of 0.5. */
export function isValidWeight(w: number): boolean {
  return Number.isFinite(w) && w >= 0.5 && w <= 5 && Number.isInteger(w * 2);
}

export const SHORT_NAME_MAX = 6;

/** The work types every new school starts with. */
export const DEFAULT_WORK_TYPES: ReadonlyArray<{ name: string; shortName: string; weight: number; isControl: boolean }> = [
  { name: 'Ответ на уроке', shortName: 'Отв', weight: 1, isControl: false },
  { name: 'Домашняя работа', shortName: 'ДЗ', weight: 1, isControl: false },
  { name: 'Самостоятельная работа', shortName: 'СР', weight: 1, isControl: false },
  { name: 'Контрольная работа', shortName: 'КР', weight: 2, isControl: true },
  { name: 'Диктант', shortName: 'Дикт', weight: 2, isControl: true },
  { name: 'Сочинение', shortName: 'Соч', weight: 2, isControl: true },
  { name: 'Лабораторная работа', shortName: 'ЛР', weight: 1, isControl: false },
  { name: 'Проверочная работа', shortName: 'ПР', weight: 1.5, isControl: false },
  { name: 'Тест', shortName: 'Тест', weight: 1, isControl: false },
];

/** The weight for the page: «1», «1,5». */
export const ruWeight = (w: number | string) => String(Number(w)).replace('.', ',');

/**
 * What a teacher writes in the homework field when nothing is set (the regulations want the field filled every lesson):
 * the lesson is then complete, and no homework falls due — no load for the homework-load report, nothing on the diary's
 * homework page, in the week's count or in the digest. Case, spaces, a final full stop, «не задано», «задания нет» and
 * «нет» are the same.
 */
export const NO_HOMEWORK = 'без задания';
const NO_HOMEWORK_TEXTS = /^(без\s+задани[яй]|не\s+задано|задани[ея]\s+нет|нет)\.?$/;
export const isNoHomework = (text: string | null | undefined) => NO_HOMEWORK_TEXTS.test((text ?? '').trim().toLowerCase());
/** Whether a homework text sets homework: written, and not a «без задания». */
export const setsHomework = (text: string | null | undefined) => (text ?? '').trim() !== '' && !isNoHomework(text);
