// /journal/work-types: the school's work types and weights. Admin and deputy edit; teachers read the list.
import { isStillReferenced, isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import type { Access } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import { workTypeForm } from './forms.ts';
import { DEFAULT_SCALE, PERIOD_SPECIAL, PERIOD_SPECIAL_LABELS, ruWeight } from './rules.ts';
import {
  createWorkType, deleteWorkType, getWorkType, isWorkTypeUsed, listWorkTypes, moveWorkType, setWorkTypeArchived, updateWorkType,
} from './work-types.ts';

const READ: { config: { access: Access } } = { config: { access: ['admin', 'deputy', 'teacher', 'classTeacher'] } };
const WRITE: { config: { access: Access } } = { config: { access: ['admin', 'deputy'] } };
const LIST = '/journal/work-types';

type FormState = { values: Record<string, string>; errors: FieldErrors };
const blank = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });
const duplicate = (name: string): FieldErrors => ({ name: `Вид работы «${name}» уже есть.` });
const schoolIdOf = (request: FastifyRequest) => request.school.id;
const canEdit = (request: FastifyRequest) => request.actor!.roles.some((r) => r === 'admin' || r === 'deputy');
const idParams = z.object({ id: z.uuid() });

export function registerWorkTypeRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function listPage(request: FastifyRequest, reply: FastifyReply, form = blank({ weight: '1' }), status = 200) {
    const workTypes = await listWorkTypes(db, schoolIdOf(request));
    const special = Object.entries(PERIOD_SPECIAL).map(([k, v]) => ({ code: v, label: PERIOD_SPECIAL_LABELS[k as keyof typeof PERIOD_SPECIAL] }));
    return reply.page('journal/work-types', {
      title: 'Виды работ', workTypes, form, can: { edit: canEdit(request) }, ruWeight, scale: DEFAULT_SCALE, special,
    }, status);
  }

  /** The work type of the URL in the actor's school; undefined (→ 404) for a malformed id or another school's. */
  async function workTypeOf(request: FastifyRequest) {
    const p = idParams.safeParse(request.params);
    return p.success ? getWorkType(db, schoolIdOf(request), p.data.id) : undefined;
  }
  type WorkType = NonNullable<Awaited<ReturnType<typeof workTypeOf>>>;

  function editPage(reply: FastifyReply, wt: WorkType, form?: FormState, status = 200) {
    const values = { name: wt.name, shortName: wt.shortName, weight: ruWeight(wt.weight), isControl: wt.isControl ? 'on' : '' };
    return reply.page('journal/work-type', { title: wt.name, workType: wt, form: form ?? blank(values), ruWeight }, status);
  }

  app.get(LIST, READ, (request, reply) => listPage(request, reply));

  app.post(LIST, WRITE, async (request, reply) => {
    const form = { ...parseForm(workTypeForm, request.body), values: keepValues(request.body) };
    if (!form.ok) return listPage(request, reply, form, 422);
    try {
      await createWorkType(db, auditContext(request), form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'work_types_name')) return listPage(request, reply, { values: form.values, errors: duplicate(form.data.name) }, 422);
      throw err;
    }
    flash(reply, 'ok', `Вид работы «${form.data.name}» добавлен.`);
    return reply.redirect(LIST, 303);
  });

  app.get(`${LIST}/:id`, WRITE, async (request, reply) => {
    const wt = await workTypeOf(request);
    return wt ? editPage(reply, wt) : notFound(reply);
  });

  app.post(`${LIST}/:id`, WRITE, async (request, reply) => {
    const wt = await workTypeOf(request);
    if (!wt) return notFound(reply);
    const form = { ...parseForm(workTypeForm, request.body), values: keepValues(request.body) };
    if (!form.ok) return editPage(reply, wt, form, 422);
    try {
      await updateWorkType(db, auditContext(request), wt.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'work_types_name')) return editPage(reply, wt, { values: form.values, errors: duplicate(form.data.name) }, 422);
      throw err;
    }
    flash(reply, 'ok', `Вид работы «${form.data.name}» сохранён.`);
    return reply.redirect(LIST, 303);
  });

  for (const archived of [true, false]) {
    app.post(`${LIST}/:id/${archived ? 'archive' : 'unarchive'}`, WRITE, async (request, reply) => {
      const wt = await workTypeOf(request);
      if (!wt) return notFound(reply);
      await setWorkTypeArchived(db, auditContext(request), wt.id, archived);
      flash(reply, 'ok', archived ? `Вид работы «${wt.name}» убран в архив.` : `Вид работы «${wt.name}» возвращён из архива.`);
      return reply.redirect(LIST, 303);
    });
  }

  app.post(`${LIST}/:id/delete`, WRITE, async (request, reply) => {
    const wt = await workTypeOf(request);
    if (!wt) return notFound(reply);
    const used = () => {
      flash(reply, 'error', `Вид работы «${wt.name}» уже есть в отметках: его можно только убрать в архив.`);
      return reply.redirect(LIST, 303);
    };
    if (await isWorkTypeUsed(db, schoolIdOf(request), wt.id)) return used();
    try {
      await deleteWorkType(db, auditContext(request), wt.id);
    } catch (err) {
      if (isStillReferenced(err)) return used(); // a lesson column took the type meanwhile: the foreign key refuses
      throw err;
    }
    flash(reply, 'ok', `Вид работы «${wt.name}» удалён.`);
    return reply.redirect(LIST, 303);
  });

  for (const [dir, step] of [['up', -1], ['down', 1]] as const) {
    app.post(`${LIST}/:id/${dir}`, WRITE, async (request, reply) => {
      const wt = await workTypeOf(request);
      if (!wt) return notFound(reply);
      await moveWorkType(db, auditContext(request), wt.id, step);
      return reply.redirect(LIST, 303);
    });
  }
}
