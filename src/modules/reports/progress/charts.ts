// The progress summary's charts: качество and успеваемость per class (bars) when several classes are shown; one class's
// качество and успеваемость across the periods of the year begun so far (a line; a running period is its forecast).
import type { FastifyRequest } from 'fastify';
import type { RoundingRule } from '../../journal/rules.ts';
import { barChartSvg } from '../core/chart.ts';
import { lineChartSvg } from '../core/line-chart.ts';
import type { ClassRef } from '../load-lookups.ts';
import { summarize } from './figures.ts';
import { rollOf, type Level } from './model.ts';
import { begunPeriods, studentSubjects } from './queries.ts';

export function classBars(now: readonly Level[]): string[] {
  const classes = now.filter((l) => l.kind === 'class');
  if (classes.length < 2) return [];
  const bars = (pick: (l: Level) => number | null) => classes.map((l) => ({ label: l.title, value: pick(l) ?? 0 }));
  return [
    barChartSvg({ title: 'Качество по классам', unit: '%', bars: bars((l) => l.summary.quality) }),
    barChartSvg({ title: 'Успеваемость по классам', unit: '%', bars: bars((l) => l.summary.success) }),
  ];
}

/** One class across the begun periods of its scheme: a line of качество and one of успеваемость. */
export async function classLine(request: FastifyRequest, a: { cls: ClassRef; today: string; rounding: RoundingRule }): Promise<string> {
  const db = request.tx;
  const schoolId = request.school.id;
  const periods = await begunPeriods(db, { schoolId, schemeId: a.cls.schemeId, today: a.today });
  const figures = [];
  for (const p of periods) {
    const rows = await studentSubjects(db, {
      schoolId, yearId: a.cls.yearId, classIds: [a.cls.id], rollOn: p.endsOn < a.today ? p.endsOn : a.today,
      span: { kind: 'period', periodId: p.id, startsOn: p.startsOn, endsOn: p.endsOn },
    });
    figures.push(summarize(rollOf(rows, [a.cls], a.rounding)));
  }
  return lineChartSvg({
    title: `${a.cls.name}: качество и успеваемость по периодам`, labels: periods.map((p) => p.name),
    series: [{ name: 'Качество', values: figures.map((f) => f.quality) }, { name: 'Успеваемость', values: figures.map((f) => f.success) }],
  });
}
