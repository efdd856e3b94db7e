// Downloadable templates: CSV (UTF-8 with BOM, `;` as Russian Excel saves it) and XLSX, headers + one example row.
import ExcelJS from 'exceljs';
import { columnsOf, KIND_TITLES, type ImportKind } from './columns.ts';

export type TemplateFormat = 'csv' | 'xlsx';

const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function csvTemplate(kind: ImportKind): Buffer {
  const columns = columnsOf(kind);
  const lines = [columns.map((c) => csvCell(c.header)).join(';'), columns.map((c) => csvCell(c.example)).join(';')];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/** Columns whose values Excel must keep as typed text (leading zeros, long numbers, dates as ДД.ММ.ГГГГ). */
const TEXT_COLUMNS = /externalId|personalFileNo|[pP]hone|birthDate/;

export async function xlsxTemplate(kind: ImportKind): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Отметка';
  const columns = columnsOf(kind);
  const sheet = workbook.addWorksheet(KIND_TITLES[kind].slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  columns.forEach((c, i) => {
    if (TEXT_COLUMNS.test(c.key)) sheet.getColumn(i + 1).numFmt = '@';
  });
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));

  const notes = workbook.addWorksheet('Пояснения');
  notes.columns = [{ header: 'Столбец', width: 32 }, { header: 'Что писать', width: 90 }];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow([c.header, c.description]);
  notes.addRow([]);
  notes.addRow(['', 'Данные берутся только с первого листа. Строку-пример удалите или замените своими данными.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const cache = new Map<string, Buffer>();

/** The template file (built once per process). */
export async function template(kind: ImportKind, format: TemplateFormat): Promise<Buffer> {
  const key = `${kind}.${format}`;
  let file = cache.get(key);
  if (!file) {
    file = format === 'csv' ? csvTemplate(kind) : await xlsxTemplate(kind);
    cache.set(key, file);
  }
  return file;
}

export const TEMPLATE_NAMES: Record<ImportKind, string> = { staff: 'Шаблон — сотрудники', students: 'Шаблон — обучающиеся и родители' };
