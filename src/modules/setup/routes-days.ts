// Holidays (каникулы, праздники, выходные) and transferred study days of a year: add on the year's page, edit, delete.
import { isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { holidayForm, transferForm } from './forms.ts';
import {
  createHoliday, createTransfer, deleteHoliday, deleteTransfer, getHoliday, getTransfer, transferOn, updateHoliday, updateTransfer,
  type HolidayInput, type TransferInput,
} from './queries-days.ts';
import { getYear, holidaysOfYear, transfersOfYear } from './queries.ts';
import { blankForm, idOf, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';
import { renderYear } from './routes-years.ts';
import { checkHoliday, checkTransfer, HOLIDAY_KINDS, WEEKDAYS } from './rules.ts';

type Year = NonNullable<Awaited<ReturnType<typeof getYear>>>;

export function registerDayRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const yearOf = (request: FastifyRequest, yearId = idOf(request)) => (yearId ? getYear(db, { schoolId: schoolIdOf(request), yearId }) : undefined);
  const yearPath = (year: Year, anchor: string) => `/setup/years/${year.id}#${anchor}`;

  async function holidayErrors(request: FastifyRequest, year: Year, input: HolidayInput): Promise<FieldErrors> {
    const transfers = await transfersOfYear(db, { schoolId: schoolIdOf(request), yearId: year.id });
    return checkHoliday(input, year, transfers.map((t) => t.date));
  }

  async function transferErrors(request: FastifyRequest, year: Year, input: TransferInput, selfId?: string): Promise<FieldErrors> {
    const schoolId = schoolIdOf(request);
    const [holidays, taken] = await Promise.all([holidaysOfYear(db, { schoolId, yearId: year.id }), transferOn(db, { schoolId, date: input.date })]);
    const errors = checkTransfer(input, year, holidays);
    if (taken && taken.id !== selfId) errors.date ??= `На ${ruDate(input.date)} перенос уже назначен.`;
    return errors;
  }
  const duplicateTransfer = (date: string) => ({ date: `На ${ruDate(date)} перенос уже назначен.` });

  // ── Holidays ──

  app.post('/setup/years/:id/holidays', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    const form = parseKeeping(holidayForm, request.body);
    const again = (errors: FieldErrors) => renderYear(db, request, reply, year, { holiday: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    const errors = await holidayErrors(request, year, form.data);
    if (Object.keys(errors).length) return again(errors);
    await createHoliday(db, auditContext(request), year.id, form.data);
    flash(reply, 'ok', `Добавлено: «${form.data.name}».`);
    return reply.redirect(yearPath(year, 'holidays'), 303);
  });

  async function holidayOf(request: FastifyRequest) {
    const id = idOf(request);
    const holiday = id ? await getHoliday(db, { schoolId: schoolIdOf(request), holidayId: id }) : undefined;
    const year = holiday && await yearOf(request, holiday.yearId);
    return holiday && year && { holiday, year };
  }
  type LoadedHoliday = NonNullable<Awaited<ReturnType<typeof holidayOf>>>;
  function holidayPage(request: FastifyRequest, reply: FastifyReply, h: LoadedHoliday, form?: FormState, status = 200) {
    const { name, kind, startsOn, endsOn, grades } = h.holiday;
    return page(reply, 'holiday', {
      title: name, ...h, holidayKinds: HOLIDAY_KINDS, 
      form: form ?? blankForm({ name, kind, startsOn, endsOn, grades: (grades ?? []).join(', ') }),
    }, status);
  }

  app.get('/setup/holidays/:id', READ, async (request, reply) => {
    const h = await holidayOf(request);
    return h ? holidayPage(request, reply, h) : notFound(reply);
  });

  app.post('/setup/holidays/:id', WRITE, async (request, reply) => {
    const h = await holidayOf(request);
    if (!h) return notFound(reply);
    const form = parseKeeping(holidayForm, request.body);
    if (!form.ok) return holidayPage(request, reply, h, form, 422);
    const errors = await holidayErrors(request, h.year, form.data);
    if (Object.keys(errors).length) return holidayPage(request, reply, h, { values: form.values, errors }, 422);
    await updateHoliday(db, auditContext(request), h.holiday.id, form.data);
    flash(reply, 'ok', `Сохранено: «${form.data.name}».`);
    return reply.redirect(yearPath(h.year, 'holidays'), 303);
  });

  app.post('/setup/holidays/:id/delete', WRITE, async (request, reply) => {
    const h = await holidayOf(request);
    if (!h) return notFound(reply);
    await deleteHoliday(db, auditContext(request), h.holiday.id);
    flash(reply, 'ok', `Удалено: «${h.holiday.name}».`);
    return reply.redirect(yearPath(h.year, 'holidays'), 303);
  });

  // ── Transferred study days ──

  app.post('/setup/years/:id/transfers', WRITE, async (request, reply) => {
    const year = await yearOf(request);
    if (!year) return notFound(reply);
    const form = parseKeeping(transferForm, request.body);
    const again = (errors: FieldErrors) => renderYear(db, request, reply, year, { transfer: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    const errors = await transferErrors(request, year, form.data);
    if (Object.keys(errors).length) return again(errors);
    try {
      await createTransfer(db, auditContext(request), year.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'transferred_days_date')) return again(duplicateTransfer(form.data.date));
      throw err;
    }
    flash(reply, 'ok', `${ruDate(form.data.date)} — учебный день по расписанию: ${WEEKDAYS[form.data.worksAs]}.`);
    return reply.redirect(yearPath(year, 'transfers'), 303);
  });

  async function transferOf(request: FastifyRequest) {
    const id = idOf(request);
    const transfer = id ? await getTransfer(db, { schoolId: schoolIdOf(request), transferId: id }) : undefined;
    const year = transfer && await yearOf(request, transfer.yearId);
    return transfer && year && { transfer, year };
  }
  type LoadedTransfer = NonNullable<Awaited<ReturnType<typeof transferOf>>>;
  function transferPage(request: FastifyRequest, reply: FastifyReply, t: LoadedTransfer, form?: FormState, status = 200) {
    const { date, worksAs, note } = t.transfer;
    return page(reply, 'transfer', {
      title: `Перенос ${ruDate(date)}`, ...t, weekdays: WEEKDAYS, 
      form: form ?? blankForm({ date, worksAs: String(worksAs), note: note ?? '' }),
    }, status);
  }

  app.get('/setup/transfers/:id', READ, async (request, reply) => {
    const t = await transferOf(request);
    return t ? transferPage(request, reply, t) : notFound(reply);
  });

  app.post('/setup/transfers/:id', WRITE, async (request, reply) => {
    const t = await transferOf(request);
    if (!t) return notFound(reply);
    const form = parseKeeping(transferForm, request.body);
    if (!form.ok) return transferPage(request, reply, t, form, 422);
    const again = (errors: FieldErrors) => transferPage(request, reply, t, { values: form.values, errors }, 422);
    const errors = await transferErrors(request, t.year, form.data, t.transfer.id);
    if (Object.keys(errors).length) return again(errors);
    try {
      await updateTransfer(db, auditContext(request), t.transfer.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'transferred_days_date')) return again(duplicateTransfer(form.data.date));
      throw err;
    }
    flash(reply, 'ok', `Перенос ${ruDate(form.data.date)} сохранён.`);
    return reply.redirect(yearPath(t.year, 'transfers'), 303);
  });

  app.post('/setup/transfers/:id/delete', WRITE, async (request, reply) => {
    const t = await transferOf(request);
    if (!t) return notFound(reply);
    await deleteTransfer(db, auditContext(request), t.transfer.id);
    flash(reply, 'ok', `Перенос ${ruDate(t.transfer.date)} удалён.`);
    return reply.redirect(yearPath(t.year, 'transfers'), 303);
  });
}
