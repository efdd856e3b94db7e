// The contingent book (книга движения): the list of orders and movements, one order, its cancellation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { bookQuery, cancelForm, idParams } from './forms.ts';
import { BOOK_PAGE, getOrder, listMovements, listOrders } from './queries.ts';
import { registerClassRoutes } from './routes-classes.ts';
import { registerOrderFormRoutes } from './routes-new.ts';
import { destination } from './placement-rules.ts';
import { canPostOrders, KIND_TITLES, ORDER_KINDS } from './rules.ts';
import { cancelOrder } from './service.ts';

export const BOOK_READERS = ['secretary', 'admin', 'deputy'] as const;

export function registerContingentRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/contingent', { config: { access: BOOK_READERS } }, async (request, reply) => {
    const query = bookQuery.parse(request.query ?? {});
    const schoolId = request.school.id;
    const tab = query.tab ?? 'orders';
    const filter = { kind: query.kind, from: query.from, to: query.to };
    const orders = tab === 'orders' ? await listOrders(db, { schoolId, ...filter }) : [];
    const book = tab === 'book' ? await listMovements(db, { schoolId, ...filter, page: query.page }) : { rows: [], total: 0 };
    const params = new URLSearchParams(Object.entries({ kind: filter.kind, from: filter.from, to: filter.to }).filter((e): e is [string, string] => !!e[1]));
    return reply.page('contingent/book', {
      title: 'Книга движения обучающихся', ruDate, tab, filter, orders, book, page: query.page, pages: Math.max(1, Math.ceil(book.total / BOOK_PAGE)),
      filterQuery: params.toString(), kinds: ORDER_KINDS, kindTitles: KIND_TITLES, canPost: canPostOrders(request.actor!.roles), destination,
    });
  });

  app.get('/contingent/orders/:id', { config: { access: BOOK_READERS } }, async (request, reply) => {
    return showOrder(request, reply, {}, {}, 200);
  });

  app.post('/contingent/orders/:id/cancel', { config: { access: ['secretary'] } }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return notFound(reply);
    const form = parseForm(cancelForm, request.body);
    if (!form.ok) return showOrder(request, reply, form.values, form.errors, 422);
    const result = await cancelOrder(db, auditContext(request), { orderId: params.data.id, reason: form.data.reason });
    if (!result.ok && result.reason === 'not_found') return notFound(reply);
    if (!result.ok && result.reason === 'refused') return showOrder(request, reply, { reason: form.data.reason }, { reason: result.message }, 422);
    flash(reply, result.ok ? 'ok' : 'error', result.ok
      ? 'Приказ отменён. Движение обучающихся пересчитано.'
      : 'Приказ уже отменён.');
    return reply.redirect(`/contingent/orders/${params.data.id}`, 303);
  });

  async function showOrder(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, status: number) {
    const params = idParams.safeParse(request.params);
    const schoolId = request.school.id;
    const order = params.success ? await getOrder(db, { schoolId, orderId: params.data.id }) : undefined;
    if (!order) return notFound(reply);
    return reply.page('contingent/order', {
      title: `Приказ № ${order.number}`, ruDate, order, kindTitle: KIND_TITLES[order.kind] ?? order.kind, destination,
      canCancel: canPostOrders(request.actor!.roles) && order.status === 'posted', values, errors,
    }, status);
  }

  registerOrderFormRoutes(app, deps);
  registerClassRoutes(app, deps);
}
