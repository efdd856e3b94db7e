// GET /year/close?year= — the year-close checklist (admin; the deputy reads it); POST /year/close — «Закрыть год»
// (admin; over blockers only with a written reason); POST /year/reopen — the admin opens a closed year again, with a reason.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { getYear, listYears } from '../setup/queries.ts';
import { checklist, closeYear, reopenYear, type Year } from './close-model.ts';
import { CHECK_TITLES, CHECKS, decideClose, decideReopen, MIN_REASON } from './close-rules.ts';

/** Lines of each checklist section shown on the page (the counts say the rest). */
const SHOWN = 60;

const yearQuery = z.object({ year: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()) });
const closeForm = z.object({ yearId: z.uuid(), reason: z.string().max(2000).default('') });

/** The year asked for (another school's or a malformed id: undefined → 404), else the current one. */
async function pickYear(request: FastifyRequest, id: string | undefined): Promise<Year | undefined | null> {
  const schoolId = request.school.id;
  if (id) return (await getYear(request.tx, { schoolId, yearId: id })) ?? undefined;
  return (await currentYear(request.tx, { schoolId, date: todayOf(request) })) ?? null;
}

type Form = { reason: string; error?: string; yearError?: string };

async function render(request: FastifyRequest, reply: FastifyReply, year: Year | null, form: Form = { reason: '' }, status = 200) {
  const schoolId = request.school.id;
  const years = await listYears(request.tx, { schoolId });
  if (!year) return reply.page('year/close', { title: 'Закрытие учебного года', year: null, years }, status);
  const today = todayOf(request);
  const list = await checklist(request.tx, { schoolId, year, today });
  return reply.page('year/close', {
    title: `Закрытие учебного года ${year.name}`, year, years, list, checks: CHECKS, titles: CHECK_TITLES, shown: SHOWN, form,
    minReason: MIN_REASON, can: { close: request.actor!.roles.includes('admin') },
  }, status);
}

export async function closePage(request: FastifyRequest, reply: FastifyReply) {
  const q = yearQuery.safeParse(request.query);
  if (!q.success) return notFound(reply);
  const year = await pickYear(request, q.data.year);
  return year === undefined ? notFound(reply) : render(request, reply, year);
}

export async function closePost(request: FastifyRequest, reply: FastifyReply) {
  const form = closeForm.safeParse(request.body);
  if (!form.success) return notFound(reply);
  const year = await pickYear(request, form.data.yearId);
  if (!year) return notFound(reply);
  const list = await checklist(request.tx, { schoolId: request.school.id, year, today: todayOf(request) });
  const decision = decideClose(year, list.counts, form.data.reason);
  if (!decision.ok) return render(request, reply, year, { reason: form.data.reason, error: decision.message }, 422);
  await closeYear(request.tx, auditContext(request), { year, reason: form.data.reason, override: decision.override, counts: list.counts });
  flash(reply, 'ok', `Учебный год ${year.name} закрыт: его журнал, расписание, учебный план и движение обучающихся только для чтения.`);
  return reply.redirect(`/year/close?year=${year.id}`, 303);
}

export async function reopenPost(request: FastifyRequest, reply: FastifyReply) {
  const form = closeForm.safeParse(request.body);
  if (!form.success) return notFound(reply);
  const year = await pickYear(request, form.data.yearId);
  if (!year) return notFound(reply);
  const decision = decideReopen(year, form.data.reason);
  if (!decision.ok) return render(request, reply, year, { reason: form.data.reason, error: decision.message }, 422);
  await reopenYear(request.tx, auditContext(request), { year, reason: form.data.reason });
  flash(reply, 'ok', `Учебный год ${year.name} снова открыт. Причина записана в журнал изменений.`);
  return reply.redirect(`/year/close?year=${year.id}`, 303);
}
