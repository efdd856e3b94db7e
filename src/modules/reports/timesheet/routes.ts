// /reports/timesheet?month=&teacher= — the teachers' timesheet of a month up to today (deputy, admin: every teacher or
// one; a teacher: their own).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ruDate } from '../../../web/dates.ts';
import { todayOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { timesheetTables } from './queries.ts';
import { monthRange } from './rules.ts';

const TITLE = 'Табель учёта уроков';
const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

export async function timesheetReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const f = await parseFilters(request, scope, ['month', 'teacher']);
  if (!f.ok) return refuseFilters(reply, f, TITLE);
  const today = todayOf(request);
  const range = monthRange(f.filters.month, today)!;
  const staffIds = scope.kind === 'staff' ? [scope.staffId] : f.filters.teacherId ? [f.filters.teacherId] : null;
  const tables = await timesheetTables(request.tx, { schoolId: request.school.id, from: range.from, until: range.until, staffIds });
  const month = `${MONTHS[Number(f.filters.month.slice(5)) - 1]} ${f.filters.month.slice(0, 4)}`;
  const note = range.until < range.from ? 'Этот месяц ещё не начался.'
    : `С ${ruDate(range.from)} по ${ruDate(range.until)}${range.until < range.to ? ' (сегодня)' : ''}.`;
  return sendReport(request, reply, {
    view: 'reports/timesheet', title: `${TITLE}: ${month}`, filename: `timesheet-${f.filters.month}`, tables, data: { form: f.form, note },
  });
}
