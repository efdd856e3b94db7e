// The grid of one timetable version for a class, and adding/removing a slot (conflicts refused with a message).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { ruDate } from '../../web/dates.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { classesOfYear } from '../setup/lookups.ts';
import { roomLabel } from './rooms.ts';
import { loadFacts } from './timetable-facts.ts';
import { classQuery, slotForm } from './timetable-forms.ts';
import { buildGrid, GRID_DAYS, groupsOfClass } from './timetable-grid.ts';
import { addSlot, getVersion, listVersions, removeSlot, slotsOf } from './timetable-queries.ts';
import { canEdit, idParam, schoolIdOf, TT_READ, TT_WRITE, type FormState } from './timetable-routes-common.ts';
import { findConflicts } from './timetable-rules.ts';

export function registerTimetableEditRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function versionOf(request: FastifyRequest) {
    const id = idParam(request);
    return id ? getVersion(db, { schoolId: schoolIdOf(request), id }) : undefined;
  }
  type Version = NonNullable<Awaited<ReturnType<typeof versionOf>>>;

  async function gridPage(request: FastifyRequest, reply: FastifyReply, v: Version, classId: string | undefined, form?: FormState, status = 200) {
    const schoolId = schoolIdOf(request);
    const classes = await classesOfYear(db, { schoolId, yearId: v.yearId });
    const cls = classes.find((c) => c.id === classId) ?? (classId ? undefined : classes[0]);
    if (!cls) return notFound(reply);
    const facts = await loadFacts(db, { schoolId, yearId: v.yearId, date: v.validFrom });
    const slots = await slotsOf(db, { schoolId, timetableId: v.id });
    const versions = await listVersions(db, { schoolId, yearId: v.yearId });
    const grid = buildGrid(facts, slots, cls.id, cls.shift);
    const groups = groupsOfClass(facts, cls.id).map((g) => ({ id: g.id, label: g.label, teacher: g.teacherId ? facts.staffNames.get(g.teacherId) ?? '' : '' }));
    const staff = [...facts.staffNames].map(([id, name]) => ({ id, name }));
    return reply.page('schedule/timetable', {
      title: `Расписание ${cls.name} с ${ruDate(v.validFrom)}`, version: v, versions, classes, cls, grid, days: GRID_DAYS, groups, staff,
      form: form ?? { values: {}, errors: {} }, can: { edit: canEdit(request) }, ruDate, roomLabel,
      validUntil: versions.find((x) => x.id === v.id)?.validUntil ?? null,
    }, status);
  }

  app.get('/schedule/timetables/:id', TT_READ, async (request, reply) => {
    const v = await versionOf(request);
    if (!v) return notFound(reply);
    const q = classQuery.parse(request.query ?? {});
    if ((request.query as Record<string, unknown> | undefined)?.class !== undefined && !q.class) return notFound(reply);
    return gridPage(request, reply, v, q.class);
  });

  app.post('/schedule/timetables/:id/slots', TT_WRITE, async (request, reply) => {
    const v = await versionOf(request);
    if (!v) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const values = keepValues(request.body);
    const form = parseForm(slotForm, request.body);
    const classId = typeof values.classId === 'string' && /^[0-9a-f-]{36}$/i.test(values.classId) ? values.classId : undefined;
    if (!form.ok) return gridPage(request, reply, v, classId, { values, errors: form.errors }, 422);
    const d = form.data;
    const facts = await loadFacts(db, { schoolId, yearId: v.yearId, date: v.validFrom });
    const group = facts.groups.get(d.groupId);
    if (!group || !group.classIds.includes(d.classId)) return gridPage(request, reply, v, d.classId, { values, errors: { groupId: 'Выберите группу этого класса.' } }, 422);
    const staffId = d.staffId ?? group.teacherId;
    if (!staffId) return gridPage(request, reply, v, d.classId, { values, errors: { staffId: 'У группы нет учителя на эту дату: выберите учителя.' } }, 422);
    if (!facts.staffNames.has(staffId)) return gridPage(request, reply, v, d.classId, { values, errors: { staffId: 'Выберите учителя из списка.' } }, 422);
    const candidate = { weekday: d.weekday, lessonNumber: d.lessonNumber, groupId: d.groupId, staffId, room: d.room, parity: d.parity };
    const existing = (await slotsOf(db, { schoolId, timetableId: v.id })).map((s) => ({ ...s, parity: s.weekParity as 'A' | 'B' | null }));
    const conflicts = findConflicts(candidate, existing, facts);
    if (conflicts.length) {
      return gridPage(request, reply, v, d.classId, { values, errors: { _form: conflicts.map((c) => c.message).join('\n') } }, 422);
    }
    await addSlot(db, auditContext(request), v.id, { weekday: d.weekday, lessonNumber: d.lessonNumber, groupId: d.groupId, staffId, room: d.room, weekParity: d.parity });
    flash(reply, 'ok', `Урок добавлен: ${group.label}, ${GRID_DAYS[d.weekday - 1]!.short}, ${d.lessonNumber} урок.`);
    return reply.redirect(`/schedule/timetables/${v.id}?class=${d.classId}`, 303);
  });

  app.post('/schedule/timetables/:id/slots/:slotId/delete', TT_WRITE, async (request, reply) => {
    const v = await versionOf(request);
    const slotId = idParam(request, 'slotId');
    if (!v || !slotId) return notFound(reply);
    const ok = await removeSlot(db, auditContext(request), v.id, slotId);
    if (!ok) return notFound(reply);
    flash(reply, 'ok', 'Урок убран из расписания.');
    const classId = keepValues(request.body).classId;
    return reply.redirect(`/schedule/timetables/${v.id}${classId && /^[0-9a-f-]{36}$/i.test(classId) ? `?class=${classId}` : ''}`, 303);
  });
}
