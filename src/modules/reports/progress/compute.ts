// The progress summary computed for a request's filters: what is counted (the period or the year, its classes in the
// person's scope, the previous period), every student's marks or forecasts, the figures per class / grade / school now
// and before, and the report's three tables. Used by the page (routes.ts) and the results workbook.
import type { FastifyRequest } from 'fastify';
import type { RoundingRule } from '../../journal/rules.ts';
import { currentYear } from '../../setup/lookups.ts';
import type { ReportFilters } from '../core/filters.ts';
import type { ReportScope } from '../core/scope.ts';
import type { ReportTable } from '../core/table.ts';
import { loadSettings, reportPeriod, visibleClasses, type ClassRef } from '../load-lookups.ts';
import { summarize, type ProgressSummary } from './figures.ts';
import { levels, listEntries, rollOf, type Level, type RollStudent } from './model.ts';
import { previousPeriod, studentSubjects, type MarkSpan } from './queries.ts';
import { levelsTable, listsTable, subjectsTable } from './tables.ts';

export type Plan = { label: string; span: MarkSpan; previous: (MarkSpan & { label: string }) | null; classes: ClassRef[]; otherScheme: number; yearId: string };

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

export type ProgressResults = {
  plan: Plan | null; rounding: RoundingRule; roll: RollStudent[]; now: Level[]; before: Map<string, ProgressSummary> | null;
  forecast: boolean; tables: ReportTable[];
};

export async function progressResults(request: FastifyRequest, scope: ReportScope, f: ReportFilters, today: string, periodParam: string): Promise<ProgressResults> {
  const p = await plan(request, scope, f, today);
  const { rounding } = await loadSettings(request.tx, request.school.id);
  const roll = p ? await rollFor(request, p, p.span, today, rounding) : [];
  const now = p ? levels(roll, p.classes) : [];
  const before = p?.previous ? new Map(levels(await rollFor(request, p, p.previous, today, rounding), p.classes).map((l) => [l.key, l.summary])) : null;
  const names = new Map((p?.classes ?? []).map((c) => [c.id, c.name]));
  const link = (classId: string) => `/reports/progress?${new URLSearchParams({ period: periodParam, class: classId }).toString()}`;
  const tables = p ? [
    levelsTable(`${p.label} — по классам`, now, before, link), subjectsTable(summarize(roll)), listsTable(listEntries(roll, p.classes), (id) => names.get(id) ?? ''),
  ] : [];
  return { plan: p, rounding, roll, now, before, forecast: roll.some((s) => s.marks.some((m) => m.forecast)), tables };
}
