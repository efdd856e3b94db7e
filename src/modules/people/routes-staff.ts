// Staff cards: the admin keeps them, the deputy reads them. Nobody else opens them (the secretary neither).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { auditContext } from '../audit/queries.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { ROLE_TITLES } from '../accounts/rules.ts';
import { idParams, searchQuery, staffForm } from './forms.ts';
import { LIST_LIMIT, SNILS_TAKEN, snilsTaken } from './queries.ts';
import { createStaff, DuplicateExternalIdError, getStaff, listStaff, staffCard, updateStaff } from './queries-staff.ts';
import { again, asValues, here } from './routes-scope.ts';
import { fullName, staffRights } from './rules.ts';

export const CATEGORIES = ['высшая', 'первая', 'соответствие занимаемой должности', 'без категории'];
const DUPLICATE_EXTERNAL = { externalId: 'Этот внешний идентификатор уже есть у другого сотрудника школы.' };

export function registerStaffRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const formPage = (title: string, action: string) => ({ title, action, categories: CATEGORIES });

  app.get('/people/staff', { config: { access: ['admin', 'deputy'] } }, async (request, reply) => {
    const h = here(request);
    const { q } = searchQuery.parse(request.query ?? {});
    const rows = await listStaff(db, { schoolId: h.schoolId, q });
    return reply.page('people/staff-list', {
      title: 'Сотрудники', q, staff: rows.slice(0, LIST_LIMIT), more: rows.length > LIST_LIMIT,
      canCreate: staffRights(h.roles) === 'write', fullName, ruDate,
    });
  });

  app.get('/people/staff/new', { config: { access: ['admin'] } }, async (_request, reply) =>
    reply.page('people/staff-form', { ...formPage('Новый сотрудник', '/people/staff'), values: {}, errors: {} }));

  app.post('/people/staff', { config: { access: ['admin'] } }, async (request, reply) => {
    const h = here(request);
    const page = formPage('Новый сотрудник', '/people/staff');
    const form = parseForm(staffForm(h.today), request.body);
    if (!form.ok) return again(reply, 'people/staff-form', page, form.values, form.errors);
    if (await snilsTaken(db, { schoolId: h.schoolId, kind: 'staff', snils: form.data.snils })) {
      return again(reply, 'people/staff-form', page, keepValues(request.body), SNILS_TAKEN);
    }
    try {
      const id = await createStaff(db, auditContext(request), form.data);
      flash(reply, 'ok', `Карточка сотрудника создана: ${fullName(form.data)}.`);
      return reply.redirect(`/people/staff/${id}`, 303);
    } catch (err) {
      if (err instanceof DuplicateExternalIdError) return again(reply, 'people/staff-form', page, keepValues(request.body), DUPLICATE_EXTERNAL);
      throw err;
    }
  });

  app.get('/people/staff/:id', { config: { access: ['admin', 'deputy'] } }, async (request, reply) => {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    const found = params.success ? await staffCard(db, { schoolId: h.schoolId, id: params.data.id, today: h.today }) : undefined;
    if (!found) return notFound(reply);
    return reply.page('people/staff-card', {
      title: fullName(found.card), ...found, canEdit: staffRights(h.roles) === 'write', roleTitles: ROLE_TITLES, fullName, ruDate,
    });
  });

  app.get('/people/staff/:id/edit', { config: { access: ['admin'] } }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    const card = params.success ? await getStaff(db, { schoolId: here(request).schoolId, id: params.data.id }) : undefined;
    if (!card) return notFound(reply);
    return reply.page('people/staff-form', { ...formPage(fullName(card), `/people/staff/${card.id}`), card, values: asValues(card), errors: {} });
  });

  app.post('/people/staff/:id', { config: { access: ['admin'] } }, async (request, reply) => {
    const h = here(request);
    const params = idParams.safeParse(request.params);
    const card = params.success ? await getStaff(db, { schoolId: h.schoolId, id: params.data.id }) : undefined;
    if (!card) return notFound(reply);
    const page = { ...formPage(fullName(card), `/people/staff/${card.id}`), card };
    const form = parseForm(staffForm(h.today), request.body);
    if (!form.ok) return again(reply, 'people/staff-form', page, form.values, form.errors);
    if (await snilsTaken(db, { schoolId: h.schoolId, kind: 'staff', snils: form.data.snils, exceptId: card.id })) {
      return again(reply, 'people/staff-form', page, keepValues(request.body), SNILS_TAKEN);
    }
    try {
      const changed = await updateStaff(db, auditContext(request), card.id, form.data);
      if (changed === undefined) return notFound(reply);
      flash(reply, 'ok', changed ? 'Карточка сотрудника сохранена.' : 'Изменений нет.');
      return reply.redirect(`/people/staff/${card.id}`, 303);
    } catch (err) {
      if (err instanceof DuplicateExternalIdError) return again(reply, 'people/staff-form', page, keepValues(request.body), DUPLICATE_EXTERNAL);
      throw err;
    }
  });
}
