// /journal/groups/:groupId/period-marks: a group's period marks (a period tab, or «Год»: year, exam and final marks) and
// saving them; the deputy's reopenings of a group's period and of a lesson.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import type { Access } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import { getGroupHead } from './grid-queries.ts';
import { lessonFacts } from './lesson-facts.ts';
import { renderPeriodPage, resolveTab, type PageForm } from './period-page.ts';
import { checkReopen, periodFormEntries, REOPEN_DEFAULT_DAYS } from './period-rules.ts';
import { entryKey, insertReopen, savePeriodMarks, type SaveOutcome } from './period-writes.ts';
import { JOURNAL_READERS, readableGroup } from './routes.ts';

const SETTERS: { config: { access: Access } } = { config: { access: ['teacher', 'classTeacher', 'deputy'] } };
const DEPUTY: { config: { access: Access } } = { config: { access: ['deputy'] } };

const tabQuery = z.object({ period: z.union([z.uuid(), z.literal('year')]).optional() });
const lessonParams = z.object({ lessonId: z.uuid() });
const reopenBody = z.object({ reason: z.string().max(2000).optional(), until: z.string().max(40).optional(), period: z.string().max(60).optional() });

const pageUrl = (groupId: string, period: string) => `/journal/groups/${groupId}/period-marks?period=${period}`;

/** The page after a refused save: the submitted values kept (on a conflict: the current ones at the conflicting rows). */
function refusedForm(result: Exclude<SaveOutcome, { ok: true }>, entries: ReturnType<typeof periodFormEntries>, reason: string | undefined): PageForm {
  if (result.status === 403 || result.status === 404) return { message: result.message };
  const values = Object.fromEntries(entries.map((e) => [entryKey(e.studentId, e.kind), e.value]));
  const was = result.status === 409
    ? Object.fromEntries(entries.map((e) => [entryKey(e.studentId, e.kind), result.current.get(entryKey(e.studentId, e.kind)) ?? '']))
    : Object.fromEntries(entries.map((e) => [entryKey(e.studentId, e.kind), e.was]));
  return {
    values, was, message: result.message, ...(reason !== undefined ? { reason } : {}),
    ...(result.status === 409 ? { conflicts: result.conflicts } : {}), ...('errors' in result && result.errors ? { errors: result.errors } : {}),
  };
}

export function registerPeriodMarkRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/journal/groups/:groupId/period-marks', JOURNAL_READERS, async (request, reply) => {
    const found = await readableGroup(db, request);
    const q = tabQuery.safeParse(request.query);
    if (!found || !q.success) return notFound(reply);
    return renderPeriodPage(db, request, reply, found, q.data.period);
  });

  app.post('/journal/groups/:groupId/period-marks', SETTERS, async (request, reply) => {
    const found = await readableGroup(db, request);
    const q = tabQuery.safeParse(request.query);
    const tab = found && q.success ? resolveTab(found.head, q.data.period, todayOf(request)) : undefined;
    if (!found || !tab) return notFound(reply);
    const entries = periodFormEntries(request.body);
    const rawReason = (request.body as Record<string, unknown> | undefined)?.reason;
    const reason = typeof rawReason === 'string' ? rawReason.slice(0, 1000) : undefined;
    const period = tab.kind === 'period' ? tab.period.id : 'year';
    const result = await savePeriodMarks(db, auditContext(request), request.actor!, todayOf(request), {
      groupId: found.head.id, periodId: tab.kind === 'period' ? tab.period.id : null, entries, reason,
    });
    if (result.ok) {
      const saved = result.changed > 0 ? `Сохранено итоговых отметок: ${result.changed}.` : 'Изменений нет.';
      flash(reply, 'ok', result.closed ? `${saved} Все итоговые отметки выставлены: период закрыт.` : saved);
      return reply.redirect(pageUrl(found.head.id, period), 303);
    }
    if (result.status === 404) return notFound(reply);
    return renderPeriodPage(db, request, reply, found, period, refusedForm(result, entries, reason), result.status);
  });

  app.post('/journal/groups/:groupId/reopen', DEPUTY, async (request, reply) => {
    const found = await readableGroup(db, request);
    const body = reopenBody.safeParse(request.body ?? {});
    const period = found && body.success ? found.head.periods.find((p) => p.id === body.data.period) : undefined;
    if (!found || !body.success || !period) return notFound(reply);
    const checked = checkReopen(body.data, todayOf(request));
    if (!checked.ok) {
      const form: PageForm = { reopen: { values: keepValues(request.body), errors: checked.errors }, message: 'Период не открыт: исправьте форму ниже.' };
      return renderPeriodPage(db, request, reply, found, period.id, form, 422);
    }
    await insertReopen(db, auditContext(request), { groupId: found.head.id, lessonId: null, periodId: period.id, until: checked.until, reason: checked.reason });
    flash(reply, 'ok', `Период «${period.name}» открыт для учителя до ${ruDate(checked.until)} включительно.`);
    return reply.redirect(pageUrl(found.head.id, period.id), 303);
  });

  app.post('/journal/lessons/:lessonId/reopen', DEPUTY, async (request, reply) => {
    const p = lessonParams.safeParse(request.params);
    const schoolId = request.school.id;
    const f = p.success ? await lessonFacts(db, { schoolId, lessonId: p.data.lessonId }) : undefined;
    const body = reopenBody.safeParse(request.body ?? {});
    if (!f || !body.success) return notFound(reply);
    const checked = checkReopen(body.data, todayOf(request));
    if (!checked.ok) return renderLessonReopen(db, request, reply, f, { values: keepValues(request.body), errors: checked.errors });
    await insertReopen(db, auditContext(request), { groupId: f.groupId, lessonId: f.id, periodId: null, until: checked.until, reason: checked.reason });
    flash(reply, 'ok', `Урок открыт для учителя до ${ruDate(checked.until)} включительно.`);
    return reply.redirect(`/journal/lessons/${f.id}`, 303);
  });
}

/** The lesson's reopening form again, with the errors at the fields (the lesson page itself is another module's). */
async function renderLessonReopen(db: Db, request: FastifyRequest, reply: FastifyReply,
  f: { id: string; groupId: string; date: string; lessonNumber: number }, form: { values: Record<string, string>; errors: Record<string, string> }) {
  const head = await getGroupHead(db, { schoolId: request.school.id, groupId: f.groupId });
  return reply.page('journal/reopen', {
    title: 'Открыть урок для учителя', lesson: f, head, form, ruDate, reopenDefault: ruDate(addDays(todayOf(request), REOPEN_DEFAULT_DAYS)),
  }, 422);
}
