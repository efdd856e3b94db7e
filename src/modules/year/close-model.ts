// The year-close checklist of one year, computed live, and the close / reopen commands (one transaction each, audited).
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { academicYears } from '../setup/schema.ts';
import { missingPeriodMarks, missingYearMarks, undecidedStudents, unfilledLessons } from './close-queries.ts';
import { blockersOf, type Counts } from './close-rules.ts';

/** How many days of study before the year's end (or today) the unfilled-lessons line looks at. */
export const LAST_WEEKS_DAYS = 14;

export type Year = typeof academicYears.$inferSelect;

/** The year's last day of study (the latest period end), or its end date when it has no periods. */
export async function lastStudyDay(db: Db, { schoolId, year }: { schoolId: string; year: Year }): Promise<string> {
  const [row] = rowsOf<{ day: string | null }>(await db.execute(sql`select max(p.ends_on)::text as day from periods p
    join period_schemes s on s.school_id = p.school_id and s.id = p.scheme_id where s.school_id = ${schoolId} and s.year_id = ${year.id}`));
  return row?.day ?? year.endsOn;
}

export async function checklist(db: Db, { schoolId, year, today }: { schoolId: string; year: Year; today: string }) {
  const w = { schoolId, yearId: year.id };
  // One after another: in a request all of them run on its one transaction.
  const lastDay = await lastStudyDay(db, { schoolId, year });
  const yearMarks = await missingYearMarks(db, w);
  const periodMarks = await missingPeriodMarks(db, { ...w, today });
  const lessons = await unfilledLessons(db, { ...w, today, days: LAST_WEEKS_DAYS });
  const decisions = await undecidedStudents(db, w);
  const counts: Counts = {
    notOver: today < lastDay ? 1 : 0, yearMarks: yearMarks.length, periodMarks: periodMarks.length,
    lessons: lessons.length, decisions: decisions.length,
  };
  return { lastDay, counts, blockers: blockersOf(counts), yearMarks, periodMarks, lessons, decisions };
}
export type Checklist = Awaited<ReturnType<typeof checklist>>;

/** Closes the year: status, time, and the audit row with the reason and the blockers overridden (if any). */
export async function closeYear(db: Db, ctx: AuditContext, a: { year: Year; reason: string; override: boolean; counts: Counts }) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.update(academicYears).set({ status: 'closed', closedAt: sql`now()` })
      .where(and(eq(academicYears.schoolId, ctx.schoolId), eq(academicYears.id, a.year.id), eq(academicYears.status, 'open')));
    await writeAudit(tx, ctx, {
      entity: 'academic_year', entityId: a.year.id, action: a.override ? 'close_override' : 'close',
      oldValue: { status: 'open' }, newValue: { status: 'closed', name: a.year.name, blockers: a.override ? a.counts : undefined },
      reason: a.reason.trim() || null,
    });
  });
}

/** Reopens a closed year (the admin, with a reason): writes to it are accepted again. */
export async function reopenYear(db: Db, ctx: AuditContext, a: { year: Year; reason: string }) {
  await withSchool(db, ctx.schoolId, async (tx) => {
    await tx.update(academicYears).set({ status: 'open', closedAt: null })
      .where(and(eq(academicYears.schoolId, ctx.schoolId), eq(academicYears.id, a.year.id), eq(academicYears.status, 'closed')));
    await writeAudit(tx, ctx, {
      entity: 'academic_year', entityId: a.year.id, action: 'reopen',
      oldValue: { status: 'closed' }, newValue: { status: 'open', name: a.year.name }, reason: a.reason.trim(),
    });
  });
}
