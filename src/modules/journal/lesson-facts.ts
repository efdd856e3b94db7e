// The facts the journal rules need about one lesson, read in one query: group, class, period, teacher on the date,
// substitution, period closure, reopenings, the school's edit window. Then the actor's edit mode for it.
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { cachedSelect, type Placeholders } from '../../db/cached-query.ts';
import type { Actor } from '../../web/types.ts';
import { inGroupOnSql } from '../curriculum/membership.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { schools } from '../platform/schema.ts';
import { canFillLesson } from '../schedule/lessons-rules.ts';
import { lessons, substitutions } from '../schedule/schema.ts';
import { decideEdit, type EditMode } from './edit-rules.ts';

type Q = Db | Tx;

/**
 * SQL: the period scheme of a group — its class's scheme; for a cross-class group, the year's scheme used by most
 * classes (ties by name). `g` is the teaching_groups row in scope.
 */
export const groupSchemeSql = (schoolId: string | Placeholder, groupClassId: SQL | unknown, groupYearId: SQL | unknown): SQL => sql`coalesce(
  (select c.scheme_id from classes c where c.school_id = ${schoolId} and c.id = ${groupClassId}),
  (select c.scheme_id from classes c where c.school_id = ${schoolId} and c.year_id = ${groupYearId}
     group by c.scheme_id order by count(*) desc, c.scheme_id limit 1))`;

/**
 * SQL over `lessons` joined with its `teaching_groups` row: the lesson's period (of the group's scheme), whether the
 * group's period is closed, and the latest date a deputy reopened the lesson or that period until (null when never).
 */
export function lessonLockSql(schoolId: string | Placeholder) {
  const periodId = sql<string | null>`(select p.id from periods p where p.school_id = ${schoolId}
    and p.scheme_id = ${groupSchemeSql(schoolId, teachingGroups.classId, teachingGroups.yearId)}
    and p.starts_on <= ${lessons.date} and p.ends_on >= ${lessons.date} limit 1)`;
  return {
    periodId,
    periodClosed: sql<boolean>`exists (select 1 from period_closures pc where pc.school_id = ${schoolId}
      and pc.group_id = ${lessons.groupId} and pc.period_id = ${periodId})`,
    reopenedUntil: sql<string | null>`(select max(jr.until_date)::text from journal_reopens jr where jr.school_id = ${schoolId}
      and (jr.lesson_id = ${lessons.id} or (jr.group_id = ${lessons.groupId} and jr.period_id = ${periodId})))`,
    yearClosed: sql<boolean>`exists (select 1 from academic_years ay where ay.school_id = ${schoolId}
      and ay.id = ${teachingGroups.yearId} and ay.status = 'closed')`,
  };
}

export type LessonFacts = {
  id: string; groupId: string; date: string; lessonNumber: number; staffId: string; classId: string | null; groupKind: string;
  subKind: string | null; substituteStaffId: string | null; groupTeacherId: string | null; periodId: string | null;
  periodClosed: boolean; reopenedUntil: string | null; editDays: number; yearClosed: boolean;
};

export type CellFacts = { inGroup: boolean; mark: number | null; att: 'absent' | 'late' | null; hasColumn: boolean };

/**
 * The lesson's facts in one query. `lock`: FOR UPDATE of the lesson row (one save of a lesson's journal at a time).
 * `cell`: also the student's cell in a column — in the group on the date?, the mark, the attendance, does the column exist.
 */
export async function lessonFacts(db: Q, { schoolId, lessonId, lock = false, cell }: {
  schoolId: string; lessonId: string; lock?: boolean; cell?: { studentId: string; column: number };
}): Promise<(LessonFacts & { cell?: CellFacts }) | undefined> {
  const rows = await factsQuery(lock, cell !== undefined)(db, { schoolId, lessonId, studentId: cell?.studentId, column: cell?.column });
  const r = rows[0];
  if (!r) return undefined;
  const { inGroup, mark, att, hasColumn, ...facts } = r;
  const base = { ...facts, periodClosed: Boolean(facts.periodClosed), yearClosed: Boolean(facts.yearClosed) } as LessonFacts;
  if (!cell) return base;
  return Object.assign(base, { cell: { inGroup: Boolean(inGroup), mark: mark == null ? null : Number(mark), att: (att ?? null) as CellFacts['att'], hasColumn: Boolean(hasColumn) } });
}

type FactsValues = { schoolId: string; lessonId: string; studentId: string | undefined; column: number | undefined };
type FactsRow = Omit<LessonFacts, 'periodClosed' | 'yearClosed'> & { periodClosed: unknown; yearClosed: unknown } & Partial<Record<'inGroup' | 'mark' | 'att' | 'hasColumn', unknown>>;

/** lessonFacts' four statements (with or without the row lock, with or without a cell), each built once (db/cached-query.ts). */
const factsQueries = new Map<string, (db: Q, values: FactsValues) => Promise<FactsRow[]>>();
function factsQuery(lock: boolean, withCell: boolean) {
  const key = `${lock} ${withCell}`;
  let query = factsQueries.get(key);
  if (!query) factsQueries.set(key, (query = cachedSelect<FactsValues, FactsRow>((db, p) => factsSelect(db, p, lock, withCell))));
  return query;
}

function factsSelect(db: Q, { schoolId, lessonId, studentId, column }: Placeholders<FactsValues>, lock: boolean, withCell: boolean) {
  const locks = lessonLockSql(schoolId);
  const query = db.select({
    id: lessons.id, groupId: lessons.groupId, date: lessons.date, lessonNumber: lessons.lessonNumber, staffId: lessons.staffId,
    classId: teachingGroups.classId, groupKind: teachingGroups.kind,
    subKind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId,
    groupTeacherId: sql<string | null>`(select gt.staff_id from group_teachers gt where gt.school_id = ${schoolId}
      and gt.group_id = ${lessons.groupId} and gt.starts_on <= ${lessons.date} and (gt.ends_on is null or gt.ends_on > ${lessons.date})
      order by gt.starts_on limit 1)`,
    periodId: locks.periodId,
    editDays: schools.journalEditDays,
    periodClosed: locks.periodClosed,
    reopenedUntil: locks.reopenedUntil,
    yearClosed: locks.yearClosed,
    ...(withCell ? cellColumns(schoolId, { studentId, column }) : {}),
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(schools, eq(schools.id, lessons.schoolId))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId))).limit(1);
  return (lock ? query.for('update', { of: lessons }) : query) as unknown as PromiseLike<FactsRow[]>;
}

/** The cell's state, as columns of the lesson query (see lessonFacts). */
function cellColumns(schoolId: Placeholder, { studentId, column }: { studentId: Placeholder; column: Placeholder }) {
  return {
    inGroup: sql<boolean>`${inGroupOnSql({ schoolId, studentId, groupId: lessons.groupId, kind: teachingGroups.kind, classId: teachingGroups.classId, date: lessons.date })}`,
    mark: sql<number | null>`(select m.value from marks m where m.school_id = ${schoolId} and m.lesson_id = ${lessons.id}
      and m.student_id = ${studentId} and m.column_no = ${column})`,
    att: sql<string | null>`(select a.kind from attendance a where a.school_id = ${schoolId} and a.lesson_id = ${lessons.id}
      and a.student_id = ${studentId})`,
    hasColumn: sql<boolean>`exists (select 1 from lesson_columns lc where lc.school_id = ${schoolId} and lc.lesson_id = ${lessons.id}
      and lc.column_no = ${column})`,
  };
}

/** The actor's edit mode for a lesson (see decideEdit), `what` = marks/attendance or plan (topic, homework, columns). */
export function editModeFor(actor: Actor, f: LessonFacts, today: string, what: 'marks' | 'plan'): EditMode {
  const sub = f.subKind ? { kind: f.subKind, substituteStaffId: f.substituteStaffId } : null;
  const lessonRight = canFillLesson({ staffId: actor.person.staffId, roles: actor.roles }, f, sub, f.groupTeacherId ?? undefined);
  return decideEdit({
    lessonRight, roles: actor.roles, lessonDate: f.date, today, editDays: f.editDays, periodClosed: f.periodClosed,
    reopenedUntil: f.reopenedUntil, cancelled: f.subKind === 'cancelled', what, yearClosed: f.yearClosed,
  });
}
