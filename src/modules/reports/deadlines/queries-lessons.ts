// What the lesson deadlines read, live: the held lessons of the year up to today that may break one (every lesson of the
// current control month — its late homework and marks come from the audit trail — and older ones only when something is
// still missing: a topic, homework, attendance, or a control work's marks), the first time each one's homework was
// written, and each current mark's first entry.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { controlWorksPerPeriod, yearControlLessons, type ControlWorks } from './control-lessons.ts';

type Q = Db | Tx;
export type LessonQuery = { schoolId: string; yearStart: string; windowStart: string; today: string; timeZone: string; staffId: string | null };

export type DueLesson = {
  id: string; date: string; lessonNumber: number; owner: string; groupName: string; subjectName: string;
  classId: string | null; className: string | null; endsAt: string | null;
  topicMissing: boolean; homeworkMissing: boolean; attendanceTaken: boolean; control: boolean;
  /** Whether the lesson has any mark — read for control lessons only (false for the others: no rule asks). */
  hasMarks: boolean;
};

const ownerSql = sql`coalesce(s.substitute_staff_id, l.staff_id)`;

/** A text array literal for an array parameter (uuids, numbers, ISO dates: nothing to quote). */
const pgArray = (items: readonly string[]) => `{${items.join(',')}}`;

const topicMissing = sql`(coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null)`;
const homeworkMissing = sql`(coalesce(btrim(l.homework), '') = '')`;
/** The predicate of the partial index lessons_incomplete (schedule/schema.ts), word for word so the planner uses it. */
const incomplete = sql`((coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null) or coalesce(btrim(l.homework), '') = ''
  or l.attendance_taken_at is null)`;

/**
 * The lessons that may break a deadline: those still lacking a topic, homework or attendance (the partial index); the
 * control lessons of the control month and the older ones still without a mark; and the lessons with entries in the audit
 * trail since the month began (`withEntries`: late homework, late marks). A complete lesson without any of these breaks
 * nothing, so it is not read. In the same statement (the control lessons are discovered once): the control works per group
 * and period beyond `atLeast` (control-lessons.ts). Both come back as JSON, one value each, not thousands of rows.
 */
export async function dueLessons(db: Q, q: LessonQuery & { yearId: string }, withEntries: readonly string[], atLeast: number)
  : Promise<{ lessons: DueLesson[]; works: ControlWorks[] }> {
  const [row] = rowsOf<{ lessons: DueLesson[]; works: ControlWorks[] }>(await db.execute(sql`
    with ctl as materialized (${yearControlLessons(q)}),
    due as (
      select l.id from lessons l where l.school_id = ${q.schoolId} and l.date between ${q.yearStart}::date and ${q.today}::date and ${incomplete}
      union select ctl.id from ctl where ctl.date <= ${q.today}::date and (ctl.date >= ${q.windowStart}::date or not ctl.has_marks)
      union select unnest(${pgArray(withEntries)}::uuid[])),
    lesson_rows as (
      select l.id, l.date::text as date, l.lesson_number as "lessonNumber", ${ownerSql} as owner, g.name as "groupName",
        sj.name as "subjectName", c.id as "classId", c.name as "className", to_char(b.ends_at, 'HH24:MI') as "endsAt",
        ${topicMissing} as "topicMissing", ${homeworkMissing} as "homeworkMissing",
        (l.attendance_taken_at is not null) as "attendanceTaken", (ctl.id is not null) as control,
        coalesce(ctl.has_marks, false) as "hasMarks"
      from due
      join lessons l on l.school_id = ${q.schoolId} and l.id = due.id
      left join ctl on ctl.id = l.id
      join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
      join subjects sj on sj.school_id = g.school_id and sj.id = g.subject_id
      left join classes c on c.school_id = g.school_id and c.id = g.class_id
      left join substitutions s on s.school_id = l.school_id and s.lesson_id = l.id
      left join bell_schedules bs on bs.school_id = l.school_id and bs.shift = coalesce(c.shift, 1)
      left join bells b on b.school_id = l.school_id and b.schedule_id = bs.id and b.lesson_number = l.lesson_number
      where l.date between ${q.yearStart}::date and ${q.today}::date and (s.kind is null or s.kind <> 'cancelled')
        ${q.staffId ? sql`and ${ownerSql} = ${q.staffId}::uuid` : sql``}),
    works as (${controlWorksPerPeriod(q, atLeast)})
    select (select coalesce(json_agg(r order by r.date, r."lessonNumber"), '[]'::json) from lesson_rows r) as lessons,
      (select coalesce(json_agg(w), '[]'::json) from works w) as works`));
  return { lessons: row?.lessons ?? [], works: row?.works ?? [] };
}

/**
 * The first audit row of each entity of a kind that has a row since the control month began (a CTE body: entity_id, at).
 * Exact for the control month's lessons: an entity whose every row is older was entered before the month, hence before
 * its lesson day, and breaks no deadline; for the others the minimum runs over all their rows (audit_events_entity_at,
 * then audit_events_entity).
 */
function firstEntries(q: LessonQuery, entity: string, where: SQL): SQL {
  return sql`select a.entity_id, min(a.at) as at from audit_events a
    where a.school_id = ${q.schoolId} and a.entity = ${entity} and ${where}
      and a.entity_id in (select r.entity_id from audit_events r where r.school_id = ${q.schoolId} and r.entity = ${entity}
        and r.at >= (${q.windowStart}::date::timestamp at time zone ${q.timeZone}))
    group by a.entity_id`;
}

/** Per lesson of the control month: when its homework was first written non-empty (local 'YYYY-MM-DD HH:MM'). */
export async function homeworkWritten(db: Q, q: LessonQuery): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; at: string }>(await db.execute(sql`
    with f as (${firstEntries(q, 'lesson', sql`a.action = 'update' and coalesce(btrim(a.new_value ->> 'homework'), '') <> ''`)})
    select l.id, to_char(f.at at time zone ${q.timeZone}, 'YYYY-MM-DD HH24:MI') as at
    from f join lessons l on l.school_id = ${q.schoolId} and l.id::text = f.entity_id
    where l.date between ${q.windowStart}::date and ${q.today}::date`));
  return new Map(rows.map((r) => [r.id, r.at]));
}

const ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9])$/;

/**
 * Each current mark of the control month's lessons: the school date of its first entry (the earliest 'mark' audit row that
 * set a value; none for imported or seeded marks) and whether its column is a control work. Marks without an audit row
 * since the month began are left out (no deadline of theirs can be broken, see firstEntries).
 */
export async function markEntries(db: Q, q: LessonQuery): Promise<Map<string, Array<{ enteredOn: string; control: boolean }>>> {
  const firsts = rowsOf<{ entityId: string; on: string }>(await db.execute(sql`
    with f as (${firstEntries(q, 'mark', sql`a.action in ('create', 'update')`)})
    select f.entity_id as "entityId", (f.at at time zone ${q.timeZone})::date::text as on from f`));
  // The entity id is 'lesson:student:column'; the marks are then read by their key, one index probe per entry (an array
  // parameter: the planner takes it for a few rows, never a scan of the month's marks).
  const keys = firsts.flatMap((f) => { const m = ENTRY.exec(f.entityId); return m ? [{ lesson: m[1]!, student: m[2]!, column: m[3]!, on: f.on }] : []; });
  const out = new Map<string, Array<{ enteredOn: string; control: boolean }>>();
  if (keys.length === 0) return out;
  const rows = rowsOf<{ lessonId: string; enteredOn: string; control: boolean }>(await db.execute(sql`
    select m.lesson_id as "lessonId", w.is_control as control, k.entered_on as "enteredOn"
    from unnest(${pgArray(keys.map((k) => k.lesson))}::uuid[], ${pgArray(keys.map((k) => k.student))}::uuid[],
      ${pgArray(keys.map((k) => k.column))}::smallint[], ${pgArray(keys.map((k) => k.on))}::text[]) as k(lesson_id, student_id, column_no, entered_on)
    join marks m on m.school_id = ${q.schoolId} and m.lesson_id = k.lesson_id and m.student_id = k.student_id and m.column_no = k.column_no
    join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
    join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
    join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
    where l.date between ${q.windowStart}::date and ${q.today}::date`));
  for (const r of rows) {
    const list = out.get(r.lessonId) ?? [];
    list.push({ enteredOn: r.enteredOn, control: r.control });
    out.set(r.lessonId, list);
  }
  return out;
}
