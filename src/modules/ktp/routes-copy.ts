// Copy a КТП to a parallel group; a lesson's own topic (override) and back to the КТП's.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { parseForm, safeNext } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { replaceTopics, setLessonTopic } from './edit.ts';
import { copyForm, lessonParams, lessonTopicForm } from './forms.ts';
import { fillBy, groupOf, KTP } from './pages.ts';
import { getLesson, groupForActor, listTopics, parallelGroups } from './queries.ts';
import { MAX_TITLE } from './rules.ts';

export function registerKtpCopyRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/ktp/groups/:groupId/copy', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    if (!group) return notFound(reply);
    const schoolId = request.school.id;
    const [targets, topics] = await Promise.all([parallelGroups(db, request.actor!, group), listTopics(db, { schoolId, groupId: group.id })]);
    return reply.page('ktp/copy', { title: `Копировать КТП — ${group.name}`, group, targets, topics: topics.length, target: null, errors: {} });
  });

  app.post('/ktp/groups/:groupId/copy', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    if (!group) return notFound(reply);
    const actor = request.actor!;
    const schoolId = request.school.id;
    const [targets, topics] = await Promise.all([parallelGroups(db, actor, group), listTopics(db, { schoolId, groupId: group.id })]);
    const form = parseForm(copyForm, request.body);
    const target = form.ok ? targets.find((t) => t.id === form.data.targetId) : undefined;
    const show = (status: number, errors: Record<string, string>, confirmFor: typeof target = undefined) =>
      reply.page('ktp/copy', { title: `Копировать КТП — ${group.name}`, group, targets, topics: topics.length, target: confirmFor ?? null, errors }, status);
    if (!form.ok) return show(422, form.errors);
    if (!target) return show(422, { targetId: 'Выберите параллельную группу из списка.' });
    if (topics.length === 0) return show(422, { targetId: 'В КТП этой группы нет тем — копировать нечего.' });
    if (target.topics > 0 && form.data.confirm !== 'yes') return show(200, {}, target);
    await replaceTopics(db, fillBy(request), { schoolId, groupId: target.id }, topics.map((t) => ({ section: t.section, title: t.title, hours: t.hours })), 'copy', { fromGroupId: group.id });
    flash(reply, 'ok', `КТП скопирован в группу «${target.name}»: ${topics.length} тем.`);
    return reply.redirect(`/ktp/groups/${target.id}`, 303);
  });

  app.post('/ktp/lessons/:lessonId/topic', KTP, async (request, reply) => {
    const p = lessonParams.safeParse(request.params);
    const schoolId = request.school.id;
    const lesson = p.success ? await getLesson(db, { schoolId, lessonId: p.data.lessonId }) : undefined;
    const group = lesson ? await groupForActor(db, request.actor!, lesson.groupId) : undefined;
    if (!lesson || !group) return notFound(reply);
    const form = parseForm(lessonTopicForm, request.body);
    const topic = form.ok ? form.data.topic.replace(/\s+/g, ' ').trim() : '';
    if (!form.ok || topic.length > MAX_TITLE) {
      flash(reply, 'error', `Тема урока не сохранена: не длиннее ${MAX_TITLE} символов.`);
      return reply.redirect(safeNext(form.ok ? form.data.next : undefined, `/ktp/groups/${group.id}`), 303);
    }
    const where = { schoolId, groupId: group.id, lessonId: lesson.id };
    const done = await setLessonTopic(db, fillBy(request), request.actor!, where, topic, form.data.reason);
    if (!done.ok && done.status === 404) return notFound(reply);
    flash(reply, done.ok ? 'ok' : 'error', done.ok ? done.message : `Тема урока не сохранена. ${Object.values(done.errors).join(' ')}`);
    return reply.redirect(safeNext(form.data.next, `/ktp/groups/${group.id}`), 303);
  });
}
