// Posting an order: choose the kind, then a form per kind (plain forms, two GET steps where a class is chosen first).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { z } from 'zod';
import { parseDateInput, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { newOrderQuery, orderForm } from './forms.ts';
import { classListOn, findStudents, schoolClassFacts } from './queries.ts';
import {
  checkTarget, DEFAULT_ORDER_TITLES, KIND_EFFECT, KIND_FORM, KIND_TITLES, needsToClass, ORDER_KINDS, isOrderKind,
  type OrderDraft, type OrderKind,
} from './rules.ts';
import { postOrder } from './service.ts';

type Step = { q: string; classId?: string | undefined; effectiveOn?: string | undefined };
type Shown = { values: Record<string, string>; errors: Record<string, string>; problems: string[]; selected: string[] };

export function registerOrderFormRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/contingent/orders/new', { config: { access: ['secretary'] } }, async (request, reply) => {
    const query = newOrderQuery.parse(request.query ?? {});
    if (!query.kind) return reply.page('contingent/new-kind', { title: 'Новый приказ', kinds: ORDER_KINDS, kindTitles: KIND_TITLES });
    const fresh: Shown = { values: {}, errors: {}, problems: [], selected: [] };
    return renderForm(reply, request.school.id, query.kind, query, fresh, 200);
  });

  app.post('/contingent/orders', { config: { access: ['secretary'] } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = isOrderKind(body.kind) ? body.kind : undefined;
    if (!kind) return reply.page('contingent/new-kind', { title: 'Новый приказ', kinds: ORDER_KINDS, kindTitles: KIND_TITLES, error: 'Выберите вид приказа.' }, 422);
    const step: Step = {
      q: typeof body.q === 'string' ? body.q.slice(0, 100) : '',
      classId: uuidOrNone(KIND_FORM[kind] === 'class' ? body.fromClassId : body.searchClassId),
      effectiveOn: typeof body.effectiveOn === 'string' ? parseDateInput(body.effectiveOn) ?? undefined : undefined,
    };
    const selected = ([] as unknown[]).concat(body.studentId ?? []).filter((v): v is string => typeof v === 'string');
    const form = parseForm(orderForm, body);
    const schoolId = request.school.id;
    if (!form.ok) return renderForm(reply, schoolId, kind, step, { values: form.values, errors: form.errors, problems: [], selected }, 422);
    const f = form.data;
    // This form names the class; a promotion awaiting placement is decided on /year/promotion.
    if (needsToClass(kind) && !f.toClassId) {
      return renderForm(reply, schoolId, kind, step, { values: keepValues(body), errors: { toClassId: 'Выберите класс.' }, problems: [], selected }, 422);
    }
    const draft: OrderDraft = {
      kind, number: f.number, date: f.date, title: f.title,
      items: f.studentId.map((studentId) => ({
        studentId, effectiveOn: f.effectiveOn, reason: f.reason,
        fromClassId: KIND_FORM[kind] === 'class' ? f.fromClassId : null,
        toClassId: needsToClass(kind) ? f.toClassId : null,
      })),
    };
    const result = await postOrder(db, auditContext(request), draft, { today: todayOf(request) });
    if (!result.ok) {
      return renderForm(reply, schoolId, kind, step, { values: keepValues(body), errors: result.problems.fields, problems: result.problems.items, selected }, 422);
    }
    flash(reply, 'ok', `Приказ № ${f.number} проведён: ${KIND_TITLES[kind].toLowerCase()}, обучающихся — ${draft.items.length}.`);
    return reply.redirect(`/contingent/orders/${result.orderId}`, 303);
  });

  /** The form of one kind with what it needs: candidates to pick, the class's list, the classes to go to. */
  async function renderForm(reply: FastifyReply, schoolId: string, kind: OrderKind, asked: Step, shown: Shown, status: number) {
    const today = todayOf(reply.request);
    const [facts, year] = await Promise.all([schoolClassFacts(db, { schoolId }), currentYear(db, { schoolId, date: today })]);
    // A class id not of this school (another school's, a deleted one) is ignored like a malformed one: no search by it, no echo.
    const step: Step = { ...asked, classId: asked.classId && facts.has(asked.classId) ? asked.classId : undefined };
    const open = [...facts.values()].filter((c) => c.yearStatus === 'open');
    const form = KIND_FORM[kind];
    const data: Record<string, unknown> = {
      title: `Новый приказ: ${KIND_TITLES[kind].toLowerCase()}`, kind, kindTitle: KIND_TITLES[kind], form, effect: KIND_EFFECT[kind],
      defaultTitle: DEFAULT_ORDER_TITLES[kind], today, ruDate, step, ...shown, selected: new Set(shown.selected),
      currentClasses: open.filter((c) => !year || c.yearId === year.id),
    };
    // A re-shown form keeps the students picked, even when the search that found them is not repeated.
    const picked = shown.selected.filter((id) => z.uuid().safeParse(id).success);
    const withPicked = async (found: Awaited<ReturnType<typeof findStudents>>, date: string) => {
      const missing = picked.filter((id) => !found.rows.some((r) => r.id === id));
      if (missing.length === 0) return found;
      const more = await findStudents(db, { schoolId, q: '', date, ids: missing });
      return { rows: [...more.rows, ...found.rows], more: found.more };
    };
    if (form === 'pick') {
      const date = step.effectiveOn ?? today;
      data.targets = open.filter((c) => kind !== 'class_formation' || c.grade === null || c.grade === 1 || c.grade === 10);
      data.candidates = await withPicked(await findStudents(db, { schoolId, q: step.q, date, withoutClass: step.q.trim() === '' }), date);
    } else if (form === 'single') {
      data.targets = open;
      const searched = step.q.trim() !== '' || !!step.classId;
      data.candidates = searched || picked.length
        ? await withPicked(searched ? await findStudents(db, { schoolId, q: step.q, date: today, classId: step.classId, inAClass: true }) : { rows: [], more: false }, today)
        : null;
    } else {
      data.suggestedDate = step.effectiveOn ?? suggestedDate(kind, year, today);
      const from = step.classId ? facts.get(step.classId) : undefined;
      if (from && step.effectiveOn) {
        data.source = from;
        data.list = (await classListOn(db, { schoolId, classId: from.id, date: step.effectiveOn }))?.present ?? [];
        data.targets = needsToClass(kind) ? [...facts.values()].filter((c) => checkTarget(kind, from, c) === null) : [];
        data.selected = shown.selected.length || status !== 200 ? new Set(shown.selected) : 'all';
      }
    }
    return reply.page('contingent/new-order', data, status);
  }
}

const uuidOrNone = (v: unknown) => { const r = z.uuid().safeParse(v); return r.success ? r.data : undefined; };

/** Promotion orders take effect on 1 September after the year; graduation on the year's last day; others today. */
function suggestedDate(kind: OrderKind, year: { endsOn: string } | undefined, today: string): string {
  if (!year) return today;
  if (kind === 'graduation') return year.endsOn;
  return `${year.endsOn.slice(0, 4)}-09-01`;
}
