// /journal: the list of journals an actor may open, a group's grid for a period, and saving one cell (fetch from the grid).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { todayOf, zoneOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import type { Access } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import { classesLedBy, currentYear } from '../setup/lookups.ts';
import { saveCell } from './cells.ts';
import { canReadGroupJournal } from './edit-rules.ts';
import { gridData } from './grid-data.ts';
import { getGroupHead, pickPeriod, type GroupHead } from './grid-queries.ts';
import { gridLessonViews, gridRows, ruAverage, type GridRow } from './grid-model.ts';
import { gridCellsHtml } from './grid-cells-html.ts';
import { groupsOfClasses, groupsOfYear, groupsTaughtInYear, type JournalGroup } from './list-queries.ts';
import type { RoundingRule } from './rules.ts';

export const JOURNAL_READERS: { config: { access: Access } } = { config: { access: ['teacher', 'classTeacher', 'deputy', 'admin'] } };
const CELL_WRITERS: { config: { access: Access } } = { config: { access: ['teacher', 'deputy'] } };

const groupParams = z.object({ groupId: z.uuid() });
const periodQuery = z.object({ period: z.uuid().optional() });
const cellBody = z.object({
  lessonId: z.uuid(), studentId: z.uuid(), column: z.coerce.number().int().min(1).max(5),
  value: z.string().max(10), was: z.string().max(10).default(''), groupId: z.uuid().optional(),
  reason: z.string().max(1000).optional(),
});

const schoolIdOf = (request: FastifyRequest) => request.school.id;

/** The group of the URL if the actor may read its journal, with how ('teacher' | 'classTeacher' | 'manager'). */
export async function readableGroup(db: Db, request: FastifyRequest): Promise<{ head: GroupHead; as: 'teacher' | 'classTeacher' | 'manager' } | undefined> {
  const p = groupParams.safeParse(request.params);
  if (!p.success) return undefined;
  const head = await getGroupHead(db, { schoolId: schoolIdOf(request), groupId: p.data.groupId });
  if (!head) return undefined;
  const actor = request.actor!;
  const me = actor.person.staffId;
  const as = canReadGroupJournal({
    roles: actor.roles,
    teachesGroup: me !== null && head.teachers.some((t) => t.staffId === me),
    leadsGroupClass: me !== null && actor.roles.includes('classTeacher') && head.classTeacherId === me,
  });
  return as ? { head, as } : undefined;
}

export function registerJournalRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/journal', JOURNAL_READERS, async (request, reply) => {
    const actor = request.actor!;
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    const me = actor.person.staffId;
    const sections: Array<{ title: string; groups: JournalGroup[] }> = [];
    if (year && me) sections.push({ title: 'Мои группы', groups: await groupsTaughtInYear(db, { schoolId, yearId: year.id, staffId: me }) });
    if (year && me && actor.roles.includes('classTeacher')) {
      const classes = await classesLedBy(db, { schoolId, staffId: me, yearId: year.id });
      sections.push({ title: `Мой класс: ${classes.map((c) => c.name).join(', ')}`, groups: await groupsOfClasses(db, { schoolId, classIds: classes.map((c) => c.id) }) });
    }
    if (year && actor.roles.some((r) => r === 'deputy' || r === 'admin')) {
      sections.push({ title: 'Все журналы школы', groups: await groupsOfYear(db, { schoolId, yearId: year.id }) });
    }
    return reply.page('journal/index', { title: 'Журнал', year, sections: sections.filter((s) => s.groups.length > 0) });
  });

  app.get('/journal/groups/:groupId', JOURNAL_READERS, async (request, reply) => {
    const found = await readableGroup(db, request);
    const q = periodQuery.safeParse(request.query);
    if (!found || !q.success) return notFound(reply);
    const { head, as } = found;
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const period = pickPeriod(head.periods, today, q.data.period);
    if (!period) return q.data.period ? notFound(reply) : reply.page('journal/grid', { title: `Журнал: ${head.name}`, head, period: null, as });
    const d = await gridData(db, { schoolId, groupId: head.id, periodId: period.id, from: period.startsOn, to: period.endsOn });
    const { lock } = d;
    const first = d.firstType;
    const actor = request.actor!;
    const views = gridLessonViews({
      actor: { staffId: actor.person.staffId, roles: actor.roles }, lessons: d.lessons, teachers: head.teachers, lock, today, editDays: head.editDays, timeZone: zoneOf(request),
      defaultType: first ? { shortName: first.shortName, name: first.name, weight: Number(first.weight) } : { shortName: 'Отм', name: 'Отметка', weight: 1 },
    });
    const rows = gridRows({ lessons: views, roster: d.roster, marks: d.marks, attendance: d.attendance, periodMarks: d.periodMarks, rounding: head.rounding as RoundingRule });
    return reply.page('journal/grid', {
      title: `Журнал: ${head.name}`, head, period, as, lessons: views, rows, lock, today, ruDate, ruAverage,
      cellsHtml: (row: GridRow, i: number) => gridCellsHtml(row, i, views),
      editable: views.some((l) => l.mode.mode === 'edit' || l.mode.mode === 'correct'),
    });
  });

  app.post('/journal/cells', CELL_WRITERS, async (request, reply) => {
    const body = cellBody.safeParse(request.body);
    if (!body.success) return reply.code(422).send({ ok: false, message: 'Неверный запрос: не хватает урока, обучающегося или значения.' });
    const result = await saveCell(db, auditContext(request), request.actor!, todayOf(request), body.data);
    if (!result.ok) return reply.code(result.status).send(result);
    return reply.send(result);
  });
}
