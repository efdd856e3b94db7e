// Reading what the period-marks page shows: per student of a period the count of marks, the weighted average (the grid's
// own computation, gridRows), the suggestion and the period mark; for the year tab every period mark of the group.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { accounts } from '../accounts/schema.ts';
import { gridLessonViews, gridRows } from './grid-model.ts';
import { gridData } from './grid-data.ts';
import { periodRoster, type GroupHead, type Period, type PeriodStudent } from './grid-queries.ts';
import { fewMarks, suggestYearMark, type PeriodMarkKind } from './period-rules.ts';
import type { RoundingRule } from './rules.ts';
import { journalReopens, periodMarks } from './schema.ts';

type Q = Db | Tx;

export type PeriodStatRow = PeriodStudent & {
  count: number; average: number | null; suggested: number | null; few: boolean; periodMark: string | null;
};

/** Per student of the group in the period: marks counted, weighted average, suggestion, «мало отметок», period mark. */
export async function periodStats(db: Q, args: { schoolId: string; head: GroupHead; period: Period }): Promise<PeriodStatRow[]> {
  const { schoolId, head, period } = args;
  const { lessons, roster, periodMarks: pMarks, marks, attendance } = await gridData(db, {
    schoolId, groupId: head.id, periodId: period.id, from: period.startsOn, to: period.endsOn,
  });
  // The grid's computation: weights come from the lesson columns' work types. Edit modes do not matter here.
  const views = gridLessonViews({
    actor: { staffId: null, roles: [] }, lessons, teachers: head.teachers, today: period.endsOn, editDays: head.editDays,
    lock: { closed: false, periodUntil: null, lessonUntil: new Map() }, defaultType: { shortName: '', name: '', weight: 1 },
  });
  const rows = gridRows({ lessons: views, roster, marks, attendance, periodMarks: pMarks, rounding: head.rounding as RoundingRule });
  return rows.map(({ cells: _cells, ...r }) => ({ ...r, few: fewMarks(r.count, head.minMarks) }));
}

/** The year range of the group's scheme: the first period's start to the last one's end. */
export function yearRange(head: GroupHead): { from: string; to: string } | undefined {
  const first = head.periods[0];
  const last = head.periods.at(-1);
  return first && last ? { from: first.startsOn, to: last.endsOn } : undefined;
}

export type YearRow = PeriodStudent & {
  periods: Record<string, string | null>; year: string | null; exam: string | null; final: string | null; suggested: number | null;
};

/** Per student of the group in the year: the period marks of every period, and the year, exam and final marks. */
export async function yearStats(db: Q, args: { schoolId: string; head: GroupHead }): Promise<YearRow[]> {
  const { schoolId, head } = args;
  const range = yearRange(head);
  if (!range) return [];
  const [roster, all] = await Promise.all([
    periodRoster(db, { schoolId, groupId: head.id, ...range }),
    db.select({ studentId: periodMarks.studentId, kind: periodMarks.kind, periodId: periodMarks.periodId, value: periodMarks.value })
      .from(periodMarks).where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.groupId, head.id))),
  ]);
  const key = (studentId: string, kind: string, periodId: string | null) => `${studentId}:${kind}:${periodId ?? ''}`;
  const at = new Map(all.map((m) => [key(m.studentId, m.kind, m.periodId), m.value]));
  const rounding = head.rounding as RoundingRule;
  return roster.map((s) => {
    const periods: Record<string, string | null> = {};
    for (const p of head.periods) periods[p.id] = at.get(key(s.studentId, 'period', p.id)) ?? null;
    return {
      ...s, periods, year: at.get(key(s.studentId, 'year', null)) ?? null, exam: at.get(key(s.studentId, 'exam', null)) ?? null,
      final: at.get(key(s.studentId, 'final', null)) ?? null, suggested: suggestYearMark(Object.values(periods), rounding),
    };
  });
}

/** The current values of some kinds of the group's period marks (for 'period': of one period), by `${studentId}:${kind}`. */
export async function currentPeriodMarks(db: Q, args: { schoolId: string; groupId: string; kinds: readonly PeriodMarkKind[]; periodId: string | null }) {
  const rows = await db.select({ studentId: periodMarks.studentId, kind: periodMarks.kind, value: periodMarks.value }).from(periodMarks)
    .where(and(eq(periodMarks.schoolId, args.schoolId), eq(periodMarks.groupId, args.groupId), inArray(periodMarks.kind, [...args.kinds]),
      args.periodId === null ? isNull(periodMarks.periodId) : eq(periodMarks.periodId, args.periodId)));
  return new Map(rows.map((r) => [`${r.studentId}:${r.kind}`, r.value]));
}

/** Who reopened the group's period, until when and why (the latest first). */
export async function periodReopens(db: Q, args: { schoolId: string; groupId: string; periodId: string }) {
  return db.select({ until: journalReopens.untilDate, reason: journalReopens.reason, by: sql<string>`coalesce(${accounts.fullName}, '')` })
    .from(journalReopens).leftJoin(accounts, eq(accounts.id, journalReopens.createdBy))
    .where(and(eq(journalReopens.schoolId, args.schoolId), eq(journalReopens.groupId, args.groupId), eq(journalReopens.periodId, args.periodId)))
    .orderBy(desc(journalReopens.createdAt)).limit(5);
}
