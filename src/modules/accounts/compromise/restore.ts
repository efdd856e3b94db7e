// «Отменить выбранные» / «Отменить все»: the compromised account's changes are set back to what was there before, in one
// transaction, each through the journal's own writers (writeCell, writeReasons, writePeriodMark, writeIndividualHomework)
// so the audit row of each restore — reason «компрометация учётной записи» — sits in the cell's history after the change.
//
// Decisions:
// - A locked lesson or period (edit window over, period marks set) is restored all the same. Seed 003 §4.4 makes the
//   account's operations after the breach void; the lock keeps a teacher from changing finished work, not the school's
//   management from undoing what an intruder did (the deputy corrects a locked journal with a reason in the same way).
//   The restore is the admin's decision with a written reason on every row.
// - A thing someone else changed after the account (audit rows, see planUnits) is not touched: it is listed as a
//   conflict. The value in the database is checked again here under the lesson's (group's, card's) row lock: if it is
//   not what the account left, the unit is skipped with what is there now.
// - Cards: a field update of a student, guardian or staff card is set back (the audit row has the old value). New cards,
//   parent links and orders of the contingent book are listed for restoring by hand (cancelling an order rebuilds class
//   histories and has its own page and rules).
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { withSchool, type Tx } from '../../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../../audit/queries.ts';
import { teachingGroups } from '../../curriculum/schema.ts';
import { reasonKey, type AbsenceReason } from '../../journal/attendance-rules.ts';
import { cellDisplay, defaultWorkType, writeCell, type CellState } from '../../journal/cells.ts';
import { writeReasons } from '../../journal/class-attendance.ts';
import { historyValue } from '../../journal/history.ts';
import { lessonFacts } from '../../journal/lesson-facts.ts';
import { writeIndividualHomework } from '../../journal/lesson-writes-students.ts';
import type { PeriodMarkKind } from '../../journal/period-rules.ts';
import { writePeriodMark } from '../../journal/period-writes.ts';
import { attendance, individualHomework, lessonColumns, marks, periodMarks } from '../../journal/schema.ts';
import { guardians, staff, students } from '../../people/schema.ts';
import { lessons } from '../../schedule/schema.ts';
import { loadUnits } from './queries.ts';
import { cellOf, COMPROMISE_REASON, restoreGroups, sameValue, unitsToRestore, type Unit } from './rules.ts';

/** A unit that cannot be restored now: its savepoint is rolled back, the others go on. */
class Skip extends Error {
  constructor(readonly why: string) { super(why); }
}
const skip = (why: string): never => { throw new Skip(why); };

/** Restored units; units not restored now (and why); the selected units someone else changed later (left as they are). */
export type RestoreOutcome = { restored: Unit[]; skipped: Array<{ unit: Unit; why: string }>; conflicts: Unit[] };

/** Restores the selected (or all) restorable changes of the account since the moment; one transaction, a savepoint a cell. */
export async function restoreChanges(
  db: Db, ctx: AuditContext, p: { accountId: string; since: Date; selected: ReadonlySet<string> | 'all' },
): Promise<RestoreOutcome> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const units = await loadUnits(tx, { schoolId: ctx.schoolId, accountId: p.accountId, since: p.since });
    const picked = (u: Unit) => p.selected === 'all' || p.selected.has(u.key);
    const out: RestoreOutcome = { restored: [], skipped: [], conflicts: units.filter((u) => u.status === 'conflict' && picked(u)) };
    for (const group of restoreGroups(unitsToRestore(units, p.selected))) {
      try {
        await tx.transaction(async (sp) => {
          for (const u of group) await restoreUnit(sp, ctx, u);
          if (cellOf(group[0]!)) await checkCell(sp, ctx.schoolId, cellOf(group[0]!)!);
        });
        out.restored.push(...group);
      } catch (err) {
        if (!(err instanceof Skip)) throw err;
        out.skipped.push(...group.map((unit) => ({ unit, why: err.why })));
      }
    }
    return out;
  });
}

function restoreUnit(tx: Tx, ctx: AuditContext, u: Unit): Promise<void> {
  switch (u.kind) {
    case 'mark': return restoreMark(tx, ctx, u);
    case 'attendance': return restoreAttendance(tx, ctx, u);
    case 'reason': return restoreReason(tx, ctx, u);
    case 'individualHomework': return restoreIndividualHomework(tx, ctx, u);
    case 'lessonField': return restoreLessonField(tx, ctx, u);
    case 'periodMark': return restorePeriodMark(tx, ctx, u);
    case 'cardField': return restoreCardField(tx, ctx, u);
    default: return Promise.resolve(skip('восстанавливается вручную'));
  }
}

const field = (v: unknown, name: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[name] ?? null : null);
const now = (shown: string) => `сейчас: «${shown || 'пусто'}»`;

/** Locks the lesson row, as every journal save does (one save of a lesson at a time); skips when the lesson is gone. */
async function lockLesson(tx: Tx, schoolId: string, lessonId: string): Promise<void> {
  const [l] = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId))).for('update');
  if (!l) skip('урока больше нет');
}

async function restoreMark(tx: Tx, ctx: AuditContext, u: Unit) {
  const [lessonId = '', studentId = '', col = ''] = u.entityId.split(':');
  const column = Number(col);
  const f = await lessonFacts(tx, { schoolId: ctx.schoolId, lessonId, lock: true, cell: { studentId, column } });
  if (!f?.cell) return skip('урока больше нет');
  const cur: CellState = { mark: f.cell.mark, att: f.cell.att };
  const left = field(u.new, 'value');
  if (cur.mark !== (left === null ? null : Number(left))) skip(now(cellDisplay({ mark: cur.mark, att: null }, column)));
  const was = field(u.old, 'value');
  const target = was === null ? null : Number(was);
  if (target !== null && !f.cell.hasColumn) {
    if (column !== 1) skip('у урока больше нет этой колонки отметок');
    const wt = await defaultWorkType(tx, ctx.schoolId);
    if (!wt) skip('в школе нет видов работ');
    await tx.insert(lessonColumns).values({ schoolId: ctx.schoolId, lessonId, columnNo: 1, workTypeId: wt! }).onConflictDoNothing();
  }
  await writeCell(tx, ctx, { lessonId, studentId, column, before: cur, next: { ...cur, mark: target }, reason: COMPROMISE_REASON });
}

async function attendanceRow(tx: Tx, schoolId: string, lessonId: string, studentId: string) {
  const [row] = await tx.select({ kind: attendance.kind, reason: attendance.reason }).from(attendance)
    .where(and(eq(attendance.schoolId, schoolId), eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId)));
  return row ?? null;
}

async function restoreAttendance(tx: Tx, ctx: AuditContext, u: Unit) {
  const [lessonId = '', studentId = ''] = u.entityId.split(':');
  await lockLesson(tx, ctx.schoolId, lessonId);
  const cur = await attendanceRow(tx, ctx.schoolId, lessonId, studentId);
  if (field(u.new, 'kind') !== (cur?.kind ?? null) || field(u.new, 'reason') !== (cur?.reason ?? null)) skip(now(historyValue(cur)));
  const kind = field(u.old, 'kind') as CellState['att'];
  const reason = field(u.old, 'reason') as AbsenceReason | null;
  const att = (cur?.kind ?? null) as CellState['att'];
  await writeCell(tx, ctx, { lessonId, studentId, column: 1, before: { mark: null, att }, next: { mark: null, att: kind }, reason: COMPROMISE_REASON });
  if (kind === 'absent' && reason !== null) {
    const left = kind === att ? cur?.reason ?? null : null;
    await writeReasons(tx, ctx, new Map([[reasonKey(lessonId, studentId), left]]), [{ lessonId, studentId, reason }], COMPROMISE_REASON);
  }
}

async function restoreReason(tx: Tx, ctx: AuditContext, u: Unit) {
  const [lessonId = '', studentId = ''] = u.entityId.split(':');
  await lockLesson(tx, ctx.schoolId, lessonId);
  const cur = await attendanceRow(tx, ctx.schoolId, lessonId, studentId);
  if (cur?.kind !== 'absent') return skip(now(historyValue(cur)));
  if (field(u.new, 'reason') !== cur.reason) skip(now(historyValue({ reason: cur.reason })));
  const reason = field(u.old, 'reason') as AbsenceReason | null;
  await writeReasons(tx, ctx, new Map([[reasonKey(lessonId, studentId), cur.reason]]), [{ lessonId, studentId, reason }], COMPROMISE_REASON);
}

async function restoreIndividualHomework(tx: Tx, ctx: AuditContext, u: Unit) {
  const [lessonId = '', studentId = ''] = u.entityId.split(':');
  await lockLesson(tx, ctx.schoolId, lessonId);
  const [row] = await tx.select({ text: individualHomework.text }).from(individualHomework).where(and(eq(individualHomework.schoolId, ctx.schoolId),
    eq(individualHomework.lessonId, lessonId), eq(individualHomework.studentId, studentId)));
  const cur = row?.text ?? '';
  if (cur !== (field(u.new, 'text') ?? '')) skip(now(cur));
  await writeIndividualHomework(tx, ctx, { lessonId, studentId, from: cur, to: String(field(u.old, 'text') ?? ''), reason: COMPROMISE_REASON });
}

const LESSON_COLUMNS = {
  topic: lessons.topic, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone, homework: lessons.homework,
  homeworkMinutes: lessons.homeworkMinutes, controlWork: lessons.controlWork,
};

/** A lesson's topic, work done, homework or control flag set back; audited as the lesson page audits it (entity 'lesson'). */
async function restoreLessonField(tx: Tx, ctx: AuditContext, u: Unit) {
  const mine = and(eq(lessons.schoolId, ctx.schoolId), eq(lessons.id, u.entityId));
  const [cur] = await tx.select(LESSON_COLUMNS).from(lessons).where(mine).for('update');
  if (!cur) return skip('урока больше нет');
  const left = u.new as Record<string, unknown>;
  const target = u.old as Record<string, unknown>;
  const keys = Object.keys(target).filter((k): k is keyof typeof LESSON_COLUMNS => k in LESSON_COLUMNS);
  for (const k of Object.keys(left)) {
    if (k in cur && !sameValue(cur[k as keyof typeof cur], left[k])) skip(now(String(cur[k as keyof typeof cur] ?? '')));
  }
  if (keys.length === 0) return skip('нет прежнего значения');
  const set = Object.fromEntries(keys.map((k) => [k, target[k] ?? null]));
  await tx.update(lessons).set({ ...set, updatedAt: sql`now()` }).where(mine);
  await writeAudit(tx, ctx, {
    entity: 'lesson', entityId: u.entityId, action: 'update', reason: COMPROMISE_REASON,
    oldValue: Object.fromEntries(keys.map((k) => [k, cur[k]])), newValue: set,
  });
}

async function restorePeriodMark(tx: Tx, ctx: AuditContext, u: Unit) {
  const [groupId = '', studentId = '', kind = '', period = ''] = u.entityId.split(':');
  const periodId = period || null;
  // One save of a group's period marks at a time, as the period-marks page locks it.
  const [g] = await tx.select({ id: teachingGroups.id }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, ctx.schoolId), eq(teachingGroups.id, groupId))).for('update');
  if (!g) return skip('группы больше нет');
  const [row] = await tx.select({ value: periodMarks.value }).from(periodMarks).where(and(eq(periodMarks.schoolId, ctx.schoolId),
    eq(periodMarks.groupId, groupId), eq(periodMarks.studentId, studentId), eq(periodMarks.kind, kind),
    periodId === null ? isNull(periodMarks.periodId) : eq(periodMarks.periodId, periodId)));
  const cur = row?.value ?? null;
  if (cur !== field(u.new, 'value')) skip(now(cur ?? ''));
  const was = field(u.old, 'value');
  await writePeriodMark(tx, ctx, {
    groupId, periodId, studentId, kind: kind as PeriodMarkKind, before: cur, next: was === null ? null : String(was), reason: COMPROMISE_REASON,
  });
}

const CARD_TABLES = { student: students, guardian: guardians, staff } as const;
/** Card fields unique in the school: set back only when no other card holds the value now. */
const UNIQUE_FIELDS: Record<string, string> = { personalFileNo: 'номер личного дела', externalId: 'внешний идентификатор' };

async function restoreCardField(tx: Tx, ctx: AuditContext, u: Unit) {
  const table = CARD_TABLES[u.entity as keyof typeof CARD_TABLES] as typeof students;
  const name = u.field!;
  const column = (table as unknown as Record<string, typeof students.id>)[name];
  if (!column) return skip('восстанавливается вручную');
  const mine = and(eq(table.schoolId, ctx.schoolId), eq(table.id, u.entityId));
  const [row] = await tx.select({ value: column }).from(table).where(mine).for('update');
  if (!row) return skip('карточки больше нет');
  const cur = row.value ?? null;
  if (!sameValue(cur, u.new)) skip(now(String(cur ?? '')));
  const target = u.old ?? null;
  if (UNIQUE_FIELDS[name] && target !== null) {
    const [other] = await tx.select({ id: table.id }).from(table)
      .where(and(eq(table.schoolId, ctx.schoolId), eq(column, String(target)), ne(table.id, u.entityId))).limit(1);
    if (other) skip(`${UNIQUE_FIELDS[name]} «${String(target)}» занят другой карточкой`);
  }
  await tx.update(table).set({ updatedAt: sql`now()`, ...({ [name]: target } as Record<string, string | null>) }).where(mine);
  await writeAudit(tx, ctx, {
    entity: u.entity, entityId: u.entityId, action: 'update', oldValue: { [name]: cur }, newValue: { [name]: target }, reason: COMPROMISE_REASON,
  });
}

/** After a cell's restores: a mark in column 1 and «н» together is a state the grid never makes — restore that cell by hand. */
async function checkCell(tx: Tx, schoolId: string, cell: string) {
  const [lessonId = '', studentId = ''] = cell.split(':');
  const [m] = await tx.select({ value: marks.value }).from(marks)
    .where(and(eq(marks.schoolId, schoolId), eq(marks.lessonId, lessonId), eq(marks.studentId, studentId), eq(marks.columnNo, 1)));
  const a = await attendanceRow(tx, schoolId, lessonId, studentId);
  if (m && a?.kind === 'absent') skip('в первой колонке оказались бы и отметка, и «н»: восстановите клетку вручную');
}
