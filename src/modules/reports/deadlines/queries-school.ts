// What the deadlines beyond single lessons read, live: absences still without a reason, period marks missing,
// contingent orders, the accounts of students and staff, and when each family was last informed (a week acknowledged,
// the diary opened, a digest sent). Dates come back as ISO text in the school's zone. Control works: control-lessons.ts.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';

type Q = Db | Tx;
export type SchoolQuery = { schoolId: string; yearId: string; yearStart: string; today: string; timeZone: string };

const studentName = sql`st.last_name || ' ' || st.first_name`;
const localDate = (col: ReturnType<typeof sql>, tz: string) => sql`(${col} at time zone ${tz})::date::text`;

/** Absences without a reason, one row per student and day (with how many lessons), before today. */
export async function absences(db: Q, q: SchoolQuery) {
  return rowsOf<{ studentId: string; student: string; date: string; lessons: number; classId: string | null; className: string | null; classTeacherId: string | null }>(
    await db.execute(sql`
      select a.student_id as "studentId", ${studentName} as student, l.date::text as date, count(*)::int as lessons,
        c.id as "classId", c.name as "className", c.class_teacher_id as "classTeacherId"
      from attendance a
      join lessons l on l.school_id = a.school_id and l.id = a.lesson_id
      join students st on st.school_id = a.school_id and st.id = a.student_id
      left join class_memberships cm on cm.school_id = a.school_id and cm.student_id = a.student_id
        and cm.starts_on <= l.date and (cm.ends_on is null or cm.ends_on > l.date)
      left join classes c on c.school_id = cm.school_id and c.id = cm.class_id
      where a.school_id = ${q.schoolId} and a.kind = 'absent' and a.reason is null and l.date between ${q.yearStart}::date and ${q.today}::date - 1
      group by a.student_id, st.last_name, st.first_name, l.date, c.id, c.name, c.class_teacher_id`));
}

/**
 * Roster of each group of a class on the last day of each of its periods whose marks were due before today (end + 2 days):
 * the class list for whole-class groups, the group's members otherwise. The 1st grade gets no marks: left out.
 */
const rosterOnEnd = (q: SchoolQuery) => sql`(
  select g.id as group_id, p.id as period_id, cm.student_id from teaching_groups g
    join classes c on c.school_id = g.school_id and c.id = g.class_id
    join periods p on p.school_id = c.school_id and p.scheme_id = c.scheme_id and p.ends_on + 2 < ${q.today}::date
    join class_memberships cm on cm.school_id = g.school_id and cm.class_id = c.id and cm.starts_on <= p.ends_on and (cm.ends_on is null or cm.ends_on > p.ends_on)
    where g.school_id = ${q.schoolId} and g.year_id = ${q.yearId} and g.kind = 'class' and coalesce(c.grade, 2) >= 2
  union
  select g.id, p.id, gm.student_id from teaching_groups g
    join classes c on c.school_id = g.school_id and c.id = g.class_id
    join periods p on p.school_id = c.school_id and p.scheme_id = c.scheme_id and p.ends_on + 2 < ${q.today}::date
    join group_members gm on gm.school_id = g.school_id and gm.group_id = g.id and gm.starts_on <= p.ends_on and (gm.ends_on is null or gm.ends_on > p.ends_on)
    where g.school_id = ${q.schoolId} and g.year_id = ${q.yearId} and g.kind <> 'class' and coalesce(c.grade, 2) >= 2)`;

export const teacherOn = (date: unknown) => sql`(select gt.staff_id from group_teachers gt where gt.school_id = g.school_id and gt.group_id = g.id
  and gt.starts_on <= ${date} and (gt.ends_on is null or gt.ends_on > ${date}) order by gt.starts_on desc limit 1)`;

/** Per group (of a class) and period whose marks were due before today (its end + 2 days): the students without one. */
export async function missingPeriodMarks(db: Q, q: SchoolQuery) {
  return rowsOf<{ groupName: string; subjectName: string; classId: string; className: string; periodName: string; endsOn: string; missing: number; owner: string | null }>(
    await db.execute(sql`
      with missing as (
        select r.group_id, r.period_id, count(*)::int as n from ${rosterOnEnd(q)} r
        where not exists (select 1 from period_marks pm where pm.school_id = ${q.schoolId} and pm.group_id = r.group_id
          and pm.student_id = r.student_id and pm.kind = 'period' and pm.period_id = r.period_id)
        group by r.group_id, r.period_id)
      select g.name as "groupName", sj.name as "subjectName", c.id as "classId", c.name as "className", p.name as "periodName",
        p.ends_on::text as "endsOn", mi.n as missing, ${teacherOn(sql`p.ends_on`)} as owner
      from missing mi
      join teaching_groups g on g.school_id = ${q.schoolId} and g.id = mi.group_id
      join classes c on c.school_id = g.school_id and c.id = g.class_id
      join subjects sj on sj.school_id = g.school_id and sj.id = g.subject_id
      join periods p on p.school_id = g.school_id and p.id = mi.period_id`));
}

/** Posted orders of the year's movements dated more than 3 days after the movement. */
export async function lateOrders(db: Q, q: SchoolQuery) {
  return rowsOf<{ number: string; orderDate: string; kind: string; effectiveOn: string; student: string; className: string | null }>(await db.execute(sql`
    select o.number, o.date::text as "orderDate", o.kind, oi.effective_on::text as "effectiveOn", ${studentName} as student,
      coalesce(tc.name, fc.name) as "className"
    from order_items oi
    join orders o on o.school_id = oi.school_id and o.id = oi.order_id
    join students st on st.school_id = oi.school_id and st.id = oi.student_id
    left join classes tc on tc.school_id = oi.school_id and tc.id = oi.to_class_id
    left join classes fc on fc.school_id = oi.school_id and fc.id = oi.from_class_id
    where oi.school_id = ${q.schoolId} and o.status = 'posted' and oi.effective_on between ${q.yearStart}::date and ${q.today}::date
      and o.date > oi.effective_on + 3`));
}

/** The students in a class of the year today: arrival (first day in a class of the year), card and account dates. */
export async function studentAccounts(db: Q, q: SchoolQuery) {
  return rowsOf<{ student: string; classId: string; className: string; classTeacherId: string | null; arrivedOn: string; cardOn: string; accountOn: string | null }>(
    await db.execute(sql`
      select ${studentName} as student, c.id as "classId", c.name as "className", c.class_teacher_id as "classTeacherId",
        (select min(cm2.starts_on) from class_memberships cm2 join classes c2 on c2.school_id = cm2.school_id and c2.id = cm2.class_id
          where cm2.school_id = st.school_id and cm2.student_id = st.id and c2.year_id = ${q.yearId})::text as "arrivedOn",
        ${localDate(sql`st.created_at`, q.timeZone)} as "cardOn", ${localDate(sql`m.created_at`, q.timeZone)} as "accountOn"
      from class_memberships cm
      join classes c on c.school_id = cm.school_id and c.id = cm.class_id and c.year_id = ${q.yearId}
      join students st on st.school_id = cm.school_id and st.id = cm.student_id
      left join memberships m on m.school_id = st.school_id and m.student_id = st.id
      where cm.school_id = ${q.schoolId} and cm.starts_on <= ${q.today}::date and (cm.ends_on is null or cm.ends_on > ${q.today}::date)`));
}

/** Staff cards with the date of the card and of the account (null: none yet). */
export async function staffAccounts(db: Q, q: SchoolQuery) {
  return rowsOf<{ name: string; cardOn: string; accountOn: string | null }>(await db.execute(sql`
    select s.last_name || ' ' || s.first_name as name, ${localDate(sql`s.created_at`, q.timeZone)} as "cardOn",
      ${localDate(sql`m.created_at`, q.timeZone)} as "accountOn"
    from staff s left join memberships m on m.school_id = s.school_id and m.staff_id = s.id
    where s.school_id = ${q.schoolId}`));
}

/** Students in a class today who have a guardian, with the last day a guardian was informed (null: never). */
export async function familiesInformed(db: Q, q: SchoolQuery) {
  const tz = q.timeZone;
  return rowsOf<{ student: string; classId: string; className: string; classTeacherId: string | null; arrivedOn: string; lastOn: string | null }>(
    await db.execute(sql`
      with kids as (
        select st.id, ${studentName} as student, c.id as class_id, c.name as class_name, c.class_teacher_id, cm.starts_on
        from class_memberships cm
        join classes c on c.school_id = cm.school_id and c.id = cm.class_id and c.year_id = ${q.yearId}
        join students st on st.school_id = cm.school_id and st.id = cm.student_id
        where cm.school_id = ${q.schoolId} and cm.starts_on <= ${q.today}::date and (cm.ends_on is null or cm.ends_on > ${q.today}::date)
          and exists (select 1 from student_guardians sg where sg.school_id = st.school_id and sg.student_id = st.id)
      ),
      informed as (
        select da.student_id, max(da.acknowledged_at) as at from diary_acknowledgements da where da.school_id = ${q.schoolId} group by 1
        union all
        select dv.student_id, max(dv.last_at) from diary_views dv
          join memberships m on m.school_id = dv.school_id and m.account_id = dv.account_id and m.guardian_id is not null
          join student_guardians sg on sg.school_id = m.school_id and sg.guardian_id = m.guardian_id and sg.student_id = dv.student_id
          where dv.school_id = ${q.schoolId} group by 1
        union all
        select sg.student_id, max(o.sent_at) from outbox o
          join student_guardians sg on sg.school_id = o.school_id and sg.guardian_id::text = split_part(o.dedupe_key, ':', 2)
          where o.school_id = ${q.schoolId} and o.kind = 'digest' and o.sent_at is not null group by 1
      )
      select k.student, k.class_id as "classId", k.class_name as "className", k.class_teacher_id as "classTeacherId",
        greatest(k.starts_on, ${q.yearStart}::date)::text as "arrivedOn",
        (select ${localDate(sql`max(i.at)`, tz)} from informed i where i.student_id = k.id) as "lastOn"
      from kids k`));
}
