// Saving one grid cell (a student's mark in a lesson column, or the lesson's attendance in column 1): checked against the
// scale, the group on the date, the edit rules and what the person saw; written with its audit rows in one transaction.
import { and, asc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { cachedSql } from '../../db/cached-query.ts';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { now } from '../../web/clock.ts';
import type { Actor } from '../../web/types.ts';
import { auditInsert, type AuditContext } from '../audit/queries.ts';
import { markAttendanceTaken } from './attendance-taken.ts';
import { checkReason } from './edit-rules.ts';
import { editModeFor, lessonFacts } from './lesson-facts.ts';
import { ATTENDANCE, parseMarkInput } from './rules.ts';
import { attendance, lessonColumns, marks, workTypes } from './schema.ts';

export type CellInput = { lessonId: string; studentId: string; column: number; value: string; was: string; reason?: string | undefined; groupId?: string | undefined };
export type CellResult =
  | { ok: true; display: string; attendance: 'absent' | 'late' | null; changed: boolean }
  | { ok: false; status: 403 | 404 | 409 | 422; message: string; display?: string; needReason?: boolean };

export type CellState = { mark: number | null; att: 'absent' | 'late' | null };

/** What a cell shows: its mark, else (column 1) the attendance code. */
export function cellDisplay(s: CellState, column: number): string {
  if (s.mark !== null) return String(s.mark);
  if (column === 1 && s.att) return ATTENDANCE[s.att];
  return '';
}

/** The first active work type of the school (column 1 of a lesson is created with it). */
export async function defaultWorkType(tx: Tx, schoolId: string): Promise<string | undefined> {
  const [w] = await tx.select({ id: workTypes.id }).from(workTypes).where(and(eq(workTypes.schoolId, schoolId), eq(workTypes.archived, false)))
    .orderBy(asc(workTypes.ordinal), asc(workTypes.name)).limit(1);
  return w?.id;
}

export async function saveCell(db: Db, ctx: AuditContext, actor: Actor, today: string, input: CellInput): Promise<CellResult> {
  // The grid's hot path: inside a request no savepoint (a database error fails the request and rolls it back anyway).
  return withSchool(db, ctx.schoolId, (tx) => saveCellTx(tx, ctx, actor, today, input), { savepoint: false });
}

/**
 * Saves one cell on a given transaction (the lesson page saves many cells in one). A refusal ({ ok: false }) writes
 * nothing: every check comes before the first write, so the caller may go on or roll back.
 */
export async function saveCellTx(tx: Tx, ctx: AuditContext, actor: Actor, today: string, input: CellInput): Promise<CellResult> {
  const { schoolId } = ctx;
  // One save of a lesson's cells at a time (the lesson row is locked): concurrent edits of one cell are compared with
  // what each person saw. The lesson's facts and the cell's state come in one query.
  const f = await lessonFacts(tx, { schoolId, lessonId: input.lessonId, lock: true, cell: { studentId: input.studentId, column: input.column } });
  if (!f) return { ok: false, status: 404, message: 'Урок не найден.' };
  // Who may not touch the lesson learns nothing of it (404) before any other check: not even which group it is of.
  const mode = editModeFor(actor, f, today, 'marks');
  if (mode.mode === 'none') return { ok: false, status: 404, message: 'Урок не найден.' };
  if (input.groupId && input.groupId !== f.groupId) return { ok: false, status: 422, message: 'Этот урок — другой группы.' };
  if (mode.mode === 'read') return { ok: false, status: 403, message: mode.why };
  const reason = input.reason?.trim() || null;
  if (mode.mode === 'correct') {
    const bad = checkReason(reason);
    if (bad) return { ok: false, status: 422, message: `${mode.why} ${bad}`, needReason: true };
  }
  const parsed = parseMarkInput(input.value);
  if (!parsed.ok) return { ok: false, status: 422, message: parsed.message };
  const col = input.column;
  const cur = f.cell!;
  if (!cur?.inGroup) return { ok: false, status: 422, message: 'Обучающийся не состоит в группе на дату урока.' };
  const before: CellState = { mark: cur.mark, att: cur.att };
  const shown = cellDisplay(before, col);
  const next = nextState(before, parsed, col);
  if (typeof next === 'string') return { ok: false, status: 422, message: next };
  const nextShown = cellDisplay(next, col);
  if (shown === nextShown && before.att === next.att) return { ok: true, display: shown, attendance: before.att, changed: false };
  if (shown !== input.was.trim()) {
    return { ok: false, status: 409, display: shown, message: `Эту клетку уже изменили: сейчас в ней «${shown || 'пусто'}». Проверьте и введите снова.` };
  }
  if (next.mark !== null && !cur.hasColumn) {
    if (col !== 1) return { ok: false, status: 422, message: 'У урока нет такой колонки отметок. Добавьте её на странице урока.' };
    const wt = await defaultWorkType(tx, schoolId);
    if (!wt) return { ok: false, status: 422, message: 'В школе нет видов работ: администратор добавляет их в «Виды работ».' };
    await tx.insert(lessonColumns).values({ schoolId, lessonId: f.id, columnNo: 1, workTypeId: wt }).onConflictDoNothing();
  }
  await writeCell(tx, ctx, { lessonId: f.id, studentId: input.studentId, column: col, before, next, reason });
  return { ok: true, display: nextShown, attendance: next.att, changed: true };
}

/** The cell after typing: a mark replaces the absence (the student is there), «н»/«оп» replace the mark of column 1. */
function nextState(before: CellState, parsed: Exclude<ReturnType<typeof parseMarkInput>, { ok: false }>, col: number): CellState | string {
  if (parsed.kind === 'mark') return { mark: parsed.value, att: col === 1 && before.att === 'absent' ? null : before.att };
  if (parsed.kind === 'attendance') {
    if (col !== 1) return 'Отсутствие и опоздание отмечаются в первой колонке урока.';
    return { mark: null, att: parsed.code };
  }
  if (before.mark !== null) return { mark: null, att: before.att };
  return col === 1 ? { mark: null, att: null } : before;
}

type MarkAudited = AuditContext & {
  lessonId: string; studentId: string; column: number; value: number; at: string; entityId: string; action: 'create' | 'update';
  oldValue: string | null; newValue: string; reason: string | null;
};
/** A mark given or changed and its audit row, in one statement (as withAuditRow does), built once per process. */
const saveMarkAudited = cachedSql<MarkAudited>((p) => sql`with cell_write as (
    insert into marks (school_id, lesson_id, student_id, column_no, value, updated_by, updated_at)
    values (${p.schoolId}, ${p.lessonId}, ${p.studentId}, ${p.column}, ${p.value}, ${p.accountId}, ${p.at})
    on conflict (school_id, lesson_id, student_id, column_no)
    do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at
  )
  insert into audit_events (school_id, actor_account_id, actor_role, request_id, ip, entity, entity_id, action, old_value, new_value, reason)
  values (${p.schoolId}, ${p.accountId}, ${p.role}, ${p.requestId}, ${p.ip}, 'mark', ${p.entityId}, ${p.action}, ${p.oldValue}, ${p.newValue}, ${p.reason})`);

/** A write and its audit row in ONE statement (a data-modifying WITH runs whether or not the rest reads it). */
async function withAuditRow(tx: Tx, write: SQLWrapper, audit: SQLWrapper): Promise<void> {
  // getSQL(): a query builder put in a template as it is comes out as a parenthesised subquery
  await tx.execute(sql`with cell_write as (${write.getSQL()}) ${audit.getSQL()}`);
}

/** Writes a cell's change (mark and/or attendance) with its audit rows; the compromise response restores through it too. */
export async function writeCell(tx: Tx, ctx: AuditContext, c: { lessonId: string; studentId: string; column: number; before: CellState; next: CellState; reason: string | null }) {
  const { schoolId, accountId } = ctx;
  const key = and(eq(marks.schoolId, schoolId), eq(marks.lessonId, c.lessonId), eq(marks.studentId, c.studentId), eq(marks.columnNo, c.column));
  const attKey = and(eq(attendance.schoolId, schoolId), eq(attendance.lessonId, c.lessonId), eq(attendance.studentId, c.studentId));
  const entityId = `${c.lessonId}:${c.studentId}:${c.column}`;
  if (c.before.mark !== c.next.mark && c.next.mark !== null) {
    // The busiest write of the journal, its statement built once. When on the app's clock (the diary's «новая» compares
    // it with the family's last visit, kept on the same clock).
    await saveMarkAudited(tx, {
      ...ctx, lessonId: c.lessonId, studentId: c.studentId, column: c.column, value: c.next.mark, at: now().toISOString(), entityId,
      action: c.before.mark === null ? 'create' : 'update', oldValue: c.before.mark === null ? null : JSON.stringify({ value: c.before.mark }),
      newValue: JSON.stringify({ value: c.next.mark }), reason: c.reason,
    });
  } else if (c.before.mark !== c.next.mark) {
    await withAuditRow(tx, tx.delete(marks).where(key), auditInsert(tx, ctx, {
      entity: 'mark', entityId, action: 'delete', oldValue: { value: c.before.mark }, newValue: null, reason: c.reason,
    }));
  }
  if (c.before.att !== c.next.att) {
    const write = c.next.att === null ? tx.delete(attendance).where(attKey)
      : tx.insert(attendance).values({ schoolId, lessonId: c.lessonId, studentId: c.studentId, kind: c.next.att, updatedBy: accountId })
        .onConflictDoUpdate({ target: [attendance.schoolId, attendance.lessonId, attendance.studentId], set: { kind: c.next.att, reason: null, updatedBy: accountId, updatedAt: sql`now()` } });
    await withAuditRow(tx, write, auditInsert(tx, ctx, {
      entity: 'attendance', entityId: `${c.lessonId}:${c.studentId}`, action: c.next.att === null ? 'delete' : c.before.att === null ? 'create' : 'update',
      oldValue: c.before.att === null ? null : { kind: c.before.att }, newValue: c.next.att === null ? null : { kind: c.next.att }, reason: c.reason,
    }));
    // An absence or a late saved: the lesson's attendance has been taken.
    if (c.next.att !== null) await markAttendanceTaken(tx, ctx, c.lessonId, c.reason);
  }
}
