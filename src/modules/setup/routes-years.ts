// Academic years: the list, a year's page (its periods, holidays and transferred days), create, edit dates, delete.
import { isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { schemeForm, yearForm } from './forms.ts';
import {
  createScheme, createYear, deleteYear, getYear, holidaysOfYear, listYears, otherYears, schemesOfYear, transfersOfYear, updateYear,
  yearContents,
} from './queries.ts';
import { blankForm, idOf, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';
import { checkYear, HOLIDAY_KINDS, SCHEME_KINDS, WEEKDAYS, WEEKDAYS_SHORT } from './rules.ts';

type Year = NonNullable<Awaited<ReturnType<typeof getYear>>>;
export type YearForms = Partial<Record<'year' | 'scheme' | 'holiday' | 'transfer', FormState>>;

/** A year's page; a refused form of it comes back here with its values and messages (status 422). */
export async function renderYear(db: Db, request: FastifyRequest, reply: FastifyReply, year: Year, forms: YearForms = {}, status = 200) {
  const schoolId = schoolIdOf(request);
  const [schemes, holidays, transfers] = await Promise.all([
    schemesOfYear(db, { schoolId, yearId: year.id }), holidaysOfYear(db, { schoolId, yearId: year.id }), transfersOfYear(db, { schoolId, yearId: year.id }),
  ]);
  return page(reply, 'year', {
    title: `Учебный год ${year.name}`, year, schemes, holidays, transfers, 
    schemeKinds: SCHEME_KINDS, holidayKinds: HOLIDAY_KINDS, weekdays: WEEKDAYS, weekdaysShort: WEEKDAYS_SHORT,
    forms: {
      year: forms.year ?? blankForm({ name: year.name, startsOn: year.startsOn, endsOn: year.endsOn }),
      scheme: forms.scheme ?? blankForm(), holiday: forms.holiday ?? blankForm(), transfer: forms.transfer ?? blankForm(),
    },
  }, status);
}

export function registerYearRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function yearOf(request: FastifyRequest) {
    const id = idOf(request);
    return id ? getYear(db, { schoolId: schoolIdOf(request), yearId: id }) : undefined;
  }
  async function yearsPage(request: FastifyRequest, reply: FastifyReply, form = blankForm(), status = 200) {
    const years = await listYears(db, { schoolId: schoolIdOf(request) });
    return page(reply, 'years', { title: 'Учебные годы', years, form }, status);
  }
  const duplicateName = (name: string) => ({ name: `Учебный год ${name} уже есть.` });

  app.get('/setup/years', READ, (request, reply) => yearsPage(request, reply));

  app.post('/setup/years', WRITE, async (request, reply) => {
    const form = parseKeeping(yearForm, request.body);
    if (!form.ok) return yearsPage(request, reply, form, 422);
    const again = (errors: Record<string, string>) => yearsPage(request, reply, { values: form.values, errors }, 422);
    const errors = checkYear(form.data, await otherYears(db, { schoolId: schoolIdOf(request) }));
    if (Object.keys(errors).length) return again(errors);
    try {
      const id = await createYear(db, auditContext(request), form.data);
      flash(reply, 'ok', `Учебный год ${form.data.name} создан. Добавьте деление на периоды, каникулы и классы.`);
      return reply.redirect(`/setup/years/${id}`, 303);
    } catch (err) {
      if (isUniqueViolation(err, 'academic_years_name')) return again(duplicateName(form.data.name));
      throw err;
    }
  });

  app.get('/setup/years/:id', READ, async (request, reply) => {
    const year = await yearOf(request);
    return year ? renderYear(db, request, reply, year) : notFound(reply);
  });

  app.post('/setup/years/:id', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    const form = parseKeeping(yearForm, request.body);
    const again = (errors: Record<string, string>) => renderYear(db, request, reply, year, { year: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    const schoolId = schoolIdOf(request);
    const [others, contents] = await Promise.all([otherYears(db, { schoolId, exceptId: year.id }), yearContents(db, { schoolId, yearId: year.id })]);
    const errors = checkYear(form.data, others, contents);
    if (Object.keys(errors).length) return again(errors);
    try {
      await updateYear(db, auditContext(request), year.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'academic_years_name')) return again(duplicateName(form.data.name));
      throw err;
    }
    flash(reply, 'ok', 'Даты учебного года сохранены.');
    return reply.redirect(`/setup/years/${year.id}`, 303);
  });

  app.post('/setup/years/:id/delete', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    if (!(await deleteYear(db, auditContext(request), year.id))) {
      const message = 'В этом учебном году есть классы: удалить год нельзя. Сначала удалите его классы.';
      return renderYear(db, request, reply, year, { year: { values: { name: year.name, startsOn: year.startsOn, endsOn: year.endsOn }, errors: { delete: message } } }, 422);
    }
    flash(reply, 'ok', `Учебный год ${year.name} удалён.`);
    return reply.redirect('/setup/years', 303);
  });

  app.post('/setup/years/:id/schemes', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    const form = parseKeeping(schemeForm, request.body);
    const again = (errors: Record<string, string>) => renderYear(db, request, reply, year, { scheme: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    try {
      const id = await createScheme(db, auditContext(request), year.id, form.data);
      flash(reply, 'ok', `Создано деление «${form.data.name}». Укажите даты периодов.`);
      return reply.redirect(`/setup/schemes/${id}`, 303);
    } catch (err) {
      if (isUniqueViolation(err, 'period_schemes_name')) return again({ name: `Деление «${form.data.name}» в этом году уже есть: дайте другое название.` });
      throw err;
    }
  });
}
