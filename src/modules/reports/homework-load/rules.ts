// Pure rules of the homework-load report (нагрузка домашними заданиями): the sanitary norm of a grade (СанПиН
// 1.2.3685-21, table 6.6), the day homework is due, and a class's minutes of homework due on a day. No I/O.
//
// How a class's day is counted (the rule of this report):
// - homework is what a lesson of the group gives (lessons.homework, with lessons.homework_minutes); it is due at the
//   group's next lesson on a later day (diary's dueDate: a cancelled lesson is no lesson, and no later lesson at all →
//   the lesson date + 7), so a day's load is the homework due that day, the way the diary shows it to the family;
// - a cancelled lesson gives no homework; a substituted lesson gives its homework like any other;
// - a class's day = over the class's groups, per subject the largest sum among its groups (English subgroup 1 and
//   subgroup 2 work in parallel: a student is in one of them), summed over subjects;
// - homework without minutes is counted apart (how many), never guessed into the minutes.
import { dueDate } from '../../diary/rules.ts';
import { setsHomework } from '../../journal/rules.ts';

/** The maximum total homework a day, in minutes, for a grade (1: 60, 2–3: 90, 4–5: 120, 6–8: 150, 9–11: 210); null outside 1–11. */
export function sanpinNorm(grade: number | null): number | null {
  if (grade === null || !Number.isInteger(grade)) return null;
  if (grade === 1) return 60;
  if (grade >= 2 && grade <= 3) return 90;
  if (grade >= 4 && grade <= 5) return 120;
  if (grade >= 6 && grade <= 8) return 150;
  if (grade >= 9 && grade <= 11) return 210;
  return null;
}

/** A lesson of one of the class's groups, as the report reads it. */
export type HomeworkLesson = {
  groupId: string; subjectId: string; date: string; lessonNumber: number;
  homework: string | null; minutes: number | null; cancelled: boolean;
};

export type DueHomework = { groupId: string; subjectId: string; givenOn: string; due: string; minutes: number | null };

/**
 * The homework given by these lessons, each with its due date: the group's next lesson day (not cancelled) among
 * `lessons` (pass the lessons from before the week to well after it), else the lesson date + 7.
 */
export function homeworkDue(lessons: readonly HomeworkLesson[]): DueHomework[] {
  const datesOf = new Map<string, string[]>();
  for (const l of lessons) if (!l.cancelled) datesOf.set(l.groupId, [...(datesOf.get(l.groupId) ?? []), l.date]);
  return lessons.filter((l) => !l.cancelled && setsHomework(l.homework))
    .map((l) => ({ groupId: l.groupId, subjectId: l.subjectId, givenOn: l.date, due: dueDate(l.date, datesOf.get(l.groupId) ?? []), minutes: l.minutes }));
}

export type DayLoad = { date: string; minutes: number; withoutMinutes: number; items: number };

/** The class's load on each of `days`: minutes (per subject the heaviest group, summed), homework without minutes, items due. */
export function dayLoads(due: readonly DueHomework[], days: readonly string[]): DayLoad[] {
  return days.map((date) => {
    const today = due.filter((h) => h.due === date);
    const perGroup = new Map<string, { subjectId: string; minutes: number }>();
    for (const h of today) {
      const g = perGroup.get(h.groupId) ?? { subjectId: h.subjectId, minutes: 0 };
      g.minutes += h.minutes ?? 0;
      perGroup.set(h.groupId, g);
    }
    const perSubject = new Map<string, number>();
    for (const g of perGroup.values()) perSubject.set(g.subjectId, Math.max(perSubject.get(g.subjectId) ?? 0, g.minutes));
    const minutes = [...perSubject.values()].reduce((a, b) => a + b, 0);
    return { date, minutes, withoutMinutes: today.filter((h) => h.minutes === null).length, items: today.length };
  });
}

/** Minutes over the norm (0 when within it or without a norm). */
export const overNorm = (minutes: number, norm: number | null) => (norm === null ? 0 : Math.max(0, minutes - norm));

/** The share of the norm, in whole percent (null without a norm). */
export const shareOfNorm = (minutes: number, norm: number | null) => (norm === null || norm === 0 ? null : Math.round((minutes * 100) / norm));
