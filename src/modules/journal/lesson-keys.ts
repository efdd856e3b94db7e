// The lesson screen for the thumb: the column shown, one key per value for each student (the stored one pressed — its
// key sends '' and so undoes it), and after a refused form the element that gets the focus (the first refused field).
// Pure: no I/O.
import { ATTENDANCE, DEFAULT_SCALE } from './rules.ts';
import type { Failure } from './lesson-model.ts';

export type Key = { text: string; send: string; pressed: boolean; kind: 'mark' | 'att' };

/** The keys of a cell showing `display`: 5 4 3 2 1, and н оп in the first column (attendance lives there). */
export function keysFor(display: string, column: number): Key[] {
  const values: Array<[string, Key['kind']]> = DEFAULT_SCALE.map((v) => [String(v), 'mark']);
  if (column === 1) values.push([ATTENDANCE.absent, 'att'], [ATTENDANCE.late, 'att']);
  return values.map(([text, kind]) => ({ text, kind, pressed: display === text, send: display === text ? '' : text }));
}

/**
 * The column the screen shows: the one asked for (?col=), else the column of a refused cell, else the first. A
 * column the lesson does not have is never shown.
 */
export function shownColumn(columns: ReadonlyArray<{ columnNo: number }>, asked: number | undefined, failure: Failure | null): number {
  const has = (n: number | undefined) => n !== undefined && columns.some((c) => c.columnNo === n);
  if (has(asked)) return asked!;
  const refused = failure?.form === 'marks' ? Object.keys(failure.errors).find((k) => k.startsWith('cell:')) : undefined;
  const col = refused ? Number(refused.split(':')[2]) : undefined;
  if (has(col)) return col!;
  return columns[0]?.columnNo ?? 1;
}

/** The fields of each form in page order, by the error key that names them: their element ids. */
const FIELDS: Record<Failure['form'], Array<[string, string]>> = {
  plan: [['topic', 'lj-topic'], ['homework', 'lj-hw'], ['homeworkMinutes', 'lj-min'], ['workDone', 'lj-work'], ['reason', 'lj-plan-reason']],
  columns: [
    ...[1, 2, 3, 4, 5].map((n): [string, string] => [`type_${n}`, `lj-type-${n}`]), ['newType', 'lj-new-type'], ['reason', 'lj-col-reason'],
  ],
  attendance: [['reason', 'lj-att-reason']],
  marks: [['reason', 'lj-marks-reason']],
  homework: [['reason', 'lj-ih-reason']],
};

/** Per-student fields: the error key of a student's row and the id of the field it marks. */
const ROW_FIELD: Record<Failure['form'], ((studentId: string) => [string, string]) | null> = {
  plan: null,
  columns: null,
  attendance: (s) => [`row:${s}`, `a-${s}`],
  marks: (s) => [`cell:${s}:`, `k-${s}`],
  homework: (s) => [`row:${s}`, `lj-ih-${s}`],
};

/**
 * Where the focus goes after a refused form (the page opens there, not at the top): the first refused student's row,
 * else the first refused field, else the form's message (`<form>-error`).
 */
export function focusAfter(failure: Failure | null, studentIds: readonly string[]): string | null {
  if (!failure) return null;
  const keys = Object.keys(failure.errors);
  const row = ROW_FIELD[failure.form];
  for (const s of row ? studentIds : []) {
    const [key, id] = row!(s);
    if (keys.some((k) => k === key || (key.endsWith(':') && k.startsWith(key)))) return id;
  }
  const field = FIELDS[failure.form].find(([key]) => key in failure.errors);
  return field ? field[1] : `${failure.form}-error`;
}
