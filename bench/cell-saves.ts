// Saving grid cells as the 5А maths teacher: 5 and 4 in turn, each request sending what the cell held (`was`), so every
// save changes it. A save whose `was` is stale answers 409, so two requests in flight never write one cell: each request
// takes a free cell and gives it back with the answer (at one connection that is always the same cell).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../src/db/client.ts';
import { groupRosterOn } from '../src/modules/curriculum/membership.ts';
import { addDays, todayIso } from '../src/web/dates.ts';
import type { Targets } from './fill.ts';
import type { JsonRequests } from './measure.ts';

export type Cell = { lessonId: string; studentId: string; was: string };

/** A request's autocannon context: the cell it writes, until its answer. */
type Conn = { cell?: Cell | undefined };

/**
 * Requests saving `cells`, column 1. A run stops with requests unanswered: their cells' `was` may then be stale by one
 * save, and the cell's next request (sending the value it already holds) answers 200 unchanged and brings it back in step.
 */
export function cellSaves(cells: readonly Cell[]): JsonRequests {
  if (cells.length === 0) throw new Error('bench: no cells to save');
  let free: Cell[] = [...cells];
  const busy = new Set<Cell>();
  let spare = 0;
  return {
    capacity: cells.length,
    reset: () => { free = [...cells]; busy.clear(); },
    next: (conn) => {
      // None free only after a timeout (its request never answered): share a cell, a 409 then counts as an error.
      const cell = free.shift() ?? cells[spare++ % cells.length]!;
      busy.add(cell);
      (conn as Conn).cell = cell;
      return { lessonId: cell.lessonId, studentId: cell.studentId, column: 1, value: cell.was === '5' ? '4' : '5', was: cell.was };
    },
    seen: (_status, body, conn) => {
      const cell = (conn as Conn).cell;
      if (!cell) return;
      (conn as Conn).cell = undefined;
      try {
        const r = JSON.parse(body) as { display?: unknown };
        if (typeof r.display === 'string') cell.was = r.display;
      } catch {
        /* not JSON: counted as an error by the status */
      }
      if (busy.delete(cell)) free.push(cell);
    },
  };
}

/**
 * Up to `count` cells of the 5А maths group the teacher may edit today: present students of its latest lessons on or before
 * today (no substitution), taken lesson by lesson in turn so concurrent saves spread over the lessons (a save locks its
 * lesson). Lessons out of the edit window or in a closed period are reopened for the teacher until tomorrow (as findTargets does).
 */
export async function editableCells(db: Db, schoolId: string, t: Targets, count: number): Promise<Cell[]> {
  const today = todayIso();
  const lessons = rowsOf<{ id: string; date: string }>(await db.execute(sql`select l.id, l.date::text from lessons l
    where l.school_id = ${schoolId} and l.group_id = ${t.groupId} and l.date <= ${today}::date
    and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id)
    order by l.date desc, l.lesson_number desc limit 8`));
  const present: Cell[][] = [];
  for (const l of lessons) {
    await reopenIfShut(db, schoolId, t.groupId, l, today);
    const absent = new Set(rowsOf<{ student_id: string }>(await db.execute(sql`select student_id from attendance
      where school_id = ${schoolId} and lesson_id = ${l.id}`)).map((r) => r.student_id));
    const marks = new Map(rowsOf<{ student_id: string; value: number }>(await db.execute(sql`select student_id, value from marks
      where school_id = ${schoolId} and lesson_id = ${l.id} and column_no = 1`)).map((r) => [r.student_id, String(r.value)]));
    const roster = await groupRosterOn(db, { schoolId, groupId: t.groupId, date: l.date });
    // Not the targets' cell: `npm run bench` (and bench:ab) save that one, maybe at the same time on this database.
    present.push(roster.filter((r) => !absent.has(r.studentId) && !(l.id === t.lessonId && r.studentId === t.studentId))
      .map((r) => ({ lessonId: l.id, studentId: r.studentId, was: marks.get(r.studentId) ?? '' })));
  }
  const cells: Cell[] = [];
  for (let k = 0; cells.length < count && present.some((p) => k < p.length); k++) {
    for (const p of present) if (k < p.length && cells.length < count) cells.push(p[k]!);
  }
  if (cells.length < count) throw new Error(`bench: only ${cells.length} editable cells of 5А maths, ${count} wanted`);
  return cells;
}

/** A deputy's reopening of the lesson until tomorrow when its edit window has passed or its period is closed (once). */
async function reopenIfShut(db: Db, schoolId: string, groupId: string, l: { id: string; date: string }, today: string) {
  const tomorrow = addDays(today, 1);
  await db.execute(sql`insert into journal_reopens (school_id, lesson_id, group_id, until_date, reason)
    select ${schoolId}, ${l.id}, ${groupId}, ${tomorrow}::date, 'bench'
    where (${l.date}::date + (select journal_edit_days from schools where id = ${schoolId}) < ${today}::date
      or exists (select 1 from period_closures pc join periods p on p.school_id = pc.school_id and p.id = pc.period_id
        join teaching_groups g on g.school_id = pc.school_id and g.id = pc.group_id
        join classes c on c.school_id = g.school_id and c.id = g.class_id and c.scheme_id = p.scheme_id
        where pc.school_id = ${schoolId} and pc.group_id = ${groupId} and p.starts_on <= ${l.date}::date and p.ends_on >= ${l.date}::date))
    and not exists (select 1 from journal_reopens jr where jr.school_id = ${schoolId} and jr.lesson_id = ${l.id}
      and jr.until_date >= ${tomorrow}::date)`);
}
