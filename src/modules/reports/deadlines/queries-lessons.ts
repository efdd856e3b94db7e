// What the lesson deadlines read, live: the held lessons of the year up to today that may break one (every lesson of the
// current control month — its late homework and marks come from the audit trail — and older ones only when something is
// still missing), the first time each one's homework was written, and each current mark's first entry.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';

type Q = Db | Tx;
export type LessonQuery = { schoolId: string; yearStart: string; windowStart: string; today: string; timeZone: string; staffId: string | null };

export type DueLesson = {
  id: string; date: string; lessonNumber: number; owner: string; groupName: string; subjectName: string;
  classId: string | null; className: string | null; endsAt: string | null;
  topicMissing: boolean; homeworkMissing: boolean; attendanceTaken: boolean; control: boolean; hasMarks: boolean;
};

const ownerSql = sql`coalesce(s.substitute_staff_id, l.staff_id)`;

export async function dueLessons(db: Q, q: LessonQuery): Promise<DueLesson[]> {
  const rows = await db.execute(sql`
    select l.id, l.date::text as date, l.lesson_number as "lessonNumber", ${ownerSql} as owner, g.name as "groupName",
      sj.name as "subjectName", c.id as "classId", c.name as "className", to_char(b.ends_at, 'HH24:MI') as "endsAt",
      (coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null) as "topicMissing",
      (coalesce(btrim(l.homework), '') = '') as "homeworkMissing",
      (l.attendance_taken_at is not null) as "attendanceTaken",
      (l.control_work or l.id in (select lc.lesson_id from lesson_columns lc join work_types w on w.school_id = lc.school_id
        and w.id = lc.work_type_id where lc.school_id = ${q.schoolId} and w.is_control)) as control,
      exists (select 1 from marks m where m.school_id = l.school_id and m.lesson_id = l.id) as "hasMarks"
    from lessons l
    join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
    join subjects sj on sj.school_id = g.school_id and sj.id = g.subject_id
    left join classes c on c.school_id = g.school_id and c.id = g.class_id
    left join substitutions s on s.school_id = l.school_id and s.lesson_id = l.id
    left join bell_schedules bs on bs.school_id = l.school_id and bs.shift = coalesce(c.shift, 1)
    left join bells b on b.school_id = l.school_id and b.schedule_id = bs.id and b.lesson_number = l.lesson_number
    where l.school_id = ${q.schoolId} and l.date between ${q.yearStart}::date and ${q.today}::date
      and (s.kind is null or s.kind <> 'cancelled')
      ${q.staffId ? sql`and ${ownerSql} = ${q.staffId}::uuid` : sql``}
      and (l.date >= ${q.windowStart}::date or coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null
        or coalesce(btrim(l.homework), '') = '' or l.attendance_taken_at is null or l.control_work
        or l.id in (select lc.lesson_id from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
          where lc.school_id = ${q.schoolId} and w.is_control))
    order by l.date, l.lesson_number`);
  return rowsOf<DueLesson>(rows).map((r) => ({ ...r, lessonNumber: Number(r.lessonNumber) }));
}

/** Per lesson of the control month: when its homework was first written non-empty (local 'YYYY-MM-DD HH:MM'). */
export async function homeworkWritten(db: Q, q: LessonQuery): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; at: string }>(await db.execute(sql`
    select a.entity_id as id, to_char(min(a.at) at time zone ${q.timeZone}, 'YYYY-MM-DD HH24:MI') as at
    from audit_events a
    where a.school_id = ${q.schoolId} and a.entity = 'lesson' and a.action = 'update'
      and coalesce(btrim(a.new_value ->> 'homework'), '') <> ''
      and a.entity_id in (select l.id::text from lessons l where l.school_id = ${q.schoolId}
        and l.date between ${q.windowStart}::date and ${q.today}::date)
    group by a.entity_id`));
  return new Map(rows.map((r) => [r.id, r.at]));
}

/**
 * Each current mark of the control month's lessons: the school date of its first entry (the earliest 'mark' audit row that
 * set a value; none for imported or seeded marks) and whether its column is a control work. Marks without an audit row
 * are left out (they cannot be judged).
 */
export async function markEntries(db: Q, q: LessonQuery): Promise<Map<string, Array<{ enteredOn: string; control: boolean }>>> {
  // A join, not a sub-select per mark: the planner hashes the (usually few) mark audit rows or probes them per mark.
  const rows = rowsOf<{ lessonId: string; enteredOn: string; control: boolean }>(await db.execute(sql`
    select m.lesson_id as "lessonId", w.is_control as control, (min(a.at) at time zone ${q.timeZone})::date::text as "enteredOn"
    from marks m
    join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
    join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
    join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
    join audit_events a on a.school_id = m.school_id and a.entity = 'mark' and a.action in ('create', 'update')
      and a.entity_id = m.lesson_id::text || ':' || m.student_id::text || ':' || m.column_no::text
    where m.school_id = ${q.schoolId} and l.date between ${q.windowStart}::date and ${q.today}::date
    group by m.lesson_id, m.student_id, m.column_no, w.is_control`));
  const out = new Map<string, Array<{ enteredOn: string; control: boolean }>>();
  for (const r of rows) {
    if (!r.enteredOn) continue;
    const list = out.get(r.lessonId) ?? [];
    list.push({ enteredOn: r.enteredOn, control: r.control });
    out.set(r.lessonId, list);
  }
  return out;
}
