// GET /reports/control-works?period=&class= — per class the calendar of the period's control works (held and planned),
// the days with works of two subjects flagged, and per group the count against the school's limit.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { loadSettings, periodAndClasses, periodView } from '../load-lookups.ts';
import { CALENDAR_DAYS, classCalendars } from './calendar.ts';
import { controlWorks, controlWorksTables, groupLimits } from './queries.ts';

const TITLE = 'Контрольные работы';

export async function controlWorksReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'class']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const { db, schoolId, today, period, classes, mismatch } = await periodAndClasses(request, scope, outcome.filters);
  const { limits } = await loadSettings(db, schoolId);
  const works = period ? await controlWorks(db, { schoolId, period, today, classes }) : [];
  const perGroup = groupLimits(works, period?.schemeKind ?? 'quarters', limits);
  return sendReport(request, reply, {
    view: 'reports/control-works', title: TITLE, filename: `control-works-${period?.startsOn ?? today}`,
    tables: controlWorksTables(works, perGroup),
    data: {
      form: outcome.form, period: periodView(period), limits, mismatch, days: CALENDAR_DAYS,
      calendars: classCalendars(works), crowdedDays: new Set(works.filter((w) => w.crowded).map((w) => `${w.classId}|${w.date}`)).size,
      overLimit: perGroup.filter((g) => g.over > 0).length,
    },
  });
}
