// The data the import pages show; templates only print it.
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { columnsOf, IMPORT_KINDS, KIND_TITLES, RELATIONS, type ImportKind } from './columns.ts';
import type { TextEncoding } from './decode.ts';
import { DETAIL_LIMIT, type Summary } from './preview.ts';
import { recentImports, type getBatch } from './queries.ts';
import type { LineError } from './validate.ts';
import { dateTimeOf } from '../../web/school-time.ts';

const ENCODING_TITLES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (с BOM)', 'utf-16le': 'UTF-16 (Юникод)', 'windows-1251': 'Windows-1251',
};

export function formatTitle(format: 'csv' | 'xlsx', encoding: TextEncoding | null): string {
  return format === 'xlsx' ? 'XLSX' : `CSV, ${encoding ? ENCODING_TITLES[encoding] : ''}`;
}


export async function renderIndex(db: Db, reply: FastifyReply, opts: { status?: number; values: Record<string, string>; errors: FieldErrors }) {
  const schoolId = reply.request.school.id;
  const recent = await recentImports(db, schoolId);
  return reply.page('imports/index', {
    title: 'Импорт из файла',
    kinds: IMPORT_KINDS.map((k) => ({ key: k, title: KIND_TITLES[k], columns: columnsOf(k) })),
    relations: RELATIONS.join(', '),
    recent: recent.map((r) => ({
      id: r.id, kind: KIND_TITLES[r.kind as ImportKind] ?? r.kind, fileName: r.fileName, at: dateTimeOf(reply.request, r.appliedAt), by: r.by ?? '',
      summary: r.summary as Summary,
    })),
    values: opts.values,
    errors: opts.errors,
  }, opts.status ?? 200);
}

/** A file whose lines have errors: listed with their numbers; nothing was stored. */
export async function renderLineErrors(reply: FastifyReply, v: { kind: ImportKind; fileName: string; total: number; errors: LineError[]; format: 'csv' | 'xlsx'; encoding: TextEncoding | null }) {
  return reply.page('imports/errors', {
    title: 'Ошибки в файле',
    kindTitle: KIND_TITLES[v.kind],
    fileName: v.fileName,
    formatTitle: formatTitle(v.format, v.encoding),
    total: v.total,
    errors: v.errors,
  }, 422);
}

type Batch = NonNullable<Awaited<ReturnType<typeof getBatch>>>;

/** The preview of a stored batch (with the apply form) or, once applied, its result. */
export async function renderBatch(reply: FastifyReply, batch: Batch, opts: { status?: number; values: Record<string, string>; errors: FieldErrors }) {
  const summary = batch.summary as Summary & { order?: { number: string; date: string } | null };
  const applied = batch.status === 'applied';
  return reply.page(applied ? 'imports/result' : 'imports/preview', {
    title: applied ? 'Импорт выполнен' : 'Проверка файла',
    batch: { id: batch.id, fileName: batch.fileName, kindTitle: KIND_TITLES[batch.kind as ImportKind] ?? batch.kind, students: batch.kind === 'students', appliedAt: dateTimeOf(reply.request, batch.appliedAt) },
    formatTitle: formatTitle(summary.format, summary.encoding),
    summary,
    order: summary.order ? { number: summary.order.number, date: ruDate(summary.order.date) } : null,
    needsOrder: !applied && summary.enrolments > 0,
    nothingToDo: summary.create + summary.update === 0,
    moreDetails: Math.max(0, summary.create + summary.update - summary.details.length),
    detailLimit: DETAIL_LIMIT,
    values: opts.values,
    errors: opts.errors,
  }, opts.status ?? 200);
}
