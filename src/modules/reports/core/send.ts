// Answers a report request in the format asked: ?format=csv → the first table as CSV, ?format=xlsx → every table as a
// sheet of an XLSX workbook, nothing (or 'html') → the page (the report's view inside views/reports/_frame.eta, with the
// export links). Any other format → 422 with a Russian message. The file names carry the report and its filters.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reportCsv, reportXlsx } from './export.ts';
import { tableView, type ReportTable } from './table.ts';

export type ReportAnswer = {
  /** The report's template, e.g. 'reports/journal-control' (it calls layout('./_frame')). */
  view: string;
  title: string;
  /** The download's name without extension, e.g. 'journal-control-2026-11-23' (ASCII letters, digits, '-', '_'). */
  filename: string;
  tables: ReportTable[];
  data?: Record<string, unknown>;
};

export const FORMAT_MESSAGE = 'Формат выгрузки указан неверно: выберите CSV или Excel.';

/** The links of the page: the same URL with format=csv / format=xlsx. */
export function exportLinks(url: string): { csv: string; xlsx: string } {
  const [path, query = ''] = url.split('?');
  const q = new URLSearchParams(query);
  const link = (format: string) => { q.set('format', format); return `${path}?${q.toString()}`; };
  return { csv: link('csv'), xlsx: link('xlsx') };
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 100) || 'report';

/** Tables as an XLSX download, one sheet each (`name`: the file name without extension, already safe). */
export async function sendXlsx(reply: FastifyReply, name: string, tables: ReportTable[]): Promise<FastifyReply> {
  const file = await reportXlsx(tables);
  return reply.header('content-disposition', `attachment; filename="${safeName(name)}.xlsx"`).header('cache-control', 'no-store')
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file);
}

export async function sendReport(request: FastifyRequest, reply: FastifyReply, opts: ReportAnswer): Promise<FastifyReply> {
  const format = (request.query as { format?: unknown } | undefined)?.format;
  const name = safeName(opts.filename);
  if (format === 'csv') {
    const file = reportCsv(opts.tables[0] ?? { name: 'empty', title: opts.title, columns: [], rows: [] });
    return reply.header('content-disposition', `attachment; filename="${name}.csv"`).header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8').send(file);
  }
  if (format === 'xlsx') return sendXlsx(reply, name, opts.tables);
  const known = format === undefined || format === '' || format === 'html';
  // A report's data may hide the export links (exports: null), e.g. on a page asking for a filter first.
  const data = {
    exports: exportLinks(request.url), ...opts.data,
    title: opts.title, tables: opts.tables, views: opts.tables.map(tableView), formatError: known ? null : FORMAT_MESSAGE,
  };
  await reply.page(opts.view, data, known ? 200 : 422);
  return reply;
}
