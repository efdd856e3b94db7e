// Class lists as of a date and a student's movement history, both derived from the posted orders.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { currentYear } from '../setup/lookups.ts';
import { classParams, dateQuery, studentParams } from './forms.ts';
import { classesWithCounts, classListOn, studentHistory } from './queries.ts';
import { destination } from './placement-rules.ts';
import { canReadClassList, KIND_TITLES, readsWholeBook, isOrderKind } from './rules.ts';

const CLASS_READERS = ['secretary', 'admin', 'deputy', 'classTeacher'] as const;

export function registerClassRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  app.get('/contingent/classes', { config: { access: CLASS_READERS } }, async (request, reply) => {
    const actor = request.actor!;
    const schoolId = request.school.id;
    const today = todayOf(request);
    const year = await currentYear(db, { schoolId, date: today });
    const whole = readsWholeBook(actor.roles);
    const classes = !year ? [] : whole
      ? await classesWithCounts(db, { schoolId, yearId: year.id, date: today })
      : actor.person.staffId ? await classesWithCounts(db, { schoolId, yearId: year.id, date: today, classTeacherId: actor.person.staffId }) : [];
    return reply.page('contingent/classes', { title: 'Списки классов', ruDate, year: year ?? null, today, classes, whole });
  });

  app.get('/contingent/classes/:classId', { config: { access: CLASS_READERS } }, async (request, reply) => {
    const params = classParams.safeParse(request.params);
    if (!params.success) return notFound(reply);
    const actor = request.actor!;
    const query = dateQuery.parse(request.query ?? {});
    const date = query.date ?? todayOf(request);
    const list = await classListOn(db, { schoolId: request.school.id, classId: params.data.classId, date });
    if (!list || !canReadClassList({ roles: actor.roles, staffId: actor.person.staffId }, list.class)) return notFound(reply);
    return reply.page('contingent/class-list', {
      title: `Список класса ${list.class.name} на ${ruDate(date)}`, ruDate, list, date,
      badDate: !query.date && !!(request.query as { date?: unknown } | undefined)?.date,
      linkStudents: readsWholeBook(actor.roles), whole: readsWholeBook(actor.roles),
    });
  });

  app.get('/contingent/students/:studentId', { config: { access: ['secretary', 'admin', 'deputy'] } }, async (request, reply) => {
    const params = studentParams.safeParse(request.params);
    if (!params.success) return notFound(reply);
    const history = await studentHistory(db, { schoolId: request.school.id, studentId: params.data.studentId });
    if (!history) return notFound(reply);
    const kindTitle = (k: string | null) => (k && isOrderKind(k) ? KIND_TITLES[k] : '');
    return reply.page('contingent/student', {
      title: `Движение: ${history.student.name}`, ...history, kindTitle, ruDate, today: todayOf(request), destination,
    });
  });
}
