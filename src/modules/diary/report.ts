// The printed weekly report: one A4 page per student (school, class, name, the week's days with lessons, topics,
// homework, marks and absences, the totals, the parent's signature). Built from studentLessons (week-queries.ts) — the
// same lessons the diary shows. Used by the class teacher's report of a whole class and a parent's print of one child.
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { ruDate } from '../../web/dates.ts';
import { classMemberships } from '../contingent/schema.ts';
import { movementNotes, type Window } from '../journal/attendance-rules.ts';
import { classStudentsInRange } from '../journal/class-attendance.ts';
import { students } from '../people/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { reportDays, reportTotals, type ReportDay, type ReportTotals, type Week } from './report-rules.ts';
import { studentLessons } from './week-queries.ts';

export type ReportStudent = { id: string; lastName: string; firstName: string; middleName: string | null; sex: string | null };

export type ReportPage = {
  studentId: string; name: string; schoolName: string; className: string;
  week: Week & { fromRu: string; toRu: string };
  days: ReportDay[]; totals: ReportTotals; hasLessons: boolean;
  /** «выбыл 12.11.2026», «прибыла 18.11.2026» (the class report, when the student moved during the week). */
  notes: string[];
};

export const fullStudentName = (s: Pick<ReportStudent, 'lastName' | 'firstName' | 'middleName'>) =>
  [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ');

/**
 * One student's page for a week. With `windows` (their stays in the class of the report) only the days in the class
 * are filled: a student who left on Thursday has Monday to Wednesday.
 */
export async function reportPage(
  db: Db, p: { schoolId: string; schoolName: string; className: string; student: ReportStudent; week: Week; windows?: Window[] },
): Promise<ReportPage> {
  const lessons = await studentLessons(db, { schoolId: p.schoolId, studentId: p.student.id, from: p.week.from, to: p.week.to });
  const { days, lessons: kept } = reportDays(p.week, lessons, p.windows);
  return {
    studentId: p.student.id, name: fullStudentName(p.student), schoolName: p.schoolName, className: p.className,
    week: { ...p.week, fromRu: ruDate(p.week.from), toRu: ruDate(p.week.to) },
    days, totals: reportTotals(kept), hasLessons: kept.length > 0,
    notes: p.windows ? movementNotes(p.windows, p.week, p.student.sex) : [],
  };
}

/** The pages of every student who was in the class on some day of the week, in Russian name order. */
export async function classReport(
  db: Db, p: { schoolId: string; schoolName: string; classId: string; className: string; week: Week },
): Promise<ReportPage[]> {
  const list = await classStudentsInRange(db, { schoolId: p.schoolId, classId: p.classId, ...p.week });
  const pages: ReportPage[] = [];
  // One at a time: PGlite is a single connection anyway, and a pool is not flooded by a class of 30.
  for (const s of list) pages.push(await reportPage(db, { ...p, student: s, windows: s.windows }));
  return pages;
}

/** The class(es) the student was in during the week («5А», or «5Б, 5А» after a transfer); empty when none. */
export async function classNamesInWeek(db: Db, { schoolId, studentId, week }: { schoolId: string; studentId: string; week: Week }): Promise<string> {
  const rows = await db.select({ name: schoolClasses.name }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId), lte(classMemberships.startsOn, week.to),
      or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, week.from))))
    .orderBy(asc(classMemberships.startsOn));
  return [...new Set(rows.map((r) => r.name))].join(', ');
}

/** The student's card (name parts and sex) for the page's heading. */
export async function studentCard(db: Db | Tx, { schoolId, studentId }: { schoolId: string; studentId: string }): Promise<ReportStudent | undefined> {
  const [row] = await db.select({ id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName, sex: students.sex })
    .from(students).where(and(eq(students.schoolId, schoolId), eq(students.id, studentId)));
  return row;
}
