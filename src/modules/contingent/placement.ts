// Year-change items awaiting placement (promotion, conditional promotion, repeat year posted without the next year's
// class): listing them for a year, and placing them into classes — in the caller's tenant transaction (the year
// rollover), with every check before the first write, the memberships rebuilt and an audit row per order.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { ruDate } from '../../web/dates.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { students } from '../people/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { movementsOf, schoolClassFacts, studentNames } from './queries.ts';
import { checkTarget, foldErrorMessage, foldMemberships, isAwaitingPlacement, PLACEABLE_KINDS, type OrderKind } from './rules.ts';
import { orderItems, orders } from './schema.ts';
import { lockStudents, rebuildMemberships } from './service.ts';

export type PendingPlacement = {
  itemId: string; orderId: string; studentId: string; kind: OrderKind; effectiveOn: string;
  fromClassId: string; fromGrade: number | null; fromLetter: string | null;
};

/** The posted items awaiting placement whose class left is of this year, by class and student. */
export async function pendingPlacements(tx: Tx | Db, { schoolId, yearId }: { schoolId: string; yearId: string }): Promise<PendingPlacement[]> {
  const rows = await tx.select({
    itemId: orderItems.id, orderId: orders.id, studentId: orderItems.studentId, kind: orders.kind, effectiveOn: orderItems.effectiveOn,
    fromClassId: schoolClasses.id, fromGrade: schoolClasses.grade, fromLetter: schoolClasses.letter,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, orderItems.schoolId), eq(schoolClasses.id, orderItems.fromClassId)))
    .innerJoin(students, and(eq(students.schoolId, orderItems.schoolId), eq(students.id, orderItems.studentId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(schoolClasses.yearId, yearId), eq(orders.status, 'posted'),
      inArray(orders.kind, [...PLACEABLE_KINDS]), isNull(orderItems.toClassId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(students.lastName), asc(students.firstName), asc(orderItems.id));
  return rows.map((r) => ({ ...r, kind: r.kind as OrderKind }));
}

export type Placement = { itemId: string; toClassId: string };
export type PlaceResult = { ok: true; placed: number } | { ok: false; problems: string[] };

/**
 * Sets the classes of items awaiting placement. Refused, with nothing written, when an item is not awaiting placement
 * (unknown, cancelled, already placed), appears twice, or its class is not of a later year and the right grade (as a
 * promotion order would be checked), its date is outside the class's year, or the student's history then does not fold.
 */
export async function placePending(tx: Tx, ctx: AuditContext, placements: readonly Placement[]): Promise<PlaceResult> {
  const schoolId = ctx.schoolId;
  if (placements.length === 0) return { ok: true, placed: 0 };
  const ids = placements.map((p) => p.itemId);
  const items = await tx.select({
    itemId: orderItems.id, orderId: orders.id, kind: orders.kind, status: orders.status, studentId: orderItems.studentId,
    fromClassId: orderItems.fromClassId, toClassId: orderItems.toClassId, effectiveOn: orderItems.effectiveOn,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .where(and(eq(orderItems.schoolId, schoolId), inArray(orderItems.id, ids)));
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const studentIds = [...new Set(items.map((i) => i.studentId))];
  await lockStudents(tx, schoolId, studentIds);
  const classes = await schoolClassFacts(tx, { schoolId });
  const names = await studentNames(tx, { schoolId, ids: studentIds });
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of placements) {
    const item = byId.get(p.itemId);
    const who = item ? names.get(item.studentId) ?? 'Обучающийся' : 'Обучающийся';
    const awaiting = item && item.status === 'posted' && isAwaitingPlacement(item);
    if (!item || !awaiting || seen.has(p.itemId)) {
      problems.push(`${who}: запись приказа не ожидает назначения класса (${p.itemId}).`);
      continue;
    }
    seen.add(p.itemId);
    const to = classes.get(p.toClassId);
    const from = item.fromClassId ? classes.get(item.fromClassId) : undefined;
    if (!to) { problems.push(`${who}: класс не найден.`); continue; }
    const bad = from ? checkTarget(item.kind as OrderKind, from, to) : null;
    if (bad) { problems.push(`${who}: ${bad.message}`); continue; }
    if (item.effectiveOn < to.yearStartsOn || item.effectiveOn > to.yearEndsOn) {
      problems.push(`${who}: дата движения ${ruDate(item.effectiveOn)} вне учебного года ${to.yearName} класса ${to.name}.`);
    }
  }
  if (problems.length === 0) {
    const target = new Map(placements.map((p) => [p.itemId, p.toClassId]));
    const placed = (await movementsOf(tx, { schoolId, studentIds })).map((m) => ({ ...m, toClassId: target.get(m.itemId) ?? m.toClassId }));
    const folded = foldMemberships(placed);
    if ('error' in folded) problems.push(foldErrorMessage(folded.error, { classes, studentNames: names }));
  }
  if (problems.length) return { ok: false, problems };

  for (const p of placements) {
    await tx.update(orderItems).set({ toClassId: p.toClassId }).where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.id, p.itemId)));
  }
  await rebuildMemberships(tx, schoolId, studentIds);
  const byOrder = new Map<string, Array<{ itemId: string; studentId: string; studentName: string | null; toClassId: string }>>();
  for (const p of placements) {
    const item = byId.get(p.itemId)!;
    const row = { itemId: p.itemId, studentId: item.studentId, studentName: names.get(item.studentId) ?? null, toClassId: p.toClassId };
    byOrder.set(item.orderId, [...(byOrder.get(item.orderId) ?? []), row]);
  }
  for (const [orderId, rows] of byOrder) {
    await writeAudit(tx, ctx, {
      entity: 'order', entityId: orderId, action: 'place',
      oldValue: { items: rows.map((r) => ({ ...r, toClassId: null })) },
      newValue: { items: rows.map((r) => ({ ...r, toClass: classes.get(r.toClassId)?.name ?? null })) },
    });
  }
  return { ok: true, placed: placements.length };
}
