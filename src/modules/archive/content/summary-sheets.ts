// Each class's summary sheet (сводная ведомость итоговых отметок) in the archive, made by the report's own code
// (reports/summary-sheet: its queries, rules, table and view): summary-sheets/<class>.csv, .xlsx (the report's exports)
// and .html (the page as printed, self-contained). One class at a time.
import { reportCsv, reportXlsx } from '../../reports/core/export.ts';
import { tableView } from '../../reports/core/table.ts';
import { sheetClass, sheetFacts } from '../../reports/summary-sheet/queries.ts';
import { buildSheet, sheetTable } from '../../reports/summary-sheet/sheet.ts';
import { sheetView } from '../../reports/summary-sheet/view.ts';
import { archiveHtml } from '../html.ts';
import type { ArchiveClass, ArchiveSource, YearFacts } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const TITLE = 'Сводная ведомость итоговых отметок';

/** Writes the three files of each class; `today` (the school's date) is the sheets' «Сформирована». Returns the classes written. */
export async function writeSummarySheets(zip: ZipWriter, src: ArchiveSource, facts: YearFacts, classes: readonly ArchiveClass[],
  today: string): Promise<number> {
  let written = 0;
  for (const c of classes) {
    const read = await src.read(async (tx) => {
      const cls = await sheetClass(tx, { schoolId: src.schoolId, classId: c.id });
      return cls ? { cls, facts: await sheetFacts(tx, { schoolId: src.schoolId, cls }) } : undefined;
    });
    if (!read) continue;
    const model = buildSheet(read.facts);
    const table = sheetTable(model, `${c.name}, ${facts.year.name}`);
    const base = `summary-sheets/${c.dir}`;
    await zip.file(`${base}.csv`, reportCsv(table), table.rows.length);
    await zip.file(`${base}.xlsx`, await reportXlsx([table]), table.rows.length);
    await zip.file(`${base}.html`, archiveHtml('summary-sheet', {
      title: `${TITLE}: ${c.name}, ${facts.year.name}`, school: facts.school, sheet: sheetView(read.cls, model, read.facts.slots, today),
      views: [tableView(table)],
    }));
    written++;
  }
  return written;
}
