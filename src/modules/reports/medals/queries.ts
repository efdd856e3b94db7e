// What the medal candidates read, live: the year asked for and the one before it, the 9th and 11th classes of the year,
// the periods begun, and — through the progress summary's studentSubjects — for the students on the roll each subject's
// year mark or what its forecast comes from (per period: the period mark or the period's weighted marks); the final
// marks of the year's groups; for the 11th graders the year marks of grade 10 in the year before.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import type { RoundingRule } from '../../journal/rules.ts';
import { schools } from '../../platform/schema.ts';
import { classesLedBy, currentYear } from '../../setup/lookups.ts';
import { academicYears, periods, schoolClasses } from '../../setup/schema.ts';
import type { ReportScope } from '../core/scope.ts';
import { idList, type ClassRef } from '../load-lookups.ts';
import { studentSubjects, type StudentSubjectRow } from '../progress/queries.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './rules.ts';

type Q = Db | Tx;

export type YearRef = { id: string; name: string; startsOn: string; endsOn: string };

/** The year asked for (an id of this school, checked by the filters) or the current one; and the year before it. */
export async function yearAndPrevious(db: Q, a: { schoolId: string; yearId: string | null; today: string }) {
  const cols = { id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn };
  const year: YearRef | undefined = a.yearId
    ? (await db.select(cols).from(academicYears).where(and(eq(academicYears.schoolId, a.schoolId), eq(academicYears.id, a.yearId))))[0]
    : await currentYear(db, { schoolId: a.schoolId, date: a.today });
  if (!year) return null;
  const [previous] = await db.select(cols).from(academicYears)
    .where(and(eq(academicYears.schoolId, a.schoolId), lt(academicYears.startsOn, year.startsOn))).orderBy(desc(academicYears.startsOn)).limit(1);
  return { year: { id: year.id, name: year.name, startsOn: year.startsOn, endsOn: year.endsOn }, previous: previous ?? null };
}

/** The classes of `grades` in a year: all of them for the whole school, the ones they led that year for a class teacher. */
export async function classesOf(db: Q, a: { schoolId: string; yearId: string; grades: number[]; scope: ReportScope }): Promise<ClassRef[]> {
  const rows = a.scope.kind === 'school'
    ? await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, a.schoolId), eq(schoolClasses.yearId, a.yearId),
      inArray(schoolClasses.grade, a.grades))).orderBy(asc(schoolClasses.grade), asc(schoolClasses.name))
    : (await classesLedBy(db, { schoolId: a.schoolId, staffId: a.scope.staffId, yearId: a.yearId }))
      .filter((c) => c.grade !== null && a.grades.includes(c.grade));
  return rows.map((c) => ({ id: c.id, name: c.name, grade: c.grade, yearId: c.yearId, schemeId: c.schemeId }));
}

export type PeriodRef = { id: string; schemeId: string; startsOn: string; endsOn: string };

/** The periods of these schemes, by start. */
export async function periodsOf(db: Q, a: { schoolId: string; schemeIds: string[] }): Promise<PeriodRef[]> {
  if (a.schemeIds.length === 0) return [];
  return db.select({ id: periods.id, schemeId: periods.schemeId, startsOn: periods.startsOn, endsOn: periods.endsOn }).from(periods)
    .where(and(eq(periods.schoolId, a.schoolId), inArray(periods.schemeId, a.schemeIds))).orderBy(asc(periods.startsOn));
}

/** The last day of a year's teaching: its periods' last end (the year's end without periods), or `today` before it. */
export const rollDay = (year: YearRef, ps: readonly PeriodRef[], today: string) => {
  const last = ps.reduce((d, p) => (p.endsOn > d ? p.endsOn : d), '0000-01-01');
  const end = ps.length ? last : year.endsOn;
  return end < today ? end : today;
};

/** Year marks (or their forecast inputs) of the classes' students on the roll on `rollOn`. */
export function yearRows(db: Q, a: { schoolId: string; year: YearRef; classIds: string[]; rollOn: string }): Promise<StudentSubjectRow[]> {
  return studentSubjects(db, {
    schoolId: a.schoolId, yearId: a.year.id, classIds: a.classIds, rollOn: a.rollOn,
    span: { kind: 'year', yearId: a.year.id, startsOn: a.year.startsOn, endsOn: a.year.endsOn },
  });
}

/** One period's marks (or the sums of its weighted marks) of the classes' students on the roll on `rollOn`. */
export function periodRows(
  db: Q, a: { schoolId: string; yearId: string; classIds: string[]; rollOn: string; period: PeriodRef },
): Promise<StudentSubjectRow[]> {
  return studentSubjects(db, {
    schoolId: a.schoolId, yearId: a.yearId, classIds: a.classIds, rollOn: a.rollOn,
    span: { kind: 'period', periodId: a.period.id, startsOn: a.period.startsOn, endsOn: a.period.endsOn },
  });
}

export type FinalRow = { studentId: string; subjectId: string; value: string };

/** The final marks (итоговые) set in the year's groups for these students. */
export async function finalMarks(db: Q, a: { schoolId: string; yearId: string; studentIds: string[] }): Promise<FinalRow[]> {
  if (a.studentIds.length === 0) return [];
  return rowsOf<FinalRow>(await db.execute(sql`
    select pm.student_id as "studentId", g.subject_id as "subjectId", pm.value
    from period_marks pm join teaching_groups g on g.school_id = pm.school_id and g.id = pm.group_id
    where pm.school_id = ${a.schoolId} and pm.kind = 'final' and g.year_id = ${a.yearId} and pm.student_id in (${idList(a.studentIds)})
    order by pm.updated_at`));
}

/** The school's thresholds and rounding rule. */
export async function medalSettings(db: Q, schoolId: string): Promise<{ thresholds: Thresholds; rounding: RoundingRule }> {
  const [row] = await db.select({
    first: schools.medalFirstMaxFours, second: schools.medalSecondMaxFours, nine: schools.distinctionMaxFours, rounding: schools.periodRounding,
  }).from(schools).where(eq(schools.id, schoolId));
  if (!row) return { thresholds: DEFAULT_THRESHOLDS, rounding: 'half_up' };
  return { thresholds: { firstMaxFours: row.first, secondMaxFours: row.second, distinctionMaxFours: row.nine }, rounding: row.rounding as RoundingRule };
}
