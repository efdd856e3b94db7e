// The curriculum (учебный план): the classes of the year with their weekly hours, a class's plan, adding, editing,
// removing items, copying a plan to another class of the same grade.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { classesOfYear, currentYear } from '../setup/lookups.ts';
import { copyForm, itemEditForm, itemForm, itemParams } from './forms.ts';
import { classInfo, classesWithHours, getItem, groupsOfClass, itemsOfClass, listSubjects, type ClassInfo, type Item } from './queries.ts';
import { checkCopyTarget, totalHours, writesCurriculum } from './rules.ts';
import { blankForm, classInScope, page, READ_CLASS, schoolIdOf, who, WRITE, type FormState } from './routes-common.ts';
import { registerGroupRoutes } from './routes-groups.ts';
import { registerMyGroupRoutes } from './routes-my.ts';
import { registerSplitRoutes } from './routes-split.ts';
import { addItem, copyCurriculum, createClassGroup, removeItem, updateItem } from './writes.ts';

export function registerCurriculumRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/curriculum', READ_CLASS, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    const w = who(request);
    const classes = !year ? [] : writesCurriculum(w.roles)
      ? await classesWithHours(db, { schoolId, yearId: year.id })
      : w.staffId ? await classesWithHours(db, { schoolId, yearId: year.id, classTeacherId: w.staffId }) : [];
    return page(reply, 'index', { title: 'Учебный план', year: year ?? null, classes });
  });

  async function classPage(request: FastifyRequest, reply: FastifyReply, cls: ClassInfo, forms: { add?: FormState; copy?: FormState; copyError?: string } = {}, status = 200) {
    const schoolId = schoolIdOf(request);
    const items = await itemsOfClass(db, { schoolId, classId: cls.id });
    const groups = await groupsOfClass(db, { schoolId, classId: cls.id, date: todayOf(request) });
    const withGroups = items.map((i) => ({ ...i, groups: groups.filter((g) => g.curriculumItemId === i.id || (g.subjectId === i.subjectId && g.lessonKind === i.lessonKind && g.kind !== 'individual')) }));
    const linked = new Set(withGroups.flatMap((i) => i.groups.map((g) => g.id)));
    const parallel = (await classesOfYear(db, { schoolId, yearId: cls.yearId })).filter((c) => c.grade === cls.grade && c.id !== cls.id);
    return page(reply, 'class', {
      title: `Учебный план ${cls.name}`, cls, items: withGroups, other: groups.filter((g) => !linked.has(g.id)), total: totalHours(items),
      subjects: await listSubjects(db, schoolId), parallel,
      add: forms.add ?? blankForm({ lessonKind: 'regular', createGroup: 'on' }), copy: forms.copy ?? blankForm({ mode: 'merge' }), copyError: forms.copyError ?? null,
    }, status);
  }

  app.get('/curriculum/classes/:classId', READ_CLASS, async (request, reply) => {
    const cls = await classInScope(db, request);
    return cls ? classPage(request, reply, cls) : notFound(reply);
  });

  app.post('/curriculum/classes/:classId/items', WRITE, async (request, reply) => {
    const cls = await classInScope(db, request);
    if (!cls) return notFound(reply);
    const form = parseForm(itemForm, request.body);
    if (!form.ok) return classPage(request, reply, cls, { add: form }, 422);
    const subject = (await listSubjects(db, schoolIdOf(request))).find((s) => s.id === form.data.subjectId);
    if (!subject) return classPage(request, reply, cls, { add: { values: keepValues(request.body), errors: { subjectId: 'Выберите предмет из списка.' } } }, 422);
    const result = await addItem(db, auditContext(request), cls, { ...form.data, subjectName: subject.name }, form.data.createGroup);
    if (!result.ok) {
      const values = keepValues(request.body);
      return classPage(request, reply, cls, { add: { values, errors: { subjectId: `«${subject.name}» с этим видом занятий уже есть в плане ${cls.name}.` } } }, 422);
    }
    flash(reply, 'ok', `Предмет «${subject.name}» добавлен в учебный план ${cls.name}.`);
    return reply.redirect(`/curriculum/classes/${cls.id}`, 303);
  });

  app.post('/curriculum/classes/:classId/copy', WRITE, async (request, reply) => {
    const cls = await classInScope(db, request);
    if (!cls) return notFound(reply);
    const form = parseForm(copyForm, request.body);
    if (!form.ok) return classPage(request, reply, cls, { copy: form }, 422);
    const target = await classInfo(db, { schoolId: schoolIdOf(request), classId: form.data.targetClassId });
    const problem = target ? checkCopyTarget(cls, target) : 'Выберите класс из списка.';
    if (problem || !target) return classPage(request, reply, cls, { copy: { values: keepValues(request.body), errors: { targetClassId: problem! } }, copyError: problem ?? undefined }, 422);
    const r = await copyCurriculum(db, auditContext(request), cls, target, form.data.mode);
    flash(reply, 'ok', `Учебный план ${cls.name} скопирован в ${target.name}: добавлено ${r.inserted}, изменено ${r.updated}, удалено ${r.removed}.`);
    return reply.redirect(`/curriculum/classes/${target.id}`, 303);
  });

  /** The item in the URL with its class, for writers; undefined → 404. */
  async function itemOf(request: FastifyRequest): Promise<{ item: Item; cls: ClassInfo } | undefined> {
    const p = itemParams.safeParse(request.params);
    if (!p.success) return undefined;
    const schoolId = schoolIdOf(request);
    const item = await getItem(db, { schoolId, itemId: p.data.itemId });
    const cls = item && await classInfo(db, { schoolId, classId: item.classId });
    return item && cls ? { item, cls } : undefined;
  }

  app.get('/curriculum/items/:itemId', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    return page(reply, 'item', { title: `${found.cls.name}: ${found.item.subjectName}`, ...found, form: blankForm({ hoursPerWeek: String(Number(found.item.hoursPerWeek)).replace('.', ','), lessonKind: found.item.lessonKind }) });
  });

  app.post('/curriculum/items/:itemId', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    const form = parseForm(itemEditForm, request.body);
    if (!form.ok) return page(reply, 'item', { title: `${found.cls.name}: ${found.item.subjectName}`, ...found, form }, 422);
    try {
      await updateItem(db, auditContext(request), found.item, form.data);
    } catch {
      return page(reply, 'item', { title: `${found.cls.name}: ${found.item.subjectName}`, ...found,
        form: { values: keepValues(request.body), errors: { lessonKind: 'Этот предмет с таким видом занятий уже есть в плане.' } } }, 422);
    }
    flash(reply, 'ok', `«${found.item.subjectName}» сохранён.`);
    return reply.redirect(`/curriculum/classes/${found.cls.id}`, 303);
  });

  app.post('/curriculum/items/:itemId/delete', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    await removeItem(db, auditContext(request), found.item);
    flash(reply, 'ok', `«${found.item.subjectName}» убран из учебного плана ${found.cls.name}. Учебные группы предмета сохранены.`);
    return reply.redirect(`/curriculum/classes/${found.cls.id}`, 303);
  });

  app.post('/curriculum/items/:itemId/group', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    const id = await createClassGroup(db, auditContext(request), found.cls, found.item);
    flash(reply, id ? 'ok' : 'error', id ? 'Группа «весь класс» создана.' : 'Группа с таким названием уже есть.');
    return reply.redirect(`/curriculum/classes/${found.cls.id}`, 303);
  });

  registerSplitRoutes(app, { db });
  registerGroupRoutes(app, { db });
  registerMyGroupRoutes(app, { db });
}
