// The printed weekly report and the class teacher's view of acknowledgements:
//   /diary/classes/:classId/report           — one A4 page per student of the class for a week (class teacher, deputy, admin)
//   /diary/classes/:classId/acknowledgements — which families acknowledged the week, and the last 4 weeks
//   /diary/:studentId/print                  — the same page for one's own child (parent) or oneself (student)
// The class teacher reads only a class he leads in an open year; deputy and admin any class of the school; else 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import type { Access } from '../../web/types.ts';
import { plural } from '../journal/attendance-rules.ts';
import { scopeOf, type Scope } from '../journal/class-attendance-page.ts';
import { getYear } from '../setup/queries.ts';
import { diaryChildOf } from './access.ts';
import { classAcknowledgements } from './class-acks.ts';
import { classNamesInWeek, classReport, reportPage, studentCard } from './report.ts';
import { fitWeekToYear, lastWeeks, parseWeek, type Week } from './report-rules.ts';
import { zoneOf } from '../../web/school-time.ts';

const CLASS_PAGES: { config: { access: Access } } = { config: { access: ['classTeacher', 'deputy', 'admin'] } };
const OWN_PAGES: { config: { access: Access } } = { config: { access: ['parent', 'student'] } };
const HISTORY_WEEKS = 4;

const weekParam = (request: FastifyRequest) => ((request.query ?? {}) as { week?: unknown }).week;
const classParam = (request: FastifyRequest) => (request.params as { classId?: string }).classId;
const typed = (v: unknown) => (typeof v === 'string' ? v : '');

export const reportUrl = (classId: string, week?: string) => `/diary/classes/${classId}/report${week ? `?week=${week}` : ''}`;
export const acksUrl = (classId: string, week?: string) => `/diary/classes/${classId}/acknowledgements${week ? `?week=${week}` : ''}`;
export const printUrl = (studentId: string, week?: string) => `/diary/${studentId}/print${week ? `?week=${week}` : ''}`;

/** The week of ?week= for a class page: readable, and inside the class's academic year (this week is moved into it). */
async function classWeek(db: Db, request: FastifyRequest, scope: Scope): Promise<{ ok: true; week: Week } | { ok: false; error: string }> {
  const parsed = parseWeek(weekParam(request), todayOf(request));
  if (!parsed.ok) return parsed;
  const year = await getYear(db, { schoolId: request.school.id, yearId: scope.klass.yearId });
  return year ? fitWeekToYear(parsed, year) : { ok: true, week: parsed.week };
}

/** What the week picker of every page shows: the chosen week, the previous and the next. */
function weekNav(week: Week | null) {
  return week ? { ...week, fromRu: ruDate(week.from), toRu: ruDate(week.to), prev: addDays(week.from, -7), next: addDays(week.from, 7) } : null;
}

export function registerDiaryClassRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/diary/classes/:classId/report', CLASS_PAGES, async (request, reply) => {
    const scope = await scopeOf(db, request, classParam(request));
    if (!scope) return notFound(reply);
    const w = await classWeek(db, request, scope);
    const base = { title: `Дневники класса ${scope.klass.name} для печати`, klass: scope.klass, reportUrl, acksUrl };
    if (!w.ok) return reply.page('diary/report', { ...base, week: null, pages: [], error: w.error, value: typed(weekParam(request)) }, 422);
    const schoolId = request.school.id;
    const pages = await classReport(db, { schoolId, schoolName: request.school.name, classId: scope.klass.id, className: scope.klass.name, week: w.week });
    return reply.page('diary/report', { ...base, week: weekNav(w.week), pages, error: null, value: w.week.from });
  });

  app.get('/diary/classes/:classId/acknowledgements', CLASS_PAGES, async (request, reply) => {
    const scope = await scopeOf(db, request, classParam(request));
    if (!scope) return notFound(reply);
    const w = await classWeek(db, request, scope);
    const base = { title: `Ознакомление родителей: ${scope.klass.name}`, klass: scope.klass, reportUrl, acksUrl };
    if (!w.ok) return reply.page('diary/acknowledgements', { ...base, week: null, error: w.error, value: typed(weekParam(request)) }, 422);
    const history = lastWeeks(w.week.from, HISTORY_WEEKS);
    const data = await classAcknowledgements(db, { schoolId: request.school.id, classId: scope.klass.id, week: w.week, history, timeZone: zoneOf(request) });
    return reply.page('diary/acknowledgements', {
      ...base, ...data, familiesWord: plural(data.families, ['семьи', 'семей', 'семей']), week: weekNav(w.week), error: null, value: w.week.from,
      history: history.map((h) => ({ ...h, label: `${ruDate(h.from).slice(0, 5)}–${ruDate(h.to).slice(0, 5)}` })),
    });
  });

  app.get('/diary/:studentId/print', OWN_PAGES, async (request, reply) => renderOwnPrint(db, request, reply));
}

/** A parent's print of their own child's week (a student's of their own); another child → 404. */
async function renderOwnPrint(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const child = await diaryChildOf(db, request);
  if (!child) return notFound(reply);
  const parsed = parseWeek(weekParam(request), todayOf(request));
  const name = `${child.lastName} ${child.firstName}`;
  const base = { title: `Дневник за неделю: ${name}`, child, printUrl };
  if (!parsed.ok) return reply.page('diary/report-print', { ...base, week: null, page: null, error: parsed.error, value: typed(weekParam(request)) }, 422);
  const week = parsed.week;
  const className = (await classNamesInWeek(db, { schoolId: child.schoolId, studentId: child.studentId, week })) || (child.className ?? '');
  const student = (await studentCard(db, { schoolId: child.schoolId, studentId: child.studentId }))
    ?? { id: child.studentId, lastName: child.lastName, firstName: child.firstName, middleName: null, sex: null };
  const page = await reportPage(db, { schoolId: child.schoolId, schoolName: child.schoolName, className, student, week });
  return reply.page('diary/report-print', { ...base, week: weekNav(week), page, error: null, value: week.from });
}
