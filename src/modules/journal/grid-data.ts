// Everything a group's grid for one period reads after its head, in ONE statement: the lessons with their columns, the
// students of the period, the lock facts, the period marks, the first work type, and the marks and attendance of those
// lessons — each a JSON column. The grid is the busiest page of the journal: one round trip instead of six, and JSON
// arrays instead of thousands of rows mapped one by one (see `npm run bench`, docs in README «Скорость»).
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { cachedSql, type Placeholders } from '../../db/cached-query.ts';
import { lessonColumnsJsonSql, lockFacts, lockFactsColumnsSql, rosterSql, toPeriodStudent, type GridLesson, type RosterRow } from './grid-queries.ts';

type Q = Db | Tx;
type Range = { schoolId: string; groupId: string; periodId: string; from: string; to: string };
type RangeSql = Placeholders<Range>;

/** The group's lessons in the range (as gridLessons reads them), a JSON array ordered by date and lesson number. */
function lessonsJsonSql({ schoolId, groupId, from, to }: RangeSql): SQL {
  return sql`(select coalesce(json_agg(json_build_object('id', l.id, 'date', l.date, 'lessonNumber', l.lesson_number,
      'staffId', l.staff_id, 'topic', l.topic, 'controlWork', l.control_work, 'homework', l.homework, 'subKind', su.kind,
      'substituteStaffId', su.substitute_staff_id, 'attendanceTakenAt', l.attendance_taken_at, 'attendanceTakenBy', ac.full_name,
      'columns', ${lessonColumnsJsonSql(schoolId, sql`l.id`)}) order by l.date, l.lesson_number), '[]'::json)
    from lessons l
    left join substitutions su on su.school_id = l.school_id and su.lesson_id = l.id
    left join accounts ac on ac.id = l.attendance_taken_by
    where l.school_id = ${schoolId} and l.group_id = ${groupId} and l.date >= ${from}::date and l.date <= ${to}::date)`;
}

/** The lessons of the range, for the cells' subqueries. */
const rangeLessons = ({ schoolId, groupId, from, to }: RangeSql) =>
  sql`select l.id from lessons l where l.school_id = ${schoolId} and l.group_id = ${groupId} and l.date >= ${from}::date and l.date <= ${to}::date`;

type Row = {
  lessons: Array<Omit<GridLesson, 'attendanceTakenAt'> & { attendanceTakenAt: string | null }>;
  roster: RosterRow[];
  year_closed: boolean; closed_at: string | null; reopens: Array<{ lessonId: string | null; periodId: string | null; untilDate: string }>;
  period_marks: Array<[string, string]>;
  first_type: { shortName: string; name: string; weight: string } | null;
  marks: Array<[string, string, number, number]>;
  attendance: Array<[string, string, string, string | null]>;
};

export type GridData = Awaited<ReturnType<typeof gridData>>;

/** The statement, built once (db/cached-query.ts): the grid's is the longest the journal sends. */
const gridStatement = cachedSql<Range>((range) => {
  const { schoolId, groupId, periodId } = range;
  return sql`select
    ${lessonsJsonSql(range)} as lessons,
    (select coalesce(json_agg(json_build_object('student_id', r.student_id, 'name', r.name, 'short_name', r.short_name, 'class_name', r.class_name,
      'joined_on', r.joined_on, 'left_on', r.left_on) order by r.ord), '[]'::json) from (${rosterSql(range)}) r) as roster,
    ${lockFactsColumnsSql({ schoolId, groupId, periodId })},
    (select coalesce(json_agg(json_build_array(pm.student_id, pm.value)), '[]'::json) from period_marks pm
      where pm.school_id = ${schoolId} and pm.group_id = ${groupId} and pm.kind = 'period' and pm.period_id = ${periodId}) as period_marks,
    (select json_build_object('shortName', w.short_name, 'name', w.name, 'weight', w.weight::text) from work_types w
      where w.school_id = ${schoolId} and not w.archived order by w.ordinal, w.name limit 1) as first_type,
    (select coalesce(json_agg(json_build_array(m.lesson_id, m.student_id, m.column_no, m.value)), '[]'::json) from marks m
      where m.school_id = ${schoolId} and m.lesson_id in (${rangeLessons(range)})) as marks,
    (select coalesce(json_agg(json_build_array(a.lesson_id, a.student_id, a.kind, a.reason)), '[]'::json) from attendance a
      where a.school_id = ${schoolId} and a.lesson_id in (${rangeLessons(range)})) as attendance`;
});

export async function gridData(db: Q, range: Range) {
  const { periodId } = range;
  const [row] = rowsOf<Row>(await gridStatement(db, range));
  const r = row!;
  const lessons: GridLesson[] = r.lessons.map((l) => ({ ...l, attendanceTakenAt: l.attendanceTakenAt === null ? null : new Date(l.attendanceTakenAt) }));
  return {
    lessons, roster: r.roster.map(toPeriodStudent),
    lock: lockFacts({ year_closed: r.year_closed, closed_at: r.closed_at, reopens: r.reopens }, periodId),
    periodMarks: new Map(r.period_marks),
    firstType: r.first_type,
    marks: r.marks.map(([lessonId, studentId, columnNo, value]) => ({ lessonId, studentId, columnNo, value })),
    attendance: r.attendance.map(([lessonId, studentId, kind, reason]) => ({ lessonId, studentId, kind, reason })),
  };
}
