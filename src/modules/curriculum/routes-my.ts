// The teacher's "Мои группы": every group they teach this year, with the periods of their assignment.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { classesLedBy, currentYear } from '../setup/lookups.ts';
import { assignmentsOf } from './queries.ts';
import { activeOn, formatHours } from './rules.ts';
import { page, schoolIdOf } from './routes-common.ts';

export function registerMyGroupRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/curriculum/my-groups', { config: { access: ['teacher'] } }, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const year = await currentYear(db, { schoolId, date: today });
    const staffId = request.actor!.person.staffId;
    const rows = year && staffId ? await assignmentsOf(db, { schoolId, staffId, yearId: year.id }) : [];
    const current = rows.filter((r) => activeOn(r, today));
    const other = rows.filter((r) => !activeOn(r, today));
    const load = current.reduce((s, r) => s + Number(r.hoursPerWeek ?? 0), 0);
    const led = year && staffId && request.actor!.roles.includes('classTeacher') ? await classesLedBy(db, { schoolId, staffId, yearId: year.id }) : [];
    return page(reply, 'my-groups', { title: 'Мои группы', year: year ?? null, today, current, other, load: formatHours(load), led });
  });
}
