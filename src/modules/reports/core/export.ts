// A report's tables as files: CSV (the first table; UTF-8 with a BOM, ';' between cells and CRLF line ends, as Russian
// Excel opens and saves it; RFC 4180 quoting) and XLSX (one sheet per table, numbers as numbers, percentages as
// percentages (66,7 % is the number 0.667 shown «66.7%»), dates as dates, the header row bold and frozen).
import ExcelJS from 'exceljs';
import { cellText, isNumeric, type Cell, type Column, type ReportTable } from './table.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** One CSV field: quoted when it holds the separator, a quote or a line break; quotes doubled. */
export function csvField(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A text a spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a leading apostrophe. */
const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function csvCell(column: Column, value: Cell): string {
  const text = cellText(column.kind, value);
  return csvField(column.kind === 'text' ? defused(text) : text);
}

export function reportCsv(table: ReportTable): Buffer {
  const lines = [
    table.columns.map((c) => csvField(c.title)).join(';'),
    ...table.rows.map((r) => table.columns.map((c) => csvCell(c, r[c.key] ?? null)).join(';')),
  ];
  return Buffer.concat([BOM, Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/** A worksheet name Excel accepts: ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 28) || 'Лист';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function xlsxValue(column: Column, value: Cell): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  if (column.kind === 'percent' && typeof value === 'number') return value / 100;
  if (isNumeric(column.kind) && typeof value === 'number') return value;
  return String(value);
}

const NUM_FORMATS: Partial<Record<Column['kind'], string>> = { date: 'dd.mm.yyyy', int: '0', percent: '0.0%' };

export async function reportXlsx(tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Отметка';
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, taken));
    sheet.columns = table.columns.map((c) => ({
      header: c.title, key: c.key, width: Math.min(50, Math.max(10, c.title.length + 2)),
      ...(NUM_FORMATS[c.kind] ? { style: { numFmt: NUM_FORMATS[c.kind]! } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of table.rows) sheet.addRow(table.columns.map((c) => xlsxValue(c, r[c.key] ?? null)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
