// КТП files: the template (CSV with BOM and `;`, XLSX) and reading an upload into topics or bad lines.
import ExcelJS from 'exceljs';
import type { ReadResult } from '../imports/decode.ts';
import { KTP_COLUMNS, matchKtpHeaders, topicsFromRows, type LineError, type TopicInput } from './rules.ts';

const EXAMPLE = [
  ['1', 'Натуральные числа и нуль', 'Десятичная система счисления', '1'],
  ['2', 'Натуральные числа и нуль', 'Ряд натуральных чисел', '2'],
];
const HEADERS = KTP_COLUMNS.map((c) => c.header);
const csvCell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function ktpCsvTemplate(): Buffer {
  const lines = [HEADERS, ...EXAMPLE].map((r) => r.map(csvCell).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function ktpXlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Отметка';
  const sheet = workbook.addWorksheet('КТП');
  sheet.columns = [{ header: '№', width: 6 }, { header: 'Раздел', width: 32 }, { header: 'Тема урока', width: 60 }, { header: 'Часы', width: 8 }];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of EXAMPLE) sheet.addRow([Number(r[0]), r[1], r[2], Number(r[3])]);
  const notes = workbook.addWorksheet('Пояснения');
  notes.columns = [{ header: 'Столбец', width: 16 }, { header: 'Что писать', width: 90 }];
  notes.getRow(1).font = { bold: true };
  notes.addRow(['№', 'Необязательно: порядок тем берётся из порядка строк.']);
  notes.addRow(['Раздел', 'Необязательно: раздел программы, до 200 символов.']);
  notes.addRow(['Тема урока', 'Обязательно: тема, до 500 символов.']);
  notes.addRow(['Часы', 'Целое число от 1 до 10: столько уроков подряд займёт тема.']);
  notes.addRow([]);
  notes.addRow(['', 'Данные берутся только с первого листа. Загрузка заменяет весь КТП группы.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type KtpPreview =
  | { stage: 'file'; message: string }
  | { stage: 'lines'; lines: LineError[]; total: number }
  | { stage: 'ok'; topics: TopicInput[] };

/** An upload → the topics in file order, or why the file or which lines cannot be taken. */
export async function previewKtpFile(table: ReadResult): Promise<KtpPreview> {
  if (!table.ok) return { stage: 'file', message: table.message };
  const [header, ...data] = table.rows;
  const headers = matchKtpHeaders(header!.cells);
  if (!headers.ok) return { stage: 'file', message: headers.message };
  const result = topicsFromRows(headers.keys, data);
  if (!result.ok) return { stage: 'lines', lines: result.lines, total: data.length };
  return { stage: 'ok', topics: result.topics };
}
