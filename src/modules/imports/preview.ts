// Upload → table → headers → lines → plan: what the preview page shows, computed without writing anything.
import type { Db } from '../../db/client.ts';
import type { ImportKind } from './columns.ts';
import type { ReadResult, TextEncoding } from './decode.ts';
import { matchHeaders } from './headers.ts';
import { planStaff, type LineOutcome } from './plan-staff.ts';
import { planStudents, type StudentsPlan } from './plan-students.ts';
import { loadCurrentClasses, loadStaff, loadStudentsState } from './queries.ts';
import { classKey } from './rules.ts';
import { validateRows, type LineError, type StaffRow, type StudentRow } from './validate.ts';

export type Summary = {
  total: number;
  create: number;
  update: number;
  same: number;
  guardians: { create: number; update: number; link: number } | null;
  enrolments: number;
  warnings: Array<{ line: number; message: string }>;
  /** Lines that create or change something (the first DETAIL_LIMIT of them). */
  details: LineOutcome[];
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
};

export const DETAIL_LIMIT = 300;

export type PreviewResult =
  | { stage: 'file'; message: string }
  | { stage: 'lines'; total: number; errors: LineError[]; format: 'csv' | 'xlsx'; encoding: TextEncoding | null }
  | { stage: 'ok'; rows: StaffRow[] | StudentRow[]; summary: Summary };

type PlanLike = { outcomes: LineOutcome[]; errors: LineError[] };

export function summarize(plan: PlanLike & Partial<Pick<StudentsPlan, 'guardianCreates' | 'guardianUpdates' | 'linkCreates' | 'enrolments' | 'warnings'>>, meta: { format: 'csv' | 'xlsx'; encoding: TextEncoding | null }): Summary {
  const count = (a: LineOutcome['action']) => plan.outcomes.filter((o) => o.action === a).length;
  return {
    total: plan.outcomes.length,
    create: count('create'),
    update: count('update'),
    same: count('same'),
    guardians: plan.guardianCreates
      ? { create: plan.guardianCreates.length, update: plan.guardianUpdates?.length ?? 0, link: plan.linkCreates?.length ?? 0 }
      : null,
    enrolments: plan.enrolments?.length ?? 0,
    warnings: plan.warnings ?? [],
    details: plan.outcomes.filter((o) => o.action !== 'same').slice(0, DETAIL_LIMIT),
    ...meta,
  };
}

/** Plans against a throwaway id source: the preview only counts, the apply step makes the real ids. */
const previewId = () => crypto.randomUUID();

export async function previewFile(db: Db, input: { schoolId: string; kind: ImportKind; table: ReadResult; today: string }): Promise<PreviewResult> {
  const { table } = input;
  if (!table.ok) return { stage: 'file', message: table.message };
  const [header, ...data] = table.rows;
  const match = matchHeaders(header!.cells, input.kind);
  if (!match.ok) return { stage: 'file', message: `Строка ${header!.line}, заголовки: ${match.message}` };
  const meta = { format: table.format, encoding: table.encoding };

  if (input.kind === 'staff') {
    const v = validateRows('staff', data, match.keys, { today: input.today, classes: null });
    if (v.errors.length) return { stage: 'lines', total: data.length, errors: v.errors, ...meta };
    const plan = planStaff(v.rows as StaffRow[], await loadStaff(db, input.schoolId), previewId);
    if (plan.errors.length) return { stage: 'lines', total: data.length, errors: plan.errors, ...meta };
    return { stage: 'ok', rows: v.rows as StaffRow[], summary: summarize(plan, meta) };
  }
  const current = await loadCurrentClasses(db, input.schoolId, input.today);
  const classes = current ? new Map(current.classes.map((c) => [classKey(c.name), c.name])) : null;
  const v = validateRows('students', data, match.keys, { today: input.today, classes });
  if (v.errors.length) return { stage: 'lines', total: data.length, errors: v.errors, ...meta };
  const plan = planStudents(v.rows as StudentRow[], await loadStudentsState(db, input.schoolId, input.today), previewId);
  if (plan.errors.length) return { stage: 'lines', total: data.length, errors: plan.errors, ...meta };
  return { stage: 'ok', rows: v.rows as StudentRow[], summary: summarize(plan, meta) };
}
