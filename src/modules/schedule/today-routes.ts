// The teacher's «Сегодня»: my lessons of a day (own and substituted) with bells, events, and the previous/next school day.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { addDays, isoWeekday, parseDateInput } from '../../web/dates.ts';
import { todayOf, zoneOf } from '../../web/school-time.ts';
import { classesLedBy, currentYear } from '../setup/lookups.ts';
import { adjacentSchoolDay } from './calendar.ts';
import { dayNote } from './day-note.ts';
import { eventsBetween } from './events-queries.ts';
import { yearCalendar } from './layout.ts';
import { page, schoolIdOf } from './lessons-common.ts';
import { teacherLessonNow } from './lesson-now.ts';
import { dayLessons } from './lessons-queries.ts';

const WEEKDAY_NAMES = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];
const query = z.object({ date: z.string().optional() });

export function registerTodayRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/today', { config: { access: ['teacher', 'classTeacher', 'deputy'] } }, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const q = query.safeParse(request.query);
    const date = (q.success && q.data.date && parseDateInput(q.data.date)) || todayOf(request);
    const staffId = request.actor!.person.staffId;
    const year = await currentYear(db, { schoolId, date });
    const cal = year ? await yearCalendar(db, { schoolId, yearId: year.id }) : undefined;
    const lessons = staffId ? await dayLessons(db, { schoolId, date, staffId }) : [];
    const led = staffId && year ? await classesLedBy(db, { schoolId, staffId, yearId: year.id }) : [];
    const classIds = [...new Set([...lessons.map((l) => l.classId), ...led.map((c) => c.id)].filter((id): id is string => !!id))];
    const events = await eventsBetween(db, { schoolId, from: date, until: addDays(date, 1), classIds });
    const note = lessons.length === 0 ? await dayNote(db, { schoolId, year, date }) : null;
    const isToday = date === todayOf(request);
    // Today: the lesson in progress is marked, or the next one (another day's when none is left today).
    const now = isToday && staffId ? await teacherLessonNow(db, { schoolId, staffId, timeZone: zoneOf(request) }) : null;
    return page(reply, 'today', {
      title: 'Сегодня', date, weekday: WEEKDAY_NAMES[isoWeekday(date)], isToday, staffId, lessons, events, note,
      now: now && now.kind !== 'none' ? now : null,
      prev: (cal && adjacentSchoolDay(cal, date, -1)) ?? addDays(date, -1),
      next: (cal && adjacentSchoolDay(cal, date, 1)) ?? addDays(date, 1),
    });
  });
}
