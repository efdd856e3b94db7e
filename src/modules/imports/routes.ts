// /import: templates, upload → preview → apply. Admin only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { applyBatch, ApplyRefused } from './apply.ts';
import type { ImportKind } from './columns.ts';
import { batchParams, orderForm, templateParams, uploadForm } from './forms.ts';
import { acceptSingleFileUpload } from '../../web/upload.ts';
import { renderBatch, renderIndex, renderLineErrors } from './pages.ts';
import { previewFile } from './preview.ts';
import { createBatch, getBatch } from './queries.ts';
import { template, TEMPLATE_NAMES, type TemplateFormat } from './templates.ts';

const ADMIN = { access: ['admin'] as const };



export function registerImportRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;
  app.register(async (scope) => {
    await acceptSingleFileUpload(scope, (_request, reply, tooLarge) => renderIndex(db, reply, {
      status: 413, values: {},
      errors: { file: tooLarge ? 'Файл больше 5 МБ. Разделите список на несколько файлов или удалите лишние листы и столбцы.' : 'Загрузите один файл за раз.' },
    }));

    scope.get('/import', { config: { access: ADMIN.access } }, async (request, reply) => {
      const kind = (request.query as { kind?: string }).kind;
      return renderIndex(db, reply, { values: { kind: kind === 'staff' || kind === 'students' ? kind : '' }, errors: {} });
    });

    scope.get('/import/templates/:file', { config: { access: ADMIN.access } }, async (request, reply) => {
      const params = templateParams.safeParse(request.params);
      if (!params.success) return notFound(reply);
      const [kind, format] = params.data.file.split('.') as [ImportKind, TemplateFormat];
      const name = `${TEMPLATE_NAMES[kind]}.${format}`;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${params.data.file.replace('.', '-template.')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(await template(kind, format));
    });

    scope.post('/import', { config: { access: ADMIN.access } }, async (request, reply) => uploadHandler(db, request, reply));

    scope.get('/import/:id', { config: { access: ADMIN.access } }, async (request, reply) => {
      const params = batchParams.safeParse(request.params);
      const batch = params.success ? await getBatch(db, request.school.id, params.data.id) : undefined;
      if (!batch) return notFound(reply);
      return renderBatch(reply, batch, { values: {}, errors: {} });
    });

    scope.post('/import/:id/apply', { config: { access: ADMIN.access } }, async (request, reply) => applyHandler(db, request, reply));
  });
}

async function uploadHandler(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const form = parseForm(uploadForm, request.body);
  const upload = request.upload;
  const values = form.ok ? { kind: form.data.kind } : form.values;
  if (!form.ok) return renderIndex(db, reply, { status: 422, values, errors: { kind: form.errors.kind ?? 'Выберите вид файла.' } });
  if (!upload) return renderIndex(db, reply, { status: 422, values, errors: { file: 'Выберите файл CSV или XLSX.' } });
  const schoolId = request.school.id;
  const result = await previewFile(db, { schoolId, kind: form.data.kind, table: upload.table, today: todayOf(request) });
  if (result.stage === 'file') return renderIndex(db, reply, { status: 422, values, errors: { file: result.message } });
  if (result.stage === 'lines') return renderLineErrors(reply, { kind: form.data.kind, fileName: upload.fileName, ...result });
  const id = await createBatch(db, {
    schoolId, kind: form.data.kind, fileName: upload.fileName, rows: result.rows, summary: result.summary, createdBy: request.actor!.accountId,
  });
  return reply.redirect(`/import/${id}`, 303);
}

async function applyHandler(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const params = batchParams.safeParse(request.params);
  const schoolId = request.school.id;
  const batch = params.success ? await getBatch(db, schoolId, params.data.id) : undefined;
  if (!batch) return notFound(reply);
  const needsOrder = batch.status === 'preview' && (batch.summary as { enrolments?: number }).enrolments! > 0;
  const form = needsOrder ? parseForm(orderForm, request.body) : null;
  if (form && !form.ok) return renderBatch(reply, batch, { status: 422, values: form.values, errors: form.errors });
  const order = form?.ok ? { number: form.data.orderNumber, date: form.data.orderDate } : null;
  try {
    const summary = await applyBatch(db, { schoolId, batchId: batch.id, today: todayOf(request), audit: auditContext(request), order });
    flash(reply, 'ok', `Импорт выполнен: создано ${summary.create}, обновлено ${summary.update}, без изменений ${summary.same}.`);
    return reply.redirect(`/import/${batch.id}`, 303);
  } catch (err) {
    if (!(err instanceof ApplyRefused)) throw err;
    if (err.reason === 'notFound') return notFound(reply);
    const fresh = (await getBatch(db, schoolId, batch.id)) ?? batch;
    const values: Record<string, string> = { orderNumber: order?.number ?? '', orderDate: order?.date ?? '' };
    if (err.reason === 'orderExists') return renderBatch(reply, fresh, { status: 422, values, errors: { orderNumber: err.message } });
    if (err.reason === 'orderDate' || err.reason === 'needOrder') return renderBatch(reply, fresh, { status: 422, values, errors: { orderDate: err.message } });
    return renderBatch(reply, fresh, { status: 409, values, errors: { _form: err.message } });
  }
}
