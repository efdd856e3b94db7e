// GET /reports/progress?period=&grade=&class= — итоги успеваемости: per class, grade and school the students on the roll
// at the period's end, assessed or not, the marks 5…2, успеваемость, качество, СОУ, the average, beside the previous
// period; per subject; the lists of students. period=year: the year marks. Before the marks are set: a forecast from
// the weighted averages, labelled. Deputy and admin the whole school, staff the classes in their scope (core/scope.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { classBars, classLine } from './charts.ts';
import { progressResults } from './compute.ts';

const TITLE = 'Итоги успеваемости';

export async function progressReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'grade', 'class'], { wholeYear: true });
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const today = todayOf(request);
  const r = await progressResults(request, scope, outcome.filters, today, outcome.form.values.period || '');
  const p = r.plan;
  const exporting = Boolean((request.query as { format?: unknown }).format);
  const one = p && !outcome.filters.wholeYear && p.classes.length === 1 ? p.classes[0]! : null;
  const charts = exporting ? [] : one ? [await classLine(request, { cls: one, today, rounding: r.rounding })] : classBars(r.now);
  const workbook = `/reports/results-workbook?${new URLSearchParams(Object.entries(outcome.form.values).filter(([, v]) => v)).toString()}`;
  return sendReport(request, reply, {
    view: 'reports/progress', title: TITLE, filename: `progress-${p?.span.startsOn ?? today}`, tables: r.tables,
    data: {
      form: outcome.form, label: p?.label ?? null, previous: p?.previous?.label ?? null, forecast: r.forecast, otherScheme: p?.otherScheme ?? 0,
      charts, noYear: !p, workbook,
    },
  });
}
