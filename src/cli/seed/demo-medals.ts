// The demo's medal and distinction candidates this year (run after seedDemoPreviousYear): the three 11th graders whose
// grade-10 marks make a first-degree candidate, a second-degree one and a near-candidate get «5» in every mark of this
// year; in 9А the first student by name does too (a candidate for the аттестат с отличием by the forecast), and in 9Б the
// first student by name as well, but «3» in chemistry (near: «Химия 9 кл. — 3 (прогноз)»). Their period marks of the
// periods closed match (5, or 3 in that chemistry). A group where such a student has no mark yet before today gets a «5»
// in its latest lesson before today that was not cancelled and that they did not miss — so the forecast has something to
// go on in any month after the first lessons.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { students } from '../../modules/people/schema.ts';
import { todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';
import type { PreviousYear } from './demo-previous-year.ts';
import { idList } from '../../modules/reports/load-lookups.ts';

/** The subject the 9Б near-candidate has «3» in. */
export const NEAR_9_SUBJECT = 'Химия';

export async function seedDemoMedals(db: Db, built: BuiltSchool, previous: PreviousYear): Promise<void> {
  await withSchool(db, built.schoolId, (tx) => seed(tx, built, previous));
}

async function seed(tx: Tx, built: BuiltSchool, previous: PreviousYear): Promise<void> {
  const { schoolId } = built;
  const today = todayIso();
  const first = async (key: string) => {
    const classId = built.classes.get(key);
    if (!classId) return null;
    const [row] = await tx.select({ id: students.id }).from(classMemberships)
      .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), isNull(classMemberships.endsOn)))
      .orderBy(asc(students.lastName), asc(students.firstName)).limit(1);
    return row?.id ?? null;
  };
  const nine = [await first('9А'), await first('9Б')];
  const ids = [...Object.values(previous.showcase), ...nine].filter((id): id is string => id !== null);
  const near9 = nine[1] ?? null;
  const sid = sql`${schoolId}::uuid`;
  const mine = sql`m.student_id in (${idList(ids)})`;
  // The groups of this year each student takes today: the class's whole-class groups and the groups they are members of.
  const taken = sql`select cm.student_id, g.id as group_id from class_memberships cm
      join teaching_groups g on g.school_id = cm.school_id and g.class_id = cm.class_id and g.kind = 'class'
      where cm.school_id = ${sid} and cm.student_id in (${idList(ids)}) and cm.ends_on is null
    union
    select gm.student_id, gm.group_id from group_members gm
      where gm.school_id = ${sid} and gm.student_id in (${idList(ids)}) and gm.ends_on is null`;
  await tx.execute(sql`insert into marks (school_id, lesson_id, student_id, column_no, value, updated_at)
    select distinct on (t.student_id, t.group_id) ${sid}, l.id, t.student_id, 1, 5,
      (l.date + time '15:00') at time zone (select sc.time_zone from schools sc where sc.id = ${sid})
    from (${taken}) t join lessons l on l.school_id = ${sid} and l.group_id = t.group_id and l.date < ${today}::date
    join lesson_columns lc on lc.school_id = ${sid} and lc.lesson_id = l.id and lc.column_no = 1
    where not exists (select 1 from marks m join lessons x on x.school_id = m.school_id and x.id = m.lesson_id
        where m.school_id = ${sid} and m.student_id = t.student_id and x.group_id = t.group_id and x.date < ${today}::date)
      and not exists (select 1 from substitutions s where s.school_id = ${sid} and s.lesson_id = l.id and s.kind = 'cancelled')
      and not exists (select 1 from attendance a where a.school_id = ${sid} and a.lesson_id = l.id and a.student_id = t.student_id and a.kind = 'absent')
    order by t.student_id, t.group_id, l.date desc, l.lesson_number desc
    on conflict do nothing`);
  type Sql = ReturnType<typeof sql>;
  const chemistry = (studentColumn: Sql, groupColumn: Sql) => near9 === null ? sql`false` : sql`${studentColumn} = ${near9}::uuid
    and ${groupColumn} in (select g.id from teaching_groups g join subjects sj on sj.school_id = g.school_id and sj.id = g.subject_id
      where g.school_id = ${sid} and sj.name = ${NEAR_9_SUBJECT})`;
  await tx.execute(sql`update marks m set value = case when ${chemistry(sql`m.student_id`, sql`l.group_id`)} then 3 else 5 end
    from lessons l where l.school_id = m.school_id and l.id = m.lesson_id and m.school_id = ${sid} and ${mine}`);
  await tx.execute(sql`update period_marks m set value = case when ${chemistry(sql`m.student_id`, sql`m.group_id`)} then '3' else '5' end
    where m.school_id = ${sid} and ${mine} and m.kind = 'period'
      and m.group_id in (select id from teaching_groups where school_id = ${sid} and year_id <> ${previous.yearId}::uuid)`);
}
