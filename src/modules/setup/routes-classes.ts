// Classes of a year (5А) and college groups (ИСП-21): the list with today's number of students, create, edit, delete.
import { isStillReferenced, isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { classForm } from './forms.ts';
import { currentYear, getClass } from './lookups.ts';
import { createClass, deleteClass, listClasses, staffOptions, updateClass, type ClassInput } from './queries-classes.ts';
import { getScheme, getYear, schemesOfYear } from './queries.ts';
import { blankForm, idOf, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';
import { className } from './rules.ts';

type Year = NonNullable<Awaited<ReturnType<typeof getYear>>>;
type Klass = NonNullable<Awaited<ReturnType<typeof getClass>>>;

export function registerClassRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const yearOf = (request: FastifyRequest, yearId = idOf(request)) => (yearId ? getYear(db, { schoolId: schoolIdOf(request), yearId }) : undefined);

  /** What the class form offers: the year's period schemes and the school's staff. */
  async function options(request: FastifyRequest, year: Year) {
    const schoolId = schoolIdOf(request);
    const [schemes, staff] = await Promise.all([schemesOfYear(db, { schoolId, yearId: year.id }), staffOptions(db, { schoolId })]);
    return { schemes: schemes.map((s) => ({ id: s.id, name: s.name })), staff };
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, year: Year, form = blankForm({ shift: '1' }), status = 200) {
    const [classes, opts] = await Promise.all([listClasses(db, { schoolId: schoolIdOf(request), yearId: year.id, today: todayOf(request) }), options(request, year)]);
    return page(reply, 'classes', { title: `Классы ${year.name}`, year, classes, ...opts, today: todayOf(request), form }, status);
  }

  function classValues({ klass }: { klass: Klass }) {
    const { grade, letter, name, shift, schemeId, classTeacherId } = klass;
    return { grade: grade ? String(grade) : '', letter: letter ?? '', groupName: grade ? '' : name, shift: String(shift), schemeId, classTeacherId: classTeacherId ?? '' };
  }
  async function classPage(request: FastifyRequest, reply: FastifyReply, k: { klass: Klass; year: Year }, form?: FormState, status = 200) {
    return page(reply, 'class', {
      title: `Класс ${k.klass.name}`, ...k, ...(await options(request, k.year)), form: form ?? blankForm(classValues(k)),
    }, status);
  }

  /** Checks the facts behind a valid form (the scheme is of this year, the teacher of this school) and builds the class. */
  async function toInput(request: FastifyRequest, year: Year, data: z.output<typeof classForm>): Promise<{ input: ClassInput; errors: FieldErrors }> {
    const schoolId = schoolIdOf(request);
    const errors: FieldErrors = {};
    const scheme = await getScheme(db, { schoolId, schemeId: data.schemeId });
    if (!scheme || scheme.yearId !== year.id) errors.schemeId = 'Выберите деление на периоды этого учебного года.';
    if (data.classTeacherId && !(await staffOptions(db, { schoolId })).some((s) => s.id === data.classTeacherId)) {
      errors.classTeacherId = 'Выберите классного руководителя из списка сотрудников школы.';
    }
    const { groupName: _g, ...rest } = data;
    return { input: { ...rest, name: className(data) }, errors };
  }
  const duplicate = (input: ClassInput, year: Year) => ({
    [input.grade ? 'letter' : 'groupName']: `Класс «${input.name}» в ${year.name} учебном году уже есть.`,
  });

  app.get('/setup/classes', READ, async (request, reply) => {
    const year = await currentYear(db, { schoolId: schoolIdOf(request), date: todayOf(request) });
    return reply.redirect(year ? `/setup/years/${year.id}/classes` : '/setup/years', 303);
  });

  app.get('/setup/years/:id/classes', READ, async (request, reply) => {
    const year = await yearOf(request);
    return year ? listPage(request, reply, year) : notFound(reply);
  });

  app.post('/setup/years/:id/classes', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    const form = parseKeeping(classForm, request.body);
    if (!form.ok) return listPage(request, reply, year, form, 422);
    const again = (errors: FieldErrors) => listPage(request, reply, year, { values: form.values, errors }, 422);
    const { input, errors } = await toInput(request, year, form.data);
    if (Object.keys(errors).length) return again(errors);
    try {
      await createClass(db, auditContext(request), year.id, input);
    } catch (err) {
      if (isUniqueViolation(err, 'classes_name')) return again(duplicate(input, year));
      throw err;
    }
    flash(reply, 'ok', `Класс ${input.name} создан.`);
    return reply.redirect(`/setup/years/${year.id}/classes`, 303);
  });

  async function classOf(request: FastifyRequest) {
    const id = idOf(request);
    const klass = id ? await getClass(db, { schoolId: schoolIdOf(request), classId: id }) : undefined;
    const year = klass && await yearOf(request, klass.yearId);
    return klass && year && { klass, year };
  }

  app.get('/setup/classes/:id', READ, async (request, reply) => {
    const k = await classOf(request);
    return k ? classPage(request, reply, k) : notFound(reply);
  });

  app.post('/setup/classes/:id', WRITE, async (request, reply) => {
    const k = await classOf(request);
    if (!k) return notFound(reply);
    const form = parseKeeping(classForm, request.body);
    if (!form.ok) return classPage(request, reply, k, form, 422);
    const again = (errors: FieldErrors) => classPage(request, reply, k, { values: form.values, errors }, 422);
    const { input, errors } = await toInput(request, k.year, form.data);
    if (Object.keys(errors).length) return again(errors);
    try {
      await updateClass(db, auditContext(request), k.klass.id, input);
    } catch (err) {
      if (isUniqueViolation(err, 'classes_name')) return again(duplicate(input, k.year));
      throw err;
    }
    flash(reply, 'ok', `Класс ${input.name} сохранён.`);
    return reply.redirect(`/setup/years/${k.year.id}/classes`, 303);
  });

  app.post('/setup/classes/:id/delete', WRITE, async (request, reply) => {
    const k = await classOf(request);
    if (!k) return notFound(reply);
    const refuse = (message: string) => classPage(request, reply, k, { values: classValues(k), errors: { delete: message } }, 422);
    let deleted: boolean;
    try {
      deleted = await deleteClass(db, auditContext(request), k.klass.id);
    } catch (err) {
      if (!isStillReferenced(err)) throw err;
      return refuse('Класс уже используется (учебный план, расписание или журнал): удалить его нельзя.');
    }
    if (!deleted) return refuse('В классе есть или были обучающиеся (история движения): удалить его нельзя.');
    flash(reply, 'ok', `Класс ${k.klass.name} удалён.`);
    return reply.redirect(`/setup/years/${k.year.id}/classes`, 303);
  });
}
