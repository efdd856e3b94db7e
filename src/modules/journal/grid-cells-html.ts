// A grid row's cells as HTML, built in one pass. The page has a cell per student, lesson and column (a quarter of 5А
// maths: ≈ 1,200); written by the template, each cell cost several template calls and escapes and the strings between
// them, the biggest part of the grid's rendering. The markup is the template's own (views/journal/grid.eta): one cell
// a line, an input where the actor may write, the row and column headers naming it (grid.js).
import type { GridLessonView, GridRow } from './grid-model.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => (/[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s);

/** The `<td>`s of row `rowIndex` (its header's id is r<rowIndex>; the columns' are c0, c1, … in order). */
export function gridCellsHtml(row: GridRow, rowIndex: number, lessons: readonly GridLessonView[]): string {
  let html = '';
  let k = 0;
  for (const l of lessons) {
    const can = l.mode.mode === 'edit' || l.mode.mode === 'correct';
    for (let n = 0; n < l.columnsShown.length; n++, k++) {
      const cell = row.cells[k]!;
      const cls = (cell.att ? `att-${cell.att}` : '') + (cell.inGroup ? '' : `${cell.att ? ' ' : ''}out`);
      const text = escapeHtml(cell.text);
      html += (cls ? `<td class="${cls}">` : '<td>')
        + (can && cell.inGroup ? `<input class="cell-in" value="${text}" aria-labelledby="r${rowIndex} c${k}">` : text)
        + '</td>\n';
    }
  }
  return html;
}
