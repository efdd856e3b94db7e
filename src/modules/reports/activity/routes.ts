// /reports/activity?week=&class= — teachers' and families' week (deputy, admin: the school; a class teacher: the families
// of the classes they lead, and their own line as a teacher).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays, ruDate } from '../../../web/dates.ts';
import { notFound } from '../../../web/errors.ts';
import { todayOf, zoneOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { familyActivityTables } from './families.ts';
import { teacherActivityTable } from './teachers.ts';

const TITLE = 'Активность учителей и семей';

export async function activityReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const f = await parseFilters(request, scope, ['week', 'class']);
  if (!f.ok) return refuseFilters(reply, f, TITLE);
  const { classId, week: monday } = f.filters;
  // A class teacher sees the families of the classes they lead only (not those of the classes they teach).
  if (scope.kind === 'staff' && classId && !scope.classIds.includes(classId)) return notFound(reply);
  const classIds = classId ? [classId] : scope.kind === 'staff' ? scope.classIds : null;
  const common = { schoolId: request.school.id, monday, timeZone: zoneOf(request) };
  const teachers = await teacherActivityTable(request.tx, {
    ...common, today: todayOf(request), staffIds: scope.kind === 'staff' ? [scope.staffId] : null, classId,
  });
  const families = await familyActivityTables(request.tx, { ...common, classIds, perStudent: classIds !== null });
  return sendReport(request, reply, {
    view: 'reports/activity', title: `${TITLE}: ${ruDate(monday)}–${ruDate(addDays(monday, 6))}`, filename: `activity-${monday}`,
    tables: [teachers, ...families], data: { form: f.form },
  });
}
