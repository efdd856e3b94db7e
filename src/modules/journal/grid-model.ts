// The grid of a group and period as a page shows it: per lesson who may change it (decideEdit), per student the cells,
// the weighted average and the count of marks. Pure: fed with what grid-queries.ts read.
import type { Role } from '../accounts/rules.ts';
import { canFillLesson } from '../schedule/lessons-rules.ts';
import { ATTENDANCE, weightedAverage, roundPeriodMark, type RoundingRule } from './rules.ts';
import { attendanceMark } from './attendance-taken.ts';
import { decideEdit, type EditMode } from './edit-rules.ts';
import type { GridLesson, PeriodStudent } from './grid-queries.ts';

export type GridActor = { staffId: string | null; roles: readonly Role[] };
export type TeacherSpan = { staffId: string; startsOn: string; endsOn: string | null };
export type LockFacts = { closed: boolean; periodUntil: string | null; lessonUntil: ReadonlyMap<string, string>; yearClosed?: boolean };

export type GridColumn = { lessonId: string; columnNo: number; label: string; title: string; weight: number; first: boolean };
export type GridLessonView = GridLesson & {
  mode: EditMode; columnsShown: GridColumn[]; cancelled: boolean;
  /** The head's mark: ✓ attendance taken, «н/о» a past lesson without it (see attendanceMark). */
  attendanceMark: ReturnType<typeof attendanceMark>;
};
export type GridCell = { text: string; att: 'absent' | 'late' | null; reason: string | null; inGroup: boolean };
export type GridRow = PeriodStudent & { cells: GridCell[]; average: number | null; suggested: number | null; count: number; periodMark: string | null };

const teacherOn = (spans: readonly TeacherSpan[], date: string) =>
  spans.find((t) => t.startsOn <= date && (t.endsOn === null || t.endsOn > date))?.staffId;

/** Each lesson with the actor's edit mode and its columns (one column with the default type when none exists yet). */
export function gridLessonViews(args: {
  actor: GridActor; lessons: readonly GridLesson[]; teachers: readonly TeacherSpan[]; lock: LockFacts; today: string; editDays: number;
  /** The school's time zone for the ✓'s «when» (default Moscow). */
  timeZone?: string;
  defaultType: { shortName: string; name: string; weight: number };
}): GridLessonView[] {
  const { actor, lock, today, editDays, defaultType } = args;
  return args.lessons.map((l) => {
    const sub = l.subKind ? { kind: l.subKind, substituteStaffId: l.substituteStaffId } : null;
    const lessonRight = canFillLesson(actor, l, sub, teacherOn(args.teachers, l.date));
    const reopenedUntil = [lock.periodUntil, lock.lessonUntil.get(l.id) ?? null].filter((d): d is string => d !== null).sort().at(-1) ?? null;
    const mode = decideEdit({
      lessonRight, roles: actor.roles, lessonDate: l.date, today, editDays, periodClosed: lock.closed, reopenedUntil,
      cancelled: l.subKind === 'cancelled', what: 'marks', yearClosed: lock.yearClosed ?? false,
    });
    const cols = l.columns.length > 0
      ? l.columns.map((c) => ({ columnNo: c.columnNo, shortName: c.shortName, name: c.name, weight: Number(c.weight) }))
      : [{ columnNo: 1, ...defaultType }];
    const cancelled = l.subKind === 'cancelled';
    // Object.assign, not `{ ...l, mode, … }`: on Node 20's V8 a spread followed by new properties takes a slow path
    // (≈ 2–6 µs an object, and garbage), the grid's biggest cost of its own (see README «Скорость»).
    return Object.assign({}, l, {
      mode, cancelled,
      attendanceMark: attendanceMark({ at: l.attendanceTakenAt, byName: l.attendanceTakenBy, date: l.date, cancelled }, today, args.timeZone),
      columnsShown: cols.map((c, i) => ({ lessonId: l.id, columnNo: c.columnNo, label: c.shortName, title: `${c.name}, вес ${String(c.weight).replace('.', ',')}`, weight: c.weight, first: i === 0 })),
    });
  });
}

export function gridRows(args: {
  lessons: readonly GridLessonView[]; roster: readonly PeriodStudent[];
  marks: ReadonlyArray<{ lessonId: string; studentId: string; columnNo: number; value: number }>;
  attendance: ReadonlyArray<{ lessonId: string; studentId: string; kind: string; reason: string | null }>;
  periodMarks: ReadonlyMap<string, string>; rounding: RoundingRule;
}): GridRow[] {
  // Per student, per lesson: the marks by column and the attendance — one lookup per lesson, no keys built per cell.
  type Cell = { marks: Map<number, number> | null; att: { kind: string; reason: string | null } | null };
  const byStudent = new Map<string, Map<string, Cell>>();
  const cellOf = (studentId: string, lessonId: string): Cell => {
    let mine = byStudent.get(studentId);
    if (!mine) byStudent.set(studentId, (mine = new Map()));
    let c = mine.get(lessonId);
    if (!c) mine.set(lessonId, (c = { marks: null, att: null }));
    return c;
  };
  for (const m of args.marks) (cellOf(m.studentId, m.lessonId).marks ??= new Map()).set(m.columnNo, m.value);
  for (const a of args.attendance) cellOf(a.studentId, a.lessonId).att = a;
  return args.roster.map((s) => {
    const cells: GridCell[] = [];
    const weighted: Array<{ value: number; weight: number }> = [];
    const mine = byStudent.get(s.studentId);
    for (const l of args.lessons) {
      const inGroup = s.joinedOn <= l.date && (s.leftOn === null || l.date < s.leftOn);
      const c = mine?.get(l.id);
      const a = c?.att;
      for (const col of l.columnsShown) {
        const mark = c?.marks?.get(col.columnNo);
        if (mark !== undefined) weighted.push({ value: mark, weight: col.weight });
        const att = col.first && a ? (a.kind as 'absent' | 'late') : null;
        const text = mark !== undefined ? String(mark) : att ? ATTENDANCE[att] : '';
        cells.push({ text, att, reason: att ? a!.reason : null, inGroup });
      }
    }
    const average = weightedAverage(weighted);
    return Object.assign({}, s, { cells, average, suggested: roundPeriodMark(average, args.rounding), count: weighted.length, periodMark: args.periodMarks.get(s.studentId) ?? null });
  });
}

/** The average for the page: «4,25», or «—». */
export const ruAverage = (n: number | null) => (n === null ? '—' : n.toFixed(2).replace('.', ','));
