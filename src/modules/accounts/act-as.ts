// «Войти как ребёнок»: a parent whose child has their own student account switches this session to the child's account
// (the child's own rights, nothing more: the actor is the child's account), with a banner to come back. Audited both ways.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { requestFacts } from '../../web/actor.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { diaryChildOf, fullChildName } from '../diary/access.ts';
import { loadAccountFacts, recordAuthEvent } from './queries.ts';
import { memberships } from './schema.ts';

/** The student accounts (active here) of these children of the school, by student id. */
export async function childAccounts(db: Db, schoolId: string, studentIds: readonly string[]): Promise<Map<string, string>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db.select({ studentId: memberships.studentId, accountId: memberships.accountId }).from(memberships)
    .where(and(eq(memberships.schoolId, schoolId), inArray(memberships.studentId, [...studentIds]), isNull(memberships.disabledAt)));
  return new Map(rows.map((r) => [r.studentId!, r.accountId]));
}

/** The child's account if it is nothing but a student's (never a staff or a parent account), else undefined. */
async function studentOnlyAccount(db: Db, accountId: string | undefined, parentId: string): Promise<string | undefined> {
  if (!accountId || accountId === parentId) return undefined;
  const facts = await loadAccountFacts(db, accountId);
  const onlyStudent = (m: { roles: readonly string[] }) => m.roles.every((r) => r === 'student');
  return facts && !facts.disabled && !facts.isOperator && facts.memberships.every(onlyStudent) ? accountId : undefined;
}

/** Switches the session's account, keeping its times (the family session's limits run on). */
async function switchTo(request: FastifyRequest, accountId: string, actingFor: { accountId: string; childName: string } | undefined) {
  const old = request.session;
  const keep = { schoolId: old.schoolId, createdAt: old.createdAt, lastSeenAt: old.lastSeenAt, endsAt: old.endsAt };
  await request.session.regenerate();
  Object.assign(request.session, keep, { accountId, actingFor });
}

export function registerActAsRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.post('/diary/:studentId/act-as', { config: { access: ['parent'] } }, async (request, reply) => {
    const actor = request.actor!;
    const child = await diaryChildOf(db, request);
    if (!child || child.guardianId === null || request.session.actingFor) return notFound(reply);
    const accounts = await childAccounts(db, request.school.id, [child.studentId]);
    const childAccount = await studentOnlyAccount(db, accounts.get(child.studentId), actor.accountId);
    if (!childAccount) return notFound(reply);
    const childName = fullChildName(child);
    await recordAuthEvent(db, { kind: 'acting_as_child', accountId: actor.accountId, login: actor.login, schoolId: request.school.id,
      detail: `child account ${childAccount}` }, requestFacts(request));
    await switchTo(request, childAccount, { accountId: actor.accountId, childName });
    return reply.redirect('/diary', 303);
  });

  const anyAccount = { access: 'account', duringPasswordChange: true, duringEnrollment: true } as const;
  app.post('/act-as/return', { config: anyAccount }, async (request, reply) => {
    const acting = request.session.actingFor;
    if (!acting) return notFound(reply);
    const actor = request.actor!;
    await recordAuthEvent(db, { kind: 'acting_as_child_ended', accountId: acting.accountId, schoolId: actor.school?.id ?? null,
      detail: `child account ${actor.accountId}` }, requestFacts(request));
    await switchTo(request, acting.accountId, undefined);
    flash(reply, 'ok', `Вы снова вошли как вы сами (были как ${acting.childName}).`);
    return reply.redirect('/diary', 303);
  });
}
