// /ktp: the list of groups, a group's КТП, topic add / edit / delete / move. Import and copy: routes-import.ts, routes-copy.ts.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { classesOfYear, currentYear } from '../setup/lookups.ts';
import { addTopic, applyToFuture, deleteTopic, moveTopic, updateTopic } from './edit.ts';
import { indexQuery, moveForm, topicForm, topicParams } from './forms.ts';
import { blank, fillBy, groupOf, groupPage, KTP, type FormState } from './pages.ts';
import { getTopic, groupsForActor, seesAllGroups } from './queries.ts';
import { validateTopic } from './rules.ts';
import { registerKtpCopyRoutes } from './routes-copy.ts';
import { registerKtpImportRoutes } from './routes-import.ts';

/** Checks a topic form: the clean topic, or the form state to show again with 422. */
function readTopic(body: unknown) {
  const form = parseForm(topicForm, body);
  const values = keepValues(body);
  if (!form.ok) return { ok: false as const, state: { values, errors: form.errors } };
  const v = validateTopic(form.data);
  return v.ok ? { ok: true as const, topic: v.topic } : { ok: false as const, state: { values, errors: v.errors } };
}

export function registerKtpRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/ktp', KTP, async (request, reply) => {
    const actor = request.actor!;
    const schoolId = request.school.id;
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    const all = seesAllGroups(actor);
    const classId = all ? indexQuery.parse(request.query ?? {}).class : undefined;
    const groups = year ? await groupsForActor(db, actor, { yearId: year.id, classId }) : [];
    const classes = all && year ? await classesOfYear(db, { schoolId, yearId: year.id }) : [];
    return reply.page('ktp/index', { title: 'КТП', groups, classes, classId: classId ?? '', all, year: year ?? null });
  });

  app.get('/ktp/groups/:groupId', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    return group ? groupPage(db, reply, group) : notFound(reply);
  });

  app.post('/ktp/groups/:groupId/topics', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    if (!group) return notFound(reply);
    const read = readTopic(request.body);
    if (!read.ok) return groupPage(db, reply, group, { form: read.state, status: 422 });
    await addTopic(db, fillBy(request), { schoolId: request.school.id, groupId: group.id }, read.topic);
    flash(reply, 'ok', `Тема «${read.topic.title}» добавлена.`);
    return reply.redirect(`/ktp/groups/${group.id}#add`, 303);
  });

  app.post('/ktp/groups/:groupId/apply', KTP, async (request, reply) => {
    const group = await groupOf(db, request);
    if (!group) return notFound(reply);
    const n = await applyToFuture(db, fillBy(request), { schoolId: request.school.id, groupId: group.id });
    flash(reply, 'ok', n ? `КТП применён к будущим урокам: изменено тем — ${n}. Прошедшие уроки не менялись.`
      : 'Будущие уроки уже идут по КТП.');
    return reply.redirect(`/ktp/groups/${group.id}#progress`, 303);
  });

  async function topicOf(request: Parameters<typeof groupOf>[1]) {
    const p = topicParams.safeParse(request.params);
    const group = p.success ? await groupOf(db, request) : undefined;
    const topic = group && p.success ? await getTopic(db, { schoolId: request.school.id, groupId: group.id, topicId: p.data.topicId }) : undefined;
    return group && topic ? { group, topic } : undefined;
  }
  const topicPage = (reply: Parameters<typeof notFound>[0], found: NonNullable<Awaited<ReturnType<typeof topicOf>>>, form?: FormState, status = 200) =>
    reply.page('ktp/topic', {
      title: `Тема ${found.topic.ordinal} — ${found.group.name}`, ...found,
      form: form ?? { ...blank(), values: { section: found.topic.section ?? '', title: found.topic.title, hours: String(found.topic.hours) } },
    }, status);

  app.get('/ktp/groups/:groupId/topics/:topicId', KTP, async (request, reply) => {
    const found = await topicOf(request);
    return found ? topicPage(reply, found) : notFound(reply);
  });

  app.post('/ktp/groups/:groupId/topics/:topicId', KTP, async (request, reply) => {
    const found = await topicOf(request);
    if (!found) return notFound(reply);
    const read = readTopic(request.body);
    if (!read.ok) return topicPage(reply, found, read.state, 422);
    await updateTopic(db, fillBy(request), { schoolId: request.school.id, groupId: found.group.id }, found.topic.id, read.topic);
    flash(reply, 'ok', `Тема ${found.topic.ordinal} сохранена.`);
    return reply.redirect(`/ktp/groups/${found.group.id}`, 303);
  });

  app.post('/ktp/groups/:groupId/topics/:topicId/delete', KTP, async (request, reply) => {
    const found = await topicOf(request);
    if (!found) return notFound(reply);
    const given = await deleteTopic(db, fillBy(request), { schoolId: request.school.id, groupId: found.group.id }, found.topic.id);
    const kept = given ? ` Уроки, на которых она уже пройдена (${given}), сохранили свою тему.` : '';
    flash(reply, 'ok', `Тема «${found.topic.title}» удалена.${kept}`);
    return reply.redirect(`/ktp/groups/${found.group.id}`, 303);
  });

  app.post('/ktp/groups/:groupId/topics/:topicId/move', KTP, async (request, reply) => {
    const found = await topicOf(request);
    if (!found) return notFound(reply);
    const form = parseForm(moveForm, request.body);
    if (!form.ok) return groupPage(db, reply, found.group, { status: 422 });
    await moveTopic(db, fillBy(request), { schoolId: request.school.id, groupId: found.group.id }, found.topic.id, form.data.direction);
    return reply.redirect(`/ktp/groups/${found.group.id}#t-${found.topic.id}`, 303);
  });

  registerKtpImportRoutes(app, { db });
  registerKtpCopyRoutes(app, { db });
}
