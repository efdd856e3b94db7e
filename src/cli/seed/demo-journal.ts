// Demo journal of school № 1: marks, attendance (taken by the teacher a few minutes into the lesson; reasons of absences
// older than a week given), topics, work done and homework («без задания» in about one lesson in seven) in the lessons
// before today of every group — marks only from the 2nd grade on (the 1st is безотметочное) — and the period marks (with
// the period closed) of the periods that have ended; a few lessons of the last week are left without attendance taken
// (writeAttendanceTaken).
// The same set-based fill, for every class and the whole year, is what `npm run bench` measures against.
// Deterministic: every "random" choice is a hash of ids (hashtext), so a re-seed gives the same journal.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { NO_HOMEWORK } from '../../modules/journal/rules.ts';
import { workTypes } from '../../modules/journal/schema.ts';
import { todayIso } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';

export type JournalFill = {
  schoolId: string;
  /** The classes whose groups (whole-class and subgroups) are filled; null: every group of the school, cross-class ones too. */
  classNames: readonly string[] | null;
  /** Lessons dated before this day (exclusive) are filled. */
  before: string;
  /** Periods that ended before this day get period marks for every student and are closed. */
  closeBefore: string;
};

export type JournalFillResult = { lessons: number; marks: number; attendance: number; periodMarks: number; closures: number };

export async function seedDemoJournal(db: Db, built: Pick<BuiltSchool, 'schoolId'>): Promise<JournalFillResult> {
  const today = todayIso();
  return withSchool(db, built.schoolId, (tx) => fillJournal(tx, { schoolId: built.schoolId, classNames: null, before: today, closeBefore: today }));
}

const TYPES = { answer: 'Ответ на уроке', homework: 'Домашняя работа', test: 'Контрольная работа', quiz: 'Самостоятельная работа' } as const;

/**
 * Every 8th lesson of a group is a written work: the 8th, 32nd, 56th… a test (контрольная — one a quarter in a subject of
 * three lessons a week, two in one of five: within the regulations' limits), the others a quiz (самостоятельная). Every 5th
 * lesson has a homework column.
 */
const isControl = (n: SQL) => sql`(${n} % 8 = 0)`;
const isTest = (n: SQL) => sql`(${n} % 8 = 0 and (${n} / 8) % 3 = 1)`;
const hasHomeworkColumn = (n: SQL) => sql`(${n} % 8 <> 0 and ${n} % 5 = 2)`;

/** Fills the journal in a tenant transaction (`tx` of withSchool). Needs the school's default work types. */
export async function fillJournal(tx: Tx, opts: JournalFill): Promise<JournalFillResult> {
  const sid = sql`${opts.schoolId}::uuid`;
  const types = await tx.select({ id: workTypes.id, name: workTypes.name }).from(workTypes)
    .where(and(eq(workTypes.schoolId, opts.schoolId), inArray(workTypes.name, Object.values(TYPES))));
  const typeId = (name: string) => {
    const found = types.find((t) => t.name === name);
    if (!found) throw new Error(`fillJournal: the work type «${name}» is missing`);
    return sql`${found.id}::uuid`;
  };
  // Bulk load: the rows are consistent by construction, so the superuser (PGlite, the test server) skips the per-row
  // foreign-key triggers, which would cost several times the inserts themselves. Back to normal before returning.
  const bulk = rowsOf<{ on: boolean }>(await tx.execute(sql`select current_setting('is_superuser') = 'on' as on`))[0]?.on === true;
  if (bulk) await tx.execute(sql`set local session_replication_role = replica`);
  // Fresh rows have no statistics yet (no autovacuum on PGlite): without them the planner nests loops over the roster.
  await tx.execute(sql`analyze class_memberships, group_members, students`);
  await collect(tx, sid, opts);
  await writeCells(tx, sid, typeId, opts.before);
  await writeAttendanceTaken(tx, sid, opts.before);
  await writeLessonTexts(tx, sid);
  const closed = await closePeriods(tx, sid, opts.closeBefore);
  if (bulk) await tx.execute(sql`set local session_replication_role = origin`);
  const counts = await tx.execute(sql`select (select count(*) from jf_lessons)::int as lessons,
    (select count(*) from marks m join jf_lessons jl on m.school_id = ${sid} and m.lesson_id = jl.id)::int as marks,
    (select count(*) from attendance a join jf_lessons jl on a.school_id = ${sid} and a.lesson_id = jl.id)::int as attendance`);
  const c = rowsOf<{ lessons: number; marks: number; attendance: number }>(counts)[0]!;
  return { ...c, ...closed };
}

/** The temporary tables jf_lessons (the lessons to fill) and jf_roster (who is in each, and how they fare). */
async function collect(tx: Tx, sid: SQL, opts: JournalFill): Promise<void> {
  const classFilter = opts.classNames === null ? sql`true` : sql`g.class_id in (select c.id from classes c where c.school_id = ${sid}
    and c.name in (${sql.join(opts.classNames.map((n) => sql`${n}`), sql`, `)}))`;
  // The lessons to fill (not cancelled, no mark column yet), numbered 1, 2… per group in date order, with hashes of the
  // lesson id and of the date; the students with a hash of their id. A pair's "random" numbers are XORs of these.
  await tx.execute(sql`create temp table jf_lessons (id uuid primary key, group_id uuid not null, date date not null, kind text not null,
    class_id uuid, n int not null, hl int not null, hd int not null, marked boolean not null) on commit drop`);
  // marked: not the 1st grade (безотметочное обучение — no marks, no period marks; attendance, topics, homework as any class).
  await tx.execute(sql`insert into jf_lessons
    select x.* from (
      select l.id, l.group_id, l.date, g.kind, g.class_id,
        row_number() over (partition by l.group_id order by l.date, l.lesson_number), hashtext(l.id::text), hashtext(l.date::text),
        coalesce((select c.grade from classes c where c.school_id = g.school_id and c.id = g.class_id), 2) >= 2
      from lessons l join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id
      where l.school_id = ${sid} and l.date < ${opts.before}::date and ${classFilter}
        and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id and s.kind = 'cancelled')
    ) x where not exists (select 1 from lesson_columns lc where lc.school_id = ${sid} and lc.lesson_id = x.id)`);
  await tx.execute(sql`analyze jf_lessons`);

  // Who is in the group on the lesson's date (curriculum/rules.ts rosterOn): the class history for a whole-class group;
  // for other kinds the group membership, while the student is in some class of the school that day.
  // x: the pair's number; y: the student's day. att: away the whole day (4%, a reason on most), a single lesson missed
  // (1%, no reason), late (2%). slot: when the student's turn to answer comes; ability: strong / average / weak.
  await tx.execute(sql`create temp table jf_roster (lesson_id uuid not null, student_id uuid not null, n int not null, x int not null,
    att text, reason text, slot int not null, ability int not null) on commit drop`);
  await tx.execute(sql`insert into jf_roster
    select r.lesson_id, r.student_id, r.n, r.x,
      case when r.y % 100 < 4 then 'day' when r.x % 100 < 1 then 'absent' when r.x % 100 < 3 then 'late' end,
      case when r.y % 100 < 4 then (array['illness', 'illness', 'illness', 'illness', 'valid'])[1 + (r.y >> 10) % 8] end,
      r.hs % 10, (r.hs >> 8) % 3
    from (
      select p.lesson_id, p.student_id, p.n, (p.hl # s.hs) & 2147483647 as x, (p.hd # s.hs) & 2147483647 as y, s.hs & 2147483647 as hs
      from (
        select jl.id as lesson_id, cm.student_id, jl.n, jl.hl, jl.hd
        from jf_lessons jl join class_memberships cm on cm.school_id = ${sid} and cm.class_id = jl.class_id
          and cm.starts_on <= jl.date and (cm.ends_on is null or cm.ends_on > jl.date)
        where jl.kind = 'class'
        union all
        select jl.id, gm.student_id, jl.n, jl.hl, jl.hd
        from jf_lessons jl join group_members gm on gm.school_id = ${sid} and gm.group_id = jl.group_id
          and gm.starts_on <= jl.date and (gm.ends_on is null or gm.ends_on > jl.date)
        where jl.kind <> 'class' and exists (select 1 from class_memberships cm where cm.school_id = ${sid} and cm.student_id = gm.student_id
          and cm.starts_on <= jl.date and (cm.ends_on is null or cm.ends_on > jl.date))
      ) p
      join (select id, hashtext(id::text) as hs from students where school_id = ${sid}) s on s.id = p.student_id
    ) r`);
}

/** Mark columns, attendance and marks of the collected lessons. */
async function writeCells(tx: Tx, sid: SQL, typeId: (name: string) => SQL, before: string): Promise<void> {
  const n = sql`jl.n`;
  await tx.execute(sql`insert into lesson_columns (school_id, lesson_id, column_no, work_type_id)
    select ${sid}, jl.id, 1, case when ${isTest(n)} then ${typeId(TYPES.test)} when ${isControl(n)} then ${typeId(TYPES.quiz)}
      else ${typeId(TYPES.answer)} end from jf_lessons jl where jl.marked
    union all
    select ${sid}, jl.id, 2, ${typeId(TYPES.homework)} from jf_lessons jl where jl.marked and ${hasHomeworkColumn(n)}
    on conflict do nothing`);

  // Reasons: a day away mostly for illness; an absence older than a week has its reason by now (the class teacher has
  // been told: valid for a day away, invalid for a single lesson missed); the last week's may still lack one.
  await tx.execute(sql`insert into attendance (school_id, lesson_id, student_id, kind, reason)
    select ${sid}, r.lesson_id, r.student_id, case when r.att = 'late' then 'late' else 'absent' end,
      case when r.att = 'late' then null
        else coalesce(r.reason, case when jl.date < ${before}::date - 7 then (case when r.att = 'day' then 'valid' else 'invalid' end) end) end
    from jf_roster r join jf_lessons jl on jl.id = r.lesson_id where r.att is not null
    on conflict do nothing`); // a 1st-grade lesson has no mark column even when filled: a second fill (the bench's) meets its absences

  // Marks of the students present: everybody in a test or quiz; otherwise about 30% in turn (3 of every 10 lessons each).
  // Values by the student's ability: mostly 4 and 5, some 3, rarely 2. Typed in the afternoon of the lesson's day
  // (updated_at, in the school's time zone): the diary's «новая» counts from there, as for marks typed in the journal.
  await tx.execute(sql`insert into marks (school_id, lesson_id, student_id, column_no, value, updated_at)
    select ${sid}, q.lesson_id, q.student_id, q.column_no,
      case when q.v < (array[55, 30, 12])[q.ability + 1] then 5 when q.v < (array[90, 75, 50])[q.ability + 1] then 4
        when q.v < (array[98, 96, 92])[q.ability + 1] then 3 else 2 end,
      (q.date + time '14:00' + make_interval(mins => q.x % 240)) at time zone (select sc.time_zone from schools sc where sc.id = ${sid})
    from (
      select r.lesson_id, r.student_id, c.column_no, r.ability, (r.x >> (10 * c.column_no)) % 100 as v, r.x, jl.date
      from jf_roster r join jf_lessons jl on jl.id = r.lesson_id and jl.marked cross join (values (1), (2)) as c (column_no)
      where (r.att is null or r.att = 'late') and (
        (c.column_no = 1 and (r.n % 8 = 0 or (r.n + r.slot) % 10 in (0, 3, 6)))
        or (c.column_no = 2 and ${hasHomeworkColumn(sql`r.n`)} and (r.n + r.slot) % 10 in (1, 5, 8)))
    ) q`);
}

/**
 * Attendance taken on the collected lessons, by the account of the teacher who gave the lesson (the substitute's for a
 * substitution), 2–9 minutes after its bell. Left not taken, for the deputy's control to find: the lessons of the seven
 * days before `before` whose hash of class, subject, date and lesson number is 0 mod 4, if the fill put no absence or
 * late in them (an absence saved means attendance was taken) — about six lessons of the demo's six classes.
 */
async function writeAttendanceTaken(tx: Tx, sid: SQL, before: string): Promise<void> {
  await tx.execute(sql`update lessons l set attendance_taken_at = x.at, attendance_taken_by = x.account_id
    from (
      select jl.id, m.account_id,
        (jl.date + coalesce(b.starts_at, time '08:00') + make_interval(mins => 2 + (jl.hl & 7))) at time zone sc.time_zone as at
      from jf_lessons jl
      join lessons ll on ll.school_id = ${sid} and ll.id = jl.id
      join schools sc on sc.id = ${sid}
      join teaching_groups g on g.school_id = ${sid} and g.id = jl.group_id
      join subjects sj on sj.school_id = ${sid} and sj.id = g.subject_id
      left join classes c on c.school_id = ${sid} and c.id = jl.class_id
      left join bell_schedules bs on bs.school_id = ${sid} and bs.shift = coalesce(c.shift, 1)
      left join bells b on b.school_id = ${sid} and b.schedule_id = bs.id and b.lesson_number = ll.lesson_number
      left join substitutions s on s.school_id = ${sid} and s.lesson_id = jl.id
      left join (select distinct on (staff_id) staff_id, account_id from memberships where school_id = ${sid} and staff_id is not null
        order by staff_id, account_id) m on m.staff_id = coalesce(s.substitute_staff_id, ll.staff_id)
      where not (jl.date >= ${before}::date - 7 and hashtext(concat_ws('/', c.name, sj.name, jl.date, ll.lesson_number)) & 3 = 0
        and not exists (select 1 from jf_roster r where r.lesson_id = jl.id and r.att is not null))
    ) x
    where l.school_id = ${sid} and l.id = x.id`);
}

/** Topic (where missing), work done, homework with minutes, the control-work flag. */
async function writeLessonTexts(tx: Tx, sid: SQL): Promise<void> {
  const n = sql`jl.n`;
  await tx.execute(sql`update lessons l set
      topic = coalesce(l.topic, 'Тема урока ' || jl.n),
      work_done = coalesce(l.work_done, case when jl.marked and ${isTest(n)} then 'Контрольная работа' when jl.marked and ${isControl(n)} then 'Самостоятельная работа'
        else (array['Объяснение нового материала, разбор примеров', 'Фронтальный опрос, упражнения в тетради', 'Работа у доски, решение задач',
          'Проверка домашнего задания, закрепление материала', 'Работа в парах, взаимопроверка'])[1 + jl.n % 5] end),
      homework = coalesce(l.homework, case when (jl.hl & 127) < 108 then (array[
          format('Учебник: § %s, № %s, %s', 1 + jl.n / 2, 10 + jl.n * 3 % 190, 12 + jl.n * 3 % 190),
          format('Повторить § %s, ответить на вопросы в конце параграфа', 1 + jl.n / 2),
          format('Рабочая тетрадь: с. %s, задания %s–%s', 4 + jl.n, 1 + jl.n % 4, 3 + jl.n % 4),
          format('Выучить правило § %s, упр. %s', 1 + jl.n / 2, 20 + jl.n * 2 % 300)])[1 + (jl.hl >> 8 & 3)] else ${NO_HOMEWORK}::text end),
      homework_minutes = coalesce(l.homework_minutes, case when (jl.hl & 127) < 108 then 10 + 5 * ((jl.hl >> 12 & 255) % 5) end),
      control_work = l.control_work or (jl.marked and ${isTest(n)}),
      updated_at = now()
    from jf_lessons jl where l.school_id = ${sid} and l.id = jl.id`);
}

/**
 * The periods (of the group's scheme: its class's, or for a cross-class group the scheme most classes use) that ended before
 * `closeBefore`, for the groups filled: a period mark for each student in the group on the period's last day — the weighted
 * average of the period's marks rounded by the school's rule, «н/а» without marks — and the period closed.
 */
async function closePeriods(tx: Tx, sid: SQL, closeBefore: string): Promise<{ periodMarks: number; closures: number }> {
  await tx.execute(sql`create temp table jf_periods (group_id uuid not null, kind text not null, class_id uuid, period_id uuid not null,
    starts_on date not null, ends_on date not null) on commit drop`);
  await tx.execute(sql`insert into jf_periods
    select g.id, g.kind, g.class_id, p.id, p.starts_on, p.ends_on
    from teaching_groups g join periods p on p.school_id = g.school_id and p.scheme_id = coalesce(
      (select c.scheme_id from classes c where c.school_id = g.school_id and c.id = g.class_id),
      (select c.scheme_id from classes c where c.school_id = g.school_id and c.year_id = g.year_id group by c.scheme_id order by count(*) desc, c.scheme_id limit 1))
    where g.school_id = ${sid} and g.id in (select group_id from jf_lessons where marked) and p.ends_on < ${closeBefore}::date`);
  const inserted = await tx.execute(sql`insert into period_marks (school_id, group_id, student_id, kind, period_id, value)
    select ${sid}, r.group_id, r.student_id, 'period', r.period_id,
      coalesce(least(5, greatest(1, floor(a.avg + case when s.period_rounding = 'strict' then 0.4 else 0.5 end)))::int::text, 'н/а')
    from (
      select jp.group_id, jp.period_id, cm.student_id from jf_periods jp join class_memberships cm on cm.school_id = ${sid}
        and cm.class_id = jp.class_id and cm.starts_on <= jp.ends_on and (cm.ends_on is null or cm.ends_on > jp.ends_on)
      where jp.kind = 'class'
      union
      select jp.group_id, jp.period_id, gm.student_id from jf_periods jp join group_members gm on gm.school_id = ${sid}
        and gm.group_id = jp.group_id and gm.starts_on <= jp.ends_on and (gm.ends_on is null or gm.ends_on > jp.ends_on)
      where jp.kind <> 'class' and exists (select 1 from class_memberships cm where cm.school_id = ${sid} and cm.student_id = gm.student_id
        and cm.starts_on <= jp.ends_on and (cm.ends_on is null or cm.ends_on > jp.ends_on))
    ) r
    join schools s on s.id = ${sid}
    left join (
      select jp.group_id, jp.period_id, m.student_id, round(sum(m.value * w.weight) / sum(w.weight), 2) as avg
      from jf_periods jp
      join lessons l on l.school_id = ${sid} and l.group_id = jp.group_id and l.date between jp.starts_on and jp.ends_on
      join marks m on m.school_id = ${sid} and m.lesson_id = l.id
      join lesson_columns lc on lc.school_id = ${sid} and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
      join work_types w on w.school_id = ${sid} and w.id = lc.work_type_id
      group by 1, 2, 3
    ) a on a.group_id = r.group_id and a.period_id = r.period_id and a.student_id = r.student_id
    on conflict do nothing
    returning 1`);
  const closures = await tx.execute(sql`insert into period_closures (school_id, group_id, period_id, closed_at)
    select ${sid}, jp.group_id, jp.period_id, (jp.ends_on + 2) + time '16:00' from jf_periods jp
    on conflict do nothing returning 1`);
  return { periodMarks: rowsOf(inserted).length, closures: rowsOf(closures).length };
}
