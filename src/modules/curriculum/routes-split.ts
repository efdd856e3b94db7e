// Splitting a class's subject into subgroups (each student gets a group choice), and creating cross-class and
// individual-plan groups.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { parseDateInput } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { auditContext } from '../audit/queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { groupForm, itemParams, splitForm } from './forms.ts';
import { classInfo, getItem, listSubjects, splitSiblings, studentsOfYearOn, type ClassInfo, type Item } from './queries.ts';
import { blankForm, page, schoolIdOf, WRITE, type FormState } from './routes-common.ts';
import { createGroup, createSplit } from './writes.ts';

/** A date inside the year: today if the year is running, else its first day. */
const dateInYear = (cls: { yearStartsOn: string; yearEndsOn: string }, today: string) => {
  return today >= cls.yearStartsOn && today <= cls.yearEndsOn ? today : cls.yearStartsOn;
};

export function registerSplitRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function itemOf(request: FastifyRequest): Promise<{ item: Item; cls: ClassInfo } | undefined> {
    const p = itemParams.safeParse(request.params);
    if (!p.success) return undefined;
    const schoolId = schoolIdOf(request);
    const item = await getItem(db, { schoolId, itemId: p.data.itemId });
    const cls = item && await classInfo(db, { schoolId, classId: item.classId });
    return item && cls ? { item, cls } : undefined;
  }

  async function splitPage(request: FastifyRequest, reply: FastifyReply, found: { item: Item; cls: ClassInfo }, form: FormState, status = 200) {
    const date = parseDateInput(form.values.startsOn ?? '') ?? dateInYear(found.cls, todayOf(request));
    const count = Math.min(6, Math.max(2, Number(form.values.count) || 2));
    const students = await studentsOfYearOn(db, { schoolId: schoolIdOf(request), yearId: found.cls.yearId, date, classId: found.cls.id });
    const half = Math.ceil(students.length / count);
    const choice = (id: string, i: number) => form.values[`part_${id}`] ?? String(Math.min(count, Math.floor(i / half) + 1));
    return page(reply, 'split', {
      title: `${found.cls.name}: ${found.item.subjectName} — деление на подгруппы`, ...found, date, count,
      students: students.map((s, i) => ({ ...s, part: choice(s.id, i) })),
      existing: await splitSiblings(db, { schoolId: schoolIdOf(request), classId: found.cls.id, subjectId: found.item.subjectId, lessonKind: found.item.lessonKind }),
      form: { values: { ...form.values, count: String(count), startsOn: form.values.startsOn ?? date }, errors: form.errors },
    }, status);
  }

  app.get('/curriculum/items/:itemId/split', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    return splitPage(request, reply, found, blankForm(keepValues(request.query)));
  });

  app.post('/curriculum/items/:itemId/split', WRITE, async (request, reply) => {
    const found = await itemOf(request);
    if (!found) return notFound(reply);
    const form = parseForm(splitForm, request.body);
    if (!form.ok) return splitPage(request, reply, found, form, 422);
    const body = keepValues(request.body);
    if (body.preview) return splitPage(request, reply, found, blankForm(body));
    const present = await studentsOfYearOn(db, { schoolId: schoolIdOf(request), yearId: found.cls.yearId, date: form.data.startsOn, classId: found.cls.id });
    const parts = new Map<string, number>();
    for (const s of present) {
      const part = Number(body[`part_${s.id}`]);
      if (Number.isInteger(part) && part >= 1 && part <= form.data.count) parts.set(s.id, part);
    }
    const result = await createSplit(db, auditContext(request), found.cls, found.item, { count: form.data.count, startsOn: form.data.startsOn, parts });
    if (!result.ok) return splitPage(request, reply, found, { values: body, errors: { count: result.message } }, 422);
    flash(reply, 'ok', `«${found.item.subjectName}» в ${found.cls.name} разделён на ${form.data.count} подгруппы.`);
    return reply.redirect(`/curriculum/classes/${found.cls.id}`, 303);
  });

  async function newGroupPage(request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    if (!year) return notFound(reply);
    const date = parseDateInput(form.values.startsOn ?? '') ?? dateInYear({ yearStartsOn: year.startsOn, yearEndsOn: year.endsOn }, todayOf(request));
    const picked = new Set(Array.isArray((request.body as { studentIds?: unknown } | undefined)?.studentIds)
      ? (request.body as { studentIds: string[] }).studentIds : [form.values.studentIds ?? '']);
    return page(reply, 'group-new', {
      title: 'Новая учебная группа', year, subjects: await listSubjects(db, schoolId),
      students: await studentsOfYearOn(db, { schoolId, yearId: year.id, date }), picked: [...picked],
      form: { values: { kind: 'cross_class', lessonKind: 'elective', hoursPerWeek: '1', ...form.values, startsOn: form.values.startsOn ?? date }, errors: form.errors },
    }, status);
  }

  app.get('/curriculum/groups/new', WRITE, (request, reply) => newGroupPage(request, reply, blankForm(keepValues(request.query))));

  app.post('/curriculum/groups', WRITE, async (request, reply) => {
    const form = parseForm(groupForm, request.body);
    if (!form.ok) return newGroupPage(request, reply, form, 422);
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    if (!year) return notFound(reply);
    const body = keepValues(request.body);
    const present = await studentsOfYearOn(db, { schoolId, yearId: year.id, date: form.data.startsOn });
    const chosen = present.filter((s) => form.data.studentIds.includes(s.id));
    const fail = (field: string, message: string) => newGroupPage(request, reply, { values: body, errors: { [field]: message } }, 422);
    if (chosen.length !== new Set(form.data.studentIds).size) return fail('studentIds', 'Выберите обучающихся, которые учатся в школе на эту дату.');
    if (form.data.kind === 'individual' && chosen.length !== 1) return fail('studentIds', 'В группе индивидуального плана — один обучающийся.');
    if (!(await listSubjects(db, schoolId)).some((s) => s.id === form.data.subjectId)) return fail('subjectId', 'Выберите предмет из списка.');
    const id = await createGroup(db, auditContext(request), {
      ...form.data, yearId: year.id, classId: form.data.kind === 'individual' ? chosen[0]!.classId : null, studentIds: chosen.map((s) => s.id),
    });
    if (!id) return fail('name', `Группа «${form.data.name}» уже есть.`);
    flash(reply, 'ok', `Группа «${form.data.name}» создана.`);
    return reply.redirect(`/curriculum/groups/${id}`, 303);
  });
}
