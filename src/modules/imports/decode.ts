// From the uploaded bytes to a table of text cells with their line numbers: format sniffing, encodings, CSV, XLSX.
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type SheetRow = { line: number; cells: string[] };
export type ReadResult =
  | { ok: true; format: 'csv' | 'xlsx'; encoding: TextEncoding | null; rows: SheetRow[] }
  | { ok: false; message: string };

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1251';
export type Sniffed = 'empty' | 'xlsx' | 'xls' | 'utf-16le' | 'binary' | 'text';

/** More data lines than this are refused (the import is meant for one school's contingent). */
export const MAX_DATA_ROWS = 20_000;

const NOT_A_TABLE = 'Это не таблица CSV или XLSX. Сохраните список в Excel как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)» и загрузите снова.';

/** What the bytes are, from their first bytes (never from the file name). */
export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return 'empty';
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 0x03 || b(2) === 0x05) && (b(3) === 0x04 || b(3) === 0x06)) return 'xlsx';
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return 'xls';
  if (b(0) === 0xff && b(1) === 0xfe) return 'utf-16le';
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) return 'binary';
  return 'text';
}

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise Windows-1251 (Russian Excel's «CSV»). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(body), 'win1251'), encoding: 'windows-1251' };
  }
}

/** Control characters other than tab and line breaks: a text table has (almost) none. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) control++;
  }
  return control > 0 && control / sample.length > 0.005;
}

/** The delimiter used in the header line: the most frequent of `;`, `,` and tab outside quotes (`;` when none). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch] += 1;
  }
  const best = (Object.entries(counts) as Array<[';' | ',' | '\t', number]>).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ';';
}

/** Parses CSV text into rows numbered by the file's own lines (a quoted value may span lines). */
export function parseCsv(text: string): { ok: true; rows: SheetRow[] } | { ok: false; message: string } {
  const delimiter = detectDelimiter(text);
  let lastLine = 0;
  const rows: SheetRow[] = [];
  try {
    const records = parseCsvSync(text, {
      delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true,
      on_record: (record: string[], ctx: { lines: number }) => {
        rows.push({ line: lastLine + 1, cells: record });
        lastLine = ctx.lines;
        return null;
      },
    });
    void records;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      return { ok: false, message: `Файл CSV повреждён: кавычка, открытая в строке ${lastLine + 1}, не закрыта до конца файла. Проверьте эту строку или сохраните файл из Excel заново.` };
    }
    return { ok: false, message: `Файл CSV повреждён около строки ${lastLine + 1}: проверьте кавычки в этой строке или сохраните файл из Excel заново.` };
  }
  return { ok: true, rows };
}

/** A cell of exceljs as the text a person sees (dates as ДД.ММ.ГГГГ). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'ИСТИНА' : 'ЛОЖЬ';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const d = value.toISOString().slice(0, 10).split('-');
    return `${d[2]}.${d[1]}.${d[0]}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v && v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if (typeof v.error === 'string') return v.error;
    if (v.formula !== undefined || v.sharedFormula !== undefined) return '';
  }
  return String(value);
}

/** The first worksheet of an XLSX file as rows of text, numbered as Excel numbers them. */
export async function readXlsx(bytes: Uint8Array): Promise<{ ok: true; rows: SheetRow[] } | { ok: false; message: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: 'Не удалось прочитать файл XLSX: он повреждён или это не таблица Excel. Откройте его в Excel, сохраните как «Книга Excel (.xlsx)» и загрузите снова.' };
  }
  const sheet = workbook.worksheets.find((s) => s.state === 'visible' && s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'Не удалось прочитать файл XLSX: в нём нет ни одного листа.' };
  const rows: SheetRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (rows.length > MAX_DATA_ROWS + 1) { tooMany = true; return; }
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push({ line, cells: Array.from(values, (v) => cellText(v)) });
  });
  if (tooMany) return { ok: false, message: tooManyRows() };
  return { ok: true, rows };
}

const tooManyRows = () => `В файле больше ${MAX_DATA_ROWS.toLocaleString('ru-RU')} строк. Разделите его на несколько файлов.`;

/** Bytes of an upload → rows of text cells, or one Russian message saying why the file cannot be read. */
export async function readTable(bytes: Uint8Array): Promise<ReadResult> {
  const kind = sniff(bytes);
  if (kind === 'empty') return { ok: false, message: 'Файл пустой.' };
  if (kind === 'xls') return { ok: false, message: 'Это файл старого формата Excel (.xls). Откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или CSV.' };
  if (kind === 'binary') return { ok: false, message: NOT_A_TABLE };
  let rows: SheetRow[];
  let encoding: TextEncoding | null = null;
  if (kind === 'xlsx') {
    const read = await readXlsx(bytes);
    if (!read.ok) return read;
    rows = read.rows;
  } else {
    const decoded = decodeText(bytes);
    encoding = decoded.encoding;
    if (looksBinary(decoded.text)) return { ok: false, message: NOT_A_TABLE };
    if (decoded.text.trim() === '') return { ok: false, message: 'Файл пустой.' };
    const parsed = parseCsv(decoded.text);
    if (!parsed.ok) return parsed;
    rows = parsed.rows;
  }
  rows = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) return { ok: false, message: 'Файл пустой: в нём нет ни заголовков, ни данных.' };
  if (rows.length === 1) return { ok: false, message: 'В файле только строка заголовков и нет ни одной строки с данными.' };
  if (rows.length > MAX_DATA_ROWS + 1) return { ok: false, message: tooManyRows() };
  return { ok: true, format: kind === 'xlsx' ? 'xlsx' : 'csv', encoding, rows };
}
