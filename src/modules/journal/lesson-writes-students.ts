// Writing the lesson page's per-student forms — attendance, marks (no-JavaScript form of the grid), individual
// homework — each all-or-nothing in one transaction: every row is checked (the group on the date, what the person saw)
// before anything is written, or the transaction is rolled back; an audit row per change.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import type { Actor } from '../../web/types.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { groupRosterOn } from '../curriculum/membership.ts';
import { markAttendanceTaken } from './attendance-taken.ts';
import { saveCellTx } from './cells.ts';
import type { LessonFacts } from './lesson-facts.ts';
import type { AttendanceInput, AttValue, HomeworkInput, MarksInput } from './lesson-forms.ts';
import { guardLesson, inLessonTx, refuse, rollback, type Outcome, type Refused } from './lesson-writes.ts';
import { ATTENDANCE } from './rules.ts';
import { attendance, individualHomework, marks } from './schema.ts';

const NOT_IN_GROUP = 'Обучающийся не состоит в группе на дату урока.';
const ATT_LABEL: Record<AttValue, string> = { present: 'присутствовал(а)', absent: ATTENDANCE.absent, late: ATTENDANCE.late };

/** Row errors → a refusal: 409 when every row is a concurrent edit, else 422; nothing was written. */
function rowsRefused(errors: Record<string, string>, conflicts: number): Refused {
  const n = Object.keys(errors).length;
  return refuse(conflicts === n ? 409 : 422, { _form: 'Ничего не сохранено: исправьте отмеченные строки и сохраните снова.', ...errors });
}

const rosterSet = async (tx: Tx, schoolId: string, f: LessonFacts) =>
  new Set((await groupRosterOn(tx, { schoolId, groupId: f.groupId, date: f.date })).map((r) => r.studentId));

/**
 * Attendance of the lesson: «Все присутствуют» (input.all) removes every absence and lateness; otherwise each changed
 * row is set (present = no row; a reason set by the class teacher is dropped with it). A student with a mark in
 * this lesson cannot be marked absent. Either way, once saved, the lesson's attendance has been taken (the first time
 * is recorded: markAttendanceTaken).
 */
export async function saveLessonAttendance(db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: AttendanceInput): Promise<Outcome> {
  const { schoolId, accountId } = ctx;
  return inLessonTx(db, schoolId, async (tx) => {
    const g = await guardLesson(tx, ctx, actor, today, lessonId, 'marks', input.reason);
    if ('ok' in g) return g;
    const lessonRows = and(eq(attendance.schoolId, schoolId), eq(attendance.lessonId, lessonId));
    const rows = await tx.select({ studentId: attendance.studentId, kind: attendance.kind, reason: attendance.reason }).from(attendance).where(lessonRows);
    const old = (r: { kind: string; reason: string | null }) => (r.reason ? { kind: r.kind, reason: r.reason } : { kind: r.kind });
    if (input.all) {
      await markAttendanceTaken(tx, ctx, lessonId, g.reason);
      if (rows.length === 0) return { ok: true, message: 'Все присутствуют: отметок об отсутствии нет.' };
      await tx.delete(attendance).where(lessonRows);
      await writeAudit(tx, ctx, ...rows.map((r) => ({ entity: 'attendance', entityId: `${lessonId}:${r.studentId}`, action: 'delete', oldValue: old(r), newValue: null, reason: g.reason })));
      return { ok: true, message: `Все присутствуют: снято отметок об отсутствии и опоздании — ${rows.length}.` };
    }
    const now = new Map(rows.map((r) => [r.studentId, r]));
    const roster = await rosterSet(tx, schoolId, g.f);
    const marked = new Set((await tx.selectDistinct({ s: marks.studentId }).from(marks).where(and(eq(marks.schoolId, schoolId), eq(marks.lessonId, lessonId)))).map((m) => m.s));
    const errors: Record<string, string> = {};
    let conflicts = 0;
    const changes: Array<{ studentId: string; from: AttValue; to: AttValue }> = [];
    for (const e of input.entries) {
      const cur = (now.get(e.studentId)?.kind ?? 'present') as AttValue;
      if (e.value === e.was || e.value === cur) continue;
      if (!roster.has(e.studentId)) errors[`row:${e.studentId}`] = NOT_IN_GROUP;
      else if (cur !== e.was) {
        conflicts += 1;
        errors[`row:${e.studentId}`] = `Посещаемость уже изменили: сейчас «${ATT_LABEL[cur]}». Проверьте и сохраните снова.`;
      } else if (e.value === 'absent' && marked.has(e.studentId)) {
        errors[`row:${e.studentId}`] = 'У обучающегося есть отметка за этот урок: отметить «н» нельзя. Сотрите отметку или отметьте «оп».';
      } else changes.push({ studentId: e.studentId, from: cur, to: e.value });
    }
    if (Object.keys(errors).length > 0) return rowsRefused(errors, conflicts);
    await markAttendanceTaken(tx, ctx, lessonId, g.reason);
    if (changes.length === 0) return { ok: true, message: 'Изменений нет.' };
    for (const c of changes) {
      const key = and(lessonRows, eq(attendance.studentId, c.studentId));
      if (c.to === 'present') await tx.delete(attendance).where(key);
      else {
        await tx.insert(attendance).values({ schoolId, lessonId, studentId: c.studentId, kind: c.to, updatedBy: accountId })
          .onConflictDoUpdate({ target: [attendance.schoolId, attendance.lessonId, attendance.studentId], set: { kind: c.to, reason: null, updatedBy: accountId, updatedAt: sql`now()` } });
      }
      const prev = now.get(c.studentId);
      await writeAudit(tx, ctx, {
        entity: 'attendance', entityId: `${lessonId}:${c.studentId}`, action: c.to === 'present' ? 'delete' : c.from === 'present' ? 'create' : 'update',
        oldValue: prev ? old(prev) : null, newValue: c.to === 'present' ? null : { kind: c.to }, reason: g.reason,
      });
    }
    return { ok: true, message: `Посещаемость сохранена (изменений: ${changes.length}).` };
  });
}

/**
 * The marks form: every changed cell (value ≠ the `was` shown) is saved by saveCellTx — the grid's rules, messages and
 * audit rows — in one transaction; any refused cell rolls every cell back and is reported at its student's row.
 */
export async function saveLessonMarks(db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: MarksInput): Promise<Outcome> {
  return inLessonTx(db, ctx.schoolId, async (tx) => {
    const g = await guardLesson(tx, ctx, actor, today, lessonId, 'marks', input.reason);
    if ('ok' in g) return g;
    const errors: Record<string, string> = {};
    let conflicts = 0;
    let changed = 0;
    for (const c of input.cells) {
      if (c.value.trim() === c.was.trim()) continue;
      const r = await saveCellTx(tx, ctx, actor, today, { lessonId, studentId: c.studentId, column: c.column, value: c.value, was: c.was, reason: g.reason ?? undefined });
      if (r.ok) {
        if (r.changed) changed += 1;
        continue;
      }
      if (r.status === 403 || r.status === 404) rollback(refuse(r.status, { _form: r.message }));
      if (r.status === 409) conflicts += 1;
      errors[`cell:${c.studentId}:${c.column}`] = r.message;
    }
    if (Object.keys(errors).length > 0) rollback(rowsRefused(errors, conflicts));
    return { ok: true, message: changed > 0 ? `Отметки сохранены (изменено клеток: ${changed}).` : 'Изменений нет.' };
  });
}

/** Individual homework of the lesson's students: set, changed or cleared; audited as 'individual_homework'. */
export async function saveLessonHomework(db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: HomeworkInput): Promise<Outcome> {
  const { schoolId } = ctx;
  return inLessonTx(db, schoolId, async (tx) => {
    const g = await guardLesson(tx, ctx, actor, today, lessonId, 'plan', input.reason);
    if ('ok' in g) return g;
    const lessonRows = and(eq(individualHomework.schoolId, schoolId), eq(individualHomework.lessonId, lessonId));
    const now = new Map((await tx.select({ s: individualHomework.studentId, text: individualHomework.text }).from(individualHomework).where(lessonRows)).map((r) => [r.s, r.text]));
    const roster = await rosterSet(tx, schoolId, g.f);
    const errors: Record<string, string> = {};
    let conflicts = 0;
    const changes: Array<{ studentId: string; from: string; to: string }> = [];
    for (const e of input.entries) {
      const cur = now.get(e.studentId) ?? '';
      if (e.value === e.was || e.value === cur) continue;
      if (!roster.has(e.studentId)) errors[`row:${e.studentId}`] = NOT_IN_GROUP;
      else if (cur !== e.was) {
        conflicts += 1;
        errors[`row:${e.studentId}`] = `Задание уже изменили: сейчас «${cur || 'пусто'}». Проверьте и сохраните снова.`;
      } else changes.push({ studentId: e.studentId, from: cur, to: e.value });
    }
    if (Object.keys(errors).length > 0) return rowsRefused(errors, conflicts);
    if (changes.length === 0) return { ok: true, message: 'Изменений нет.' };
    for (const c of changes) await writeIndividualHomework(tx, ctx, { lessonId, ...c, reason: g.reason });
    return { ok: true, message: `Индивидуальные задания сохранены (изменений: ${changes.length}).` };
  });
}

/** Sets, changes or clears ('') one student's individual homework of a lesson, with its audit row, in the caller's tx. */
export async function writeIndividualHomework(tx: Tx, ctx: AuditContext, c: { lessonId: string; studentId: string; from: string; to: string; reason: string | null }) {
  const { schoolId } = ctx;
  const row = and(eq(individualHomework.schoolId, schoolId), eq(individualHomework.lessonId, c.lessonId), eq(individualHomework.studentId, c.studentId));
  if (c.to === '') await tx.delete(individualHomework).where(row);
  else {
    await tx.insert(individualHomework).values({ schoolId, lessonId: c.lessonId, studentId: c.studentId, text: c.to })
      .onConflictDoUpdate({ target: [individualHomework.schoolId, individualHomework.lessonId, individualHomework.studentId], set: { text: c.to, updatedAt: sql`now()` } });
  }
  await writeAudit(tx, ctx, {
    entity: 'individual_homework', entityId: `${c.lessonId}:${c.studentId}`, action: c.to === '' ? 'delete' : c.from === '' ? 'create' : 'update',
    oldValue: c.from === '' ? null : { text: c.from }, newValue: c.to === '' ? null : { text: c.to }, reason: c.reason,
  });
}
