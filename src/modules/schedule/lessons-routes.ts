// Lessons of the year: laying them out from the timetable (deputy, admin); the old lesson address redirects to the journal.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { auditContext, writeAudit } from '../audit/queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { registerEventRoutes } from './events-routes.ts';
import { layoutLessons } from './layout.ts';
import { idOf, MANAGERS, page, schoolIdOf } from './lessons-common.ts';
import { getLesson, offTimetableLessons } from './lessons-queries.ts';
import { registerSubstitutionRoutes } from './substitutions-routes.ts';
import { registerTodayRoutes } from './today-routes.ts';

/** /schedule/lessons/*, /schedule/substitutions, /today, /schedule/events. */
export function registerLessonRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/schedule/lessons/layout', MANAGERS, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    return page(reply, 'lessons-layout', { title: 'Уроки на год', year, flagged: await offTimetableLessons(db, { schoolId }) });
  });

  app.post('/schedule/lessons/layout', MANAGERS, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    if (!year) return notFound(reply);
    const audit = auditContext(request);
    const result = await withSchool(db, schoolId, async (tx) => {
      const r = await layoutLessons(tx, { schoolId, yearId: year.id }, { audit, today: todayOf(request) });
      await writeAudit(tx, audit, { entity: 'lessons_layout', entityId: year.id, action: 'layout', newValue: r });
      return r;
    });
    flash(reply, 'ok', `Уроки разложены на ${year.name}: создано ${result.created}, обновлено ${result.updated}, без изменений ${result.kept}, `
      + `удалено ${result.removed}, оставлено вне расписания ${result.flagged}. Время: ${result.ms} мс.`);
    return reply.redirect('/schedule/lessons/layout', 303);
  });

  // The lesson page lives in the journal now (/journal/lessons/:id decides who may open it); old links still work.
  app.get('/schedule/lessons/:id', { config: { access: ['teacher', 'classTeacher', 'deputy', 'admin'] } }, async (request, reply) => {
    const id = idOf(request);
    const lesson = id ? await getLesson(db, { schoolId: schoolIdOf(request), lessonId: id }) : undefined;
    if (!lesson) return notFound(reply);
    return reply.redirect(`/journal/lessons/${lesson.id}`, 303);
  });

  registerSubstitutionRoutes(app, { db });
  registerTodayRoutes(app, { db });
  registerEventRoutes(app, { db });
}
