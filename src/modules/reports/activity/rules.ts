// Weekly activity (активность), pure: the week's bounds in the school's time zone, a lesson filled on its day, and the
// families' figures of a class. No I/O.
import { percent } from '../core/percent.ts';
import { addDays, todayIso, zonedMoment } from '../../../web/dates.ts';

/** The whole week of a Monday: dates Monday…Sunday (logins count on any day), and its moments in the school's zone. */
export function weekBounds(monday: string, timeZone: string): { from: string; to: string; start: Date; end: Date } {
  const next = addDays(monday, 7);
  return { from: monday, to: addDays(monday, 6), start: zonedMoment(`${monday}T00:00`, timeZone)!, end: zonedMoment(`${next}T00:00`, timeZone)! };
}

/** The school-local date of a moment. */
export const localDate = (at: Date, timeZone: string): string => todayIso(at, timeZone);

export type FillFacts = { date: string; topic: string | null; attendanceTakenAt: Date | null };

/**
 * A lesson filled on its day: it has a topic and its attendance was first taken on the lesson's date in the school's
 * time zone (the journal keeps the first taking; a topic may come from the КТП ahead, attendance cannot).
 */
export function filledOnDay(l: FillFacts, timeZone: string): boolean {
  return !!l.topic?.trim() && l.attendanceTakenAt !== null && localDate(l.attendanceTakenAt, timeZone) === l.date;
}

/** One student's family in the week. */
export type FamilyWeek = {
  /** Guardians linked to the student who have an account. */
  guardianAccounts: number;
  /** Logins of those guardians in the week (each guardian's own count, summed). */
  guardianLogins: number;
  /** Logins of the student's own account in the week. */
  studentLogins: number;
  /** Views of this student's diary for the week (guardians and the student). */
  diaryViews: number;
  acknowledged: boolean;
  digestReceived: boolean;
};

export type ClassActivity = {
  students: number; familiesLoggedIn: number; studentsLoggedIn: number; diaryOpened: number; acknowledged: number;
  digestReceived: number;
  /** Families informed this week: acknowledged the week, opened the diary or received the digest (REQUIREMENTS §4). */
  informed: number;
  /** informed / students, 0..100 to one decimal; null for a class without students. */
  informedShare: number | null;
};

/** A family informed this week in the regulations' sense. */
export const informed = (f: FamilyWeek): boolean => f.acknowledged || f.diaryViews > 0 || f.digestReceived;

export function classActivity(families: readonly FamilyWeek[]): ClassActivity {
  const count = (p: (f: FamilyWeek) => boolean) => families.filter(p).length;
  const n = count(informed);
  return {
    students: families.length,
    familiesLoggedIn: count((f) => f.guardianLogins > 0),
    studentsLoggedIn: count((f) => f.studentLogins > 0),
    diaryOpened: count((f) => f.diaryViews > 0),
    acknowledged: count((f) => f.acknowledged),
    digestReceived: count((f) => f.digestReceived),
    informed: n,
    informedShare: percent(n, families.length),
  };
}
