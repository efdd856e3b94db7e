// The bench database: a fresh database on the server of DATABASE_URL, migrated, the demo seeded, then a whole school year
// of journal for every class of demo school № 1 (marks, attendance, topics, homework in every lesson, the ended periods
// closed), and ANALYZE. Then the ids the measurements need.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DEMO_SCHOOL } from '../src/cli/demo-data.ts';
import { seedDemo } from '../src/cli/seed-demo.ts';
import { fillJournal } from '../src/cli/seed/demo-journal.ts';
import type { Database, Db } from '../src/db/client.ts';
import { withSchool } from '../src/db/tenant.ts';
import { groupRosterOn } from '../src/modules/curriculum/membership.ts';
import { addDays, todayIso } from '../src/web/dates.ts';

export const BENCH_DATABASE = 'otmetka_bench';

/**
 * DATABASE_URL, the PostgreSQL server a bench makes its database on; without it the script says so (in Russian and
 * English) and exits with 2. `command`: e.g. `npm run bench:load`; `database`: what it makes or uses there.
 */
export function benchServer(command: string, database: string): string {
  const server = process.env.DATABASE_URL;
  if (server) return server;
  console.error(`${command}: задайте DATABASE_URL — сервер PostgreSQL (база ${database} на нём).\n`
    + `${command}: set DATABASE_URL to a PostgreSQL server (the database ${database} on it).\n`
    + `Например / e.g.: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ${command}`);
  process.exit(2);
}

export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Whether the server has a database of that name. */
export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

/** Drops and re-creates the bench database (or another) through the server's maintenance database; returns its URL. */
export async function freshDatabase(serverUrl: string, name = BENCH_DATABASE): Promise<string> {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

async function rows<T>(db: Db, q: ReturnType<typeof sql>): Promise<T[]> {
  const r = await db.execute(q);
  return ((r as unknown as { rows?: T[] }).rows ?? (r as unknown as T[]));
}

export type FillLine = { name: 'fill'; lessons: number; marks: number; attendance: number; period_marks: number; seed_ms: number; fill_ms: number };

/** Migrates, seeds the demo and fills the whole year of school 1 (with `keep`, only finds school 1 a previous run filled). */
export async function prepare(database: Database, opts: { keep?: boolean } = {}): Promise<{ schoolId: string; line: FillLine | null }> {
  const { db } = database;
  await database.migrate();
  if (opts.keep) {
    const [kept] = await rows<{ id: string }>(db, sql`select id from schools where name = ${DEMO_SCHOOL.name}`);
    if (!kept) throw new Error('bench: BENCH_KEEP=1, but the bench database has no demo school: run without it once');
    return { schoolId: kept.id, line: null };
  }
  let t = performance.now();
  await seedDemo(db);
  const seedMs = Math.round(performance.now() - t);
  const [school] = await rows<{ id: string; ends_on: string }>(db, sql`select s.id, max(y.ends_on)::text as ends_on from schools s
    join academic_years y on y.school_id = s.id where s.name = ${DEMO_SCHOOL.name} group by s.id`);
  if (!school) throw new Error('bench: the demo school is missing after the seed');
  t = performance.now();
  await withSchool(db, school.id, (tx) => fillJournal(tx, {
    schoolId: school.id, classNames: null, before: addDays(school.ends_on, 1), closeBefore: todayIso(),
  }));
  // VACUUM too: a server with autovacuum off (as on the dev box) keeps the fill's dead rows, and the pages read past them.
  await db.execute(sql`vacuum analyze`);
  const fillMs = Math.round(performance.now() - t);
  const [c] = await rows<{ lessons: number; marks: number; attendance: number; period_marks: number }>(db, sql`select
    (select count(distinct lesson_id) from lesson_columns where school_id = ${school.id})::int as lessons,
    (select count(*) from marks where school_id = ${school.id})::int as marks,
    (select count(*) from attendance where school_id = ${school.id})::int as attendance,
    (select count(*) from period_marks where school_id = ${school.id})::int as period_marks`);
  return { schoolId: school.id, line: { name: 'fill', ...c!, seed_ms: seedMs, fill_ms: fillMs } };
}

export type Targets = {
  /** The 5А maths group, its quarter 2, and its latest lesson on or before today with a student present in it. */
  groupId: string; periodId: string; lessonId: string; studentId: string; cellValue: string;
  /** Quarter 1 of 5А's scheme (ended and closed by the fill). */
  firstPeriodId: string;
  /** 5А (the summary sheet's class). */
  classId: string;
};

export async function findTargets(db: Db, schoolId: string): Promise<Targets> {
  const today = todayIso();
  const [g] = await rows<{ id: string; scheme_id: string; class_id: string }>(db, sql`select g.id, c.scheme_id, c.id as class_id from teaching_groups g
    join classes c on c.school_id = g.school_id and c.id = g.class_id join subjects s on s.school_id = g.school_id and s.id = g.subject_id
    where g.school_id = ${schoolId} and c.name = '5А' and s.name = 'Математика' and g.kind = 'class'`);
  if (!g) throw new Error('bench: no 5А maths group in the demo');
  const [p] = await rows<{ id: string }>(db, sql`select id from periods where school_id = ${schoolId} and scheme_id = ${g.scheme_id} and ordinal = 2`);
  const [p1] = await rows<{ id: string }>(db, sql`select id from periods where school_id = ${schoolId} and scheme_id = ${g.scheme_id} and ordinal = 1`);
  const [l] = await rows<{ id: string; date: string }>(db, sql`select l.id, l.date::text from lessons l where l.school_id = ${schoolId}
    and l.group_id = ${g.id} and l.date <= ${today}::date
    and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id and s.kind = 'cancelled')
    order by l.date desc, l.lesson_number desc limit 1`);
  if (!p || !p1 || !l) throw new Error('bench: no quarter 1 or 2, or no lesson of 5А maths before today');
  const absent = new Set((await rows<{ student_id: string }>(db, sql`select student_id from attendance where school_id = ${schoolId}
    and lesson_id = ${l.id}`)).map((r) => r.student_id));
  const student = (await groupRosterOn(db, { schoolId, groupId: g.id, date: l.date })).find((r) => !absent.has(r.studentId));
  if (!student) throw new Error('bench: nobody present in the lesson');
  const [m] = await rows<{ value: number }>(db, sql`select value from marks where school_id = ${schoolId} and lesson_id = ${l.id}
    and student_id = ${student.studentId} and column_no = 1`);
  // Outside the edit window (a bench run in the holidays), the deputy reopens the lesson for the teacher.
  await db.execute(sql`insert into journal_reopens (school_id, lesson_id, group_id, until_date, reason)
    select ${schoolId}, ${l.id}, ${g.id}, ${addDays(today, 1)}::date, 'bench'
    where ${l.date}::date + (select journal_edit_days from schools where id = ${schoolId}) < ${today}::date`);
  return { groupId: g.id, periodId: p.id, firstPeriodId: p1.id, lessonId: l.id, studentId: student.studentId, cellValue: m ? String(m.value) : '', classId: g.class_id };
}
