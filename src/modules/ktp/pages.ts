// What the КТП handlers share: who may call them, the group from the URL, who fills and when, the group page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import type { FieldErrors } from '../../web/forms.ts';
import type { Access } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import type { FillBy } from './fill.ts';
import { groupParams } from './forms.ts';
import { groupProgress } from './progress-page.ts';
import { groupForActor, lessonTotals, listTopics, parallelGroups, type KtpGroup } from './queries.ts';

/** Teachers (their groups), deputy and admin (every group). Others get 403 from the guard. */
export const KTP: { config: { access: Access } } = { config: { access: ['teacher', 'deputy', 'admin'] } };

/** The request's actor (audit context) and today: the fill changes only lessons after it. */
export const fillBy = (request: FastifyRequest): FillBy => ({ audit: auditContext(request), today: todayOf(request) });

export type FormState = { values: Record<string, string>; errors: FieldErrors };
export const blank = (): FormState => ({ values: { hours: '1' }, errors: {} });

/** The group of the URL if the actor may edit its КТП; undefined → 404. */
export async function groupOf(db: Db, request: FastifyRequest): Promise<KtpGroup | undefined> {
  const p = groupParams.safeParse(request.params);
  return p.success ? groupForActor(db, request.actor!, p.data.groupId) : undefined;
}

export async function groupPage(db: Db, reply: FastifyReply, group: KtpGroup, opts: { form?: FormState; importError?: string; status?: number } = {}) {
  const actor = reply.request.actor!;
  const where = { schoolId: actor.school!.id, groupId: group.id };
  const today = todayOf(reply.request);
  const [topics, totals, parallels, progress] = await Promise.all([
    listTopics(db, where), lessonTotals(db, { ...where, today }), parallelGroups(db, actor, group), groupProgress(db, where, today),
  ]);
  const hours = topics.reduce((s, t) => s + t.hours, 0);
  return reply.page('ktp/group', {
    title: `КТП — ${group.name}`, group, topics, totals: { ...totals, hours }, hasParallels: parallels.length > 0, progress,
    form: opts.form ?? blank(), importError: opts.importError ?? null,
  }, opts.status ?? 200);
}
