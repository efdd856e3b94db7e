// /admin/outbox: the school's outgoing e-mail (weekly digests), newest first, each message readable; a button queues
// the digests of a week and sends what is unsent over SMTP when SMTP_URL is set.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../web/dates.ts';
import { dateTimeOf, todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { dateField, keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { digestWeekFor, mondayOf, weekRange } from './digest-format.ts';
import { getOutboxMessage, listOutbox, outboxCounts, outboxStatus, queueAndDeliver } from './outbox.ts';

const LIST = '/admin/outbox';
const access = { config: { access: ['admin'] as const } };
const idParams = z.object({ id: z.uuid() });
const WEEK_MESSAGE = 'Укажите дату недели в формате ДД.ММ.ГГГГ.';

/** The week form: any date of the week, not after the current week and not more than a year back. */
const weekForm = (today: string) => z.object({ week: dateField(WEEK_MESSAGE) }).transform((f, ctx) => {
  const monday = mondayOf(f.week);
  const thisMonday = mondayOf(today);
  if (monday > thisMonday) ctx.addIssue({ code: 'custom', path: ['week'], message: 'Сводку можно сформировать только за прошедшую или текущую неделю.' });
  else if (monday < addDays(thisMonday, -371)) ctx.addIssue({ code: 'custom', path: ['week'], message: 'Неделя больше года назад: сводку за неё не формируют.' });
  return { weekStart: monday };
});

type FormState = { values: Record<string, string>; errors: FieldErrors };


export function registerOutboxRoutes(app: FastifyInstance, { db, config }: { db: Db; config: Config }): void {
  async function listPage(request: FastifyRequest, reply: FastifyReply, form?: FormState, status = 200) {
    const schoolId = request.school.id;
    const [rows, counts] = await Promise.all([listOutbox(db, schoolId), outboxCounts(db, schoolId)]);
    return reply.page('diary/outbox', {
      title: 'Почта: исходящие письма', rows: rows.map((r) => ({ ...r, status: outboxStatus(r), created: dateTimeOf(request, r.createdAt), sent: dateTimeOf(request, r.sentAt) })), counts, smtp: Boolean(config.smtpUrl),
      form: form ?? { values: { week: digestWeekFor(todayOf(request)) }, errors: {} },
    }, status);
  }

  app.get(LIST, access, (request, reply) => listPage(request, reply));

  app.get(`${LIST}/:id`, access, async (request, reply) => {
    const p = idParams.safeParse(request.params);
    const message = p.success ? await getOutboxMessage(db, request.school.id, p.data.id) : undefined;
    if (!message) return notFound(reply);
    return reply.page('diary/outbox-message', {
      title: message.subject, message, status: outboxStatus(message), created: dateTimeOf(request, message.createdAt), sent: dateTimeOf(request, message.sentAt),
    });
  });

  // SMTP is slow: `tx: 'manual'`, queueAndDeliver opens short transactions of the school around its database work.
  app.post(`${LIST}/digests`, { config: { ...access.config, tx: 'manual' } }, async (request, reply) => {
    const form = parseForm(weekForm(todayOf(request)), request.body);
    if (!form.ok) return request.inSchool(() => listPage(request, reply, { values: keepValues(request.body), errors: form.errors }, 422));
    const { weekStart } = form.data;
    const r = await queueAndDeliver(db, config, { schoolId: request.school.id, weekStart });
    request.log.info({ weekStart, ...r }, 'weekly digests queued by the admin');
    const queued = `Сводки за неделю ${weekRange(weekStart)}: новых писем — ${r.queued}, уже были в очереди — ${r.already}.`;
    const sent = r.smtp ? ` Отправлено: ${r.sent}${r.failed ? `, с ошибкой: ${r.failed} (повтор при следующем запуске)` : ''}.`
      : ' Почтовый сервер (SMTP_URL) не настроен: письма остались в очереди.';
    flash(reply, r.failed ? 'error' : 'ok', queued + sent);
    return reply.redirect(LIST, 303);
  });
}

