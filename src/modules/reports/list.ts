// «Отчёты» (/reports): the reports this person may open, grouped, each link carrying the filters chosen on the page
// (week, month, period, class, teacher, subject — only those the report reads), so a link can be sent as it is.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { entriesFor, groupEntries } from './core/catalogue.ts';
import { FILTER_NAMES, filterQuery, parseFilters, refuseFilters } from './core/filters.ts';
import { reportScope } from './core/scope.ts';

const TITLE = 'Отчёты';

export async function reportList(request: FastifyRequest, reply: FastifyReply) {
  const actor = request.actor!;
  const served = (path: string) => request.server.hasRoute({ method: 'GET', url: path });
  const entries = entriesFor(actor.roles, served);
  const scope = await reportScope(request);
  const names = FILTER_NAMES.filter((n) => entries.some((e) => e.filters.includes(n)));
  const outcome = await parseFilters(request, scope, names);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const query = (request.query ?? {}) as Record<string, unknown>;
  // Only the filters chosen here travel (the defaults — this week, this month — stay the report's own).
  const chosen = Object.fromEntries(names.filter((n) => typeof query[n] === 'string' && query[n] !== '').map((n) => [n, outcome.form.values[n] ?? '']));
  const groups = groupEntries(entries).map((g) => ({
    ...g, entries: g.entries.map((e) => ({ ...e, href: `${e.path}${filterQuery(chosen, e.filters)}` })),
  }));
  // The filters only prefill the reports' links: folded, so the list is the first screen on a phone (open when one is set).
  const foldFilters = Object.keys(chosen).length === 0;
  return reply.page('reports/index', { title: TITLE, form: outcome.form, groups, exports: null, foldFilters });
}
