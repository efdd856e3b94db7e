// The demo journal (src/cli/seed/demo-journal.ts): marks, attendance, topics and homework in the lessons before today of
// 2А, 5А, 5Б, 6А, 6Б, 9А, only for students in the group that day; the ended periods closed with period marks that are
// the weighted averages; nothing in other classes or in school 2.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { groupRosterOn } from '../../src/modules/curriculum/membership.ts';
import { roundPeriodMark, weightedAverage } from '../../src/modules/journal/rules.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { SCHOOL_2, schoolId } from './people-support.ts';

let t: TestApp;
let s1: string;
let s2: string;
const today = todayIso();
const db = (): Db => t.database.db;
async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  const r = await db().execute(q);
  return ((r as unknown as { rows?: T[] }).rows ?? (r as unknown as T[]));
}
/** The groups (any kind) of some classes of school 1. */
const groupsOf = (names: readonly string[]) => rows<{ id: string; name: string }>(sql`select g.id, g.name from teaching_groups g
  join classes c on c.school_id = g.school_id and c.id = g.class_id
  where g.school_id = ${s1} and c.name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)}) order by g.name`);

beforeAll(async () => {
  t = await startTestApp();
  s1 = await schoolId(db());
  s2 = await schoolId(db(), SCHOOL_2);
});
afterAll(async () => { await t.close(); });

describe('demo journal', () => {
  it('5А maths: marks in the lessons before today (the last two weeks too), none from today on; topics and homework filled', async () => {
    const [g] = await rows<{ id: string }>(sql`select g.id from teaching_groups g join classes c on c.school_id = g.school_id and c.id = g.class_id
      join subjects s on s.school_id = g.school_id and s.id = g.subject_id where g.school_id = ${s1} and c.name = '5А' and s.name = 'Математика' and g.kind = 'class'`);
    const byLesson = await rows<{ date: string; n: number; topic: string | null; homework: string | null; minutes: number | null }>(sql`
      select l.date::text as date, count(m.value)::int as n, l.topic, l.homework, l.homework_minutes as minutes
      from lessons l left join marks m on m.school_id = l.school_id and m.lesson_id = l.id
      where l.school_id = ${s1} and l.group_id = ${g!.id} group by l.school_id, l.id order by l.date`);
    const past = byLesson.filter((l) => l.date < today);
    expect(past.length).toBeGreaterThan(20);
    expect(past.every((l) => l.n > 0 && l.topic)).toBe(true);
    expect(past.filter((l) => l.homework && l.minutes).length / past.length).toBeGreaterThan(0.6);
    expect(byLesson.filter((l) => l.date >= today).every((l) => l.n === 0)).toBe(true);
    expect(past.some((l) => l.date >= addDays(today, -14))).toBe(true);
  });

  it('marks are mostly 4 and 5, some 3, rarely 2, in every class of school 1 but the 1st grade (no marks there)', async () => {
    const values = await rows<{ value: number; n: number }>(sql`select value, count(*)::int as n from marks where school_id = ${s1} group by value`);
    const count = (v: number) => values.find((r) => r.value === v)?.n ?? 0;
    const total = values.reduce((a, r) => a + r.n, 0);
    expect(total).toBeGreaterThan(5000);
    expect((count(4) + count(5)) / total).toBeGreaterThan(0.6);
    expect(count(3)).toBeGreaterThan(0);
    expect(count(2) / total).toBeLessThan(0.1);
    const classes = await rows<{ name: string }>(sql`select distinct c.name from marks m join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id join classes c on c.school_id = g.school_id and c.id = g.class_id
      where m.school_id = ${s1} order by c.name`);
    const all = await rows<{ name: string }>(sql`select c.name from classes c where c.school_id = ${s1} and c.grade >= 2 and exists (select 1 from teaching_groups g
      join lessons l on l.school_id = g.school_id and l.group_id = g.id where g.school_id = c.school_id and g.class_id = c.id and l.date < ${today}::date)`);
    expect(classes.map((c) => c.name).sort()).toEqual(all.map((c) => c.name).sort());
    expect(all.length).toBe(20); // 2А…11Б (the 1st grade: none)
    const [first] = await rows<{ n: number }>(sql`select count(*)::int as n from marks m join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      join teaching_groups g on g.school_id = l.school_id and g.id = l.group_id join classes c on c.school_id = g.school_id and c.id = g.class_id
      where m.school_id = ${s1} and c.grade = 1`);
    expect(first!.n).toBe(0);
  });

  it('every mark and attendance row of 5А and 5Б (a transfer between them) is of a student in the group that day', async () => {
    const groups = await groupsOf(['5А', '5Б']);
    expect(groups.length).toBeGreaterThan(20);
    const cells = await rows<{ group_id: string; date: string; student_id: string }>(sql`
      select l.group_id, l.date::text as date, x.student_id from lessons l
      join (select lesson_id, student_id from marks where school_id = ${s1} union select lesson_id, student_id from attendance where school_id = ${s1}) x
        on x.lesson_id = l.id
      where l.school_id = ${s1} and l.group_id in (${sql.join(groups.map((g) => sql`${g.id}::uuid`), sql`, `)})`);
    const byDay = new Map<string, Set<string>>();
    for (const c of cells) byDay.set(`${c.group_id}|${c.date}`, (byDay.get(`${c.group_id}|${c.date}`) ?? new Set()).add(c.student_id));
    let checked = 0;
    for (const [key, students] of byDay) {
      const [groupId, date] = key.split('|') as [string, string];
      const roster = new Set((await groupRosterOn(db(), { schoolId: s1, groupId, date })).map((r) => r.studentId));
      for (const id of students) expect(roster.has(id), `${key} ${id}`).toBe(true);
      checked += students.size;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('attendance: absences (a reason given for those older than a week; some of the last days still without) and lateness, only before today', async () => {
    const att = await rows<{ kind: string; reason: string | null; n: number; old: boolean }>(sql`select a.kind, a.reason, l.date < ${today}::date - 14 as old,
      count(*)::int as n from attendance a join lessons l on l.school_id = a.school_id and l.id = a.lesson_id
      where a.school_id = ${s1} group by 1, 2, 3`);
    const absences = att.filter((a) => a.kind === 'absent');
    const absent = absences.reduce((a, r) => a + r.n, 0);
    const withReason = absences.filter((a) => a.reason).reduce((a, r) => a + r.n, 0);
    expect(absent).toBeGreaterThan(100);
    expect(withReason / absent).toBeGreaterThan(0.8);
    expect(absent - withReason).toBeGreaterThan(0);
    expect(absences.filter((a) => a.old && !a.reason)).toEqual([]);
    expect(new Set(absences.map((a) => a.reason))).toEqual(new Set(['illness', 'valid', 'invalid', null]));
    expect(att.filter((a) => a.kind === 'late').reduce((a, r) => a + r.n, 0)).toBeGreaterThan(20);
    const [later] = await rows<{ n: number }>(sql`select count(*)::int as n from attendance a join lessons l on l.school_id = a.school_id
      and l.id = a.lesson_id where a.school_id = ${s1} and l.date >= ${today}::date`);
    expect(later!.n).toBe(0);
  });

  it('the ended periods are closed with a period mark for every student of the group on the last day: the rounded weighted average', async () => {
    // Every group of a class (the 1st grade has no marks, so no period marks either), with the ended periods of its class's scheme.
    const due = await rows<{ group_id: string; name: string; period_id: string; starts_on: string; ends_on: string }>(sql`
      select g.id as group_id, g.name, p.id as period_id, p.starts_on::text, p.ends_on::text from teaching_groups g
      join classes c on c.school_id = g.school_id and c.id = g.class_id
      join periods p on p.school_id = c.school_id and p.scheme_id = c.scheme_id and p.ends_on < ${today}::date
      where g.school_id = ${s1} and c.grade >= 2 order by g.name`);
    const closures = await rows<{ group_id: string; period_id: string }>(sql`select pc.group_id, pc.period_id from period_closures pc
      join teaching_groups g on g.school_id = pc.school_id and g.id = pc.group_id where pc.school_id = ${s1} and g.class_id is not null`);
    expect(due.length).toBeGreaterThan(200);
    expect(closures.length).toBe(due.length);
    const ended = [...new Map(due.map((d) => [d.period_id, { id: d.period_id, starts_on: d.starts_on, ends_on: d.ends_on }])).values()];
    const groupsOfPeriod = (periodId: string) => due.filter((d) => d.period_id === periodId).map((d) => ({ id: d.group_id, name: d.name }));
    for (const p of ended) {
      for (const g of groupsOfPeriod(p.id)) {
        expect(closures.some((c) => c.group_id === g.id && c.period_id === p.id), g.name).toBe(true);
        const roster = await groupRosterOn(db(), { schoolId: s1, groupId: g.id, date: p.ends_on });
        const pm = await rows<{ student_id: string; value: string }>(sql`select student_id, value from period_marks
          where school_id = ${s1} and group_id = ${g.id} and kind = 'period' and period_id = ${p.id}`);
        const value = new Map(pm.map((r) => [r.student_id, r.value]));
        for (const r of roster) expect(value.has(r.studentId), `${g.name} ${r.studentId}`).toBe(true);
        if (g.name !== '5А — Математика') continue;
        const ms = await rows<{ student_id: string; value: number; weight: string }>(sql`select m.student_id, m.value, w.weight from marks m
          join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
          join lesson_columns lc on lc.school_id = m.school_id and lc.lesson_id = m.lesson_id and lc.column_no = m.column_no
          join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
          where m.school_id = ${s1} and l.group_id = ${g.id} and l.date between ${p.starts_on}::date and ${p.ends_on}::date`);
        for (const r of roster) {
          const mine = ms.filter((m) => m.student_id === r.studentId).map((m) => ({ value: m.value, weight: Number(m.weight) }));
          expect(value.get(r.studentId)).toBe(String(roundPeriodMark(weightedAverage(mine)) ?? 'н/а'));
        }
      }
    }
  });

  it('school 2 has no journal data', async () => {
    const [r] = await rows<{ n: number }>(sql`select (select count(*) from marks where school_id = ${s2})
      + (select count(*) from attendance where school_id = ${s2}) + (select count(*) from lesson_columns where school_id = ${s2})
      + (select count(*) from period_marks where school_id = ${s2}) + (select count(*) from period_closures where school_id = ${s2}) as n`);
    expect(Number(r!.n)).toBe(0);
  });
});
