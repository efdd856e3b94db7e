// Pure rules of the printed weekly report and the acknowledgements page: the week asked for (?week=), the rows of a
// student's page (one per lesson) and the week's totals. No I/O.
import { addDays, isoWeekday, ruDate } from '../../web/dates.ts';
import { isAbsenceReason, REASON_LABELS, totalsOf, type AttendanceTotals, type Window, inWindows } from '../journal/attendance-rules.ts';
import { DAY_NAMES, DAY_SHORT, mondayOf, parseWeek as parseWeekQuery, SCHOOL_DAYS } from './rules.ts';
import type { DiaryLesson } from './week-queries.ts';

export type Week = { from: string; to: string };

/** The school week (Monday to Saturday) of a date; on a Sunday, the week just ended. */
export function weekOf(date: string): Week {
  const from = mondayOf(date);
  return { from, to: addDays(from, SCHOOL_DAYS - 1) };
}

export type WeekResult = { ok: true; week: Week; asked: boolean } | { ok: false; error: string };

const EARLIEST = '2000-01-01';
const LATEST = '2100-12-31';

/**
 * `?week=`: any day of the week, ISO (YYYY-MM-DD, as <input type=date> sends) or ДД.ММ.ГГГГ; empty → this week.
 * Unreadable or absurd dates → a message for the person, never an exception.
 */
export function parseWeek(input: unknown, today: string): WeekResult {
  const r = parseWeekQuery({ week: input ?? undefined }, today);
  if (!r.ok) return { ok: false, error: r.message };
  if (r.asked === null) return { ok: true, week: weekOf(r.monday), asked: false };
  if (r.asked < EARLIEST || r.asked > LATEST) return { ok: false, error: `Такой недели в журнале нет: выберите день между ${ruDate(EARLIEST)} и ${ruDate(LATEST)}.` };
  return { ok: true, week: weekOf(r.monday), asked: true };
}

/** A week asked for must touch the class's academic year; without ?week= the current week is moved into the year. */
export function fitWeekToYear(r: { week: Week; asked: boolean }, year: { name: string; startsOn: string; endsOn: string }): { ok: true; week: Week } | { ok: false; error: string } {
  const inside = r.week.to >= year.startsOn && r.week.from <= year.endsOn;
  if (inside) return { ok: true, week: r.week };
  if (!r.asked) return { ok: true, week: weekOf(r.week.from > year.endsOn ? year.endsOn : year.startsOn) };
  return { ok: false, error: `Эта неделя вне ${year.name} учебного года класса (с ${ruDate(year.startsOn)} по ${ruDate(year.endsOn)}).` };
}

/** The Mondays of `count` weeks ending with the week of `monday` (oldest first). */
export function lastWeeks(monday: string, count: number): Week[] {
  return Array.from({ length: count }, (_, i) => weekOf(addDays(monday, -7 * (count - 1 - i))));
}

export const dayTitle = (iso: string) => ({ name: DAY_NAMES[isoWeekday(iso) - 1]!, abbr: DAY_SHORT[isoWeekday(iso) - 1]!, date: ruDate(iso).slice(0, 5) });

export type ReportRow = {
  number: number; subject: string; note: string | null; topic: string; homework: string | null; individualHomework: string | null;
  marks: Array<{ value: number; short: string; title: string }>; attendance: string | null; attendanceTitle: string | null; cancelled: boolean;
};

/** «н» with its reason («н, по болезни»), «оп» for a late; null when present. */
export function attendanceText(l: Pick<DiaryLesson, 'attendance' | 'absenceReason'>): { text: string; title: string } | null {
  if (l.attendance === 'late') return { text: 'оп', title: 'опоздание' };
  if (l.attendance !== 'absent') return null;
  return isAbsenceReason(l.absenceReason)
    ? { text: `н (${REASON_LABELS[l.absenceReason]})`, title: `пропуск, причина ${REASON_LABELS[l.absenceReason]}` }
    : { text: 'н', title: 'пропуск' };
}

export function reportRow(l: DiaryLesson): ReportRow {
  const cancelled = l.subKind === 'cancelled';
  const note = cancelled ? 'урок отменён'
    : l.subKind === 'subject' && l.subSubjectName ? `замена: ${l.subSubjectName}`
      : l.subKind === 'teacher' && l.substituteName ? `замена: ${l.substituteName}` : null;
  const att = attendanceText(l);
  return {
    number: l.lessonNumber, subject: l.subjectName, note, topic: cancelled ? '' : (l.topic ?? ''),
    homework: cancelled ? null : l.homework, individualHomework: l.individualHomework,
    marks: l.marks.map((m) => ({ value: m.value, short: m.workTypeShort, title: `${m.workType}, вес ${m.weight}` })),
    attendance: att?.text ?? null, attendanceTitle: att?.title ?? null, cancelled,
  };
}

export type SubjectMarks = { subject: string; values: number[] };
export type ReportTotals = { marks: number; bySubject: SubjectMarks[]; attendance: AttendanceTotals };

/** The week's totals: the marks by subject (in lesson order) and the missed lessons and lates. */
export function reportTotals(lessons: readonly DiaryLesson[]): ReportTotals {
  const bySubject = new Map<string, number[]>();
  for (const l of lessons) {
    if (l.marks.length === 0) continue;
    const list = bySubject.get(l.subjectName) ?? [];
    list.push(...l.marks.map((m) => m.value));
    bySubject.set(l.subjectName, list);
  }
  const facts = lessons.filter((l) => l.attendance !== null).map((l) => ({ kind: l.attendance!, reason: l.absenceReason }));
  return {
    marks: [...bySubject.values()].reduce((n, v) => n + v.length, 0),
    bySubject: [...bySubject].map(([subject, values]) => ({ subject, values })),
    attendance: totalsOf(facts),
  };
}

export type ReportDay = { date: string; name: string; abbr: string; short: string; rows: ReportRow[]; outside: boolean };

/**
 * The days of the week (Monday to Friday, and Saturday when it has lessons) with their rows. With `windows` (the class report), only the lessons of the days the
 * student was in the class count; the other days are marked `outside`.
 */
export function reportDays(week: Week, lessons: readonly DiaryLesson[], windows?: readonly Window[]): { days: ReportDay[]; lessons: DiaryLesson[] } {
  const kept = windows ? lessons.filter((l) => inWindows(l.date, windows)) : [...lessons];
  const days = Array.from({ length: 6 }, (_, i) => {
    const date = addDays(week.from, i);
    const t = dayTitle(date);
    return { date, name: t.name, abbr: t.abbr, short: t.date, rows: kept.filter((l) => l.date === date).map(reportRow), outside: windows ? !inWindows(date, windows) : false };
  });
  // A Saturday without lessons (a five-day week) takes no line of the page.
  return { days: days.filter((d, i) => i < 5 || d.rows.length > 0), lessons: kept };
}
