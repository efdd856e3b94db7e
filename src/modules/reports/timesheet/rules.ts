// The teacher timesheet (табель учёта рабочего времени, seed 004 §5.4), pure: what each lesson of a day counts for a
// teacher — scheduled or extra, given by them, given for them by another teacher, cancelled, or given by them for
// another — and what kind of day it was in the school's calendar. No I/O.
import { addDays, isoWeekday } from '../../../web/dates.ts';

export type SheetLesson = {
  date: string;
  /** The lesson's own (timetable or extra) teacher. */
  staffId: string;
  /** 'timetable' | 'extra' */
  origin: string;
  substitution: { kind: string; substituteStaffId: string | null } | null;
};

export type DayTally = {
  /** Own lessons laid out by the timetable (whatever became of them). */
  scheduled: number;
  /** Own extra lessons (whatever became of them). */
  extra: number;
  /** Lessons the teacher gave: own ones not cancelled and not given by another, and others' given as a substitute. */
  given: number;
  /** Others' lessons the teacher gave (замещал). */
  substitutionsGiven: number;
  /** Own lessons another teacher gave (заменили). */
  substitutionsReceived: number;
  /** Own lessons cancelled. */
  cancelled: number;
};

export const emptyTally = (): DayTally => ({ scheduled: 0, extra: 0, given: 0, substitutionsGiven: 0, substitutionsReceived: 0, cancelled: 0 });

/**
 * What one lesson adds to a teacher's day (null: nothing, it is not theirs). Own lessons: scheduled or extra, and
 * then exactly one of given / cancelled / received. A substitution of subject given by the lesson's own teacher is
 * their lesson given. Another's lesson given by this teacher (another teacher or another subject): given and
 * substitutionsGiven. Invariant per day: scheduled + extra = (given − substitutionsGiven) + cancelled + received.
 */
export function lessonTally(l: SheetLesson, teacherId: string): Partial<DayTally> | null {
  const sub = l.substitution;
  const substitute = sub && sub.kind !== 'cancelled' ? sub.substituteStaffId : null;
  if (l.staffId === teacherId) {
    const origin = l.origin === 'extra' ? { extra: 1 } : { scheduled: 1 };
    if (sub?.kind === 'cancelled') return { ...origin, cancelled: 1 };
    if (substitute && substitute !== teacherId) return { ...origin, substitutionsReceived: 1 };
    return { ...origin, given: 1 };
  }
  if (substitute === teacherId) return { given: 1, substitutionsGiven: 1 };
  return null;
}

/** Teachers a lesson concerns: its own teacher and its substitute. */
export const lessonTeachers = (l: SheetLesson): string[] =>
  [l.staffId, ...(l.substitution?.substituteStaffId && l.substitution.kind !== 'cancelled' ? [l.substitution.substituteStaffId] : [])];

/** Teacher → date → tally, over the lessons (any order). Only days with something to count appear. */
export function tallyDays(lessons: readonly SheetLesson[]): Map<string, Map<string, DayTally>> {
  const out = new Map<string, Map<string, DayTally>>();
  for (const l of lessons) {
    for (const teacherId of new Set(lessonTeachers(l))) {
      const add = lessonTally(l, teacherId);
      if (!add) continue;
      const days = out.get(teacherId) ?? new Map<string, DayTally>();
      out.set(teacherId, days);
      const day = days.get(l.date) ?? emptyTally();
      days.set(l.date, day);
      for (const [k, v] of Object.entries(add) as Array<[keyof DayTally, number]>) day[k] += v;
    }
  }
  return out;
}

/** The sum of several days' tallies. */
export function sumTallies(days: Iterable<DayTally>): DayTally {
  const total = emptyTally();
  for (const d of days) for (const k of Object.keys(total) as Array<keyof DayTally>) total[k] += d[k];
  return total;
}

export type CalendarDay = {
  startsOn: string; endsOn: string;
  holidays: ReadonlyArray<{ startsOn: string; endsOn: string; kind: string; grades: number[] | null }>;
  transfers: ReadonlyArray<{ date: string; worksAs: number }>;
};
export type DayKind = 'school' | 'transferred' | 'vacation' | 'holiday' | 'dayoff' | 'sunday' | 'outside';

const WEEKDAY_GENITIVE = ['понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы'];

/**
 * The kind of a date in the school's calendar (school-wide holidays only: a teacher works for every grade): a holiday
 * row wins over a transfer, a transferred working day is a school day «по расписанию понедельника», a Sunday is off.
 */
export function dayKind(cal: CalendarDay, date: string): { kind: DayKind; label: string } {
  if (date < cal.startsOn || date > cal.endsOn) return { kind: 'outside', label: 'вне учебного года' };
  const kinds = new Set(cal.holidays
    .filter((x) => x.startsOn <= date && date <= x.endsOn && (x.grades == null || x.grades.length === 0)).map((x) => x.kind));
  // A public holiday inside the vacation is still a holiday; an unknown kind is a day off.
  const off = kinds.has('holiday') ? 'holiday' : kinds.has('dayoff') ? 'dayoff' : kinds.has('vacation') ? 'vacation' : kinds.size ? 'dayoff' : null;
  if (off) return { kind: off, label: { vacation: 'каникулы', holiday: 'праздник', dayoff: 'выходной' }[off] };
  const t = cal.transfers.find((x) => x.date === date);
  if (t) return { kind: 'transferred', label: `рабочий день по расписанию ${WEEKDAY_GENITIVE[t.worksAs - 1] ?? ''}`.trim() };
  return isoWeekday(date) === 7 ? { kind: 'sunday', label: 'выходной' } : { kind: 'school', label: 'учебный день' };
}

/** `?month=YYYY-MM` → its first and last day and the last day counted (today at most); null when unreadable. */
export function monthRange(month: string, today: string): { from: string; to: string; until: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 2000 || Number(m[1]) > 2100) return null;
  const from = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  const to = addDays(next, -1);
  return { from, to, until: today < to ? today : to };
}
