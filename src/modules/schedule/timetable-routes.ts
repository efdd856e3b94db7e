// Timetable versions (/schedule/timetables): list and create from a date; the grid of a version per class; add/remove a slot.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm } from '../../web/forms.ts';
import { ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { classesOfYear, currentYear } from '../setup/lookups.ts';
import { registerTimetableEditRoutes } from './timetable-routes-edit.ts';
import { versionForm } from './timetable-forms.ts';
import { blank, canEdit, schoolIdOf, TT_READ, TT_WRITE } from './timetable-routes-common.ts';
import { createVersion, listVersions } from './timetable-queries.ts';
import { registerWeekViewRoutes } from './views-routes.ts';

const isUnique = (err: unknown) => {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 3; i++, e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
};

export function registerTimetableRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  async function listPage(request: FastifyRequest, reply: FastifyReply, form = blank(), status = 200) {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    const versions = year ? await listVersions(db, { schoolId, yearId: year.id }) : [];
    const classes = year ? await classesOfYear(db, { schoolId, yearId: year.id }) : [];
    return reply.page('schedule/timetables', { title: 'Расписание', year, versions, classes, form, can: { edit: canEdit(request) }, ruDate }, status);
  }

  app.get('/schedule/timetables', TT_READ, (request, reply) => listPage(request, reply));

  app.post('/schedule/timetables', TT_WRITE, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date: todayOf(request) });
    if (!year) return notFound(reply);
    const form = parseForm(versionForm, request.body);
    const values = keepValues(request.body);
    if (!form.ok) return listPage(request, reply, { values, errors: form.errors }, 422);
    const { validFrom, note } = form.data;
    if (validFrom < year.startsOn || validFrom > year.endsOn) {
      return listPage(request, reply, { values, errors: { validFrom: `Дата должна быть внутри учебного года: с ${ruDate(year.startsOn)} по ${ruDate(year.endsOn)}.` } }, 422);
    }
    try {
      const r = await createVersion(db, auditContext(request), { yearId: year.id, validFrom, note, createdBy: request.actor!.accountId });
      flash(reply, 'ok', r.sourceValidFrom
        ? `Создана версия расписания с ${ruDate(validFrom)}: скопировано уроков — ${r.copied} (из версии с ${ruDate(r.sourceValidFrom)}). До ${ruDate(validFrom)} действует прежняя версия.`
        : `Создана версия расписания с ${ruDate(validFrom)}.`);
      return reply.redirect(`/schedule/timetables/${r.id}`, 303);
    } catch (err) {
      if (!isUnique(err)) throw err;
      return listPage(request, reply, { values, errors: { validFrom: `Версия расписания с ${ruDate(validFrom)} уже есть.` } }, 422);
    }
  });

  registerTimetableEditRoutes(app, { db });
  registerWeekViewRoutes(app, { db });
}
