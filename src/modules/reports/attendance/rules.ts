// Pure rules of the attendance report (посещаемость): per student and class, the lessons the student should have
// attended, the lessons missed by reason, the days missed whole, the lates and the share missed. No I/O.
//
// The rule of this report:
// - a lesson counts when it is held: not cancelled (substitutions.kind 'cancelled') and within the counted range (the
//   range asked for, up to today: a lesson still to come is not held yet);
// - a student should attend a held lesson when on its group's roll that day (curriculum rosterOn): a whole-class group
//   — in the group's class that day; any other group (subgroup, cross-class, individual) — a member that day and in a
//   class of the report that day. The lesson counts in the class the student is in that day (a student of 8Б in the
//   cross-class elective counts in 8Б), so a student who joined or left mid-range counts only for the days on the roll;
// - missed: an 'absent' row on such a lesson, by its reason (illness, valid, invalid, none = «причина не указана»);
//   a 'late' row is a late, not a miss; rows on cancelled lessons or of students not on the roll are not counted;
// - the student's day: the held lessons they should attend that date; a full day missed is a day with at least one
//   such lesson, every one of them missed (whatever the reasons);
// - the share missed = missed ÷ lessons to attend, in %, one decimal, half up (progress/figures percent); no lessons → null.
import { emptyTotals, type AttendanceTotals } from '../../journal/attendance-rules.ts';
import { percent } from '../core/percent.ts';

/** [startsOn, endsOn): like class_memberships and group_members. */
export type Span = { startsOn: string; endsOn: string | null };
export type ClassSpan = Span & { studentId: string; classId: string };
export type MemberSpan = Span & { studentId: string; groupId: string };
export type GroupFact = { id: string; kind: string; classId: string | null };
export type LessonFact = { id: string; groupId: string; date: string; cancelled: boolean };
export type AttendanceRow = { lessonId: string; studentId: string; kind: string; reason: string | null };

export type AttendanceFacts = {
  range: { from: string; to: string };
  groups: readonly GroupFact[];
  lessons: readonly LessonFact[];
  /** Class memberships of the report's classes (others are not counted). */
  classSpans: readonly ClassSpan[];
  members: readonly MemberSpan[];
  rows: readonly AttendanceRow[];
};

/** missed = illness + valid + invalid + unset; lessons = held lessons to attend; fullDays; late. */
export type Figures = AttendanceTotals & { lessons: number; fullDays: number };
export type StudentFigures = Figures & { studentId: string; classId: string };

export const emptyFigures = (): Figures => ({ ...emptyTotals(), lessons: 0, fullDays: 0 });

const active = (s: Span, date: string) => s.startsOn <= date && (s.endsOn === null || s.endsOn > date);
const overlaps = (s: Span, r: { from: string; to: string }) => s.startsOn <= r.to && (s.endsOn === null || s.endsOn > r.from);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

type Line = StudentFigures;

/** Who should attend the lesson: the lines (student in the class they are in that day) — see the rule above. */
function rollOf(lesson: LessonFact, group: GroupFact, byClass: Map<string, ClassSpan[]>, byStudent: Map<string, ClassSpan[]>,
  byGroup: Map<string, MemberSpan[]>, lineOf: Map<ClassSpan, Line>): Line[] {
  if (group.kind === 'class') {
    return (group.classId ? byClass.get(group.classId) ?? [] : []).filter((s) => active(s, lesson.date)).map((s) => lineOf.get(s)!);
  }
  const ids = new Set((byGroup.get(group.id) ?? []).filter((m) => active(m, lesson.date)).map((m) => m.studentId));
  return [...ids].flatMap((studentId) => {
    const span = (byStudent.get(studentId) ?? []).find((s) => active(s, lesson.date));
    return span ? [lineOf.get(span)!] : [];
  });
}

/**
 * Every student's figures per class: a line for each (class, student) on the roll some day of the range (zeros when
 * no lesson was held), in no particular order.
 */
export function studentFigures(f: AttendanceFacts): StudentFigures[] {
  const spans = f.classSpans.filter((s) => overlaps(s, f.range));
  const byClass = groupBy(spans, (s) => s.classId);
  const byStudent = groupBy(spans, (s) => s.studentId);
  const byGroup = groupBy(f.members, (m) => m.groupId);
  const groups = new Map(f.groups.map((g) => [g.id, g]));
  const rowsOf = new Map<string, Map<string, AttendanceRow>>();
  for (const r of f.rows) rowsOf.set(r.lessonId, (rowsOf.get(r.lessonId) ?? new Map()).set(r.studentId, r));
  // One line per class and student (a student who left and came back has two spans, one line).
  const lines = new Map<string, Line>();
  const lineOf = new Map<ClassSpan, Line>();
  for (const s of spans) {
    const k = `${s.classId}|${s.studentId}`;
    if (!lines.has(k)) lines.set(k, { studentId: s.studentId, classId: s.classId, ...emptyFigures() });
    lineOf.set(s, lines.get(k)!);
  }
  const days = new Map<Line, Map<string, { lessons: number; missed: number }>>();
  for (const lesson of f.lessons) {
    const group = groups.get(lesson.groupId);
    if (!group || lesson.cancelled || lesson.date < f.range.from || lesson.date > f.range.to) continue;
    const marks = rowsOf.get(lesson.id);
    for (const l of rollOf(lesson, group, byClass, byStudent, byGroup, lineOf)) {
      const own = days.get(l) ?? new Map<string, { lessons: number; missed: number }>();
      days.set(l, own);
      const day = own.get(lesson.date) ?? { lessons: 0, missed: 0 };
      own.set(lesson.date, day);
      l.lessons += 1;
      day.lessons += 1;
      const row = marks?.get(l.studentId);
      if (row?.kind === 'late') l.late += 1;
      if (row?.kind !== 'absent') continue;
      l.missed += 1;
      day.missed += 1;
      if (row.reason === 'illness' || row.reason === 'valid' || row.reason === 'invalid') l[row.reason] += 1;
      else l.unset += 1;
    }
  }
  for (const [l, own] of days) for (const day of own.values()) if (day.missed === day.lessons) l.fullDays += 1;
  return [...lines.values()];
}

const KEYS = ['lessons', 'missed', 'illness', 'valid', 'invalid', 'unset', 'late', 'fullDays'] as const;

/** The sum of figures (a class, the school). */
export function sumFigures(items: readonly Figures[]): Figures {
  const out = emptyFigures();
  for (const it of items) for (const k of KEYS) out[k] += it[k];
  return out;
}

/** The share of lessons missed, %: one decimal, half up; null without lessons to attend. */
export const missedShare = (f: Pick<Figures, 'missed' | 'lessons'>) => percent(f.missed, f.lessons);

/**
 * The range counted: the dates asked for (or else the period's), up to today; null when nothing is asked and there
 * is no period. `counted` is false when the range has not begun yet (nothing held).
 */
export function countedRange(asked: { from: string | null; to: string | null }, period: { startsOn: string; endsOn: string } | undefined,
  today: string): { from: string; to: string; asked: { from: string; to: string }; counted: boolean } | null {
  const range = asked.from && asked.to ? { from: asked.from, to: asked.to } : period ? { from: period.startsOn, to: period.endsOn } : null;
  if (!range) return null;
  const to = range.to < today ? range.to : today;
  return { from: range.from, to: to < range.from ? range.from : to, asked: range, counted: range.from <= today };
}
