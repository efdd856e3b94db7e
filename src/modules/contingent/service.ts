// Commands of the contingent book: post an order, cancel an order. Each runs in one tenant transaction:
// validate against the students' posted history, write the order, rebuild their class memberships, audit.
import { isUniqueViolation } from '../../db/faults.ts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { students } from '../people/schema.ts';
import { movementsOf, schoolClassFacts, studentNames } from './queries.ts';
import {
  cancelRefusal, classOn, DEFAULT_ORDER_TITLES, foldMemberships, KIND_FORM, validateOrder,
  type ClassFact, type OrderDraft, type OrderProblems,
} from './rules.ts';
import { classMemberships, orderItems, orders } from './schema.ts';

export type PostResult = { ok: true; orderId: string } | { ok: false; problems: OrderProblems };

const DUPLICATE_NUMBER = 'Приказ с таким номером и датой уже есть в книге.';

/** Locks the students' cards for this transaction (so two orders about one student queue) and returns those found. */
export async function lockStudents(tx: Tx, schoolId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, schoolId), inArray(students.id, ids))).orderBy(asc(students.id)).for('update');
  return new Set(rows.map((r) => r.id));
}

/** Replaces the students' membership rows with the fold of their posted items. Throws if the history does not fold. */
export async function rebuildMemberships(tx: Tx, schoolId: string, studentIds: string[]): Promise<void> {
  if (studentIds.length === 0) return;
  const folded = foldMemberships(await movementsOf(tx, { schoolId, studentIds }));
  if ('error' in folded) throw new Error(`contingent history does not fold: ${folded.error.code} at item ${folded.error.movement.itemId}`);
  await tx.delete(classMemberships).where(and(eq(classMemberships.schoolId, schoolId), inArray(classMemberships.studentId, studentIds)));
  for (let i = 0; i < folded.memberships.length; i += 500) {
    await tx.insert(classMemberships).values(folded.memberships.slice(i, i + 500).map((m) => ({ schoolId, ...m })));
  }
}

function auditValue(order: { number: string; date: string; kind: string; title: string | null; status: string },
  items: OrderDraft['items'], names: ReadonlyMap<string, string>, classes: ReadonlyMap<string, ClassFact>) {
  const cls = (id: string | null) => (id ? classes.get(id)?.name ?? id : null);
  return {
    order,
    items: items.map((i) => ({ ...i, studentName: names.get(i.studentId) ?? null, fromClass: cls(i.fromClassId), toClass: cls(i.toClassId) })),
  };
}

/**
 * Posts an order: nothing is written unless every item is valid against the students' history as of now.
 * For withdrawal and transfer the class left is the one the student is in on the effective date.
 */
export async function postOrder(db: Db, ctx: AuditContext, draft: OrderDraft, opts: { today: string }): Promise<PostResult> {
  try {
    return await withSchool(db, ctx.schoolId, (tx) => postOrderTx(tx, ctx, draft, opts));
  } catch (err) {
    if (isUniqueViolation(err, 'orders_number')) return { ok: false, problems: { fields: { number: DUPLICATE_NUMBER }, items: [] } };
    throw err;
  }
}

/**
 * postOrder inside a caller's tenant transaction (an import enrolling students, the demo seed). When it answers
 * ok: false nothing has been written by it; the caller decides whether to roll back the rest.
 */
export async function postOrderTx(tx: Tx, ctx: AuditContext, draft: OrderDraft, opts: { today: string }): Promise<PostResult> {
  const schoolId = ctx.schoolId;
  const ids = [...new Set(draft.items.map((i) => i.studentId))];
  const found = await lockStudents(tx, schoolId, ids);
  if (ids.some((id) => !found.has(id))) return { ok: false, problems: { fields: { studentId: 'Выберите обучающихся из списка.' }, items: [] } };
  // One after another: a transaction is one connection.
  const classes = await schoolClassFacts(tx, { schoolId });
  const history = await movementsOf(tx, { schoolId, studentIds: ids });
  const names = await studentNames(tx, { schoolId, ids });
  const items = KIND_FORM[draft.kind] === 'single' ? withClassLeft(draft.items, history) : draft.items;
  const full: OrderDraft = { ...draft, title: draft.title || DEFAULT_ORDER_TITLES[draft.kind], items };
  const problems = validateOrder(full, { today: opts.today, classes, studentNames: names, history });
  const [dup] = await tx.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.schoolId, schoolId), eq(orders.number, draft.number), eq(orders.date, draft.date))).limit(1);
  if (dup) problems.fields.number ??= DUPLICATE_NUMBER;
  if (Object.keys(problems.fields).length || problems.items.length) return { ok: false, problems };

  const [order] = await tx.insert(orders).values({
    schoolId, number: full.number, date: full.date, kind: full.kind, title: full.title, createdBy: ctx.accountId,
    // The wall clock, not the transaction's start: orders posted in one transaction still keep their order.
    createdAt: sql`clock_timestamp()`,
  }).returning({ id: orders.id });
  await tx.insert(orderItems).values(items.map((i) => ({ schoolId, orderId: order!.id, ...i })));
  await rebuildMemberships(tx, schoolId, ids);
  await writeAudit(tx, ctx, {
    entity: 'order', entityId: order!.id, action: 'post',
    newValue: auditValue({ number: full.number, date: full.date, kind: full.kind, title: full.title, status: 'posted' }, items, names, classes),
  });
  return { ok: true, orderId: order!.id };
}

function withClassLeft(items: OrderDraft['items'], history: Parameters<typeof foldMemberships>[0]): OrderDraft['items'] {
  const folded = foldMemberships(history);
  const memberships = 'error' in folded ? [] : folded.memberships;
  return items.map((i) => ({ ...i, fromClassId: classOn(memberships, i.studentId, i.effectiveOn) }));
}

export type CancelResult = { ok: true } | { ok: false; reason: 'not_found' | 'already' } | { ok: false; reason: 'refused'; message: string };

/**
 * Cancels a posted order with a written reason. Refused (nothing written) when a later order of one of its
 * students relies on it, i.e. their history without this order no longer folds.
 */
export async function cancelOrder(db: Db, ctx: AuditContext, { orderId, reason }: { orderId: string; reason: string }): Promise<CancelResult> {
  const schoolId = ctx.schoolId;
  return withSchool(db, schoolId, async (tx): Promise<CancelResult> => {
    const [order] = await tx.select().from(orders).where(and(eq(orders.schoolId, schoolId), eq(orders.id, orderId))).limit(1).for('update');
    if (!order) return { ok: false, reason: 'not_found' };
    if (order.status !== 'posted') return { ok: false, reason: 'already' };
    const items = await tx.select().from(orderItems).where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.orderId, orderId)));
    const ids = [...new Set(items.map((i) => i.studentId))];
    await lockStudents(tx, schoolId, ids);
    const remaining = (await movementsOf(tx, { schoolId, studentIds: ids })).filter((m) => m.orderId !== orderId);
    const folded = foldMemberships(remaining);
    if ('error' in folded) {
      const names = await studentNames(tx, { schoolId, ids: [folded.error.movement.studentId] });
      return { ok: false, reason: 'refused', message: cancelRefusal(folded.error, names) };
    }
    const [cancelled] = await tx.update(orders).set({ status: 'cancelled', cancelledAt: new Date(), cancelReason: reason })
      .where(and(eq(orders.schoolId, schoolId), eq(orders.id, orderId))).returning({ cancelledAt: orders.cancelledAt });
    await rebuildMemberships(tx, schoolId, ids);
    const classes = await schoolClassFacts(tx, { schoolId });
    const names = await studentNames(tx, { schoolId, ids });
    const drafts = items.map((i) => ({ studentId: i.studentId, fromClassId: i.fromClassId, toClassId: i.toClassId, effectiveOn: i.effectiveOn, reason: i.reason }));
    await writeAudit(tx, ctx, {
      entity: 'order', entityId: orderId, action: 'cancel', reason,
      oldValue: auditValue({ number: order.number, date: order.date, kind: order.kind, title: order.title, status: 'posted' }, drafts, names, classes),
      newValue: { status: 'cancelled', cancelledAt: cancelled!.cancelledAt, cancelReason: reason },
    });
    return { ok: true };
  });
}

