// GET /reports/summary-sheet?class=&year= — the summary sheet (сводная ведомость) of a class: every period, year, exam
// and final mark per student and subject, and the lessons missed; on A4 landscape with the signature lines. The class is
// required (without it, or with a class of another year, the page asks to choose one); the year defaults to the
// current one, a past year works too.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../../web/school-time.ts';
import { transliterate } from '../../accounts/translit.ts';
import { currentYear } from '../../setup/lookups.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import type { ReportTable } from '../core/table.ts';
import { sheetClass, sheetFacts } from './queries.ts';
import { buildSheet, sheetTable } from './sheet.ts';
import { sheetView } from './view.ts';

const TITLE = 'Сводная ведомость итоговых отметок';

export async function summarySheetReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['year', 'class']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const form = { ...outcome.form, blank: { class: 'Выберите класс' } };
  const db = request.tx;
  const schoolId = request.school.id;
  const today = todayOf(request);
  const yearId = outcome.filters.yearId ?? (await currentYear(db, { schoolId, date: today }))?.id ?? null;
  const { classId } = outcome.filters;
  const cls = classId ? await sheetClass(db, { schoolId, classId }) : undefined;
  if (!cls || cls.yearId !== yearId) {
    const hint = cls ? `Класс ${cls.name} — ${cls.yearName} учебного года: выберите класс выбранного года.` : null;
    return sendReport(request, reply, {
      view: 'reports/summary-sheet', title: TITLE, filename: 'summary-sheet', tables: [chooseTable()],
      data: { form, sheet: null, hint, exports: null },
    });
  }
  const facts = await sheetFacts(db, { schoolId, cls });
  const model = buildSheet(facts);
  return sendReport(request, reply, {
    view: 'reports/summary-sheet', title: TITLE, filename: `summary-sheet-${transliterate(cls.name)}-${cls.yearName}`,
    tables: [sheetTable(model, `${cls.name}, ${cls.yearName}`)],
    data: { form, hint: null, sheet: sheetView(cls, model, facts.slots, today) },
  });
}

/** Without a class: the sheet's first columns and no rows. */
const chooseTable = (): ReportTable => ({
  name: 'summary-sheet', title: 'Выберите класс',
  columns: [{ key: 'no', title: '№', kind: 'int' }, { key: 'student', title: 'Обучающийся', kind: 'text' }], rows: [],
});
