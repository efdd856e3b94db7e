// What `npm run bench`, `npm run bench:ab` and `npm run bench:load` measure: one row per page, with the demo's targets it needs.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { students } from '../src/modules/people/schema.ts';
import { addDays, todayIso } from '../src/web/dates.ts';
import { cellSaves, type Cell } from './cell-saves.ts';
import type { Targets } from './fill.ts';
import type { Measurement } from './measure.ts';

/** The demo parent's son (Морозов Дмитрий, 5А): whose diary the parent's pages show. */
export async function diaryChild(db: Database['db'], schoolId: string): Promise<string> {
  const [s] = await db.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, 'М-0001')));
  if (!s) throw new Error('bench: no Морозов Дмитрий (М-0001) in the demo');
  return s.id;
}

/** The one cell `npm run bench` saves: the targets' student in the targets' lesson. */
const targetCell = (t: Targets): Cell => ({ lessonId: t.lessonId, studentId: t.studentId, was: t.cellValue });

/**
 * What is measured: add a row per page. The cell save writes `cells` (one per connection, see bench/cell-saves.ts), by
 * default the one cell of the targets.
 */
export const MEASUREMENTS = (t: Targets, child: string, cells: Cell[] = [targetCell(t)]): Measurement[] => [
  { name: 'journal_grid', as: 'teacher', path: `/journal/groups/${t.groupId}?period=${t.periodId}` },
  { name: 'journal_cell_save', as: 'teacher', path: '/journal/cells', json: cellSaves(cells) },
  { name: 'journal_lesson', as: 'teacher', path: `/journal/lessons/${t.lessonId}` },
  // Issue 6: the parent's diary — this week, and marks by subject for the current period.
  { name: 'diary_week', as: 'parent', path: `/diary/${child}` },
  { name: 'diary_marks', as: 'parent', path: `/diary/${child}/marks` },
  // Issue 12: the deputy's weekly journal-filling control of the whole school (last week: every lesson of it is due).
  { name: 'report_journal_control', as: 'deputy', path: `/reports/journal-control?week=${addDays(todayIso(), -7)}` },
  // Issue 12: the regulations' deadlines of the whole school, as the deputy sees them.
  { name: 'report_deadlines', as: 'deputy', path: '/reports/deadlines' },
  // Issue 13: итоги успеваемости of the whole school — of a closed period (quarter 1, as at the teachers' council), and of
  // the running quarter 2 (a forecast from every student's weighted averages) beside quarter 1.
  { name: 'report_progress_school', as: 'deputy', path: `/reports/progress?period=${t.firstPeriodId}` },
  { name: 'report_progress_forecast', as: 'deputy', path: `/reports/progress?period=${t.periodId}` },
  // Issue 13: the summary sheet of one class (5А) for the current year, as the deputy sees it.
  { name: 'report_summary_sheet', as: 'deputy', path: `/reports/summary-sheet?class=${t.classId}` },
];
