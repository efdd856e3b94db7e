// Laying lessons out over the year: the plan (layout-rules.ts) compared with the lessons that exist, written set-based.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { ktpTopics } from '../curriculum/schema.ts';
import { fillTopicsFromKtp, type FillBy } from '../ktp/fill.ts';
import { academicYears, holidays, schoolClasses, transferredDays } from '../setup/schema.ts';
import type { YearCalendar } from './calendar.ts';
import { diffLayout, planLessons, type ExistingLesson } from './layout-rules.ts';
import { lessons } from './schema.ts';
import { slotsInForce } from './timetable-queries.ts';

type Q = Db | Tx;
const BATCH = 1000;

export type LayoutResult = { created: number; updated: number; kept: number; flagged: number; removed: number; ms: number };

/**
 * Where a lesson's content lives: each entry selects the ids of the school's lessons holding something entered by people
 * (a teacher-typed topic, work done, homework, control work, an extra lesson; a substitution; the journal's marks, mark
 * columns, attendance and individual homework). Re-laying out never deletes such a lesson: it is kept and flagged.
 * Set-based: one query per source, no per-lesson look-ups.
 */
export const LESSON_CONTENT_SOURCES: Array<(schoolId: string) => SQL> = [
  (schoolId) => sql`select id as lesson_id from lessons where school_id = ${schoolId} and (topic_overridden or coalesce(work_done, '') <> ''
    or coalesce(homework, '') <> '' or control_work or origin = 'extra')`,
  (schoolId) => sql`select lesson_id from substitutions where school_id = ${schoolId}`,
  // A mark sits in a column, so the columns cover the marks; both are listed so that neither is ever missed.
  (schoolId) => sql`select distinct lesson_id from lesson_columns where school_id = ${schoolId}`,
  (schoolId) => sql`select distinct lesson_id from marks where school_id = ${schoolId}`,
  (schoolId) => sql`select distinct lesson_id from attendance where school_id = ${schoolId}`,
  (schoolId) => sql`select distinct lesson_id from individual_homework where school_id = ${schoolId}`,
];

/** SQL condition on `lessons` (a query of one school's lessons): the lesson holds content (see LESSON_CONTENT_SOURCES). */
export function lessonHasContent(schoolId: string): SQL {
  return sql`${lessons.id} in (${sql.join(LESSON_CONTENT_SOURCES.map((src) => sql`(${src(schoolId)})`), sql` union `)})`;
}

/** The year's calendar: dates, holidays, transferred days. */
export async function yearCalendar(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }): Promise<YearCalendar | undefined> {
  const [year] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId)));
  if (!year) return undefined;
  const [hs, ts] = await Promise.all([
    db.select().from(holidays).where(and(eq(holidays.schoolId, schoolId), eq(holidays.yearId, yearId))),
    db.select().from(transferredDays).where(and(eq(transferredDays.schoolId, schoolId), eq(transferredDays.yearId, yearId))),
  ]);
  return {
    startsOn: year.startsOn, endsOn: year.endsOn,
    holidays: hs.map((h) => ({ startsOn: h.startsOn, endsOn: h.endsOn, grades: h.grades })),
    transfers: ts.map((t) => ({ date: t.date, worksAs: t.worksAs })),
  };
}

async function existingLessons(db: Q, schoolId: string, yearGroups: ReadonlySet<string>, cal: YearCalendar): Promise<ExistingLesson[]> {
  // Raw rows (no per-row mapping): ~50,000 lessons for a whole school. Dates travel as text on pg and PGlite alike.
  // No joins: right after a bulk insert the planner's statistics are stale and a join can turn into a nested loop
  // (seconds for 50,000 rows). The content ids come from separate simple queries; the year's groups filter in memory.
  const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
  const content = new Set<string>();
  for (const src of LESSON_CONTENT_SOURCES) {
    for (const r of rowsOf<{ lesson_id: string }>(await db.execute(src(schoolId)))) content.add(r.lesson_id);
  }
  const res = await db.execute(sql`select l.id, l.group_id as "groupId", l.date::text as date, l.lesson_number as "lessonNumber",
      l.staff_id as "staffId", l.room, l.slot_id as "slotId", l.origin, l.off_timetable as "offTimetable"
    from lessons l where l.school_id = ${schoolId} and l.date between ${cal.startsOn} and ${cal.endsOn}`);
  return rowsOf<Omit<ExistingLesson, 'hasContent'>>(res).filter((l) => yearGroups.has(l.groupId)).map((l) => ({ ...l, hasContent: content.has(l.id) }));
}

/** Columns as text arrays, cast back in SQL: `unnest($1::text[], …) as u(…)` — one parameter per column, same on pg and PGlite. */
function unnestOf(columns: ReadonlyArray<[string, string]>, rows: ReadonlyArray<Record<string, unknown>>): SQL {
  const arrays = columns.map(([key]) => sql`${sql.param(rows.map((r) => (r[key] == null ? null : String(r[key]))))}::text[]`);
  return sql`unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(columns.map(([key]) => key).join(', '))})`;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/**
 * Lays the year's lessons out from the timetable versions and the calendar: creates missing lessons, renews teacher and
 * room of untouched ones, deletes empty lessons no longer on the timetable and flags (off_timetable) those holding content,
 * then fills topics from the КТП on the lessons not given yet (`by`: who lays out, and today; each topic audited).
 * Run it inside withSchool. Laying out twice changes nothing.
 */
export async function layoutLessons(tx: Q, { schoolId, yearId }: { schoolId: string; yearId: string }, by: FillBy): Promise<LayoutResult> {
  const started = performance.now();
  const cal = await yearCalendar(tx, { schoolId, yearId });
  if (!cal) throw new Error('layoutLessons: no such year');
  const [versions, groups] = await Promise.all([
    slotsInForce(tx, { schoolId, yearId }),
    tx.select({ id: teachingGroups.id, grade: schoolClasses.grade }).from(teachingGroups)
      .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
      .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId))),
  ]);
  const grades = new Map(groups.map((g) => [g.id, g.grade ?? null]));
  const planned = planLessons(cal, versions, (id) => grades.get(id) ?? null);
  const diff = diffLayout(planned, await existingLessons(tx, schoolId, new Set(grades.keys()), cal));

  for (const part of chunks(diff.create)) {
    const u = unnestOf([['group_id', 'uuid'], ['date', 'date'], ['lesson_number', 'integer'], ['staff_id', 'uuid'], ['room', 'text'], ['slot_id', 'uuid']],
      part.map((l) => ({ group_id: l.groupId, date: l.date, lesson_number: l.lessonNumber, staff_id: l.staffId, room: l.room, slot_id: l.slotId })));
    await tx.execute(sql`insert into lessons (school_id, group_id, date, lesson_number, staff_id, room, slot_id, origin)
      select ${schoolId}::uuid, u.group_id::uuid, u.date::date, u.lesson_number::integer, u.staff_id::uuid, u.room, u.slot_id::uuid, 'timetable' from ${u}`);
  }
  for (const part of chunks(diff.update)) {
    const u = unnestOf([['id', 'uuid'], ['staff_id', 'uuid'], ['room', 'text'], ['slot_id', 'uuid'], ['off', 'boolean']],
      part.map((x) => ({ id: x.id, staff_id: x.staffId, room: x.room, slot_id: x.slotId, off: x.offTimetable })));
    await tx.execute(sql`update lessons l set staff_id = u.staff_id::uuid, room = u.room, slot_id = u.slot_id::uuid, off_timetable = u.off::boolean,
      updated_at = now() from ${u} where l.school_id = ${schoolId} and l.id = u.id::uuid`);
  }
  for (const part of chunks(diff.flag)) {
    await tx.update(lessons).set({ offTimetable: true, slotId: null, updatedAt: sql`now()` })
      .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, part)));
  }
  for (const part of chunks(diff.remove)) {
    await tx.delete(lessons).where(and(eq(lessons.schoolId, schoolId), inArray(lessons.id, part)));
  }
  await fillFromKtp(tx, by, schoolId, yearId);
  return {
    created: diff.create.length, updated: diff.update.length, kept: diff.kept, flagged: diff.flag.length + diff.alreadyFlagged,
    removed: diff.remove.length, ms: Math.round(performance.now() - started),
  };
}

/** Topics from the КТП for every group of the year that has one (H2's fillTopicsFromKtp). */
async function fillFromKtp(tx: Q, by: FillBy, schoolId: string, yearId: string): Promise<void> {
  const withKtp = await tx.selectDistinct({ groupId: ktpTopics.groupId }).from(ktpTopics)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, ktpTopics.schoolId), eq(teachingGroups.id, ktpTopics.groupId)))
    .where(and(eq(ktpTopics.schoolId, schoolId), eq(teachingGroups.yearId, yearId)));
  for (const { groupId } of withKtp) await fillTopicsFromKtp(tx, by, { schoolId, groupId });
}
