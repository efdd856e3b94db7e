// /diary/digest: a parent turns the weekly e-mail digest on or off and gives the address (their guardian card of the
// current school). The digest is queued on Saturday afternoon, by the admin's button or by `npm run cli -- send-digests`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, desc, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { guardianConsented, NO_CONSENT_FOR_ALERTS } from '../consents/queries.ts';
import { diaryChildren, fullChildName } from './access.ts';
import { weekRange } from './digest-format.ts';
import { cardEmail, digestForm, getSubscription, saveSubscription } from './digest-subscriptions.ts';
import { DIGEST_KIND, outboxStatus } from './outbox.ts';
import { outbox } from './schema.ts';

const PAGE = '/diary/digest';
type FormState = { values: Record<string, string>; errors: FieldErrors };

/** The last digests queued for this guardian card, newest first. */
async function recentDigests(db: Db, schoolId: string, guardianId: string) {
  const rows = await db.select({ key: outbox.dedupeKey, to: outbox.toAddress, createdAt: outbox.createdAt, sentAt: outbox.sentAt, error: outbox.error })
    .from(outbox).where(and(eq(outbox.schoolId, schoolId), like(outbox.dedupeKey, `${DIGEST_KIND}:${guardianId}:%`)))
    .orderBy(desc(outbox.createdAt)).limit(5);
  return rows.map((r) => ({ week: weekRange(r.key!.split(':')[2]!), to: r.to, status: outboxStatus(r) }));
}

export function registerDigestRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const access = { config: { access: ['parent'] as const } };

  async function page(request: FastifyRequest, reply: FastifyReply, guardianId: string, form?: FormState, status = 200) {
    const schoolId = request.school.id;
    const [sub, children, recent] = await Promise.all([
      getSubscription(db, schoolId, guardianId), diaryChildren(db, request.actor!.accountId), recentDigests(db, schoolId, guardianId),
    ]);
    const values = form?.values ?? (sub
      ? { enabled: sub.enabled ? 'on' : '', email: sub.email }
      : { enabled: '', email: await cardEmail(db, schoolId, guardianId) });
    return reply.page('diary/digest', {
      title: 'Сводка дневника на e-mail', form: { values, errors: form?.errors ?? {} }, subscribed: sub?.enabled === true, sub, recent,
      children: children.filter((c) => c.schoolId === schoolId && c.guardianId === guardianId).map((c) => ({ name: fullChildName(c), className: c.className })),
    }, status);
  }

  app.get(PAGE, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    return guardianId ? page(request, reply, guardianId) : notFound(reply);
  });

  app.post(PAGE, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    if (!guardianId) return notFound(reply);
    const form = parseForm(digestForm, request.body);
    if (!form.ok) return page(request, reply, guardianId, { values: keepValues(request.body), errors: form.errors }, 422);
    if (form.data.enabled && !(await guardianConsented(db, request.school.id, guardianId, 'alerts', todayOf(request)))) {
      return page(request, reply, guardianId, { values: keepValues(request.body), errors: { email: NO_CONSENT_FOR_ALERTS } }, 422);
    }
    await saveSubscription(db, auditContext(request), guardianId, form.data);
    const sub = await getSubscription(db, request.school.id, guardianId);
    flash(reply, 'ok', sub?.enabled ? `Еженедельная сводка будет приходить на ${sub.email}.` : 'Еженедельная сводка на e-mail отключена.');
    return reply.redirect(PAGE, 303);
  });
}
