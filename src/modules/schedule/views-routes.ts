// Week views (/schedule/week/…): a class, a teacher, a room, and the teacher's own week. Printable on A4 landscape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { eventsBetween } from './events-queries.ts';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { addDays, parseDateInput, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import type { Access } from '../../web/types.ts';
import { staff } from '../people/schema.ts';
import { getClass } from '../setup/lookups.ts';
import { roomName } from './rooms.ts';
import { idParam, schoolIdOf } from './timetable-routes-common.ts';
import { shortName } from './timetable-rules.ts';
import { weekGrid, weekOf, type WeekFilter } from './timetable-week.ts';

const WEEK_READ: { config: { access: Access } } = { config: { access: ['admin', 'deputy', 'secretary', 'teacher', 'classTeacher'] } };
const WEEK_ME: { config: { access: Access } } = { config: { access: ['teacher', 'classTeacher', 'deputy', 'admin'] } };

function dateOf(request: FastifyRequest): string {
  const q = z.object({ date: z.string().optional() }).safeParse(request.query ?? {});
  return (q.success && q.data.date && parseDateInput(q.data.date)) || todayOf(request);
}

export function registerWeekViewRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function weekPage(request: FastifyRequest, reply: FastifyReply, filter: WeekFilter, heading: string, base: string) {
    const schoolId = schoolIdOf(request);
    const week = await weekOf(db, { schoolId, date: dateOf(request), filter });
    // A class's week shows its events and the school's; a teacher's week the school's; a room's none.
    const classIds = filter.kind === 'class' ? [filter.classId] : filter.kind === 'teacher' ? [] : undefined;
    const weekEvents = classIds === undefined ? []
      : await eventsBetween(db, { schoolId, from: week.monday, until: addDays(week.sunday, 1), classIds });
    return reply.page('schedule/week', {
      title: `${heading}: неделя с ${ruDate(week.monday)}`, heading, base, week, grid: weekGrid(week.items), ruDate, weekEvents,
      showTeacher: filter.kind !== 'teacher', showGroup: filter.kind !== 'class',
    });
  }

  async function staffOf(request: FastifyRequest, staffId: string | null | undefined) {
    if (!staffId) return undefined;
    const [s] = await db.select().from(staff).where(and(eq(staff.schoolId, schoolIdOf(request)), eq(staff.id, staffId))).limit(1);
    return s;
  }

  app.get('/schedule/week/class/:classId', WEEK_READ, async (request, reply) => {
    const classId = idParam(request, 'classId');
    const cls = classId ? await getClass(db, { schoolId: schoolIdOf(request), classId }) : undefined;
    if (!cls) return notFound(reply);
    return weekPage(request, reply, { kind: 'class', classId: cls.id }, `Расписание ${cls.name}`, `/schedule/week/class/${cls.id}`);
  });

  app.get('/schedule/week/teacher/:staffId', WEEK_READ, async (request, reply) => {
    const s = await staffOf(request, idParam(request, 'staffId'));
    if (!s) return notFound(reply);
    return weekPage(request, reply, { kind: 'teacher', staffId: s.id }, `Расписание: ${shortName(s)}`, `/schedule/week/teacher/${s.id}`);
  });

  app.get('/schedule/week/room/:room', WEEK_READ, async (request, reply) => {
    const room = z.object({ room: z.string().trim().min(1).max(50) }).safeParse(request.params);
    if (!room.success) return notFound(reply);
    const base = `/schedule/week/room/${encodeURIComponent(room.data.room)}`;
    return weekPage(request, reply, { kind: 'room', room: room.data.room }, `Кабинет ${roomName(room.data.room)}`, base);
  });

  app.get('/schedule/week/me', WEEK_ME, async (request, reply) => {
    const s = await staffOf(request, request.actor!.person.staffId);
    if (!s) return notFound(reply);
    return weekPage(request, reply, { kind: 'teacher', staffId: s.id }, 'Моё расписание', '/schedule/week/me');
  });
}
