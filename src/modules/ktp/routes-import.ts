// КТП import: templates, upload → check (every bad line, nothing written) → confirm → replace in one transaction.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { acceptSingleFileUpload } from '../../web/upload.ts';
import { replaceTopics } from './edit.ts';
import { applyForm, payloadTopics, templateParams } from './forms.ts';
import { ktpCsvTemplate, ktpXlsxTemplate, previewKtpFile } from './import.ts';
import { fillBy, groupOf, groupPage, KTP } from './pages.ts';
import { listTopics } from './queries.ts';
import { validateTopic, type TopicInput } from './rules.ts';


/** The topics sent back with the confirmation, checked again as if typed. */
function topicsOfPayload(payload: string): TopicInput[] | undefined {
  let parsed: unknown;
  try { parsed = JSON.parse(payload); } catch { return undefined; }
  const list = payloadTopics.safeParse(parsed);
  if (!list.success) return undefined;
  const out: TopicInput[] = [];
  for (const t of list.data) {
    const v = validateTopic({ section: t.section ?? '', title: t.title, hours: String(t.hours) });
    if (!v.ok) return undefined;
    out.push(v.topic);
  }
  return out;
}

export function registerKtpImportRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/ktp/template.:format', KTP, async (request, reply) => {
    const p = templateParams.safeParse(request.params);
    if (!p.success) return notFound(reply);
    const csv = p.data.format === 'csv';
    return reply
      .type(csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ktp-template.${p.data.format}"; filename*=UTF-8''${encodeURIComponent(`Шаблон КТП.${p.data.format}`)}`)
      .send(csv ? ktpCsvTemplate() : await ktpXlsxTemplate());
  });

  app.register(async (scope) => {
    await acceptSingleFileUpload(scope, async (request, reply, tooLarge) => {
      const group = await groupOf(db, request);
      if (!group) return notFound(reply);
      return groupPage(db, reply, group, { status: 413, importError: tooLarge ? 'Файл больше 5 МБ.' : 'Загрузите один файл за раз.' });
    });

    scope.post('/ktp/groups/:groupId/import', KTP, async (request, reply) => {
      const group = await groupOf(db, request);
      if (!group) return notFound(reply);
      const upload = request.upload;
      if (!upload) return groupPage(db, reply, group, { status: 422, importError: 'Выберите файл CSV или XLSX.' });
      const result = await previewKtpFile(upload.table);
      if (result.stage === 'file') return groupPage(db, reply, group, { status: 422, importError: result.message });
      const current = await listTopics(db, { schoolId: request.school.id, groupId: group.id });
      if (result.stage === 'lines') {
        return reply.page('ktp/import', { title: 'Проверка файла КТП', group, fileName: upload.fileName, lines: result.lines, total: result.total, topics: [], current: current.length }, 422);
      }
      return reply.page('ktp/import', {
        title: 'Проверка файла КТП', group, fileName: upload.fileName, lines: [], topics: result.topics, current: current.length,
        hours: result.topics.reduce((s, t) => s + t.hours, 0), payload: JSON.stringify(result.topics),
      });
    });
  });

  app.post('/ktp/groups/:groupId/import/apply', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    if (!group) return notFound(reply);
    const form = parseForm(applyForm, request.body);
    const topics = form.ok ? topicsOfPayload(form.data.payload) : undefined;
    if (!form.ok || !topics) return groupPage(db, reply, group, { status: 422, importError: 'Данные проверенного файла повреждены. Загрузите файл ещё раз.' });
    const now = await listTopics(db, { schoolId: request.school.id, groupId: group.id });
    if (now.length !== form.data.expected) {
      return groupPage(db, reply, group, { status: 409, importError: `Пока вы проверяли файл, КТП изменился (сейчас тем: ${now.length}). Загрузите файл ещё раз.` });
    }
    const replaced = await replaceTopics(db, fillBy(request), { schoolId: request.school.id, groupId: group.id }, topics, 'import');
    flash(reply, 'ok', `КТП загружен: ${replaced} тем заменено на ${topics.length}.`);
    return reply.redirect(`/ktp/groups/${group.id}`, 303);
  });
}
