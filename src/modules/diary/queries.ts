// Reading for the diary pages besides the lessons themselves (week-queries.ts): the child's class and its periods, the
// period marks of a year, the group's lesson dates (homework due dates), rooms, whether a school year covers a week, and
// the acknowledgements of a week. Every function takes schoolId.
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classMemberships } from '../contingent/schema.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { periodMarks } from '../journal/schema.ts';
import { lessons, substitutions } from '../schedule/schema.ts';
import { academicYears, periods, schoolClasses, subjects } from '../setup/schema.ts';
import { now } from '../../web/clock.ts';
import { diaryAcknowledgements } from './schema.ts';

type Q = Db | Tx;

/**
 * The child's class for the period pages: the class on `date`, else the latest one they were in before it, else the
 * first one after it (a child enrolled later). With the class's year and period scheme.
 */
export async function childClass(db: Q, { schoolId, studentId, date }: { schoolId: string; studentId: string; date: string }) {
  const rows = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, yearId: schoolClasses.yearId, schemeId: schoolClasses.schemeId,
    classTeacherId: schoolClasses.classTeacherId,
  }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId)))
    .orderBy(
      desc(sql`(${classMemberships.startsOn} <= ${date} and (${classMemberships.endsOn} is null or ${classMemberships.endsOn} > ${date}))`),
      desc(sql`${classMemberships.startsOn} <= ${date}`), desc(classMemberships.startsOn),
    ).limit(1);
  return rows[0];
}

/**
 * The school years the student was in a class of, oldest first, each with the last class of that year (its scheme gives
 * the periods): the diary's year tabs, so last year's period and year marks stay readable after the rollover.
 */
export async function childYears(db: Q, { schoolId, studentId }: { schoolId: string; studentId: string }) {
  const rows = await db.select({
    yearId: academicYears.id, yearName: academicYears.name, yearStartsOn: academicYears.startsOn,
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, schemeId: schoolClasses.schemeId, startsOn: classMemberships.startsOn,
  }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId)))
    .orderBy(asc(academicYears.startsOn), asc(classMemberships.startsOn));
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) last.set(r.yearId, r);
  return [...last.values()];
}

/** The student's class (childClass: on `date`, else the nearest) and the periods of its scheme. Shared by the diary and
 * the student's report (reports/student). */
export async function childPeriods(db: Q, { schoolId, studentId, date }: { schoolId: string; studentId: string; date: string }) {
  const cls = await childClass(db, { schoolId, studentId, date });
  return { cls, periods: cls ? await schemePeriods(db, { schoolId, schemeId: cls.schemeId }) : [] };
}

export type DiaryPeriod = { id: string; name: string; ordinal: number; startsOn: string; endsOn: string };

export async function schemePeriods(db: Q, { schoolId, schemeId }: { schoolId: string; schemeId: string }): Promise<DiaryPeriod[]> {
  return db.select({ id: periods.id, name: periods.name, ordinal: periods.ordinal, startsOn: periods.startsOn, endsOn: periods.endsOn })
    .from(periods).where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, schemeId))).orderBy(asc(periods.ordinal));
}

export async function yearOf(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  const [y] = await db.select({ id: academicYears.id, name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn })
    .from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId))).limit(1);
  return y;
}

export type StudentPeriodMark = { subjectId: string; subjectName: string; kind: string; periodId: string | null; value: string };

/** The student's period marks (period, year, exam, final) in the groups of a school year, with the group's subject. */
export async function studentPeriodMarks(db: Q, { schoolId, studentId, yearId, periodId }: { schoolId: string; studentId: string; yearId: string; periodId?: string }): Promise<StudentPeriodMark[]> {
  return db.select({ subjectId: subjects.id, subjectName: subjects.name, kind: periodMarks.kind, periodId: periodMarks.periodId, value: periodMarks.value })
    .from(periodMarks)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, periodMarks.schoolId), eq(teachingGroups.id, periodMarks.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.studentId, studentId), eq(teachingGroups.yearId, yearId),
      periodId ? and(eq(periodMarks.kind, 'period'), eq(periodMarks.periodId, periodId)) : undefined))
    .orderBy(asc(subjects.name));
}

/** The dates the groups meet in [from, to], cancelled lessons left out: groupId → dates. */
export async function groupLessonDates(db: Q, { schoolId, groupIds, from, to }: { schoolId: string; groupIds: string[]; from: string; to: string }) {
  const out = new Map<string, string[]>();
  if (groupIds.length === 0) return out;
  const rows = await db.select({ groupId: lessons.groupId, date: lessons.date }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.groupId, groupIds), gte(lessons.date, from), lte(lessons.date, to),
      or(isNull(substitutions.kind), ne(substitutions.kind, 'cancelled'))));
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), r.date]);
  return out;
}

/** The rooms of these lessons: lessonId → room. */
export async function lessonRooms(db: Q, { schoolId, lessonIds }: { schoolId: string; lessonIds: string[] }): Promise<Map<string, string>> {
  if (lessonIds.length === 0) return new Map();
  const rows = await db.select({ id: lessons.id, room: lessons.room }).from(lessons)
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, lessonIds)));
  return new Map(rows.filter((r) => r.room).map((r) => [r.id, r.room!]));
}

type AckKey = { schoolId: string; studentId: string; guardianId: string; weekStart: string };

/** «Ознакомлен(а)»: stored once; acknowledging the same week again keeps the first time. */
export async function acknowledgeWeek(tx: Tx, k: AckKey & { accountId: string }): Promise<void> {
  await tx.insert(diaryAcknowledgements).values(k).onConflictDoNothing();
}

/**
 * A family account opened this week of the child's diary: an upsert of the week's counter (the first and the last time,
 * and how many times), never a row per click. The activity report reads it. Its commit does not wait for the disk
 * (`synchronous_commit` off for this transaction only): a view counted a moment before a crash may be lost, and the
 * diary page — read on every family's phone — does not pay a WAL flush for a counter.
 * Made when the page's own transaction commits, in a transaction of its own sent in the same round trip (diary/week.ts,
 * request.atCommit): the counter's row is locked only while PostgreSQL runs it. Taken inside the request's transaction,
 * the lock was held until the app had read the answer and sent the COMMIT, and the same account's pages opened at once
 * queued on it (16 at once: the upsert waited 37 ms on average, p95 of the page 187–247 ms against 142–145 without it).
 * The week's statement (week-page.ts) reads the previous visit before it.
 */
export function diaryViewSql(k: { schoolId: string; accountId: string; studentId: string; weekStart: string }): SQL {
  const at = now().toISOString();
  // The setting is taken in the statement's FROM (a setting of the transaction: it applies at the commit).
  return sql`insert into diary_views (school_id, account_id, student_id, week_start, views, first_at, last_at)
    select ${k.schoolId}::uuid, ${k.accountId}::uuid, ${k.studentId}::uuid, ${k.weekStart}::date, 1, ${at}::timestamptz, ${at}::timestamptz
    from (select set_config('synchronous_commit', 'off', true)) as async_commit
    on conflict (school_id, account_id, student_id, week_start) do update set views = diary_views.views + 1, last_at = excluded.last_at`;
}
