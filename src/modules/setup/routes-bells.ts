// Bell schedules (расписание звонков), one per shift: the list, create for a shift, edit the lessons' times, delete.
import { isStillReferenced, isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { BELL_FIELDS, bellRow, bellScheduleForm, parseRows } from './forms.ts';
import { createBellSchedule, deleteBellSchedule, getBellSchedule, listBellSchedules, saveBells } from './queries-classes.ts';
import { blankForm, idOf, indexed, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';
import { checkBells } from './rules.ts';

const MAX_LESSONS = 13;
const nameForm = z.object({
  name: z.string({ error: 'Введите название, например «1 смена».' }).trim().min(1, 'Введите название, например «1 смена».').max(100, 'Название слишком длинное: не больше 100 символов.'),
});

export function registerBellRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function listPage(request: FastifyRequest, reply: FastifyReply, form = blankForm(), status = 200) {
    const schedules = await listBellSchedules(db, { schoolId: schoolIdOf(request) });
    return page(reply, 'bells', { title: 'Расписание звонков', schedules, form }, status);
  }

  async function scheduleOf(request: FastifyRequest) {
    const id = idOf(request);
    return id ? getBellSchedule(db, { schoolId: schoolIdOf(request), scheduleId: id }) : undefined;
  }
  type Schedule = NonNullable<Awaited<ReturnType<typeof scheduleOf>>>;

  /** The schedule's lessons as numbered rows, plus three empty rows to add lessons. */
  function rowCount(s: Schedule) {
    return Math.min(MAX_LESSONS, s.bells.length + 3);
  }
  function schedulePage(request: FastifyRequest, reply: FastifyReply, s: Schedule, form?: FormState, status = 200) {
    const n = rowCount(s);
    const last = s.bells.at(-1)?.lessonNumber ?? 0;
    const values: Record<string, string> = { name: s.name };
    for (let i = 0; i < n; i++) {
      const b = s.bells[i];
      Object.assign(values, indexed({ lessonNumber: String(b ? b.lessonNumber : last + 1 + i - s.bells.length), startsAt: b?.startsAt ?? '', endsAt: b?.endsAt ?? '' }, i));
    }
    return page(reply, 'bell-schedule', {
      title: `Звонки: ${s.name}`, schedule: s, rows: Array.from({ length: n }, (_, i) => i), form: form ?? blankForm(values),
    }, status);
  }

  app.get('/setup/bells', READ, (request, reply) => listPage(request, reply));

  app.post('/setup/bells', WRITE, async (request, reply) => {
    const form = parseKeeping(bellScheduleForm, request.body);
    if (!form.ok) return listPage(request, reply, form, 422);
    try {
      const id = await createBellSchedule(db, auditContext(request), form.data);
      flash(reply, 'ok', `Создано расписание звонков «${form.data.name}». Укажите время уроков.`);
      return reply.redirect(`/setup/bells/${id}`, 303);
    } catch (err) {
      if (!isUniqueViolation(err, 'bell_schedules_shift')) throw err;
      return listPage(request, reply, { values: form.values, errors: { shift: `Расписание звонков для ${form.data.shift} смены уже есть.` } }, 422);
    }
  });

  app.get('/setup/bells/:id', READ, async (request, reply) => {
    const s = await scheduleOf(request);
    return s ? schedulePage(request, reply, s) : notFound(reply);
  });

  app.post('/setup/bells/:id', WRITE, async (request, reply) => {
    const s = await scheduleOf(request);
    if (!s) return notFound(reply);
    const name = parseKeeping(nameForm, request.body);
    const rows = parseRows(bellRow, request.body, BELL_FIELDS, ['startsAt', 'endsAt'], rowCount(s));
    const errors: FieldErrors = { ...(name.ok ? {} : name.errors), ...(rows.ok ? {} : rows.errors) };
    if (rows.ok) {
      const checked = checkBells(rows.rows.map((r) => ({ key: String(r.index), ...r.data })));
      for (const [index, e] of checked) Object.assign(errors, indexed(e, Number(index)));
    }
    if (!name.ok || !rows.ok || Object.keys(errors).length) return schedulePage(request, reply, s, { values: rows.values, errors }, 422);
    await saveBells(db, auditContext(request), s.id, name.data.name, rows.rows.map((r) => r.data));
    flash(reply, 'ok', `Расписание звонков «${name.data.name}» сохранено.`);
    return reply.redirect(`/setup/bells/${s.id}`, 303);
  });

  app.post('/setup/bells/:id/delete', WRITE, async (request, reply) => {
    const s = await scheduleOf(request);
    if (!s) return notFound(reply);
    try {
      await deleteBellSchedule(db, auditContext(request), s.id);
    } catch (err) {
      if (!isStillReferenced(err)) throw err;
      flash(reply, 'error', `Расписание звонков «${s.name}» уже используется: удалить его нельзя.`);
      return reply.redirect(`/setup/bells/${s.id}`, 303);
    }
    flash(reply, 'ok', `Расписание звонков «${s.name}» удалено.`);
    return reply.redirect('/setup/bells', 303);
  });
}
