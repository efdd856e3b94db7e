// Many grid cell saves at once, as teachers type while the database fails: each worker owns its cells and, like the
// grid's offline queue, sends a save that got no answer or a 5xx again (same value, same `was`) until the server
// answers it. Afterwards the database must hold every acknowledged value, and each mark's audit rows must chain from
// empty to that value (no mark without its audit row, no audit row without its change).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/db/client.ts';
import { groupRosterOn } from '../../src/modules/curriculum/membership.ts';

export type StormCell = { lessonId: string; studentId: string; /** the last value the server acknowledged */ value: string };
export type CellPost = (body: Record<string, unknown>) => Promise<{ status: number; body: string }>;
export type Answer = { at: number; status: number };

const MARKS = ['5', '4', '3', '2'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Column 1 of every student in the teacher's latest lessons up to today (within the edit window, no substitution),
 * emptied first so each cell's audit chain starts from nothing. Returns the cells and the database time they start at.
 */
export async function stormCells(
  db: Db, o: { schoolId: string; login: string; today: string; lessons: number },
): Promise<{ cells: StormCell[]; since: string }> {
  const picked = rowsOf<{ id: string; group_id: string; date: string }>(await db.execute(sql`
    select l.id, l.group_id, l.date::text as date from lessons l
      join memberships m on m.school_id = l.school_id and m.staff_id = l.staff_id
      join accounts a on a.id = m.account_id
    where l.school_id = ${o.schoolId} and a.login = ${o.login} and l.date <= ${o.today}::date and l.date > ${o.today}::date - 5
      and not exists (select 1 from substitutions s where s.school_id = l.school_id and s.lesson_id = l.id)
    order by l.date desc, l.lesson_number desc limit ${o.lessons}`));
  if (picked.length < o.lessons) throw new Error(`save storm: ${o.login} has ${picked.length} editable lessons, ${o.lessons} wanted`);
  const ids = sql.join(picked.map((l) => sql`${l.id}::uuid`), sql`, `);
  await db.execute(sql`delete from marks where school_id = ${o.schoolId} and lesson_id in (${ids})`);
  await db.execute(sql`delete from attendance where school_id = ${o.schoolId} and lesson_id in (${ids})`);
  const cells: StormCell[] = [];
  for (const l of picked) {
    const roster = await groupRosterOn(db, { schoolId: o.schoolId, groupId: l.group_id, date: l.date });
    for (const r of roster) cells.push({ lessonId: l.id, studentId: r.studentId, value: '' });
  }
  const [t] = rowsOf<{ now: string }>(await db.execute(sql`select now()::text as now`));
  return { cells, since: t!.now };
}

export class SaveStorm {
  readonly answers: Answer[] = [];
  /** Saves the server refused (4xx): none is expected, every cell has one writer. */
  readonly refused: Array<{ status: number; body: string }> = [];
  acknowledged = 0;
  /** Acknowledged with `changed: false`: an earlier attempt had been stored but its answer was lost. */
  acknowledgedUnchanged = 0;
  /** Saves still without an answer when the storm was stopped. */
  unanswered = 0;
  /** Requests sent and not answered yet. */
  inFlight = 0;
  private stopping = false;
  private deadline = Infinity;
  private workers: Array<Promise<void>> = [];

  constructor(private readonly cells: StormCell[], private readonly post: CellPost,
    private readonly opts: { workers: number; pauseMs: number; retryMs: number } = { workers: 6, pauseMs: 5, retryMs: 200 }) {}

  start(): void {
    const n = this.opts.workers;
    for (let w = 0; w < n; w++) this.workers.push(this.worker(this.cells.filter((_, i) => i % n === w)));
  }

  /** No new saves; the pending ones are retried until answered or until `graceMs` has passed. */
  async stop(graceMs = 20_000): Promise<void> {
    this.stopping = true;
    this.deadline = performance.now() + graceMs;
    await Promise.all(this.workers);
  }

  /** Error answers by status between two moments (performance.now()); «no_answer»: connection refused or reset. */
  errors(from = -Infinity, to = Infinity): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.answers) {
      if (a.at < from || a.at >= to || a.status === 200) continue;
      const k = a.status === 0 ? 'no_answer' : String(a.status);
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }

  /**
   * What the clients saw from a disruption at `from` on: saves acknowledged, error answers, how long after `from` the
   * last error came, and (the outage) when the first save answered after an error was acknowledged.
   */
  seen(from: number, to = performance.now()) {
    const answers = this.answers.filter((a) => a.at >= from && a.at < to);
    const errors = answers.filter((a) => a.status !== 200);
    const firstError = errors[0];
    const backAt = firstError ? answers.find((a) => a.at > firstError.at && a.status === 200)?.at : undefined;
    return {
      saves_acknowledged: answers.length - errors.length, errors: this.errors(from, to),
      errors_seen_for_ms: errors.length ? Math.round(errors[errors.length - 1]!.at - from) : 0,
      acknowledged_again_after_ms: backAt === undefined ? null : Math.round(backAt - from),
    };
  }

  private async worker(mine: StormCell[]): Promise<void> {
    for (let i = 0; !this.stopping && mine.length > 0; i++) {
      const cell = mine[i % mine.length]!;
      await this.saveUntilAnswered(cell, MARKS.find((m) => m !== cell.value)!);
      await sleep(this.opts.pauseMs);
    }
  }

  private async saveUntilAnswered(cell: StormCell, value: string): Promise<void> {
    for (;;) {
      let r: { status: number; body: string };
      this.inFlight++;
      try {
        r = await this.post({ lessonId: cell.lessonId, studentId: cell.studentId, column: 1, value, was: cell.value });
      } catch {
        r = { status: 0, body: '' }; // no answer at all (the app is down)
      } finally {
        this.inFlight--;
      }
      this.answers.push({ at: performance.now(), status: r.status });
      if (r.status >= 200 && r.status < 300) {
        const body = JSON.parse(r.body) as { display: string; changed: boolean };
        cell.value = body.display;
        this.acknowledged++;
        if (!body.changed) this.acknowledgedUnchanged++;
        return;
      }
      if (r.status > 0 && r.status < 500) {
        this.refused.push({ status: r.status, body: r.body.slice(0, 300) });
        return;
      }
      if (performance.now() > this.deadline) {
        this.unanswered++;
        return;
      }
      await sleep(this.opts.retryMs);
    }
  }
}

export type StormCheck = {
  cells: number;
  /** Cells whose stored mark is not the last acknowledged value. */
  lost: Array<{ cell: string; acknowledged: string; stored: string }>;
  /** Marks in the storm's lessons outside its cells. */
  stray: string[];
  /** Cells whose audit rows do not chain from empty to the stored mark (a mark without its audit row shows here). */
  auditBroken: Array<{ cell: string; chain: string[]; stored: string }>;
  auditRows: number;
};

/** Compares the database with what the server acknowledged. */
export async function checkStorm(db: Db, schoolId: string, cells: StormCell[], since: string): Promise<StormCheck> {
  const lessonIds = [...new Set(cells.map((c) => c.lessonId))];
  const ids = sql.join(lessonIds.map((id) => sql`${id}::uuid`), sql`, `);
  const stored = new Map(rowsOf<{ k: string; value: number }>(await db.execute(sql`
    select lesson_id || ':' || student_id || ':' || column_no as k, value from marks
    where school_id = ${schoolId} and lesson_id in (${ids})`)).map((r) => [r.k, String(r.value)]));
  type Audit = { entity_id: string; old_value: { value: number } | null; new_value: { value: number } | null };
  const audits = rowsOf<Audit>(await db.execute(sql`
    select entity_id, old_value, new_value from audit_events
    where school_id = ${schoolId} and entity = 'mark' and at >= ${since}::timestamptz and split_part(entity_id, ':', 1)::uuid in (${ids})
    order by at, id`));
  const chains = new Map<string, typeof audits>();
  for (const a of audits) chains.set(a.entity_id, [...(chains.get(a.entity_id) ?? []), a]);
  const check: StormCheck = { cells: cells.length, lost: [], stray: [], auditBroken: [], auditRows: audits.length };
  const keys = new Set<string>();
  for (const c of cells) {
    const k = `${c.lessonId}:${c.studentId}:1`;
    keys.add(k);
    const value = stored.get(k) ?? '';
    if (value !== c.value) check.lost.push({ cell: k, acknowledged: c.value, stored: value });
    let prev = '';
    let ok = true;
    const rows = chains.get(k) ?? [];
    for (const a of rows) {
      if (String(a.old_value?.value ?? '') !== prev) ok = false;
      prev = String(a.new_value?.value ?? '');
    }
    if (!ok || prev !== value) {
      check.auditBroken.push({ cell: k, chain: rows.map((a) => `${a.old_value?.value ?? ''}→${a.new_value?.value ?? ''}`), stored: value });
    }
  }
  for (const k of stored.keys()) if (!keys.has(k)) check.stray.push(k);
  return check;
}
