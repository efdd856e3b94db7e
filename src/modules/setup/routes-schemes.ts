// A period scheme (четверти, полугодия…) and its periods: enter the dates of generated periods, add, edit, delete.
import { isStillReferenced, isUniqueViolation } from '../../db/faults.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { PERIOD_FIELDS, parseRows, periodRow, schemeForm } from './forms.ts';
import {
  addPeriods, deletePeriod, deleteScheme, getPeriod, getScheme, getYear, periodsOfScheme, updatePeriod, updateScheme,
} from './queries.ts';
import { blankForm, idOf, indexed, READ, schoolIdOf, WRITE, type FormState, parseKeeping, page } from './routes-common.ts';
import { checkPeriod, periodName, periodNames, SCHEME_KINDS, type PeriodRow } from './rules.ts';

type Forms = Partial<Record<'scheme' | 'periods', FormState>>;

export function registerSchemeRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** The scheme in the URL with its year and periods, or undefined (404). */
  async function schemeOf(request: FastifyRequest, schemeId = idOf(request)) {
    const schoolId = schoolIdOf(request);
    const scheme = schemeId ? await getScheme(db, { schoolId, schemeId }) : undefined;
    if (!scheme) return undefined;
    const [year, periods] = await Promise.all([getYear(db, { schoolId, yearId: scheme.yearId }), periodsOfScheme(db, { schoolId, schemeId: scheme.id })]);
    return year && { scheme, year, periods };
  }
  type Loaded = NonNullable<Awaited<ReturnType<typeof schemeOf>>>;

  /** The rows offered for new periods: every generated name of an empty scheme, else the next one. */
  function newRows({ scheme, periods }: Loaded) {
    if (periods.length === 0) return periodNames(scheme.kind).map((name, i) => ({ ordinal: i + 1, name }));
    const next = Math.max(...periods.map((p) => p.ordinal)) + 1;
    return [{ ordinal: next, name: periodName(scheme.kind, next) }];
  }

  function schemePage(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, forms: Forms = {}, status = 200) {
    const rows = newRows(loaded);
    const rowValues = Object.assign({}, ...rows.map((r, i) => indexed({ ordinal: String(r.ordinal), name: r.name }, i)));
    return page(reply, 'scheme', {
      title: `${loaded.scheme.name} — ${loaded.year.name}`, ...loaded, rows, schemeKinds: SCHEME_KINDS, 
      forms: {
        scheme: forms.scheme ?? blankForm({ name: loaded.scheme.name, kind: loaded.scheme.kind }),
        periods: forms.periods ?? blankForm(rowValues),
      },
    }, status);
  }

  app.get('/setup/schemes/:id', READ, async (request, reply) => {
    const loaded = await schemeOf(request);
    return loaded ? schemePage(request, reply, loaded) : notFound(reply);
  });

  app.post('/setup/schemes/:id', WRITE, async (request, reply) => {
    const loaded = await schemeOf(request);
    if (!loaded) return notFound(reply);
    const form = parseKeeping(schemeForm, request.body);
    const again = (errors: FieldErrors) => schemePage(request, reply, loaded, { scheme: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    try {
      await updateScheme(db, auditContext(request), loaded.scheme.id, form.data);
    } catch (err) {
      if (isUniqueViolation(err, 'period_schemes_name')) return again({ name: `Деление «${form.data.name}» в этом году уже есть.` });
      throw err;
    }
    flash(reply, 'ok', 'Деление сохранено.');
    return reply.redirect(`/setup/schemes/${loaded.scheme.id}`, 303);
  });

  app.post('/setup/schemes/:id/delete', WRITE, async (request, reply) => {
    const loaded = await schemeOf(request);
    if (!loaded) return notFound(reply);
    if (!(await deleteScheme(db, auditContext(request), loaded.scheme.id))) {
      const message = `Это деление используют классы (${loaded.scheme.classNames.join(', ')}): удалить его нельзя. Сначала выберите этим классам другое деление.`;
      return schemePage(request, reply, loaded, { scheme: { values: { name: loaded.scheme.name, kind: loaded.scheme.kind }, errors: { delete: message } } }, 422);
    }
    flash(reply, 'ok', `Деление «${loaded.scheme.name}» удалено.`);
    return reply.redirect(`/setup/years/${loaded.year.id}`, 303);
  });

  app.post('/setup/schemes/:id/periods', WRITE, async (request, reply) => {
    const loaded = await schemeOf(request);
    if (!loaded) return notFound(reply);
    const form = parseRows(periodRow, request.body, PERIOD_FIELDS, ['startsOn', 'endsOn'], 12);
    const again = (errors: FieldErrors) => schemePage(request, reply, loaded, { periods: { values: form.values, errors } }, 422);
    if (!form.ok) return again(form.errors);
    if (form.rows.length === 0) return again({ startsOn_0: 'Укажите даты хотя бы одного периода.' });
    const errors: FieldErrors = {};
    for (const row of form.rows) {
      const others: PeriodRow[] = [...loaded.periods, ...form.rows.filter((r) => r !== row).map((r) => r.data)];
      Object.assign(errors, indexed(checkPeriod(row.data, loaded.year, others), row.index));
    }
    if (Object.keys(errors).length) return again(errors);
    await addPeriods(db, auditContext(request), loaded.scheme.id, form.rows.map((r) => r.data));
    flash(reply, 'ok', form.rows.length === 1 ? `Период «${form.rows[0]!.data.name}» добавлен.` : `Добавлено периодов: ${form.rows.length}.`);
    return reply.redirect(`/setup/schemes/${loaded.scheme.id}`, 303);
  });

  // ── One period ──

  async function periodOf(request: FastifyRequest) {
    const id = idOf(request);
    const period = id ? await getPeriod(db, { schoolId: schoolIdOf(request), periodId: id }) : undefined;
    const loaded = period && await schemeOf(request, period.schemeId);
    return period && loaded && { period, ...loaded };
  }
  type LoadedPeriod = NonNullable<Awaited<ReturnType<typeof periodOf>>>;

  const periodValues = ({ period: { ordinal, name, startsOn, endsOn } }: LoadedPeriod) => ({ ordinal: String(ordinal), name, startsOn, endsOn });

  function periodPage(request: FastifyRequest, reply: FastifyReply, p: LoadedPeriod, form?: FormState, status = 200) {
    return page(reply, 'period', {
      title: `${p.period.name} — ${p.year.name}`, ...p, form: form ?? blankForm(periodValues(p)),
    }, status);
  }

  app.get('/setup/periods/:id', READ, async (request, reply) => {
    const p = await periodOf(request);
    return p ? periodPage(request, reply, p) : notFound(reply);
  });

  app.post('/setup/periods/:id', WRITE, async (request, reply) => {
    const p = await periodOf(request);
    if (!p) return notFound(reply);
    const form = parseKeeping(periodRow, request.body);
    if (!form.ok) return periodPage(request, reply, p, form, 422);
    const errors = checkPeriod(form.data, p.year, p.periods.filter((o) => o.id !== p.period.id));
    if (Object.keys(errors).length) return periodPage(request, reply, p, { values: form.values, errors }, 422);
    await updatePeriod(db, auditContext(request), p.period.id, form.data);
    flash(reply, 'ok', `Период «${form.data.name}» сохранён.`);
    return reply.redirect(`/setup/schemes/${p.scheme.id}`, 303);
  });

  app.post('/setup/periods/:id/delete', WRITE, async (request, reply) => {
    const p = await periodOf(request);
    if (!p) return notFound(reply);
    try {
      await deletePeriod(db, auditContext(request), p.period.id);
    } catch (err) {
      if (!isStillReferenced(err)) throw err;
      const message = 'Этот период уже используется (например, в итоговых отметках): удалить его нельзя.';
      return periodPage(request, reply, p, { values: periodValues(p), errors: { delete: message } }, 422);
    }
    flash(reply, 'ok', `Период «${p.period.name}» удалён.`);
    return reply.redirect(`/setup/schemes/${p.scheme.id}`, 303);
  });
}
