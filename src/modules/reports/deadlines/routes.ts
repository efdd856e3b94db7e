// /reports/deadlines: every deadline of the regulations the data can check (REQUIREMENTS §4), live — the count of
// violations now, the list (what, which lesson / class / student, how late) and who must act. Deputy and admin: the whole
// school; a teacher or a class teacher: the violations they must act on. ?kind= narrows the list to one deadline,
// ?class= to one class; ?format=csv|xlsx exports the summary and (XLSX) the list.
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { now } from '../../../web/clock.ts';
import { ruDateTime } from '../../../web/dates.ts';
import { todayOf, zoneOf } from '../../../web/school-time.ts';
import { staff } from '../../people/schema.ts';
import { yearCalendar } from '../../schedule/layout.ts';
import { currentYear } from '../../setup/lookups.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope, type ReportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { schoolSettings, violations, type DeadlineContext, type Violation } from './model.ts';
import { DEADLINES, KINDS, type Kind } from './rules.ts';
import { countByKind, LIST_LIMIT, listTable, sortViolations, summaryTable } from './tables.ts';

const TITLE = 'Сроки по положению о журнале';
const KIND_MESSAGE = 'Срок указан неверно: выберите его в таблице.';

/** 'DD.MM.YYYY HH:MM' of the school → 'YYYY-MM-DD HH:MM'. */
const localNow = (request: FastifyRequest) => {
  const [d, t] = ruDateTime(now(), zoneOf(request)).split(' ') as [string, string];
  return `${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)} ${t}`;
};

/** The context of the request's school and scope; null when the school has no year yet. */
export async function deadlineContext(request: FastifyRequest, scope: ReportScope): Promise<DeadlineContext | null> {
  const db = request.tx;
  const schoolId = request.school.id;
  const today = todayOf(request);
  const year = await currentYear(db, { schoolId, date: today });
  if (!year) return null;
  return {
    schoolId, yearId: year.id, yearStart: year.startsOn, today, timeZone: zoneOf(request), nowLocal: localNow(request),
    cal: await yearCalendar(db, { schoolId, yearId: year.id }), staffId: scope.kind === 'school' ? null : scope.staffId,
  };
}

/** The deadlines a person's summary lists: all for the school; a teacher's and (leading a class) a class teacher's. */
function kindsFor(scope: ReportScope, roles: readonly string[]): Kind[] {
  if (scope.kind === 'school') return [...KINDS];
  const classTeacher = roles.includes('classTeacher') || scope.classIds.length > 0;
  return KINDS.filter((k) => DEADLINES[k].actor === 'teacher' || (classTeacher && (DEADLINES[k].actor === 'classTeacher' || k === 'accounts')));
}

async function staffNames(db: Db | Tx, schoolId: string, list: readonly Violation[]) {
  const ids = [...new Set(list.flatMap((v) => (v.owner ? [v.owner] : [])))];
  if (ids.length === 0) return new Map<string, { lastName: string; firstName: string; middleName: string | null }>();
  const rows = await db.select({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName })
    .from(staff).where(and(eq(staff.schoolId, schoolId), inArray(staff.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function deadlinesReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['class']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const rawKind = (request.query as { kind?: unknown }).kind;
  const kind = typeof rawKind === 'string' && rawKind !== '' ? rawKind : null;
  if (kind !== null && !(KINDS as readonly string[]).includes(kind)) {
    return reply.page('reports/refused', { title: TITLE, form: { ...outcome.form, error: KIND_MESSAGE }, tables: [], exports: null }, 422);
  }
  const ctx = await deadlineContext(request, scope);
  const settings = await schoolSettings(request.tx, request.school.id);
  const classId = outcome.filters.classId;
  const all = ctx ? (await violations(request.tx, ctx, settings)).filter((v) => !classId || v.classId === classId) : [];
  const kinds = kindsFor(scope, request.actor!.roles);
  const shown = sortViolations(all.filter((v) => kinds.includes(v.kind) && (kind === null || v.kind === kind)), LIST_LIMIT);
  const link = (k: Kind) => `/reports/deadlines?${new URLSearchParams({ ...(classId ? { class: classId } : {}), kind: k }).toString()}#t-list`;
  const tables = [summaryTable(all.filter((v) => kinds.includes(v.kind)), kinds, settings, link), listTable(shown, await staffNames(request.tx, request.school.id, shown))];
  return sendReport(request, reply, {
    view: 'reports/deadlines', title: TITLE, filename: `deadlines-${ctx?.today ?? 'none'}${kind ? `-${kind}` : ''}`, tables,
    data: {
      form: outcome.form, kindTitle: kind ? DEADLINES[kind as Kind].title : null, allHref: classId ? `/reports/deadlines?class=${classId}` : '/reports/deadlines',
      total: shown.length, limit: LIST_LIMIT, capped: shown.length > LIST_LIMIT, noYear: !ctx, wholeSchool: scope.kind === 'school',
    },
  });
}

/** The deputy's home page: the counts of the whole school now (null without a year). */
export async function deadlineCounts(request: FastifyRequest): Promise<Array<{ title: string; count: number; href: string }> | null> {
  const ctx = await deadlineContext(request, { kind: 'school' });
  if (!ctx) return null;
  const counts = countByKind(await violations(request.tx, ctx, await schoolSettings(request.tx, ctx.schoolId)));
  return KINDS.filter((k) => counts[k] > 0).map((k) => ({ title: DEADLINES[k].title, count: counts[k], href: `/reports/deadlines?kind=${k}#t-list` }));
}
