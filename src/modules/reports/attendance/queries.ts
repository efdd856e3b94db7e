// The attendance report over the live journal: the facts of rules.ts read for the report's classes and range — their
// class memberships, the groups their students were in (the classes' own groups and any group with one of them as a
// member: subgroups, cross-class electives, individual plans), those groups' lessons with the cancelled flag, the
// group memberships and the attendance rows — then the figures per student and class (rules.ts).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { shortName } from '../../schedule/timetable-rules.ts';
import { idList, type ClassRef } from '../load-lookups.ts';
import { studentFigures, type ClassSpan, type StudentFigures } from './rules.ts';

type Q = Db | Tx;

/** name: «Фамилия Имя» (the table); short: «Фамилия И.» (the chart). */
export type StudentRef = { id: string; name: string; short: string; sex: string | null };
export type AttendanceData = { figures: StudentFigures[]; students: Map<string, StudentRef>; spans: ClassSpan[] };

/** The students' figures in these classes over [from, to] (the counted range: to ≤ today), with their names and spans. */
export async function attendanceData(
  db: Q, a: { schoolId: string; classes: readonly ClassRef[]; from: string; to: string },
): Promise<AttendanceData> {
  if (a.classes.length === 0) return { figures: [], students: new Map(), spans: [] };
  const { schoolId, from, to } = a;
  const classIds = idList(a.classes.map((c) => c.id));
  const overlap = (alias: string) => {
    const t = sql.raw(alias);
    return sql`${t}.starts_on <= ${to}::date and (${t}.ends_on is null or ${t}.ends_on > ${from}::date)`;
  };
  const groups = sql`select g.id from teaching_groups g where g.school_id = ${schoolId} and (g.class_id in (${classIds}) or exists (
      select 1 from group_members gm join class_memberships cm on cm.school_id = gm.school_id and cm.student_id = gm.student_id
      where gm.school_id = ${schoolId} and gm.group_id = g.id and cm.class_id in (${classIds}) and ${overlap('gm')} and ${overlap('cm')}))`;
  // Plain statements joined in code (as the other load reports): one per kind of fact, each through its index.
  const spanRows = rowsOf<SpanRow>(await db.execute(sql`
    select cm.student_id as "studentId", cm.class_id as "classId", cm.starts_on::text as "startsOn", cm.ends_on::text as "endsOn",
      st.last_name as "lastName", st.first_name as "firstName", st.sex
    from class_memberships cm join students st on st.school_id = cm.school_id and st.id = cm.student_id
    where cm.school_id = ${schoolId} and cm.class_id in (${classIds}) and ${overlap('cm')}`));
  const groupRows = rowsOf<{ id: string; kind: string; classId: string | null }>(await db.execute(sql`
    select g.id, g.kind, g.class_id as "classId" from teaching_groups g where g.school_id = ${schoolId} and g.id in (${groups})`));
  if (groupRows.length === 0) return withNames([], spanRows);
  const groupIds = idList(groupRows.map((g) => g.id));
  const lessons = rowsOf<{ id: string; groupId: string; date: string; cancelled: boolean }>(await db.execute(sql`
    select l.id, l.group_id as "groupId", l.date::text as date, exists (select 1 from substitutions s where s.school_id = l.school_id
      and s.lesson_id = l.id and s.kind = 'cancelled') as cancelled
    from lessons l where l.school_id = ${schoolId} and l.group_id in (${groupIds}) and l.date between ${from}::date and ${to}::date`));
  const members = rowsOf<{ groupId: string; studentId: string; startsOn: string; endsOn: string | null }>(await db.execute(sql`
    select gm.group_id as "groupId", gm.student_id as "studentId", gm.starts_on::text as "startsOn", gm.ends_on::text as "endsOn"
    from group_members gm where gm.school_id = ${schoolId} and gm.group_id in (${groupIds}) and ${overlap('gm')}`));
  const rows = rowsOf<{ lessonId: string; studentId: string; kind: string; reason: string | null }>(await db.execute(sql`
    select a.lesson_id as "lessonId", a.student_id as "studentId", a.kind, a.reason
    from attendance a join lessons l on l.school_id = a.school_id and l.id = a.lesson_id
    where a.school_id = ${schoolId} and l.group_id in (${groupIds}) and l.date between ${from}::date and ${to}::date`));
  const figures = studentFigures({ range: { from, to }, groups: groupRows, lessons, classSpans: spanRows, members, rows });
  return withNames(figures, spanRows);
}

type SpanRow = ClassSpan & { lastName: string; firstName: string; sex: string | null };

function withNames(figures: StudentFigures[], spans: SpanRow[]): AttendanceData {
  const students = new Map(spans.map((s) => [s.studentId, {
    id: s.studentId, name: `${s.lastName} ${s.firstName}`, short: shortName({ ...s, middleName: null }), sex: s.sex,
  }]));
  return { figures, students, spans: spans.map(({ studentId, classId, startsOn, endsOn }) => ({ studentId, classId, startsOn, endsOn })) };
}
