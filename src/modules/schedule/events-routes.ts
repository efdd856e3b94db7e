// Events: school events (deputy, admin) and class events (the class teacher for their classes; deputy, admin for any).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { addDays, parseDateInput } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { classesLedBy, classesOfYear, currentYear } from '../setup/lookups.ts';
import { createEvent, deleteEvent, eventsBetween, getEvent, updateEvent, type EventInput } from './events-queries.ts';
import { idOf, isManager, page, schoolIdOf } from './lessons-common.ts';

const ACCESS = { config: { access: ['deputy', 'admin', 'classTeacher'] as const } };
const WEEKS = 6;
const time = z.string().trim().transform((s, c) => {
  if (!s) return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) { c.addIssue({ code: 'custom', message: 'Время в формате ЧЧ:ММ.' }); return z.NEVER; }
  return s;
});
const eventForm = z.object({
  classId: z.string().trim().transform((s) => s || null).pipe(z.uuid({ message: 'Выберите класс.' }).nullable()),
  date: z.string().transform((s, c) => parseDateInput(s) ?? (c.addIssue({ code: 'custom', message: 'Дата в формате ДД.ММ.ГГГГ.' }), z.NEVER)),
  startsAt: time, endsAt: time,
  title: z.string().trim().min(1, 'Укажите название.').max(200, 'Не длиннее 200 символов.'),
  description: z.string().trim().max(2000, 'Не длиннее 2000 символов.').transform((s) => s || null),
});
type Form = { values: Record<string, string>; errors: FieldErrors };
type Ev = NonNullable<Awaited<ReturnType<typeof getEvent>>>;

export function registerEventRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** Classes whose events the actor may write (all for deputy/admin; led classes for a class teacher). */
  async function writableClasses(request: FastifyRequest) {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    if (!year) return [];
    if (isManager(request)) return classesOfYear(db, { schoolId, yearId: year.id });
    const staffId = request.actor!.person.staffId;
    return staffId ? classesLedBy(db, { schoolId, staffId, yearId: year.id }) : [];
  }
  const mayWrite = (request: FastifyRequest, classIds: string[], classId: string | null) =>
    classId === null ? isManager(request) : classIds.includes(classId);

  async function listPage(request: FastifyRequest, reply: FastifyReply, form?: Form, status = 200) {
    const schoolId = schoolIdOf(request);
    const from = todayOf(request);
    const classes = await writableClasses(request);
    const classIds = classes.map((c) => c.id);
    const events = await eventsBetween(db, { schoolId, from, until: addDays(from, WEEKS * 7), ...(isManager(request) ? {} : { classIds }) });
    return page(reply, 'events', {
      title: 'События', events: events.map((e) => ({ ...e, editable: mayWrite(request, classIds, e.classId) })), classes,
      school: isManager(request), form: form ?? { values: { date: from }, errors: {} },
    }, status);
  }

  async function readForm(request: FastifyRequest): Promise<{ ok: true; data: EventInput } | { ok: false; form: Form }> {
    const values = keepValues(request.body);
    const parsed = parseForm(eventForm, request.body);
    if (!parsed.ok) return { ok: false, form: { values, errors: parsed.errors } };
    const classIds = (await writableClasses(request)).map((c) => c.id);
    if (!mayWrite(request, classIds, parsed.data.classId)) return { ok: false, form: { values, errors: { classId: 'Выберите класс.' } } };
    if (parsed.data.startsAt && parsed.data.endsAt && parsed.data.endsAt <= parsed.data.startsAt) {
      return { ok: false, form: { values, errors: { endsAt: 'Окончание позже начала.' } } };
    }
    return { ok: true, data: parsed.data };
  }

  async function eventOf(request: FastifyRequest): Promise<Ev | undefined> {
    const id = idOf(request);
    const ev = id ? await getEvent(db, { schoolId: schoolIdOf(request), eventId: id }) : undefined;
    if (!ev) return undefined;
    const classIds = (await writableClasses(request)).map((c) => c.id);
    return mayWrite(request, classIds, ev.classId) ? ev : undefined;
  }
  async function editPage(request: FastifyRequest, reply: FastifyReply, ev: Ev, form?: Form, status = 200) {
    const values = { classId: ev.classId ?? '', date: ev.date, startsAt: ev.startsAt?.slice(0, 5) ?? '', endsAt: ev.endsAt?.slice(0, 5) ?? '', title: ev.title, description: ev.description ?? '' };
    return page(reply, 'event', { title: ev.title, event: ev, classes: await writableClasses(request), school: isManager(request), form: form ?? { values, errors: {} } }, status);
  }

  app.get('/schedule/events', ACCESS, async (request, reply) => listPage(request, reply));

  app.post('/schedule/events', ACCESS, async (request, reply) => {
    const r = await readForm(request);
    if (!r.ok) return listPage(request, reply, r.form, 422);
    await createEvent(db, auditContext(request), r.data, request.actor!.person.staffId);
    flash(reply, 'ok', `Событие «${r.data.title}» добавлено.`);
    return reply.redirect('/schedule/events', 303);
  });

  app.get('/schedule/events/:id', ACCESS, async (request, reply) => {
    const ev = await eventOf(request);
    return ev ? editPage(request, reply, ev) : notFound(reply);
  });

  app.post('/schedule/events/:id', ACCESS, async (request, reply) => {
    const ev = await eventOf(request);
    if (!ev) return notFound(reply);
    const r = await readForm(request);
    if (!r.ok) return editPage(request, reply, ev, r.form, 422);
    await updateEvent(db, auditContext(request), ev.id, ev, r.data);
    flash(reply, 'ok', `Событие «${r.data.title}» сохранено.`);
    return reply.redirect('/schedule/events', 303);
  });

  app.post('/schedule/events/:id/delete', ACCESS, async (request, reply) => {
    const ev = await eventOf(request);
    if (!ev) return notFound(reply);
    await deleteEvent(db, auditContext(request), ev.id, ev);
    flash(reply, 'ok', `Событие «${ev.title}» удалено.`);
    return reply.redirect('/schedule/events', 303);
  });
}
