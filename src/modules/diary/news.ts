// «Что нового»: the first screen of a child's diary (the current week). The marks given or changed since this account last
// opened the child's diary (weekFacts reads that moment: per account and child, so each parent and each child
// has their own), the homework due on the next school day, today's absences, the unread messages about the child — then
// the week. One statement besides the week's own (newsFacts), nothing read per mark or lesson.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { setsHomework } from '../journal/rules.ts';
import { unreadLabel } from '../messages/rules.ts';
import { attendanceText, dayName, isCancelled, markWhat } from './rules.ts';
import type { DiaryLesson } from './week-queries.ts';

type Q = Db | Tx;

/** New marks listed on the first screen at most; the rest are counted («и ещё N») and marked in the week. */
export const NEWS_MARKS_LISTED = 8;
/** A first visit: the marks of the last week are news. */
export const FIRST_VISIT_DAYS = 7;
/** How far the next school day is looked for (a week of holidays shows none). */
const NEXT_DAY_HORIZON = 7;
/** Homework given this many days before the next school day may be due on it (a subject once a week, a holiday). */
const GIVEN_LOOKBACK = 28;

export type NewMark = { value: number; subjectName: string; workType: string; weight: number; date: string };
export type DueWork = { subjectName: string; homework: string | null; minutes: number | null; own: string | null };
export type NewsFacts = { marks: NewMark[]; total: number; dueOn: string | null; due: DueWork[]; unread: number | null };

type MarkRow = { value: number; lesson: { date: string; subjectName: string }; type: { name: string; weight: number } };
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** What the news statement is built from: values, or placeholders and fragments of a statement built once (week-page.ts). */
export type NewsKey = {
  schoolId: unknown; studentId: unknown; today: unknown;
  /** A timestamptz: marks changed after it are news. */
  since: SQL;
  /** A uuid[]: the groups whose next day's homework is listed (those of the week shown). */
  groupIds: SQL;
  /** An int: the unread messages about the child (childUnreadSql), or null::int for a student. */
  unread: SQL;
};

/**
 * The news of one child in one statement (its row maps with `toNews`): the marks changed after `since` (newest first,
 * NEWS_MARKS_LISTED of them, and how many in all) from the (school, student) index of marks; the next day after `today`
 * on which the child's groups (those of the week shown) meet, and for each group meeting then the homework of its previous
 * lesson (the due date rule of the homework page: the group's next lesson, cancelled ones not counted); the guardian's
 * unread messages about the child (null for a student).
 */
export function newsSql(k: NewsKey): SQL {
  const school = sql`${k.schoolId}::uuid`;
  // Planned in well under a millisecond: every table is tied to the school by the constant, and the names come from
  // scalar subqueries of the few rows found — the same statement written as a join of six tables (each pair on
  // school_id) cost the planner several milliseconds, more than running it.
  const subjectOf = (groupId: SQL) => sql`(select subj.name from teaching_groups g join subjects subj on subj.school_id = ${school} and subj.id = g.subject_id
    where g.school_id = ${school} and g.id = ${groupId})`;
  return sql`with fresh as materialized (
      select m.lesson_id, m.column_no, m.value, m.updated_at, count(*) over () as total from marks m
      where m.school_id = ${school} and m.student_id = ${k.studentId} and m.updated_at > ${k.since}
      order by m.updated_at desc limit ${NEWS_MARKS_LISTED}::int
    ), held as materialized (
      select l.id, l.group_id, l.date, l.lesson_number, l.homework, l.homework_minutes from lessons l
      where l.school_id = ${school} and l.group_id = any (${k.groupIds})
        and l.date > ${k.today}::date - ${GIVEN_LOOKBACK}::int and l.date <= ${k.today}::date + ${NEXT_DAY_HORIZON}::int
        and not exists (select 1 from substitutions s where s.school_id = ${school} and s.lesson_id = l.id and s.kind = 'cancelled')
    ), next_day as (
      select min(date) as day from held where date > ${k.today}::date
    ), given as (
      -- per group meeting on the next day: its lessons on the last date before it
      select w.* from (
        select h.*, max(h.date) filter (where h.date < n.day) over (partition by h.group_id) as last_before,
          bool_or(h.date = n.day) over (partition by h.group_id) as meets
        from held h cross join next_day n
      ) w where w.meets and w.date = w.last_before
    )
    select
      (select coalesce(json_agg(json_build_object('value', f.value,
          'lesson', (select json_build_object('date', l.date, 'subjectName', ${subjectOf(sql`l.group_id`)})
            from lessons l where l.school_id = ${school} and l.id = f.lesson_id),
          'type', (select json_build_object('name', w.name, 'weight', w.weight::float) from lesson_columns lc
            join work_types w on w.school_id = ${school} and w.id = lc.work_type_id
            where lc.school_id = ${school} and lc.lesson_id = f.lesson_id and lc.column_no = f.column_no))
          order by f.updated_at desc), '[]'::json) from fresh f) as marks,
      (select coalesce(max(total), 0)::int from fresh) as total,
      (select day::text from next_day) as due_on,
      (select coalesce(json_agg(json_build_object('subjectName', ${subjectOf(sql`gv.group_id`)}, 'homework', gv.homework,
          'minutes', gv.homework_minutes,
          'own', (select ih.text from individual_homework ih where ih.school_id = ${school} and ih.lesson_id = gv.id and ih.student_id = ${k.studentId}))
          order by gv.date, gv.lesson_number), '[]'::json) from given gv) as due,
      ${k.unread} as unread`;
}

export type NewsRow = { marks: MarkRow[] | string; total: number; due_on: string | null; due: DueWork[] | string; unread: number | null };

export function toNews(r: NewsRow): NewsFacts {
  return {
    marks: json(r.marks).map((m) => ({
      value: Number(m.value), subjectName: m.lesson.subjectName, workType: m.type.name, weight: Number(m.type.weight), date: String(m.lesson.date),
    })),
    total: Number(r.total), dueOn: r.due_on, due: json(r.due), unread: r.unread === null ? null : Number(r.unread),
  };
}

/**
 * For the children's page: per child, how many marks were given or changed since this account last opened that child's
 * diary (`visited`), or on a first visit since `firstVisitSince`. One statement for all the children (the index of marks by
 * student, the primary key of diary_views).
 */
export async function newMarkCounts(db: Q, k: { schoolId: string; accountId: string; studentIds: readonly string[]; firstVisitSince: Date }): Promise<Map<string, { n: number; visited: boolean }>> {
  if (k.studentIds.length === 0) return new Map();
  const rows = rowsOf<{ student_id: string; n: number; visited: boolean }>(await db.execute(sql`select c.id as student_id, v.at is not null as visited,
      (select count(*)::int from marks m where m.school_id = ${k.schoolId}::uuid and m.student_id = c.id
        and m.updated_at > coalesce(v.at, ${k.firstVisitSince.toISOString()}::timestamptz)) as n
    from unnest(${`{${k.studentIds.join(',')}}`}::uuid[]) as c (id)
    cross join lateral (select max(dv.last_at) as at from diary_views dv
      where dv.school_id = ${k.schoolId}::uuid and dv.account_id = ${k.accountId} and dv.student_id = c.id) v`));
  return new Map(rows.map((r) => [r.student_id, { n: Number(r.n), visited: Boolean(r.visited) }]));
}

/** «1 новая отметка», «3 новые отметки», «5 новых отметок». */
export function newMarksLabel(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} новая отметка`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} новые отметки`;
  return `${n} новых отметок`;
}

/** Since when marks are news: the account's previous visit to the child's diary, else (a first visit) the last week. */
export const newsSince = (previousVisit: Date | null, now: Date): Date =>
  previousVisit ?? new Date(now.getTime() - FIRST_VISIT_DAYS * 24 * 3600 * 1000);

/** A mark of the week is «новая» when it was given or changed after `since`. */
export const isNewMark = (at: string | undefined, since: Date): boolean => at !== undefined && new Date(at).getTime() > since.getTime();

/** «завтра, вторник 24.11» or «понедельник, 30.11»: the day the homework is due. */
function dueTitle(dueOn: string, today: string): string {
  const day = `${dayName(dueOn).toLowerCase()}, ${ruDate(dueOn).slice(0, 5)}`;
  return dueOn === addDays(today, 1) ? `завтра, ${day}` : `на ${day}`;
}

/** The new marks by subject, the subject of the newest first: a line per subject on a phone, not a line per mark. */
function bySubject(marks: readonly NewMark[]) {
  const out = new Map<string, Array<{ value: number; what: string; dateRu: string }>>();
  for (const m of marks) {
    const list = out.get(m.subjectName) ?? [];
    out.set(m.subjectName, list);
    list.push({ value: m.value, what: `${markWhat(m)}, ${ruDate(m.date)}`, dateRu: ruDate(m.date).slice(0, 5) });
  }
  return [...out].map(([subjectName, list]) => ({ subjectName, marks: list }));
}

/** What the «Что нового» block shows (plain data for views/diary/news.eta). */
export function newsView(facts: NewsFacts, k: { week: readonly DiaryLesson[]; today: string; sinceText: string | null }) {
  const absences = k.week.filter((l) => l.date === k.today && l.attendance && !isCancelled(l))
    .map((l) => ({ lessonNumber: l.lessonNumber, subjectName: l.subjectName, text: attendanceText(l) }));
  const due = facts.due.filter((d) => setsHomework(d.homework) || d.own)
    .map((d) => ({ subjectName: d.subjectName, homework: setsHomework(d.homework) ? d.homework : null, minutes: d.minutes, own: d.own }));
  return {
    sinceText: k.sinceText,
    subjects: bySubject(facts.marks),
    more: Math.max(0, facts.total - facts.marks.length),
    dueTitle: facts.dueOn ? dueTitle(facts.dueOn, k.today) : null,
    due,
    todayHasLessons: k.week.some((l) => l.date === k.today && !isCancelled(l)),
    absences,
    unread: facts.unread,
    unreadText: facts.unread ? unreadLabel(facts.unread) : null,
  };
}

export type NewsView = ReturnType<typeof newsView>;
