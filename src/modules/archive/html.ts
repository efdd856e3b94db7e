// The archive's HTML files: rendered with the app's templates (views/archive/zip/*.eta) outside any request, each a whole
// document that needs nothing else — its print stylesheet inlined (views/archive/zip/_style.eta, and for the summary sheets
// the report's own public/css/summary-sheet.css), no scripts, no links out — so it prints on A4 as the page does, years on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Eta } from 'eta';
import { ruDate } from '../../web/dates.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const eta = new Eta({ views: path.join(ROOT, 'views'), cache: true });

let sheetCss: string | undefined;
/** The summary sheet's stylesheet, as the report page links it. */
const summarySheetCss = () => (sheetCss ??= readFileSync(path.join(ROOT, 'public/css/summary-sheet.css'), 'utf8'));

/** A whole HTML document from views/archive/zip/<view>.eta; `data` is the template's `it`. */
export function archiveHtml(view: 'summary-sheet' | 'journal' | 'index', data: Record<string, unknown>): string {
  return eta.render(`archive/zip/${view}`, { ...data, ruDate, sheetCss: view === 'summary-sheet' ? summarySheetCss() : '' });
}
