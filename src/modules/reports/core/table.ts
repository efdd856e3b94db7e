// What every report produces: named tables of typed columns. The page (views/reports/_table.eta), the CSV and the XLSX
// are all made from the same ReportTable, so they show the same rows and the same columns.
import { ruDate } from '../../../web/dates.ts';

/** percent: a number 0..100; date: 'YYYY-MM-DD'. */
export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'date';
/**
 * A column. `href`: the key of a row field holding a link for this cell on the page (e.g. a count → the lessons it
 * counts); links are never exported. Row keys that no column names (links, `_class`) stay on the page only.
 */
export type Column = { key: string; title: string; kind: ColumnKind; href?: string };
export type Cell = string | number | null;
/** A row: its cells by column key; `_class` (optional) is a CSS class for the page's <tr> (totals, warnings). */
export type ReportRow = Record<string, Cell>;
export type ReportTable = { name: string; title: string; columns: Column[]; rows: ReportRow[] };

const decimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2, useGrouping: false });

/** A cell as the page and the CSV show it: '4,5', '87,5', '23.11.2026'; empty for null. */
export function cellText(kind: ColumnKind, value: Cell): string {
  if (value === null || value === undefined || value === '') return '';
  if (kind === 'date' && typeof value === 'string') return ruDate(value);
  if ((kind === 'number' || kind === 'percent' || kind === 'int') && typeof value === 'number') return decimal.format(value);
  return String(value);
}

/** Whether the column holds a number (right-aligned on the page, a number in Excel). */
export const isNumeric = (kind: ColumnKind) => kind === 'int' || kind === 'number' || kind === 'percent';

/** The table as the page shows it: the header titles and each row's shown texts (tests compare exports with it). */
export function shownRows(table: ReportTable): string[][] {
  return table.rows.map((r) => table.columns.map((c) => cellText(c.kind, r[c.key] ?? null)));
}

/** A table ready for views/reports/_table.eta: the shown texts, links and alignment (templates decide nothing). */
export type TableView = {
  name: string; title: string;
  columns: Array<{ title: string; numeric: boolean }>;
  rows: Array<{ cls: string; cells: Array<{ text: string; href: string | null; numeric: boolean }> }>;
};

export function tableView(table: ReportTable): TableView {
  return {
    name: table.name, title: table.title,
    columns: table.columns.map((c) => ({ title: c.title, numeric: isNumeric(c.kind) })),
    rows: table.rows.map((r) => ({
      cls: typeof r._class === 'string' ? r._class : '',
      cells: table.columns.map((c) => {
        const text = cellText(c.kind, r[c.key] ?? null);
        const href = c.href && typeof r[c.href] === 'string' && r[c.href] && text !== '' && text !== '0' ? String(r[c.href]) : null;
        return { text, href, numeric: isNumeric(c.kind) };
      }),
    })),
  };
}
