// Writing the lesson page's forms: the lesson itself (topic, work done, homework, control flag) and its mark columns.
// Each runs in one tenant transaction with the lesson row locked, checks the edit rules again inside it, and writes
// its audit row in the same transaction. The per-student forms are in lesson-writes-students.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import type { Actor } from '../../web/types.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { fillTopicsFromKtp } from '../ktp/fill.ts';
import { lessons } from '../schedule/schema.ts';
import { checkReason } from './edit-rules.ts';
import { editModeFor, lessonFacts, type LessonFacts } from './lesson-facts.ts';
import type { ColumnsInput, PlanInput } from './lesson-forms.ts';
import { lessonColumnsOf } from './lesson-queries.ts';
import { lessonColumns, marks } from './schema.ts';
import { listWorkTypes } from './work-types.ts';

export type Refused = { ok: false; status: 403 | 404 | 409 | 422; errors: Record<string, string> };
export type Outcome = { ok: true; message: string } | Refused;

/** Thrown inside a transaction to roll it back and answer with the refusal. */
class Rollback extends Error {
  constructor(readonly refused: Refused) { super('rollback'); }
}
export const rollback = (refused: Refused): never => { throw new Rollback(refused); };

/** One tenant transaction; a Rollback thrown inside undoes every write and becomes the answer. */
export async function inLessonTx(db: Db, schoolId: string, fn: (tx: Tx) => Promise<Outcome>): Promise<Outcome> {
  try {
    return await withSchool(db, schoolId, fn);
  } catch (err) {
    if (err instanceof Rollback) return err.refused;
    throw err;
  }
}

export const refuse = (status: Refused['status'], errors: Record<string, string>): Refused => ({ ok: false, status, errors });

/**
 * Locks the lesson row (one save of a lesson at a time) and checks the actor's edit mode for `what` inside the
 * transaction: 'none' → 404, 'read' → 403 with why, 'correct' → a written reason is required.
 */
export async function guardLesson(tx: Tx, ctx: AuditContext, actor: Actor, today: string, lessonId: string, what: 'marks' | 'plan', reason: string | undefined):
Promise<{ f: LessonFacts; reason: string | null } | Refused> {
  const { schoolId } = ctx;
  const f = await lessonFacts(tx, { schoolId, lessonId, lock: true });
  if (!f) return refuse(404, { _form: 'Урок не найден.' });
  const mode = editModeFor(actor, f, today, what);
  if (mode.mode === 'none') return refuse(404, { _form: 'Урок не найден.' });
  if (mode.mode === 'read') return refuse(403, { _form: mode.why });
  const r = reason?.trim() || null;
  if (mode.mode === 'correct') {
    const bad = checkReason(r);
    if (bad) return refuse(422, { reason: bad, _form: mode.why });
  }
  return { f, reason: r };
}

const PLAN_FIELDS = ['topic', 'topicOverridden', 'workDone', 'homework', 'homeworkMinutes', 'controlWork'] as const;
type PlanRow = Record<(typeof PLAN_FIELDS)[number], unknown>;
const pick = (row: PlanRow, keys: readonly (keyof PlanRow)[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

async function planRow(tx: Tx, schoolId: string, lessonId: string): Promise<PlanRow> {
  const [row] = await tx.select({
    topic: lessons.topic, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone, homework: lessons.homework,
    homeworkMinutes: lessons.homeworkMinutes, controlWork: lessons.controlWork,
  }).from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId)));
  return row!;
}

/**
 * Saves the lesson form. A typed topic that differs from the stored one overrides the КТП (topic_overridden = true,
 * ktp_topic_id cleared); «взять тему из КТП» (action 'ktp') or an emptied topic gives the lesson back to the КТП
 * (topic_overridden = false), then the group's topics are refilled as the КТП module does (fillTopicsFromKtp: this
 * lesson takes its plan topic; of the others only lessons not given yet change).
 * Audited as entity 'lesson' with the old and new values of the changed fields only.
 */
export async function saveLessonPlan(db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: PlanInput): Promise<Outcome> {
  const { schoolId } = ctx;
  return inLessonTx(db, schoolId, async (tx) => {
    const g = await guardLesson(tx, ctx, actor, today, lessonId, 'plan', input.reason);
    if ('ok' in g) return g;
    const before = await planRow(tx, schoolId, lessonId);
    const storedTopic = String(before.topic ?? '').trim();
    const toKtp = input.action === 'ktp' || (input.topic === '' && storedTopic !== '');
    const ownTopic = !toKtp && input.topic !== storedTopic;
    const set = {
      workDone: input.workDone, homework: input.homework, homeworkMinutes: input.homeworkMinutes, controlWork: input.controlWork,
      ...(toKtp ? { topicOverridden: false } : {}),
      ...(ownTopic ? { topic: input.topic, ktpTopicId: null, topicOverridden: true } : {}),
    };
    const differs = Object.entries(set).some(([k, v]) => before[k as keyof PlanRow] !== v);
    if (!differs) return { ok: true, message: 'Изменений нет.' };
    await tx.update(lessons).set({ ...set, updatedAt: sql`now()` }).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId)));
    if (toKtp || ownTopic) {
      await fillTopicsFromKtp(tx, { audit: ctx, today }, { schoolId, groupId: g.f.groupId, ...(toKtp ? { also: lessonId } : {}) });
    }
    const after = await planRow(tx, schoolId, lessonId);
    const changed = PLAN_FIELDS.filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { ok: true, message: 'Изменений нет.' };
    await writeAudit(tx, ctx, { entity: 'lesson', entityId: lessonId, action: 'update', oldValue: pick(before, changed), newValue: pick(after, changed), reason: g.reason });
    if (toKtp) return { ok: true, message: after.topic ? 'Урок сохранён, тема взята из КТП.' : 'Урок сохранён. В КТП нет темы для этого урока.' };
    return { ok: true, message: 'Урок сохранён.' };
  });
}

const WORK_TYPE = 'Выберите вид работы из списка.';
type Col = { no: number; type: string };

/** The columns after the form: each column's type (a changed one must be active), then one added or the last removed. */
function nextColumns(current: Col[], input: ColumnsInput, active: ReadonlySet<string>, firstType: string): Col[] | Refused {
  const target = current.map((c) => ({ no: c.no, type: input.types[c.no] ?? c.type }));
  for (const [i, t] of target.entries()) {
    if (t.type !== current[i]!.type && !active.has(t.type)) return refuse(422, { [`type_${t.no}`]: WORK_TYPE });
  }
  if (input.action === 'add') {
    if (target.length >= 5) return refuse(422, { _form: 'У урока не больше пяти колонок отметок.' });
    const type = input.newType ?? firstType;
    if (!active.has(type)) return refuse(422, { newType: WORK_TYPE });
    target.push({ no: target.length + 1, type });
  }
  if (input.action === 'remove') {
    if (target.length <= 1) return refuse(422, { _form: 'Первую колонку удалить нельзя.' });
    target.pop();
  }
  return target;
}

/**
 * Saves the lesson's mark columns: the work type of each column, then (action) adds a column (at most 5) or removes
 * the last one if it holds no marks. A lesson without columns has column 1 of the school's first active work type;
 * its row is created on the first save. Audited as entity 'lesson', action 'columns'.
 */
export async function saveLessonColumns(db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: ColumnsInput): Promise<Outcome> {
  const { schoolId } = ctx;
  return inLessonTx(db, schoolId, async (tx) => {
    const g = await guardLesson(tx, ctx, actor, today, lessonId, 'plan', input.reason);
    if ('ok' in g) return g;
    const stored = await lessonColumnsOf(tx, { schoolId, lessonId });
    const types = await listWorkTypes(tx, schoolId);
    const active = new Set(types.filter((w) => !w.archived).map((w) => w.id));
    const first = types.find((w) => !w.archived);
    if (!first) return refuse(422, { _form: 'В школе нет видов работ: администратор добавляет их в «Виды работ».' });
    const current = stored.length > 0 ? stored.map((c) => ({ no: c.columnNo, type: c.workTypeId })) : [{ no: 1, type: first.id }];
    const target = nextColumns(current, input, active, first.id);
    if ('ok' in target) return target;
    if (input.action === 'remove') {
      const gone = current.at(-1)!.no;
      const [used] = await tx.select({ n: sql<number>`count(*)::int` }).from(marks)
        .where(and(eq(marks.schoolId, schoolId), eq(marks.lessonId, lessonId), eq(marks.columnNo, gone)));
      if ((used?.n ?? 0) > 0) return refuse(422, { _form: `В колонке ${gone} есть отметки: сначала сотрите их.` });
    }
    const storedBy = new Map(stored.map((c) => [c.columnNo, c.workTypeId]));
    for (const t of target) {
      const was = storedBy.get(t.no);
      if (was === undefined) await tx.insert(lessonColumns).values({ schoolId, lessonId, columnNo: t.no, workTypeId: t.type });
      else if (was !== t.type) {
        await tx.update(lessonColumns).set({ workTypeId: t.type })
          .where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.lessonId, lessonId), eq(lessonColumns.columnNo, t.no)));
      }
    }
    for (const c of stored.filter((s) => s.columnNo > target.length)) {
      await tx.delete(lessonColumns).where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.lessonId, lessonId), eq(lessonColumns.columnNo, c.columnNo)));
    }
    const describe = (cols: Col[]) => cols.map((c) => ({ columnNo: c.no, workTypeId: c.type, workType: types.find((w) => w.id === c.type)?.shortName ?? '' }));
    const before = describe(stored.map((c) => ({ no: c.columnNo, type: c.workTypeId })));
    const after = describe(target);
    if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, message: 'Изменений нет.' };
    await writeAudit(tx, ctx, { entity: 'lesson', entityId: lessonId, action: 'columns', oldValue: { columns: before }, newValue: { columns: after }, reason: g.reason });
    const what = input.action === 'add' ? 'Колонка добавлена.' : input.action === 'remove' ? 'Последняя колонка удалена.' : 'Колонки отметок сохранены.';
    return { ok: true, message: what };
  });
}
