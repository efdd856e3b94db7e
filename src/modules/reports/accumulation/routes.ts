// GET /reports/accumulation?period=&class= — marks per student and subject in a period against the school's minimum,
// the students at risk of «н/а» first. Without a class: only the rows below the minimum, for every class in scope.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { loadSettings, periodAndClasses, periodView } from '../load-lookups.ts';
import { accumulation, accumulationByClass, accumulationTable } from './queries.ts';
import { LESSONS_PER_MARK, RISK_WINDOW_DAYS } from './rules.ts';

const TITLE = 'Накопляемость отметок';

export async function accumulationReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'class']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const { db, schoolId, today, period, classes, mismatch } = await periodAndClasses(request, scope, outcome.filters);
  const { classId } = outcome.filters;
  const { minMarks } = await loadSettings(db, schoolId);
  const rows = period ? await accumulation(db, { schoolId, period, today, classes, scope, minMarks }) : [];
  const table = classId || !period ? accumulationTable(rows, period ? `${period.name}: отметки по предметам` : 'Нет учебного периода')
    : accumulationByClass(rows, classes, period.id);
  return sendReport(request, reply, {
    view: 'reports/accumulation', title: TITLE, filename: `accumulation-${period?.startsOn ?? today}`, tables: [table],
    data: {
      form: outcome.form, period: periodView(period), minMarks, riskDays: RISK_WINDOW_DAYS, lessonsPerMark: LESSONS_PER_MARK, wholeClass: Boolean(classId),
      mismatch, risk: rows.filter((r) => r.status === 'risk').length,
      behind: rows.filter((r) => r.status === 'behind').length,
    },
  });
}
