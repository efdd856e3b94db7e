// GET /reports/results-workbook?period=&grade=&class= — the results of a period as one open XLSX workbook: the progress
// summary (per class / grade / school, per subject, the lists) and the summary sheet of each class shown (a sheet per
// class: every period, year, exam and final mark, the lessons missed). Numbers are numbers, percentages percentages,
// dates dates (core/export.ts). The same filters and scope as the progress summary; a class → that class's workbook.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { transliterate } from '../../accounts/translit.ts';
import { todayOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendXlsx } from '../core/send.ts';
import type { ReportTable } from '../core/table.ts';
import { progressResults } from '../progress/compute.ts';
import { sheetClass, sheetFacts } from '../summary-sheet/queries.ts';
import { buildSheet, sheetTable } from '../summary-sheet/sheet.ts';

const TITLE = 'Итоги: книга Excel';

export async function resultsWorkbook(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'grade', 'class'], { wholeYear: true });
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const today = todayOf(request);
  const r = await progressResults(request, scope, outcome.filters, today, outcome.form.values.period || '');
  const sheets: ReportTable[] = [];
  for (const c of r.plan?.classes ?? []) {
    const cls = await sheetClass(request.tx, { schoolId: request.school.id, classId: c.id });
    if (!cls) continue;
    sheets.push(sheetTable(buildSheet(await sheetFacts(request.tx, { schoolId: request.school.id, cls })), `${cls.name}, ${cls.yearName}`));
  }
  const one = r.plan?.classes.length === 1 ? transliterate(r.plan.classes[0]!.name) : 'school';
  return sendXlsx(reply, `results-${one}-${r.plan?.span.startsOn ?? today}`, [...r.tables, ...sheets]);
}
