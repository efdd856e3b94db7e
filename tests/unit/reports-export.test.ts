// The reports' CSV: UTF-8 with a BOM, ';' between cells, CRLF, RFC 4180 quoting, Russian decimals and dates, formulas
// defused; the XLSX: numbers as numbers, dates as dates, a bold header, one sheet per table with a legal unique name.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, reportCsv, reportXlsx } from '../../src/modules/reports/core/export.ts';
import { exportLinks } from '../../src/modules/reports/core/send.ts';
import { cellText, shownRows, tableView, type ReportTable } from '../../src/modules/reports/core/table.ts';

const TABLE: ReportTable = {
  name: 't', title: 'Учителя',
  columns: [
    { key: 'name', title: 'Учитель', kind: 'text' }, { key: 'n', title: 'Уроков', kind: 'int', href: 'nHref' },
    { key: 'avg', title: 'Средняя', kind: 'number' }, { key: 'share', title: 'Доля, %', kind: 'percent' }, { key: 'day', title: 'Дата', kind: 'date' },
  ],
  rows: [
    { name: 'Иванова М. А.', n: 12, avg: 4.5, share: 87.5, day: '2026-11-23', nHref: '/x?a=1' },
    { name: 'Кто; "в кавычках"\nи с переводом', n: 0, avg: null, share: 0, day: null, nHref: '/y' },
    { name: '=СУММ(A1:A2)', n: 3, avg: 3, share: 100, day: '2026-01-05', _class: 'total' },
  ],
};

const decode = (b: Buffer) => b.toString('utf8');

describe('csvField (RFC 4180)', () => {
  it.each([
    ['просто', 'просто'],
    ['a;b', '"a;b"'],
    ['он сказал "да"', '"он сказал ""да"""'],
    ['две\nстроки', '"две\nстроки"'],
    ['cr\rlf', '"cr\rlf"'],
    ['', ''],
    ['запятая, не разделитель', 'запятая, не разделитель'],
  ])('%j → %j', (text, out) => expect(csvField(text)).toBe(out));
});

describe('reportCsv', () => {
  const csv = reportCsv(TABLE);
  it('starts with the UTF-8 BOM and ends every line with CRLF', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(csv.subarray(3));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('Учитель;Уроков;Средняя;Доля, %;Дата');
  });
  it('writes the cells as the page shows them: Russian decimals and dates, empty for null, formulas defused', () => {
    const text = decode(csv.subarray(3));
    expect(text).toBe([
      'Учитель;Уроков;Средняя;Доля, %;Дата',
      'Иванова М. А.;12;4,5;87,5;23.11.2026',
      '"Кто; ""в кавычках""\nи с переводом";0;;0;',
      "'=СУММ(A1:A2);3;3;100;05.01.2026",
      '',
    ].join('\r\n'));
  });
  it('never exports the page-only keys (links, row classes)', () => {
    expect(decode(csv)).not.toContain('/x?a=1');
    expect(decode(csv)).not.toContain('total');
  });
});

describe('cellText and the page view', () => {
  it.each([
    ['int', 7, '7'], ['number', 4.25, '4,25'], ['number', 4.333333, '4,33'], ['percent', 66.7, '66,7'], ['date', '2026-11-23', '23.11.2026'],
    ['text', null, ''], ['int', null, ''],
  ] as const)('%s %j → %j', (kind, value, out) => expect(cellText(kind, value)).toBe(out));

  it('links a count to its list, but not a zero; marks the totals row', () => {
    const v = tableView(TABLE);
    expect(v.rows[0]!.cells[1]).toEqual({ text: '12', href: '/x?a=1', numeric: true });
    expect(v.rows[1]!.cells[1]!.href).toBeNull();
    expect(v.rows[2]!.cls).toBe('total');
    expect(v.columns.map((c) => c.numeric)).toEqual([false, true, true, true, false]);
  });
});

describe('reportXlsx', () => {
  it('one sheet per table, a bold header, numbers as numbers and dates as dates, the same rows as the page', async () => {
    const second: ReportTable = { ...TABLE, name: 't2', title: 'Учителя' }; // same title: the sheet name is made unique
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await reportXlsx([TABLE, second]) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Учителя', 'Учителя 2']);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Учитель', 'Уроков', 'Средняя', 'Доля, %', 'Дата']);
    expect(sheet.getCell('B2').value).toBe(12);
    expect(sheet.getCell('C2').value).toBe(4.5);
    expect(sheet.getCell('D2').value).toBe(0.875); // 87,5 %: a percentage, not the number 87.5
    expect(sheet.getCell('D2').numFmt).toBe('0.0%');
    expect(sheet.getCell('E2').value).toEqual(new Date('2026-11-23T00:00:00Z'));
    expect(sheet.getCell('A3').value).toBe('Кто; "в кавычках"\nи с переводом');
    expect(sheet.rowCount).toBe(1 + TABLE.rows.length);
    const shown = shownRows(TABLE);
    for (let i = 0; i < TABLE.rows.length; i++) {
      const row = TABLE.columns.map((c, j) => cellText(c.kind, xlsxBack(sheet.getRow(i + 2).getCell(j + 1).value, c.kind)));
      expect(row).toEqual(shown[i]);
    }
  });

  it('gives Excel a legal sheet name (≤ 31 characters, no : / ? * [ ])', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await reportXlsx([{ ...TABLE, title: 'Отчёт: 5А/5Б [неделя?] * очень длинное название листа' }]) as unknown as ArrayBuffer);
    const name = book.worksheets[0]!.name;
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
  });
});

describe('exportLinks', () => {
  it('keeps the filters and sets the format', () => {
    expect(exportLinks('/reports/journal-control?week=2026-11-16&format=xlsx')).toEqual({
      csv: '/reports/journal-control?week=2026-11-16&format=csv', xlsx: '/reports/journal-control?week=2026-11-16&format=xlsx',
    });
    expect(exportLinks('/reports/x').csv).toBe('/reports/x?format=csv');
  });
});

function xlsxBack(v: ExcelJS.CellValue, kind: string): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (kind === 'text') return String(v);
  if (kind === 'percent') return Math.round((v as number) * 100_000) / 1000; // stored as a share
  return v as number;
}
