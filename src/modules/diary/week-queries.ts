// A student's lessons over a date range, as the diary shows them: time, subject, teacher, topic, the group's and the
// student's own homework, the student's marks (work type, weight), attendance with its reason, substitutions.
// Used by the week page, the printed weekly report and the e-mail digest.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { inGroupOnSql } from '../curriculum/membership.ts';

type Q = Db | Tx;

/** `at`: when the mark was given or last changed (ISO; the week page marks those after the family's last visit «новая»). */
export type DiaryMark = { value: number; columnNo: number; workType: string; workTypeShort: string; weight: number; at?: string };
export type DiaryLesson = {
  id: string; date: string; lessonNumber: number; startsAt: string | null; endsAt: string | null;
  groupId: string; subjectId: string; subjectName: string; teacherName: string; topic: string | null;
  homework: string | null; homeworkMinutes: number | null; individualHomework: string | null; controlWork: boolean;
  subKind: string | null; substituteName: string | null; subSubjectName: string | null;
  attendance: 'absent' | 'late' | null; absenceReason: string | null; marks: DiaryMark[];
};

export type LessonRow = {
  id: string; date: string; lesson_number: number; starts_at: string | null; ends_at: string | null; group_id: string;
  subject_id: string; subject_name: string; teacher_name: string; topic: string | null; homework: string | null;
  homework_minutes: number | null; individual_homework: string | null; control_work: boolean; sub_kind: string | null;
  substitute_name: string | null; sub_subject_name: string | null; att_kind: 'absent' | 'late' | null; att_reason: string | null;
  marks: DiaryMark[] | string | null;
};

const staffShort = (alias: string) => sql.raw(`${alias}.last_name || ' ' || left(${alias}.first_name, 1) || '.' || coalesce(' ' || left(${alias}.middle_name, 1) || '.', '')`);

/**
 * The lesson's substitution (at most one: unique per lesson) with the substitute's short name and the subject taught
 * instead. Looked up per lesson through the (school, lesson) index, the names only for a lesson that has one: as left
 * joins, the planner of a small school's generic plan scanned every staff member and subject for every lesson of the
 * week (a fifth of the week statement's time, and nearly every lesson has no substitution).
 */
const substitutionOf = (l: SQL) => sql`select s.kind,
        (select ${staffShort('ss')} from staff ss where ss.school_id = s.school_id and ss.id = s.substitute_staff_id) as substitute_name,
        (select subsubj.name from subjects subsubj where subsubj.school_id = s.school_id and subsubj.id = s.subject_id) as sub_subject_name
      from substitutions s where s.school_id = ${l}.school_id and s.lesson_id = ${l}.id`;

/** The values a statement of lessons is built from: strings, or placeholders of a statement built once (db/cached-query.ts). */
export type LessonsKey = { schoolId: unknown; studentId: unknown; from: unknown; to: unknown };

/** The groups the student was in at some time of [from, to]: their class's class-groups, and the groups they joined. */
const candidateGroups = ({ schoolId, studentId, from, to }: LessonsKey) => sql`
      select g.id, g.kind, g.class_id, g.subject_id from teaching_groups g
      where g.school_id = ${schoolId} and (
        (g.kind = 'class' and g.class_id in (select cm.class_id from class_memberships cm where cm.school_id = ${schoolId}
          and cm.student_id = ${studentId} and cm.starts_on <= ${to}::date and (cm.ends_on is null or cm.ends_on > ${from}::date)))
        or g.id in (select gm.group_id from group_members gm where gm.school_id = ${schoolId} and gm.student_id = ${studentId}
          and gm.starts_on <= ${to}::date and (gm.ends_on is null or gm.ends_on > ${from}::date)))`;

/**
 * Which rows of `lessons l` joined to `cand` the student had: the range's dates, the candidate groups' lessons straight
 * from the (school, group, date) index (not the whole school's week), and membership on each lesson's date.
 */
const studentHadLesson = (k: LessonsKey) => sql`l.school_id = ${k.schoolId} and l.date between ${k.from}::date and ${k.to}::date
        and l.group_id = any (array(select id from cand))
        and ${inGroupOnSql({ schoolId: k.schoolId, studentId: k.studentId, groupId: sql.raw('l.group_id'), kind: sql.raw('cand.kind'), classId: sql.raw('cand.class_id'), date: sql.raw('l.date') })}`;

/** The lessons of `lessonsSql` the student had, with only their ids, dates and subjects. */
const studentLessonIds = (k: LessonsKey) => sql`
      select l.id, l.date, l.lesson_number, cand.subject_id from lessons l join cand on cand.id = l.group_id
      where ${studentHadLesson(k)}`;

/**
 * The student's lessons from `from` to `to` (inclusive), by date and lesson number: the lessons of the groups the
 * student was in on each lesson's date (the class history ∩ group membership), cancelled ones included (sub_kind).
 * The statement alone (its rows map with `toLesson`): the week page reads it inside its one statement (week-page.ts).
 */
export function lessonsSql({ schoolId, studentId, from, to }: LessonsKey): SQL {
  return sql`
    with cand as (${candidateGroups({ schoolId, studentId, from, to })})
    select l.id, l.date::text as date, l.lesson_number, b.starts_at::text as starts_at, b.ends_at::text as ends_at, l.group_id,
      cand.subject_id, subj.name as subject_name, ${staffShort('st')} as teacher_name, l.topic, l.homework, l.homework_minutes,
      ih.text as individual_homework, l.control_work, sub.kind as sub_kind, sub.substitute_name, sub.sub_subject_name,
      a.kind as att_kind, a.reason as att_reason,
      (select coalesce(json_agg(json_build_object('value', m.value, 'columnNo', m.column_no, 'workType', w.name,
          'workTypeShort', w.short_name, 'weight', w.weight::float, 'at', m.updated_at) order by m.column_no), '[]'::json)
        from marks m join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
        join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
        where m.school_id = ${schoolId} and m.lesson_id = l.id and m.student_id = ${studentId}) as marks
    from lessons l
    join cand on cand.id = l.group_id
    join subjects subj on subj.school_id = l.school_id and subj.id = cand.subject_id
    join staff st on st.school_id = l.school_id and st.id = l.staff_id
    left join classes c on c.school_id = l.school_id and c.id = cand.class_id
    left join bell_schedules bs on bs.school_id = l.school_id and bs.shift = coalesce(c.shift, 1)
    left join bells b on b.school_id = l.school_id and b.schedule_id = bs.id and b.lesson_number = l.lesson_number
    left join lateral (${substitutionOf(sql.raw('l'))}) sub on true
    left join attendance a on a.school_id = l.school_id and a.lesson_id = l.id and a.student_id = ${studentId}
    left join individual_homework ih on ih.school_id = l.school_id and ih.lesson_id = l.id and ih.student_id = ${studentId}
    where ${studentHadLesson({ schoolId, studentId, from, to })}
    order by l.date, l.lesson_number`;
}

/** A lesson's marks as a statement returns them: parsed already, or JSON text (the drivers differ), or none. */
const marksOf = (v: DiaryMark[] | string | null): DiaryMark[] => (typeof v === 'string' ? JSON.parse(v) as DiaryMark[] : v ?? []);

/** A row of `lessonsSql` — as node-postgres returns it, or as a JSON object of the week page's statement. */
export function toLesson(r: LessonRow): DiaryLesson {
  return {
    id: r.id, date: r.date, lessonNumber: Number(r.lesson_number), startsAt: r.starts_at, endsAt: r.ends_at, groupId: r.group_id,
    subjectId: r.subject_id, subjectName: r.subject_name, teacherName: r.teacher_name, topic: r.topic, homework: r.homework,
    homeworkMinutes: r.homework_minutes === null ? null : Number(r.homework_minutes), individualHomework: r.individual_homework,
    controlWork: Boolean(r.control_work), subKind: r.sub_kind, substituteName: r.substitute_name, subSubjectName: r.sub_subject_name,
    attendance: r.att_kind, absenceReason: r.att_reason,
    marks: marksOf(r.marks),
  };
}

/** The student's lessons from `from` to `to` (lessonsSql), as the diary pages, the printed week and the digest show them. */
export async function studentLessons(db: Q, k: { schoolId: string; studentId: string; from: string; to: string }): Promise<DiaryLesson[]> {
  return rowsOf<LessonRow>(await db.execute(lessonsSql(k))).map(toLesson);
}

/** A lesson as the marks pages need it: its subject, whether it was cancelled, the student's marks. */
export type MarkedLesson = Pick<DiaryLesson, 'id' | 'date' | 'subjectId' | 'subjectName' | 'subKind' | 'marks'>;

/**
 * The same lessons as `studentLessons`, with only what the marks pages use: a period of ≈ 300 lessons without the
 * teachers, bells, attendance and homework, and the student's marks read in one pass over their marks (the
 * (school, student) index) instead of a subquery per lesson.
 */
export async function studentMarkLessons(db: Q, k: { schoolId: string; studentId: string; from: string; to: string }): Promise<MarkedLesson[]> {
  const result = await db.execute(sql`
    with cand as (${candidateGroups(k)}), wl as materialized (${studentLessonIds(k)}),
    mk as materialized (
      select m.lesson_id, json_agg(json_build_object('value', m.value, 'columnNo', m.column_no, 'workType', w.name,
          'workTypeShort', w.short_name, 'weight', w.weight::float, 'at', m.updated_at) order by m.column_no) as marks
      from marks m join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
        join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
      where m.school_id = ${k.schoolId} and m.student_id = ${k.studentId} and m.lesson_id = any (array(select id from wl))
      group by m.lesson_id
    )
    select wl.id, wl.date::text as date, wl.subject_id, subj.name as subject_name, s.kind as sub_kind, coalesce(mk.marks, '[]'::json) as marks
    from wl
    join subjects subj on subj.school_id = ${k.schoolId} and subj.id = wl.subject_id
    left join substitutions s on s.school_id = ${k.schoolId} and s.lesson_id = wl.id
    left join mk on mk.lesson_id = wl.id
    order by wl.date, wl.lesson_number`);
  return rowsOf<{ id: string; date: string; subject_id: string; subject_name: string; sub_kind: string | null; marks: DiaryMark[] | string }>(result)
    .map((r) => ({
      id: r.id, date: r.date, subjectId: r.subject_id, subjectName: r.subject_name, subKind: r.sub_kind,
      marks: marksOf(r.marks),
    }));
}

/** Days of the school week (Mon–Sat) starting at `monday`, each with its lessons. */
export function weekDays(monday: string, lessons: readonly DiaryLesson[], addDays: (iso: string, n: number) => string) {
  return Array.from({ length: 6 }, (_, i) => {
    const date = addDays(monday, i);
    return { date, lessons: lessons.filter((l) => l.date === date) };
  });
}
