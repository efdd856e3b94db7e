// Reading a report back: a table of the page (by its name) as header + rows of shown texts, an XLSX sheet as the same
// (each cell shown as the page shows its kind), and the CSV's lines — so a test compares the three.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { cellText, type ColumnKind } from '../../src/modules/reports/core/table.ts';
import type { Client } from '../support/client.ts';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#34;': '"' };
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39|#34);/g, (e) => ENTITIES[e]!).replace(/\s+/g, ' ').trim();

/** The table `name` of a report page: [header, ...rows], each a list of cell texts. */
export function pageTable(html: string, name: string): string[][] {
  const section = new RegExp(`<section class="report-table" id="t-${name}">([\\s\\S]*?)</section>`).exec(html)?.[1];
  if (!section) throw new Error(`no table ${name} on the page`);
  return [...section.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) => [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}

/** The links of a page table's cells, by row and column title: { 'Иванова М. А.': { 'Без темы': '/reports/…' } }. */
export function pageLinks(html: string, name: string): Array<Array<string | null>> {
  const section = new RegExp(`<section class="report-table" id="t-${name}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
  return [...section.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].slice(1)
    .map((tr) => [...tr[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => /href="([^"]+)"/.exec(c[1]!)?.[1]?.replaceAll('&amp;', '&') ?? null));
}

/** A sheet of an XLSX as [header, ...rows], each cell shown as the page shows a column of its kind. */
export async function xlsxTable(file: Buffer, sheetIndex: number, kinds: ColumnKind[]): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[sheetIndex]!;
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    out.push(kinds.map((kind, i) => {
      const v = row.getCell(i + 1).value;
      if (n === 1) return String(v ?? '');
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return cellText('date', v.toISOString().slice(0, 10));
      // A percentage is stored as a share (0.667 shown as 66.7 %): back to the page's points.
      if (kind === 'percent' && typeof v === 'number') return cellText(kind, Math.round(v * 100_000) / 1000);
      return cellText(kind, v as string | number);
    }));
  });
  return out;
}

/** The CSV's rows (BOM dropped, split on CRLF and ';' — the tests' tables hold neither inside a cell). */
export function csvRows(file: Buffer): string[][] {
  return file.subarray(3).toString('utf8').split('\r\n').filter((l) => l !== '').map((l) => l.split(';'));
}

/** The page's table `name`, and the same table from the XLSX sheet and (the first table) the CSV; the page's HTML too. */
export async function threeWays(c: Client, url: string, name: string, sheet: number, kinds: ColumnKind[]) {
  const page = await c.get(url);
  expect(page.statusCode).toBe(200);
  const shown = pageTable(page.body, name);
  const xlsx = await c.get(`${url}${url.includes('?') ? '&' : '?'}format=xlsx`);
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  expect(await xlsxTable(xlsx.rawPayload, sheet, kinds)).toEqual(shown);
  if (sheet === 0) expect(csvRows((await c.get(`${url}${url.includes('?') ? '&' : '?'}format=csv`)).rawPayload)).toEqual(shown);
  return { html: page.body, shown };
}
