// The «План и проведённые уроки» section of a group's КТП page: what the view needs, read in two queries.
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { plural } from '../journal/attendance-rules.ts';
import { lessonsForFill, topicsForFill, type GroupWhere } from './fill.ts';
import { planProgress } from './progress.ts';
import { fillChanges, planMayFill } from './rules.ts';

export type ProgressView = {
  summary: string;
  mismatches: Array<{ lessonId: string; when: string; planned: string | null; given: string | null; own: boolean }>;
  /** Per plan topic id: «01.09, 02.09» — where it was given. */
  givenOn: Record<string, string>;
  /** Lessons not given yet whose topic «Применить КТП к будущим урокам» would change. */
  pending: number;
  /** Lessons after today in a period the journal has locked: the КТП does not change them. */
  locked: number;
};

export async function groupProgress(db: Db, where: GroupWhere, today: string): Promise<ProgressView> {
  const [lessons, topics] = await Promise.all([lessonsForFill(db, where), topicsForFill(db, where)]);
  const p = planProgress(lessons, topics, today);
  const givenOn: Record<string, string> = {};
  for (const [id, list] of p.givenOn) if (list.length) givenOn[id] = list.map((l) => ruDate(l.date).slice(0, 5)).join(', ');
  const n = p.mismatches.length;
  const summary = `Проведено ${p.given} ${plural(p.given, ['урок', 'урока', 'уроков'])}`
    + (p.cancelled ? ` (отменено ${p.cancelled})` : '')
    + `, по КТП к сегодняшнему дню — ${p.plannedByToday} ${plural(p.plannedByToday, ['час', 'часа', 'часов'])}; `
    + `расхождений с планом: ${n}.`;
  return {
    summary,
    mismatches: p.mismatches.map((m) => ({
      lessonId: m.lessonId, when: `${ruDate(m.date)}, ${m.lessonNumber}-й урок`, planned: m.planned, given: m.given, own: m.own,
    })),
    givenOn,
    pending: fillChanges(lessons, topics, today).length,
    locked: lessons.filter((l) => l.date > today && !planMayFill(l, today)).length,
  };
}
