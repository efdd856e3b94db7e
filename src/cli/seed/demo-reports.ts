// Demo data the load reports show whatever the demo's today (run after seedDemoJournal), in a tenant transaction:
// - homework load: in 5А, the homework due on the class's next school day from today (inclusive) is over the norm of
//   grade 5 (120 minutes): each group meeting that day got 35 minutes at its lesson before; in 6А one homework due on its
//   next school day has no minutes (counted apart);
// - control works: in 5Б, maths and Russian both planned as control works on the first later day they meet (a class's
//   day with two control works, in the current period);
// - mark accumulation needs nothing of its own: one-hour subjects (music, art) leave students with no marks in the
//   current period and fewer than two lessons left per missing mark — at risk of «н/а».
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { NO_HOMEWORK } from '../../modules/journal/rules.ts';
import { todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';

export const DEMO_HOMEWORK_MINUTES = 35;

export async function seedDemoReports(db: Db, built: Pick<BuiltSchool, 'schoolId' | 'classes'>): Promise<void> {
  const today = todayIso();
  const { schoolId } = built;
  await withSchool(db, schoolId, async (tx) => {
    const class5a = built.classes.get('5А');
    const class6a = built.classes.get('6А');
    const class5b = built.classes.get('5Б');
    if (class5a) await homeworkBefore(tx, schoolId, class5a, today, sql`${DEMO_HOMEWORK_MINUTES}`, null);
    if (class6a) await homeworkBefore(tx, schoolId, class6a, today, sql`null`, 1);
    if (class5b) await twoControlWorks(tx, schoolId, class5b, today);
  });
}

/** Lessons of the class's groups (not cancelled) as a SQL source. */
const classLessons = (schoolId: string, classId: string) => sql`select l.id, l.group_id, l.date, g.subject_id from lessons l
  join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
  where l.school_id = ${schoolId} and g.class_id = ${classId}
    and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id and s.kind = 'cancelled')`;

/**
 * The class's next school day from today (D), and for the groups meeting on D their latest lesson before D: homework
 * (kept, or a text where there was none or «без задания») with these minutes — for `limit` groups (null: all of them).
 */
async function homeworkBefore(tx: Tx, schoolId: string, classId: string, today: string, minutes: ReturnType<typeof sql>, limit: number | null) {
  await tx.execute(sql`
    with cl as (${classLessons(schoolId, classId)}),
    d as (select min(date) as date from cl where date >= ${today}::date),
    prev as (
      select distinct on (cl.group_id) cl.id from cl, d
      where cl.group_id in (select group_id from cl where cl.date = d.date) and cl.date < d.date
      order by cl.group_id, cl.date desc
      ${limit === null ? sql`` : sql`limit ${limit}`}
    )
    update lessons l set homework = case when coalesce(btrim(l.homework), '') in ('', ${NO_HOMEWORK}) then 'Подготовить пересказ параграфа, выучить правило'
        else l.homework end,
      homework_minutes = ${minutes}, updated_at = now()
    where l.school_id = ${schoolId} and l.id in (select id from prev)`);
}

/** Maths and Russian of the class both control works on the first day after today when both meet. */
async function twoControlWorks(tx: Tx, schoolId: string, classId: string, today: string) {
  const subjectsOf = sql`(select id from subjects where school_id = ${schoolId} and name in ('Математика', 'Русский язык'))`;
  const rows = rowsOf<{ date: string }>(await tx.execute(sql`
    with cl as (${classLessons(schoolId, classId)})
    select date::text as date from cl where date > ${today}::date and subject_id in ${subjectsOf}
    group by date having count(distinct subject_id) = 2 order by date limit 1`));
  const day = rows[0]?.date;
  if (!day) return;
  await tx.execute(sql`
    update lessons l set control_work = true, updated_at = now()
    where l.school_id = ${schoolId} and l.date = ${day}::date and l.id in (
      select distinct on (cl.subject_id) cl.id from (${classLessons(schoolId, classId)}) cl
      where cl.date = ${day}::date and cl.subject_id in ${subjectsOf} order by cl.subject_id, cl.id)`);
}
