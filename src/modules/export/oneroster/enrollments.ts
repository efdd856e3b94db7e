// enrollments.csv: who is in which class, from when to when (end dates exclusive, as our membership rows keep them).
// Homerooms: the class history (a row per stay) and the class teacher. Teaching groups: for a whole-class group the same
// class history, for subgroups, electives and individual plans their member rows; the group's teachers with their dates.
import { sql } from 'drizzle-orm';
import { paged, PAGE, select, yearGroups, yearStudents, type ExportContext } from './context.ts';
import { derivedId } from './rules.ts';
import type { Row } from './spec.ts';

type Stay = { id: string; classId: string; userId: string; beginDate: string; endDate: string | null };
type GroupStay = Stay & { membershipId: string };

const after1 = (key: unknown, last: { id: string } | null) => (last ? sql`and ${key} > ${last.id}` : sql``);

function homeroomPage(c: ExportContext, last: Stay | null): Promise<Stay[]> {
  return select<Stay>(c.tx, sql`select cm.id::text, cm.class_id::text as "classId", cm.student_id::text as "userId",
      cm.starts_on::text as "beginDate", cm.ends_on::text as "endDate"
    from class_memberships cm join classes k on k.school_id = cm.school_id and k.id = cm.class_id
    where cm.school_id = ${c.school.id} and k.year_id = ${c.year.id} ${after1(sql`cm.id`, last)} order by cm.id limit ${PAGE}`);
}

/** A whole-class group's students: its class's history, a row per (group, stay). */
function classGroupPage(c: ExportContext, last: GroupStay | null): Promise<GroupStay[]> {
  return select<GroupStay>(c.tx, sql`select g.id::text, cm.id::text as "membershipId", g.id::text as "classId",
      cm.student_id::text as "userId",
      cm.starts_on::text as "beginDate", cm.ends_on::text as "endDate"
    from teaching_groups g join class_memberships cm on cm.school_id = g.school_id and cm.class_id = g.class_id
    where g.school_id = ${c.school.id} and g.year_id = ${c.year.id} and g.kind = 'class'
      ${last ? sql`and (g.id, cm.id) > (${last.id}::uuid, ${last.membershipId}::uuid)` : sql``}
    order by g.id, cm.id limit ${PAGE}`);
}

function memberPage(c: ExportContext, last: Stay | null): Promise<Stay[]> {
  return select<Stay>(c.tx, sql`select gm.id::text, gm.group_id::text as "classId", gm.student_id::text as "userId",
      gm.starts_on::text as "beginDate", gm.ends_on::text as "endDate"
    from group_members gm where gm.school_id = ${c.school.id} and gm.group_id in (${yearGroups(c)})
      and gm.student_id in (${yearStudents(c)}) ${after1(sql`gm.id`, last)} order by gm.id limit ${PAGE}`);
}

function teacherPage(c: ExportContext, last: Stay | null): Promise<Stay[]> {
  return select<Stay>(c.tx, sql`select gt.id::text, gt.group_id::text as "classId", gt.staff_id::text as "userId",
      gt.starts_on::text as "beginDate", gt.ends_on::text as "endDate"
    from group_teachers gt where gt.school_id = ${c.school.id} and gt.group_id in (${yearGroups(c)}) ${after1(sql`gt.id`, last)}
    order by gt.id limit ${PAGE}`);
}

const row = (c: ExportContext, s: Stay, role: 'student' | 'teacher', sourcedId = s.id): Row<'enrollments'> => ({
  sourcedId, classSourcedId: s.classId, schoolSourcedId: c.school.id, userSourcedId: s.userId, role,
  primary: role === 'teacher' ? 'true' : '', beginDate: s.beginDate, endDate: s.endDate,
});

export async function* enrollmentRows(c: ExportContext): AsyncGenerator<Row<'enrollments'>> {
  for await (const s of paged<Stay>((last) => homeroomPage(c, last))) yield row(c, s, 'student');
  type Lead = { classId: string; staffId: string };
  const leads = await select<Lead>(c.tx, sql`select id::text as "classId", class_teacher_id::text as "staffId"
    from classes where school_id = ${c.school.id} and year_id = ${c.year.id} and class_teacher_id is not null order by name`);
  for (const k of leads) {
    const id = derivedId('class-teacher', k.classId, k.staffId);
    yield row(c, { id, classId: k.classId, userId: k.staffId, beginDate: '', endDate: null }, 'teacher');
  }
  for await (const s of paged<GroupStay>((last) => classGroupPage(c, last))) {
    yield row(c, s, 'student', derivedId('group-stay', s.id, s.membershipId));
  }
  for await (const s of paged<Stay>((last) => memberPage(c, last))) yield row(c, s, 'student');
  for await (const s of paged<Stay>((last) => teacherPage(c, last))) yield row(c, s, 'teacher');
}
