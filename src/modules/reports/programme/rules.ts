// Programme completion (выполнение программы), pure: the КТП's hours laid over the lessons the timetable lays out, in
// order, against the lessons given; the year's plan (КТП, curriculum) against the timetable's lessons. No I/O.

/** A lesson of a group as the report needs it. Lessons are given in date / lesson-number order. */
export type ProgrammeLesson = {
  date: string;
  /** 'timetable' | 'extra' */
  origin: string;
  /** Kept for its data but no longer on the timetable: given if it took place, never a place of the plan. */
  offTimetable: boolean;
  cancelled: boolean;
};

/** Inclusive dates; `to` < `from` is an empty window (a period that has not begun). */
export type DateWindow = { from: string; to: string };

export type ProgrammeFigures = {
  /** Hours of the КТП whose place (a timetable lesson, cancelled or not) falls in the window; null without a КТП. */
  planned: number | null;
  /** Lessons in the window that took place (not cancelled), extra lessons included. */
  given: number;
  /** planned − given: hours behind the plan (negative: ahead); null without a КТП. */
  gap: number | null;
  cancelled: number;
  /** Extra lessons in the window that took place. */
  extra: number;
};

const inWindow = (date: string, w: DateWindow) => w.from <= date && date <= w.to;
/** A lesson the timetable lays out: a place of the КТП's hours. */
export const isTimetablePlace = (l: ProgrammeLesson) => l.origin === 'timetable' && !l.offTimetable;

/**
 * The КТП's N hours take the first N lessons the timetable lays out (from the year's start, cancelled ones included:
 * the plan was made for them); those in the window are planned. Given are the window's lessons that took place — an
 * extra lesson makes up for a cancelled one.
 */
export function programmeFigures(lessons: readonly ProgrammeLesson[], ktpHours: number, window: DateWindow): ProgrammeFigures {
  let place = 0;
  let planned = 0;
  let given = 0;
  let cancelled = 0;
  let extra = 0;
  for (const l of lessons) {
    const inside = inWindow(l.date, window);
    if (isTimetablePlace(l)) {
      if (inside && place < ktpHours) planned += 1;
      place += 1;
    }
    if (!inside) continue;
    if (l.cancelled) cancelled += 1;
    else {
      given += 1;
      if (l.origin === 'extra') extra += 1;
    }
  }
  const hasPlan = ktpHours > 0;
  return { planned: hasPlan ? planned : null, given, gap: hasPlan ? planned - given : null, cancelled, extra };
}

/** Lessons the timetable lays out over the whole year (cancelled ones included). */
export const laidOutLessons = (lessons: readonly ProgrammeLesson[]): number => lessons.filter(isTimetablePlace).length;

/** Study weeks of a school year (ФГОС): 33 for the first grade, 34 for the others (and for groups without a grade). */
export const studyWeeks = (grade: number | null): number => (grade === 1 ? 33 : 34);

/** The curriculum's hours a year: hours per week × study weeks, to one decimal; null without hours. */
export function curriculumYearHours(hoursPerWeek: number | null, grade: number | null): number | null {
  if (hoursPerWeek === null || !Number.isFinite(hoursPerWeek) || hoursPerWeek <= 0) return null;
  return Math.round(hoursPerWeek * studyWeeks(grade) * 10) / 10;
}

/** The report's window: the period from its first day up to today (or its last day, once it has ended). */
export function periodWindow(period: { startsOn: string; endsOn: string }, today: string): DateWindow {
  return { from: period.startsOn, to: today < period.endsOn ? today : period.endsOn };
}

/** The КТП's hours minus the lessons the timetable lays out: positive when the timetable leaves the plan short. */
export const yearShortfall = (ktpHours: number, laidOut: number): number | null => (ktpHours > 0 ? ktpHours - laidOut : null);
