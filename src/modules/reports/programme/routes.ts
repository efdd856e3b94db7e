// /reports/programme?period= — programme completion per group (deputy, admin: the school; a teacher: the groups they
// teach; a class teacher: also their class's groups).
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ruDate } from '../../../web/dates.ts';
import { todayOf } from '../../../web/school-time.ts';
import { teachingGroups } from '../../curriculum/schema.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope, type ReportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import type { Q } from '../lesson-rows.ts';
import { defaultPeriod, periodWithYear, programmeTable } from './queries.ts';
import { periodWindow } from './rules.ts';

const TITLE = 'Выполнение программы';

/** The groups a staff scope sees: those taught and those of the classes led; null for the whole school. */
async function scopeGroups(db: Q, schoolId: string, scope: ReportScope): Promise<string[] | null> {
  if (scope.kind === 'school') return null;
  const ofClasses = scope.classIds.length ? await db.select({ id: teachingGroups.id }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), inArray(teachingGroups.classId, scope.classIds))) : [];
  return [...new Set([...scope.groupIds, ...ofClasses.map((g) => g.id)])];
}

export async function programmeReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const f = await parseFilters(request, scope, ['period']);
  if (!f.ok) return refuseFilters(reply, f, TITLE);
  const schoolId = request.school.id;
  const today = todayOf(request);
  const period = f.filters.periodId
    ? await periodWithYear(request.tx, { schoolId, periodId: f.filters.periodId })
    : await defaultPeriod(request.tx, { schoolId, today });
  const tables = [];
  let note = 'В школе нет учебных периодов.';
  if (period) {
    const window = periodWindow(period, today);
    tables.push(await programmeTable(request.tx, { schoolId, period, window, groupIds: await scopeGroups(request.tx, schoolId, scope) }));
    note = window.to < window.from ? `${period.name} ещё не начался.` : `${period.name}: с ${ruDate(window.from)} по ${ruDate(window.to)}.`;
  }
  const title = period ? `${TITLE}: ${period.name}` : TITLE;
  return sendReport(request, reply, {
    view: 'reports/programme', title, filename: `programme-${today}`, tables, data: { form: f.form, note },
  });
}
