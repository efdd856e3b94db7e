// GET /reports/attendance?from=&to=&class= (or ?period=) — lessons missed by reason, days missed whole, lates and the
// share of lessons missed (rules.ts). Without a class: a line per class in scope (linking to it) and the total; with a
// class: a line per student and the class total. Dates win over the period; neither → the current period so far.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ruDate } from '../../../web/dates.ts';
import { todayOf } from '../../../web/school-time.ts';
import { stackedBarChartSvg } from '../core/chart.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { cellText } from '../core/table.ts';
import { periodView, reportPeriod, visibleClasses } from '../load-lookups.ts';
import { attendanceData, type AttendanceData } from './queries.ts';
import { countedRange, type Figures } from './rules.ts';
import { byClassTable, byStudentTable, reasonBars, REASON_SERIES } from './tables.ts';

const TITLE = 'Посещаемость';
const NO_DATA: AttendanceData = { figures: [], students: new Map(), spans: [] };

export async function attendanceReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'from', 'to', 'class']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const f = outcome.filters;
  const db = request.tx;
  const schoolId = request.school.id;
  const today = todayOf(request);
  const period = f.from ? undefined
    : await reportPeriod(db, { schoolId, periodId: f.periodId ?? undefined, classId: f.classId ?? undefined, today });
  const range = countedRange(f, period, today);
  const all = range ? await visibleClasses(db, { schoolId, scope, date: range.from }) : [];
  const classes = f.classId ? all.filter((c) => c.id === f.classId) : all;
  const data = range?.counted ? await attendanceData(db, { schoolId, classes, from: range.from, to: range.to }) : NO_DATA;
  const cls = f.classId ? classes[0] : undefined;
  // A class's line links to the class with the same dates: the dates asked for, or the period (the default one too).
  const same = f.from ? `from=${f.from}&to=${f.to}` : period ? `period=${period.id}` : '';
  const table = cls ? byStudentTable(data, cls, range!)
    : byClassTable(data, classes, { link: (id) => `/reports/attendance?${same}${same ? '&' : ''}class=${id}`, school: scope.kind === 'school' });
  const chart = stackedBarChartSvg({
    title: cls ? `${cls.name}: пропуски по обучающимся` : 'Пропуски по классам', unit: 'уроков',
    series: REASON_SERIES, bars: reasonBars(table, cls ? 'short' : 'class'),
  });
  const total = table.rows.find((r) => r._class === 'total') as (Figures & { share: number | null }) | undefined;
  return sendReport(request, reply, {
    view: 'reports/attendance', title: TITLE, filename: `attendance-${range?.from ?? today}-${range?.to ?? today}`, tables: [table],
    data: {
      form: outcome.form, chart, period: f.from ? null : periodView(period), classMissing: Boolean(f.classId && !cls),
      range: range && {
        fromRu: ruDate(range.asked.from), toRu: ruDate(range.asked.to), countedRu: ruDate(range.to), cut: range.to < range.asked.to, counted: range.counted,
      },
      total: total && { ...total, shareRu: cellText('percent', total.share) || '—' },
    },
  });
}
