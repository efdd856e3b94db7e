// GET /reports/homework-load?class=&week= — per class and school day of the week, the minutes of homework due that day
// against the СанПиН norm of the grade; days over the norm highlighted, homework without minutes counted apart; a chart.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays, isoWeekday, ruDate } from '../../../web/dates.ts';
import { WEEKDAYS_SHORT } from '../../setup/rules.ts';
import { barChartSvg, type Bar } from '../core/chart.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { visibleClasses } from '../load-lookups.ts';
import { homeworkLoad, homeworkLoadTable, type ClassWeekLoad } from './queries.ts';

const TITLE = 'Объём домашних заданий и СанПиН';

const dayLabel = (date: string) => `${WEEKDAYS_SHORT[isoWeekday(date)] ?? ''} ${ruDate(date).slice(0, 5)}`;

/** One class: a bar per school day. Several: a bar per class, its heaviest day. Each against the class's norm. */
export function loadBars(loads: readonly ClassWeekLoad[]): Bar[] {
  const limit = (c: ClassWeekLoad) => (c.norm === null ? {} : { limit: c.norm });
  if (loads.length === 1) return loads[0]!.days.map((d) => ({ label: dayLabel(d.date), value: d.minutes, ...limit(loads[0]!) }));
  return loads.filter((c) => c.days.length > 0).map((c) => {
    const top = c.days.reduce((a, b) => (b.minutes > a.minutes ? b : a));
    return { label: `${c.className}, ${dayLabel(top.date)}`, value: top.minutes, ...limit(c) };
  });
}

export async function homeworkLoadReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['class', 'week']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const db = request.tx;
  const schoolId = request.school.id;
  const { week, classId } = outcome.filters;
  const all = await visibleClasses(db, { schoolId, scope, date: week });
  const loads = await homeworkLoad(db, { schoolId, monday: week, classes: classId ? all.filter((c) => c.id === classId) : all });
  const table = homeworkLoadTable(loads);
  const one = loads.length === 1;
  const chart = barChartSvg({
    title: one ? `${loads[0]!.className}: домашние задания по дням` : 'Самый загруженный день каждого класса', unit: 'минут', bars: loadBars(loads),
  });
  return sendReport(request, reply, {
    view: 'reports/homework-load', title: TITLE, filename: `homework-load-${week}`, tables: [table],
    data: {
      form: outcome.form, chart, weekRu: `${ruDate(week)} — ${ruDate(addDays(week, 5))}`,
      overDays: table.rows.filter((r) => Number(r.over) > 0).length, withoutMinutes: table.rows.reduce((a, r) => a + Number(r.withoutMinutes), 0),
    },
  });
}
