import type { FastifyRequest } from 'fastify';
import type { Tx } from '../../db/tenant.ts';
import type { Db } from '../../db/client.ts';
import { auditEvents } from './schema.ts';

/** Who acts, from where: taken once from the request and passed to every audited write. */
export type AuditContext = { schoolId: string; accountId: string; role: string; requestId: string; ip: string };

export function auditContext(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  if (!actor?.school) throw new Error('auditContext needs an actor in a school');
  return { schoolId: actor.school.id, accountId: actor.accountId, role: actor.roles.join(','), requestId: String(request.id), ip: request.ip };
}

export type AuditChange = {
  entity: string;
  entityId: string;
  action: string;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
};

/** Appends audit rows; call it with the same `tx` as the change, so both commit or neither does. */
export async function writeAudit(tx: Tx | Db, ctx: AuditContext, ...changes: AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  await auditInsert(tx, ctx, ...changes);
}

/**
 * The insert of audit rows, not yet sent: a write can carry it in the same statement (`with w as (<write>) <audit insert>`,
 * see journal/cells.ts), one round trip for the change and its audit row.
 */
export function auditInsert(tx: Tx | Db, ctx: AuditContext, ...changes: AuditChange[]) {
  return tx.insert(auditEvents).values(changes.map((c) => ({
    schoolId: ctx.schoolId,
    actorAccountId: ctx.accountId,
    actorRole: ctx.role,
    requestId: ctx.requestId,
    ip: ctx.ip,
    entity: c.entity,
    entityId: c.entityId,
    action: c.action,
    oldValue: c.oldValue ?? null,
    newValue: c.newValue ?? null,
    reason: c.reason ?? null,
  })));
}
