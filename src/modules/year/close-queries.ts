// The year-close checklist, computed live from the journal and the contingent book: what is still missing before the
// year may be closed. Each check is one statement over the year; the page shows counts and the first lines of each.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { inGroupOnSql } from '../curriculum/membership.ts';

type Q = Db | Tx;
type Where = { schoolId: string; yearId: string };

/** A student missing a mark in a group (a year mark, or a period's mark). */
export type MissingMark = { groupId: string; groupName: string; className: string | null; periodName: string | null; studentName: string };
export type UnfilledLesson = { lessonId: string; groupId: string; groupName: string; date: string; teacher: string; missing: string };
export type Undecided = { studentId: string; studentName: string; classId: string; className: string };

/**
 * The groups of the year with the day their year ends for them (the last period's end of their class's scheme; for a
 * group without a class, the year's last period end), and whether they are marked at all (grade 1 is not).
 */
const groupsOfYear = (w: Where) => sql`select g.id, g.name, g.kind, g.class_id, c.name as class_name,
    coalesce(c.grade, 0) <> 1 and g.lesson_kind in ('regular', 'elective', 'practice') as marked,
    coalesce((select max(p.ends_on) from periods p where p.school_id = c.school_id and p.scheme_id = c.scheme_id),
      (select max(p.ends_on) from periods p join period_schemes s on s.school_id = p.school_id and s.id = p.scheme_id
        where s.school_id = g.school_id and s.year_id = g.year_id)) as last_day
  from teaching_groups g left join classes c on c.school_id = g.school_id and c.id = g.class_id
  where g.school_id = ${w.schoolId} and g.year_id = ${w.yearId}`;

/** Candidates of a group on a day: the class's members (whole-class groups) or the group's members (subgroups, streams). */
const candidates = (w: Where) => sql`select g.id as group_id, cm.student_id from g
    join class_memberships cm on cm.school_id = ${w.schoolId} and g.kind = 'class' and cm.class_id = g.class_id
  union select g.id, gm.student_id from g join group_members gm on gm.school_id = ${w.schoolId} and g.kind <> 'class' and gm.group_id = g.id`;

const studentName = sql`s.last_name || ' ' || s.first_name`;

/** Students in a marked group on its last day without a year mark. */
export async function missingYearMarks(db: Q, w: Where): Promise<MissingMark[]> {
  return rowsOf<MissingMark>(await db.execute(sql`with g as (${groupsOfYear(w)}), cand as (${candidates(w)})
    select g.id as "groupId", g.name as "groupName", g.class_name as "className", null as "periodName", ${studentName} as "studentName"
    from g join cand on cand.group_id = g.id join students s on s.school_id = ${w.schoolId} and s.id = cand.student_id
    where g.marked and g.last_day is not null
      and ${inGroupOnSql({ schoolId: w.schoolId, studentId: sql`s.id`, groupId: sql`g.id`, kind: sql`g.kind`, classId: sql`g.class_id`, date: sql`g.last_day` })}
      and not exists (select 1 from period_marks pm where pm.school_id = ${w.schoolId} and pm.group_id = g.id
        and pm.student_id = s.id and pm.kind = 'year')
    order by g.class_name nulls last, g.name, s.last_name, s.first_name`));
}

/** Students in a marked group on a period's last day without that period's mark (periods that have ended by `today`). */
export async function missingPeriodMarks(db: Q, w: Where & { today: string }): Promise<MissingMark[]> {
  return rowsOf<MissingMark>(await db.execute(sql`with g as (${groupsOfYear(w)}), cand as (${candidates(w)}),
    gp as (select g.*, p.id as period_id, p.name as period_name, p.ordinal, p.ends_on from g
      join classes c on c.school_id = ${w.schoolId} and c.id = g.class_id
      join periods p on p.school_id = c.school_id and p.scheme_id = c.scheme_id where g.marked and p.ends_on <= ${w.today})
    select gp.id as "groupId", gp.name as "groupName", gp.class_name as "className", gp.period_name as "periodName",
      ${studentName} as "studentName"
    from gp join cand on cand.group_id = gp.id join students s on s.school_id = ${w.schoolId} and s.id = cand.student_id
    where ${inGroupOnSql({ schoolId: w.schoolId, studentId: sql`s.id`, groupId: sql`gp.id`, kind: sql`gp.kind`, classId: sql`gp.class_id`, date: sql`gp.ends_on` })}
      and not exists (select 1 from period_marks pm where pm.school_id = ${w.schoolId} and pm.group_id = gp.id
        and pm.student_id = s.id and pm.kind = 'period' and pm.period_id = gp.period_id)
    order by gp.class_name nulls last, gp.name, gp.ordinal, s.last_name, s.first_name`));
}

/**
 * Lessons of the year's last `days` days of study (up to today) that are not filled: no topic, or attendance not taken.
 * Cancelled lessons do not count.
 */
export async function unfilledLessons(db: Q, w: Where & { today: string; days: number }): Promise<UnfilledLesson[]> {
  return rowsOf<UnfilledLesson>(await db.execute(sql`with last as (
      select least(max(p.ends_on), ${w.today}::date) as day from periods p
        join period_schemes s on s.school_id = p.school_id and s.id = p.scheme_id where s.school_id = ${w.schoolId} and s.year_id = ${w.yearId})
    select l.id as "lessonId", g.id as "groupId", g.name as "groupName", l.date::text as "date",
      st.last_name || ' ' || left(st.first_name, 1) || '.' as "teacher",
      concat_ws(', ', case when coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null then 'тема' end,
        case when l.attendance_taken_at is null then 'посещаемость' end) as "missing"
    from lessons l join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
      join staff st on st.school_id = l.school_id and st.id = l.staff_id, last
    where l.school_id = ${w.schoolId} and g.year_id = ${w.yearId}
      and l.date > last.day - ${w.days}::int and l.date <= last.day
      and ((coalesce(btrim(l.topic), '') = '' and l.ktp_topic_id is null) or l.attendance_taken_at is null)
      and not exists (select 1 from substitutions sb where sb.school_id = l.school_id and sb.lesson_id = l.id and sb.kind = 'cancelled')
    order by l.date, g.name, l.lesson_number`));
}

/** Students still in a class of the year with no decision: their membership there has not ended (no promotion order). */
export async function undecidedStudents(db: Q, w: Where): Promise<Undecided[]> {
  return rowsOf<Undecided>(await db.execute(sql`select s.id as "studentId", ${studentName} as "studentName",
      c.id as "classId", c.name as "className"
    from class_memberships cm join classes c on c.school_id = cm.school_id and c.id = cm.class_id
      join students s on s.school_id = cm.school_id and s.id = cm.student_id
    where cm.school_id = ${w.schoolId} and c.year_id = ${w.yearId} and cm.ends_on is null
    order by c.grade nulls last, c.name, s.last_name, s.first_name`));
}
