// «Провести»: the planned orders of a class (one per decision) posted through the contingent book in one tenant
// transaction — all of them or none. A promotion or repeat year goes to the next year's class when it already exists
// (grade + 1 or the same grade, the same letter, its year containing the date); otherwise it awaits placement.
import { isUniqueViolation } from '../../db/faults.ts';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import type { AuditContext } from '../audit/queries.ts';
import { placementTarget } from '../contingent/placement-rules.ts';
import { PLACEABLE_KINDS, type OrderDraft, type OrderProblems } from '../contingent/rules.ts';
import { postOrderTx } from '../contingent/service.ts';
import type { NextYear } from './promotion-queries.ts';
import { DECISION_LABELS, type Decision, type FormProblems, type Plan } from './promotion-rules.ts';

export type PostedOrder = { kind: Decision; number: string; orderId: string; students: number; placed: number };
export type PostOutcome = { ok: true; orders: PostedOrder[] } | ({ ok: false } & FormProblems);

/** A refusal of one order: thrown to roll back the orders posted before it in the same transaction. */
class Refusal extends Error {
  constructor(readonly kind: Decision, readonly problems: OrderProblems) { super('refused'); }
}

type From = { id: string; grade: number | null; letter: string | null };

export function draftsOf(plan: Plan, from: From, next: NextYear | null): Array<OrderDraft & { kind: Decision }> {
  const inNextYear = next !== null && plan.effectiveOn >= next.startsOn && plan.effectiveOn <= next.endsOn;
  return plan.orders.map((order) => {
    const target = inNextYear && PLACEABLE_KINDS.has(order.kind) ? placementTarget(order.kind, from, next.classes) : null;
    return {
      kind: order.kind, number: order.number, date: plan.date, title: null,
      items: order.items.map((i) => ({
        studentId: i.studentId, fromClassId: from.id, toClassId: target?.id ?? null, effectiveOn: plan.effectiveOn, reason: i.reason,
      })),
    };
  });
}

export async function postDecisions(
  db: Db, ctx: AuditContext, a: { plan: Plan; from: From; next: NextYear | null; today: string },
): Promise<PostOutcome> {
  const drafts = draftsOf(a.plan, a.from, a.next);
  try {
    return await withSchool(db, ctx.schoolId, async (tx): Promise<PostOutcome> => {
      const posted: PostedOrder[] = [];
      for (const draft of drafts) {
        const result = await postOrderTx(tx, ctx, draft, { today: a.today });
        if (!result.ok) throw new Refusal(draft.kind, result.problems);
        const placed = draft.items.filter((i) => i.toClassId !== null).length;
        posted.push({ kind: draft.kind, number: draft.number, orderId: result.orderId, students: draft.items.length, placed });
      }
      return { ok: true, orders: posted };
    });
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, ...asFormProblems(err.kind, err.problems) };
    if (isUniqueViolation(err, 'orders_number')) {
      const problem = 'Приказ с таким номером и датой уже есть в книге: обновите страницу и проверьте номера.';
      return { ok: false, fields: {}, rows: {}, problems: [problem] };
    }
    throw err;
  }
}

/** The contingent book's problems of one order, placed at the promotion form's fields. */
function asFormProblems(kind: Decision, p: OrderProblems): FormProblems {
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const [field, message] of Object.entries(p.fields)) {
    if (field === 'number') fields[`number:${kind}`] = message;
    else if (field === 'date' || field === 'effectiveOn') fields[field] = message;
    else problems.push(`Приказ «${DECISION_LABELS[kind]}»: ${message}`);
  }
  return { fields, rows: {}, problems: [...problems, ...p.items] };
}
