// /diary/alerts «Уведомления»: a parent chooses per child what to be alerted of (new marks, absences, homework, answers
// to messages) and how (push to this browser — public/js/alerts.js subscribes through the service worker — and/or
// e-mail). Their guardian card of the current school; another school's subscription id is 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { guardianConsented, NO_CONSENT_FOR_ALERTS } from '../consents/queries.ts';
import { cardEmail } from '../diary/digest-subscriptions.ts';
import { diaryChildren, fullChildName } from '../diary/access.ts';
import { PREF_FLAGS, deletePush, devicesOf, parsePrefsForm, prefsOf, pushBody, savePrefs, savePush } from './prefs.ts';
import { ensureVapidKeys } from './vapid.ts';

const PAGE = '/diary/alerts';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerAlertRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const access = { config: { access: ['parent'] as const } };

  async function ownChildren(request: FastifyRequest, guardianId: string) {
    const all = await diaryChildren(db, request.actor!.accountId);
    return all.filter((c) => c.schoolId === request.school.id && c.guardianId === guardianId);
  }

  async function page(request: FastifyRequest, reply: FastifyReply, guardianId: string, error?: string, typed?: Record<string, unknown>) {
    const schoolId = request.school.id;
    const [children, prefs, devices, vapid] = await Promise.all([
      ownChildren(request, guardianId), prefsOf(db, schoolId, guardianId), devicesOf(db, schoolId, guardianId), ensureVapidKeys(db),
    ]);
    const rows = children.map((c) => {
      const p = prefs.find((x) => x.studentId === c.studentId);
      const checked = Object.fromEntries(PREF_FLAGS.map((f) => [f, typed ? typed[`${c.studentId}.${f}`] === 'on' : !!p?.[f]]));
      return { id: c.studentId, name: fullChildName(c), className: c.className, checked };
    });
    const email = typed ? String(typed.email ?? '') : prefs.find((p) => p.email)?.email ?? await cardEmail(db, schoolId, guardianId);
    const consented = await guardianConsented(db, schoolId, guardianId, 'alerts', todayOf(request));
    return reply.page('diary/alerts', {
      title: 'Уведомления', rows, email, error, devices, vapidKey: vapid.publicKey, noConsent: consented ? null : NO_CONSENT_FOR_ALERTS,
    }, error ? 422 : 200);
  }

  app.get(PAGE, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    return guardianId ? page(request, reply, guardianId) : notFound(reply);
  });

  app.post(PAGE, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    if (!guardianId) return notFound(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parsePrefsForm(body, (await ownChildren(request, guardianId)).map((c) => c.studentId));
    if (!form.ok) return page(request, reply, guardianId, form.error, body);
    const delivers = [...form.prefs.values()].some((p) => p.byPush || p.byEmail) || form.email !== '';
    if (delivers && !(await guardianConsented(db, request.school.id, guardianId, 'alerts', todayOf(request)))) {
      return page(request, reply, guardianId, NO_CONSENT_FOR_ALERTS, body);
    }
    await savePrefs(db, auditContext(request), guardianId, form);
    flash(reply, 'ok', 'Настройки уведомлений сохранены.');
    return reply.redirect(PAGE, 303);
  });

  // The browser's PushSubscription (JSON from public/js/alerts.js, with the CSRF header).
  app.post(`${PAGE}/push`, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    if (!guardianId) return notFound(reply);
    const parsed = pushBody.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ error: 'Браузер передал неверную подписку.' });
    if (!(await guardianConsented(db, request.school.id, guardianId, 'alerts', todayOf(request)))) {
      return reply.code(422).send({ error: NO_CONSENT_FOR_ALERTS });
    }
    await savePush(db, auditContext(request), guardianId, parsed.data, request.headers['user-agent'] ?? null);
    return reply.send({ ok: true });
  });

  app.post<{ Params: { id: string } }>(`${PAGE}/push/:id/delete`, access, async (request, reply) => {
    const guardianId = request.actor!.person.guardianId;
    if (!guardianId || !UUID.test(request.params.id)) return notFound(reply);
    if (!(await deletePush(db, auditContext(request), guardianId, request.params.id))) return notFound(reply);
    flash(reply, 'ok', 'Устройство больше не получает уведомления.');
    return reply.redirect(PAGE, 303);
  });
}
