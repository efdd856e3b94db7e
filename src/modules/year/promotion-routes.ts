// /year/promotion — the decisions of the year's end in bulk: the year's classes, then one class's students with their
// year marks, the suggested decision (editable) and «Провести», which posts one contingent order per decision taken.
// The deputy and the secretary decide; the admin reads (as the contingent book's readers do).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addDays, ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { todayOf } from '../../web/school-time.ts';
import type { Role } from '../accounts/rules.ts';
import { auditContext } from '../audit/queries.ts';
import { studentNames } from '../contingent/queries.ts';
import { KIND_TITLES } from '../contingent/rules.ts';
import { destination } from '../contingent/placement-rules.ts';
import { sheetClass, type SheetClass } from '../reports/summary-sheet/queries.ts';
import { currentYear, getClass } from '../setup/lookups.ts';
import { getYear, listYears } from '../setup/queries.ts';
import { postDecisions } from './promotion-post.ts';
import { nextYear, promotionRows, yearClasses } from './promotion-queries.ts';
import {
  debtCandidates, decisionsFor, DECISION_LABELS, isDebt, LATER, NUMBER_LABELS, planOrders, readChoices, type FormProblems,
} from './promotion-rules.ts';

export const PROMOTION_READERS = ['deputy', 'secretary', 'admin'] as const satisfies readonly Role[];
export const PROMOTION_DECIDERS = ['deputy', 'secretary'] as const satisfies readonly Role[];
const canDecide = (roles: readonly Role[]) => roles.some((r) => (PROMOTION_DECIDERS as readonly Role[]).includes(r));

const TITLE = 'Перевод и выпуск по итогам года';
const yearQuery = z.object({ year: z.uuid().optional().catch(undefined) });
const classParams = z.object({ classId: z.uuid() });

/** GET /year/promotion?year= — the year's classes with how many students have a decision. */
export async function promotionYearPage(request: FastifyRequest, reply: FastifyReply) {
  const db = request.tx;
  const schoolId = request.school.id;
  const asked = yearQuery.parse(request.query ?? {}).year;
  const year = asked ? await getYear(db, { schoolId, yearId: asked }) : await currentYear(db, { schoolId, date: todayOf(request) });
  if (asked && !year) return notFound(reply);
  const years = await listYears(db, { schoolId });
  const classes = year ? await yearClasses(db, { schoolId, year }) : [];
  return reply.page('year/promotion-classes', { title: TITLE, year: year ?? null, years: years.reverse(), classes, ruDate });
}

/** GET /year/promotion/:classId — the class's students, the suggestions and the form. */
export async function promotionClassPage(request: FastifyRequest, reply: FastifyReply) {
  const cls = await loadClass(request);
  if (!cls) return notFound(reply);
  return renderClass(request, reply, cls, null, 200);
}

/** POST /year/promotion/:classId — «Провести»: every order of the class's decisions, or nothing (422 with the reasons). */
export async function promotionPost(request: FastifyRequest, reply: FastifyReply) {
  const cls = await loadClass(request);
  if (!cls) return notFound(reply);
  const db = request.tx;
  const schoolId = request.school.id;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (cls.yearStatus !== 'open') {
    return renderClass(request, reply, cls, { body, fields: {}, rows: {}, problems: ['Учебный год закрыт: решения не принимаются.'] }, 422);
  }
  const { rows, lastStudyDay } = await promotionRows(db, { schoolId, cls });
  const formRows = rows.filter((r) => !r.decided).map((r) => ({
    studentId: r.studentId, name: r.name, options: decisionsFor(cls.grade),
    subjects: debtCandidates(r.marks).map((m) => ({ id: m.subjectId, name: m.subject })),
  }));
  const others = [...readChoices(body).keys()].filter((id) => !formRows.some((r) => r.studentId === id));
  const otherNames = await studentNames(db, { schoolId, ids: others });
  const today = todayOf(request);
  const planned = planOrders(body, { today, lastStudyDay, rows: formRows, otherNames });
  if (!planned.ok) return renderClass(request, reply, cls, { body, ...planned }, 422);
  const next = await nextYear(db, { schoolId, yearEndsOn: cls.yearEndsOn });
  const outcome = await postDecisions(db, auditContext(request), { plan: planned.plan, from: cls, next, today });
  if (!outcome.ok) return renderClass(request, reply, cls, { body, ...outcome }, 422);
  const list = outcome.orders.map((o) => `№ ${o.number} (${KIND_TITLES[o.kind].toLowerCase()}, обучающихся: ${o.students})`).join('; ');
  flash(reply, 'ok', `${cls.name}: проведены приказы ${list}.`);
  return reply.redirect(`/year/promotion/${cls.id}`, 303);
}

async function loadClass(request: FastifyRequest): Promise<(SheetClass & { letter: string | null }) | undefined> {
  const params = classParams.safeParse(request.params);
  if (!params.success) return undefined;
  const schoolId = request.school.id;
  const cls = await sheetClass(request.tx, { schoolId, classId: params.data.classId });
  const row = cls && await getClass(request.tx, { schoolId, classId: cls.id });
  return cls && row ? { ...cls, letter: row.letter } : undefined;
}

type Shown = { body: Record<string, unknown> } & FormProblems;

async function renderClass(request: FastifyRequest, reply: FastifyReply, cls: SheetClass, shown: Shown | null, status: number) {
  const db = request.tx;
  const schoolId = request.school.id;
  const { rows, subjects, lastStudyDay } = await promotionRows(db, { schoolId, cls });
  const open = cls.yearStatus === 'open';
  const editable = open && canDecide(request.actor!.roles);
  const choices = shown ? readChoices(shown.body) : new Map();
  const value = (key: string, fallback: string) => (shown && typeof shown.body[key] === 'string' ? String(shown.body[key]) : fallback);
  const options = decisionsFor(cls.grade);
  const view = rows.map((r, i) => {
    const choice = choices.get(r.studentId);
    const chosen = choice?.decision ?? r.suggestion.decision;
    const debtIds = new Set(choice ? choice.debtIds : r.suggestion.debts.map((d) => d.subjectId));
    return {
      ...r, marks: r.marks.map((m) => ({ ...m, debt: isDebt(m.value) })), candidates: debtCandidates(r.marks), number: i + 1,
      chosen, debtIds, error: shown?.rows[r.studentId] ?? null,
      decidedTo: r.decided ? destination({ kind: r.decided.kind, toClass: r.decided.toClass, fromGrade: cls.grade, reason: null }) : null,
    };
  });
  const counts: Record<string, number> = {};
  for (const r of view) if (!r.decided) counts[r.chosen] = (counts[r.chosen] ?? 0) + 1;
  return reply.page('year/promotion', {
    title: `${TITLE}: ${cls.name}`, cls, rows: view, subjects, open, editable, options, LATER, DECISION_LABELS, KIND_TITLES, NUMBER_LABELS,
    counts,
    fields: shown?.fields ?? {}, problems: shown?.problems ?? [], ruDate,
    date: value('date', todayOf(request)), effectiveOn: value('effectiveOn', addDays(cls.yearEndsOn, 1)), value,
    lastStudyDay, pending: view.filter((r) => !r.decided).length,
    noYearMarks: cls.grade !== 1 && rows.every((r) => r.marks.every((m) => m.value === null)), // the 1st grade gets no marks
  }, status);
}
