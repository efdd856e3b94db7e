// Pure rules of the diary pages: which week a query asks for, the Monday of a week, homework due dates, the short
// summaries of a week, marks grouped by subject, attendance totals by subject and the week's timetable grid. No I/O.
import { addDays, isoWeekday, parseDateInput, ruDate } from '../../web/dates.ts';
import { emptyTotals, reasonLabel, totalsOf, type AttendanceTotals } from '../journal/attendance-rules.ts';
import { ruWeight, setsHomework, weightedAverage } from '../journal/rules.ts';
import type { DiaryLesson, MarkedLesson } from './week-queries.ts';

/** Days shown in a diary week: Monday to Saturday. */
export const SCHOOL_DAYS = 6;
export const DAY_NAMES = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'] as const;
export const DAY_SHORT = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'] as const;
export const dayName = (iso: string): string => DAY_NAMES[isoWeekday(iso) - 1]!;

/** The Monday of the ISO week containing `iso` (a Sunday belongs to the week that began six days before). */
export const mondayOf = (iso: string): string => addDays(iso, 1 - isoWeekday(iso));

/** Years a week may be asked for: wide enough for any school, narrow enough that adding days stays a valid date. */
const MIN_YEAR = 1000;
const MAX_YEAR = 8999;

export const WEEK_MESSAGE = 'Неделя указана неверно: выберите дату в календаре или введите её в виде ДД.ММ.ГГГГ.';

export type WeekChoice = { ok: true; monday: string; asked: string | null } | { ok: false; message: string; asked: string };

/**
 * The week a query asks for: `week` (or `date`) is any day of it, 'YYYY-MM-DD' or 'ДД.ММ.ГГГГ'; nothing → this week.
 * Anything unreadable (not a date, '2026-13-45', repeated parameters, a year outside 1000–8999) → a Russian message.
 */
export function parseWeek(query: { week?: unknown; date?: unknown }, today: string): WeekChoice {
  const raw = query.week ?? query.date;
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, monday: mondayOf(today), asked: null };
  if (typeof raw !== 'string') return { ok: false, message: WEEK_MESSAGE, asked: '' };
  const asked = raw.trim().slice(0, 40);
  const iso = parseDateInput(asked);
  if (!iso) return { ok: false, message: WEEK_MESSAGE, asked };
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, message: WEEK_MESSAGE, asked };
  return { ok: true, monday: mondayOf(iso), asked: iso };
}

/** Monday…Saturday of the week and the neighbouring weeks' Mondays. */
export function weekRange(monday: string) {
  return { from: monday, to: addDays(monday, SCHOOL_DAYS - 1), prev: addDays(monday, -7), next: addDays(monday, 7) };
}

/** «16.11.2026 — 21.11.2026» */
export const weekTitle = (monday: string) => `${ruDate(monday)} — ${ruDate(addDays(monday, SCHOOL_DAYS - 1))}`;

/** A parent acknowledges a week once it has begun (not a future week). */
export const canAcknowledgeWeek = (monday: string, today: string) => monday <= today;

/** Days homework is due after the lesson when the group has no later lesson. */
export const DEFAULT_DUE_DAYS = 7;

/**
 * When homework given at a lesson on `givenOn` is due: the first later date among the group's lessons (a second lesson
 * the same day does not count — homework is for the next day the group meets); none → `givenOn` + 7 days.
 */
export function dueDate(givenOn: string, groupLessonDates: readonly string[]): string {
  let best: string | null = null;
  for (const d of groupLessonDates) if (d > givenOn && (best === null || d < best)) best = d;
  return best ?? addDays(givenOn, DEFAULT_DUE_DAYS);
}

export const isCancelled = (l: Pick<DiaryLesson, 'subKind'>) => l.subKind === 'cancelled';

/** What a mark was for: «Контрольная работа, вес 2» (the diary prints «5 · Контрольная работа, вес 2»). */
export const markWhat = (m: { workType: string; weight: number }) => `${m.workType}, вес ${ruWeight(m.weight)}`;
export const markLabel = (m: { value: number; workType: string; weight: number }) => `${m.value} · ${markWhat(m)}`;

/** The attendance of a lesson: «н (по болезни)», «н (причина не указана)», «опоздание»; null when present. */
export function attendanceText(l: Pick<DiaryLesson, 'attendance' | 'absenceReason'>): string | null {
  if (l.attendance === 'late') return 'опоздание';
  if (l.attendance === 'absent') return `н (${l.absenceReason ? reasonLabel(l.absenceReason) : 'причина не указана'})`;
  return null;
}

/** A substitution or cancellation: «Урок отменён», «Замена: Петрова А.В.», «Замена: Физика, Петрова А.В.»; null otherwise. */
export function substitutionText(l: Pick<DiaryLesson, 'subKind' | 'substituteName' | 'subSubjectName'>): string | null {
  if (l.subKind === 'cancelled') return 'Урок отменён';
  if (l.subKind === 'teacher') return `Замена: ${l.substituteName ?? 'другой учитель'}`;
  if (l.subKind === 'subject') return `Замена: ${[l.subSubjectName ?? 'другой предмет', l.substituteName].filter(Boolean).join(', ')}`;
  return null;
}

export type WeekSummary = { lessons: number; marks: number; absences: number; lates: number; homework: number };

/** The short line of a week on the children's page: lessons held, marks, lessons missed, lates, homework given. */
export function weekSummary(lessons: readonly DiaryLesson[]): WeekSummary {
  const s: WeekSummary = { lessons: 0, marks: 0, absences: 0, lates: 0, homework: 0 };
  for (const l of lessons) {
    if (isCancelled(l)) continue;
    s.lessons += 1;
    s.marks += l.marks.length;
    if (l.attendance === 'absent') s.absences += 1;
    if (l.attendance === 'late') s.lates += 1;
    if (setsHomework(l.homework) || l.individualHomework) s.homework += 1;
  }
  return s;
}

export type SubjectMarks = {
  subjectId: string; subjectName: string;
  marks: Array<{ date: string; value: number; workType: string; workTypeShort: string; weight: number }>;
  average: number | null;
};

/** Subjects of the lessons and of the period marks, by name, each once (the subjects a period's marks page lists). */
export function subjectsOf(...lists: Array<ReadonlyArray<{ subjectId: string; subjectName: string }>>): Array<{ id: string; name: string }> {
  const by = new Map<string, string>();
  for (const list of lists) for (const s of list) by.set(s.subjectId, s.subjectName);
  return [...by].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/**
 * The marks of the lessons grouped by subject (subjects in the order given, then any other subject by name), in the
 * lessons' order (by date), each with its weighted average. `subjects` lists the subjects to show even without marks.
 * A cancelled lesson's marks do not count (the journal is not kept for it; the progress forecast leaves it out too).
 */
export function marksBySubject(lessons: ReadonlyArray<Omit<MarkedLesson, 'id'>>, subjects: ReadonlyArray<{ id: string; name: string }> = []): SubjectMarks[] {
  const by = new Map<string, SubjectMarks>();
  const entry = (id: string, name: string) => {
    let e = by.get(id);
    if (!e) by.set(id, (e = { subjectId: id, subjectName: name, marks: [], average: null }));
    return e;
  };
  for (const s of subjects) entry(s.id, s.name);
  for (const l of lessons) {
    if (l.marks.length === 0 || isCancelled(l)) continue;
    const e = entry(l.subjectId, l.subjectName);
    for (const m of l.marks) e.marks.push({ date: l.date, value: m.value, workType: m.workType, workTypeShort: m.workTypeShort, weight: m.weight });
  }
  const out = [...by.values()];
  for (const e of out) e.average = weightedAverage(e.marks);
  const order = new Map(subjects.map((s, i) => [s.id, i]));
  return out.sort((a, b) => (order.get(a.subjectId) ?? 1e6) - (order.get(b.subjectId) ?? 1e6) || a.subjectName.localeCompare(b.subjectName, 'ru'));
}

export type SubjectAttendance = { subjectName: string; lessons: number; totals: AttendanceTotals };

/** Lessons held, missed by reason and lates, per subject and in all (cancelled lessons do not count). */
export function attendanceBySubject(lessons: readonly DiaryLesson[]): { rows: SubjectAttendance[]; total: SubjectAttendance } {
  const by = new Map<string, { subjectName: string; lessons: number; facts: Array<{ kind: string; reason: string | null }> }>();
  for (const l of lessons) {
    if (isCancelled(l)) continue;
    const e = by.get(l.subjectName) ?? { subjectName: l.subjectName, lessons: 0, facts: [] };
    by.set(l.subjectName, e);
    e.lessons += 1;
    if (l.attendance) e.facts.push({ kind: l.attendance, reason: l.absenceReason });
  }
  const rows = [...by.values()].map((e) => ({ subjectName: e.subjectName, lessons: e.lessons, totals: totalsOf(e.facts) }))
    .sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru'));
  const total = { subjectName: 'Всего', lessons: 0, totals: emptyTotals() };
  for (const r of rows) {
    total.lessons += r.lessons;
    for (const k of Object.keys(total.totals) as Array<keyof AttendanceTotals>) total.totals[k] += r.totals[k];
  }
  return { rows, total };
}

/** The week's timetable: one row per lesson number, one cell (a list: parallel subgroups) per day. */
export function timetableGrid(monday: string, lessons: readonly DiaryLesson[]) {
  const days = Array.from({ length: SCHOOL_DAYS }, (_, i) => addDays(monday, i));
  const numbers = [...new Set(lessons.map((l) => l.lessonNumber))].sort((a, b) => a - b);
  const rows = numbers.map((n) => {
    const first = lessons.find((l) => l.lessonNumber === n);
    return {
      lessonNumber: n, startsAt: first?.startsAt ?? null, endsAt: first?.endsAt ?? null,
      cells: days.map((d) => lessons.filter((l) => l.date === d && l.lessonNumber === n)),
    };
  });
  return { days, rows };
}

/** «08:30» from a time column ('08:30:00'). */
export const hhmm = (t: string | null) => (t ? t.slice(0, 5) : '');

export const FINAL_KINDS = [
  { kind: 'year', label: 'Год' }, { kind: 'exam', label: 'Экзамен' }, { kind: 'final', label: 'Итог' },
] as const;

/**
 * The year's period marks as a table: one row per subject (by name), a cell per period and per final kind ('year',
 * 'exam', 'final'); 'exam' and 'final' columns only when some subject has one. Two groups of one subject (a change of
 * class) show both values, «4 / 5».
 */
export function yearTable(
  periods: ReadonlyArray<{ id: string; name: string }>,
  marks: ReadonlyArray<{ subjectId: string; subjectName: string; kind: string; periodId: string | null; value: string }>,
) {
  const finals = FINAL_KINDS.filter((f) => f.kind === 'year' || marks.some((m) => m.kind === f.kind));
  const keys = [...periods.map((p) => `period:${p.id}`), ...finals.map((f) => f.kind)];
  const rows = new Map<string, { subjectName: string; cells: Map<string, string[]> }>();
  for (const m of marks) {
    const row = rows.get(m.subjectId) ?? { subjectName: m.subjectName, cells: new Map<string, string[]>() };
    rows.set(m.subjectId, row);
    const key = m.kind === 'period' ? `period:${m.periodId}` : m.kind;
    row.cells.set(key, [...(row.cells.get(key) ?? []), m.value]);
  }
  return {
    columns: [...periods.map((p) => p.name), ...finals.map((f) => f.label)],
    rows: [...rows.values()].sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru'))
      .map((r) => ({ subjectName: r.subjectName, cells: keys.map((k) => (r.cells.get(k) ?? []).join(' / ')) })),
  };
}

/** Days ahead the homework page shows (from today). */
export const HOMEWORK_DAYS_AHEAD = 14;

export type DueHomework = { due: string; lesson: DiaryLesson };

/**
 * Homework due from `today` to `until` (inclusive): each lesson with the group's or the student's own homework, due at
 * the group's next lesson day (dueDate), sorted by due date, then by the lesson it was given at.
 */
export function upcomingHomework(lessons: readonly DiaryLesson[], groupDates: ReadonlyMap<string, readonly string[]>, today: string, until: string): DueHomework[] {
  return lessons
    .filter((l) => !isCancelled(l) && (setsHomework(l.homework) || l.individualHomework))
    .map((l) => ({ due: dueDate(l.date, groupDates.get(l.groupId) ?? []), lesson: l }))
    .filter((h) => h.due >= today && h.due <= until)
    .sort((a, b) => a.due.localeCompare(b.due) || a.lesson.date.localeCompare(b.lesson.date) || a.lesson.lessonNumber - b.lesson.lessonNumber);
}
