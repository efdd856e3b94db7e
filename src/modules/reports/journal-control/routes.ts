// /reports/journal-control?week= — the weekly journal-filling control: per teacher and group what the week's lessons
// lack, totals per teacher and per class, the week beside the previous one, a chart of the teachers' missing entries;
// every count links to /reports/journal-control/lessons?week=&kind=&teacher=&group=&class= (the lessons it counts).
// A deputy or an admin sees the school; a teacher or a class teacher only their own line.
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays, todayIso } from '../../../web/dates.ts';
import { notFound } from '../../../web/errors.ts';
import { todayOf } from '../../../web/school-time.ts';
import { teachingGroups } from '../../curriculum/schema.ts';
import { weekTitle } from '../../diary/rules.ts';
import { yearCalendar } from '../../schedule/layout.ts';
import { shortName } from '../../schedule/timetable-rules.ts';
import { currentYear } from '../../setup/lookups.ts';
import { barChartSvg } from '../core/chart.ts';
import { parseFilters, refuseFilters, type ReportFilters } from '../core/filters.ts';
import { reportScope, type ReportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { controlTables, controlWeek, findingsTable, narrowWeek, type Names, type Week } from './model.ts';
import { absencesWithoutReason, controlMarkDays, markEntries, missingPeriodMarks, rangeLessons, staffNames } from './queries.ts';
import { KIND_HINTS, KIND_TITLES, KINDS, type Kind } from './rules.ts';

const TITLE = 'Контроль заполнения журналов';
const PATH = '/reports/journal-control';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This week and the previous one, as the person may see them (a staff scope: their own lessons only). */
async function loadWeeks(request: FastifyRequest, scope: ReportScope, f: ReportFilters) {
  const db = request.tx;
  const schoolId = request.school.id;
  const tz = request.school.timeZone;
  const today = todayOf(request);
  const prevMonday = addDays(f.week, -7);
  const range = { schoolId, from: prevMonday, to: addDays(f.week, 6) };
  const year = await currentYear(db, { schoolId, date: f.week });
  const [lessons, absences, marks, days, cal, periodMarks] = await Promise.all([
    rangeLessons(db, range), absencesWithoutReason(db, range), markEntries(db, range), controlMarkDays(db, schoolId),
    year ? yearCalendar(db, { schoolId, yearId: year.id }) : Promise.resolve(undefined),
    year ? missingPeriodMarks(db, { schoolId, yearId: year.id, until: range.to }) : Promise.resolve([]),
  ]);
  const input = {
    today, controlMarkDays: days, cal, lessons, absences, periodMarks,
    marks: marks.map((m) => ({ lessonId: m.lessonId, control: m.control, enteredOn: todayIso(m.firstAt, tz) })),
  };
  const own = { teacherId: scope.kind === 'staff' ? scope.staffId : f.teacherId, classId: f.classId };
  const week = narrowWeek(controlWeek({ ...input, monday: f.week }), own);
  const prev = narrowWeek(controlWeek({ ...input, monday: prevMonday }), own);
  const people = await staffNames(db, { schoolId, ids: [...new Set([...week.held, ...week.findings, ...prev.findings].map((x) => x.teacherId))] });
  const teacher = (id: string) => { const p = people.get(id); return p ? shortName(p) : 'Учитель не назначен'; };
  return { week, prev, teacher };
}

function linker(monday: string, base: Record<string, string>): Names['linkFor'] {
  return (q) => `${PATH}/lessons?${new URLSearchParams({ week: monday, ...base, ...q }).toString()}`;
}

function chartOf(week: Week, teacher: (id: string) => string): string {
  const totals = new Map<string, number>();
  for (const h of week.held) totals.set(h.teacherId, totals.get(h.teacherId) ?? 0);
  for (const f of week.findings) totals.set(f.teacherId, (totals.get(f.teacherId) ?? 0) + f.count);
  const bars = [...totals].map(([id, value]) => ({ label: teacher(id), value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'ru'));
  return barChartSvg({ title: 'Незаполненное за неделю по учителям', unit: 'шт.', bars });
}

export async function journalControlPage(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const f = await parseFilters(request, scope, ['week', 'class', 'teacher']);
  if (!f.ok) return refuseFilters(reply, f, TITLE);
  const { week, prev, teacher } = await loadWeeks(request, scope, f.filters);
  const base: Record<string, string> = {};
  if (f.filters.teacherId) base.teacher = f.filters.teacherId;
  if (f.filters.classId) base.class = f.filters.classId;
  const tables = controlTables(week, prev, { teacher, linkFor: linker(f.filters.week, base) });
  return sendReport(request, reply, {
    view: 'reports/journal-control', title: `${TITLE}: ${weekTitle(f.filters.week)}`, filename: `journal-control-${f.filters.week}`, tables,
    data: { form: f.form, chart: chartOf(week, teacher), hints: KINDS.map((k) => ({ title: KIND_TITLES[k], hint: KIND_HINTS[k] })), prevWeek: weekTitle(addDays(f.filters.week, -7)) },
  });
}

/** The lessons behind a count: ?week=&kind=&teacher=&group=&class= (a bad kind or group → 422, another school's group → 404). */
export async function journalControlLessons(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const f = await parseFilters(request, scope, ['week', 'class', 'teacher']);
  if (!f.ok) return refuseFilters(reply, f, TITLE);
  const q = request.query as { kind?: unknown; group?: unknown };
  const kind = q.kind === undefined || q.kind === '' ? null : (KINDS as readonly unknown[]).includes(q.kind) ? (q.kind as Kind) : undefined;
  const group = q.group === undefined || q.group === '' ? null : typeof q.group === 'string' && UUID.test(q.group) ? q.group.toLowerCase() : undefined;
  if (kind === undefined || group === undefined) {
    return refuseFilters(reply, { ok: false, status: 422, message: 'Неверная ссылка', form: { ...f.form, error: 'Ссылка на список уроков неверна: откройте его из отчёта.' } }, TITLE);
  }
  if (group && !(await groupOfSchool(request, group))) return notFound(reply);
  const { week, teacher } = await loadWeeks(request, scope, f.filters);
  const shown = narrowWeek(week, { groupId: group, kind });
  const table = findingsTable(shown, {
    teacher, linkFor: linker(f.filters.week, {}),
    lessonLink: (x) => (x.lessonId ? `/journal/lessons/${x.lessonId}` : `/journal/groups/${x.groupId}/period-marks?period=${x.periodId}`),
  });
  const what = kind ? `«${KIND_TITLES[kind]}»` : 'всё незаполненное';
  return sendReport(request, reply, {
    view: 'reports/plain', title: `${TITLE}: ${what}, ${weekTitle(f.filters.week)}`, filename: `journal-control-lessons-${f.filters.week}`,
    tables: [table], data: { form: { ...f.form, hidden: { ...(kind ? { kind } : {}), ...(group ? { group } : {}) } } },
  });
}

async function groupOfSchool(request: FastifyRequest, groupId: string): Promise<boolean> {
  const rows = await request.tx.select({ id: teachingGroups.id }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, request.school.id), eq(teachingGroups.id, groupId)));
  return rows.length > 0;
}
