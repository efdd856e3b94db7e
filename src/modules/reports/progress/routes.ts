// GET /reports/progress?period=&grade=&class= — итоги успеваемости: per class, grade and school the students on the roll
// at the period's end, assessed or not, the marks 5…2, успеваемость, качество, СОУ, the average, beside the previous
// period; per subject; the lists of students. period=year: the year marks. Before the marks are set: a forecast from
// the weighted averages, labelled. Deputy and admin the whole school, staff the classes in their scope (core/scope.ts).
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoundingRule } from '../../journal/rules.ts';
import { schools } from '../../platform/schema.ts';
import { currentYear } from '../../setup/lookups.ts';
import { todayOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters, type ReportFilters } from '../core/filters.ts';
import { reportScope, type ReportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import { reportPeriod, visibleClasses, type ClassRef } from '../load-lookups.ts';
import { classBars, classLine } from './charts.ts';
import { levels, listEntries, rollOf, type RollStudent } from './model.ts';
import { previousPeriod, studentSubjects, type MarkSpan } from './queries.ts';
import { levelsTable, listsTable, subjectsTable } from './tables.ts';
import { summarize } from './figures.ts';

const TITLE = 'Итоги успеваемости';

type Plan = { label: string; span: MarkSpan; previous: (MarkSpan & { label: string }) | null; classes: ClassRef[]; otherScheme: number; yearId: string };

/** What to count: the period (or year), its classes in scope of the grade / class asked for, and the previous period. */
async function plan(request: FastifyRequest, scope: ReportScope, f: ReportFilters, today: string): Promise<Plan | null> {
  const db = request.tx;
  const schoolId = request.school.id;
  const year = await currentYear(db, { schoolId, date: today });
  if (!year) return null;
  const pick = (all: ClassRef[]) => all.filter((c) => (f.grade === null || c.grade === f.grade) && (!f.classId || c.id === f.classId));
  if (f.wholeYear) {
    const classes = pick(await visibleClasses(db, { schoolId, scope, date: year.startsOn }));
    return { label: `${year.name}: годовые отметки`, span: { kind: 'year', yearId: year.id, startsOn: year.startsOn, endsOn: year.endsOn },
      previous: null, classes, otherScheme: 0, yearId: year.id };
  }
  const period = await reportPeriod(db, { schoolId, periodId: f.periodId ?? undefined, classId: f.classId ?? undefined, today });
  if (!period) return null;
  const all = pick(await visibleClasses(db, { schoolId, scope, date: period.startsOn }));
  const classes = all.filter((c) => c.schemeId === period.schemeId);
  const prev = await previousPeriod(db, { schoolId, schemeId: period.schemeId, startsOn: period.startsOn });
  return {
    label: period.name, span: { kind: 'period', periodId: period.id, startsOn: period.startsOn, endsOn: period.endsOn },
    previous: prev ? { kind: 'period', periodId: prev.id, startsOn: prev.startsOn, endsOn: prev.endsOn, label: prev.name } : null,
    classes, otherScheme: all.length - classes.length, yearId: period.yearId,
  };
}

async function rollFor(request: FastifyRequest, p: Plan, span: MarkSpan, today: string, rounding: RoundingRule): Promise<RollStudent[]> {
  const rollOn = span.endsOn < today ? span.endsOn : today;
  const rows = await studentSubjects(request.tx, { schoolId: request.school.id, yearId: p.yearId, classIds: p.classes.map((c) => c.id), rollOn, span });
  return rollOf(rows, p.classes, rounding);
}

export async function progressReport(request: FastifyRequest, reply: FastifyReply) {
  const scope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['period', 'grade', 'class'], { wholeYear: true });
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const today = todayOf(request);
  const p = await plan(request, scope, outcome.filters, today);
  const [school] = await request.tx.select({ rounding: schools.periodRounding }).from(schools).where(eq(schools.id, request.school.id));
  const rounding = (school?.rounding ?? 'half_up') as RoundingRule;
  const roll = p ? await rollFor(request, p, p.span, today, rounding) : [];
  const now = p ? levels(roll, p.classes) : [];
  const before = p?.previous ? new Map(levels(await rollFor(request, p, p.previous, today, rounding), p.classes).map((l) => [l.key, l.summary])) : null;
  const forecast = roll.some((s) => s.marks.some((m) => m.forecast));
  const names = new Map((p?.classes ?? []).map((c) => [c.id, c.name]));
  const query = (classId: string) => `/reports/progress?${new URLSearchParams({ period: outcome.form.values.period || '', class: classId }).toString()}`;
  const one = p && !outcome.filters.wholeYear && p.classes.length === 1 ? p.classes[0]! : null;
  const charts = one ? [await classLine(request, { cls: one, today, rounding })] : classBars(now);
  const tables = p ? [
    levelsTable(`${p.label}: по классам`, now, before, query), subjectsTable(summarize(roll)), listsTable(listEntries(roll, p.classes), (id) => names.get(id) ?? ''),
  ] : [];
  return sendReport(request, reply, {
    view: 'reports/progress', title: TITLE, filename: `progress-${p?.span.startsOn ?? today}`, tables,
    data: {
      form: outcome.form, label: p?.label ?? null, previous: p?.previous?.label ?? null, forecast, otherScheme: p?.otherScheme ?? 0,
      charts, noYear: !p,
    },
  });
}
