// The school's journal settings (columns of the global schools table, edited at «Настройка школы»).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { schools } from '../platform/schema.ts';
import type { RoundingRule } from './rules.ts';

export type JournalSettings = {
  /** A teacher edits a lesson until its date plus this many days. */
  editDays: number;
  /** A student with fewer marks in a period is flagged on the period-marks page. */
  minMarks: number;
  /** How the weighted average is rounded to the suggested period mark. */
  rounding: RoundingRule;
  /** Class teachers may set period marks for every subject of their class. */
  classTeacherPeriodMarks: boolean;
};

/** The defaults of the columns (used for a school id that does not exist, which callers have already ruled out). */
export const DEFAULT_JOURNAL_SETTINGS: JournalSettings = { editDays: 10, minMarks: 3, rounding: 'half_up', classTeacherPeriodMarks: false };

export async function journalSettings(db: Db | Tx, schoolId: string): Promise<JournalSettings> {
  const [row] = await db.select({
    editDays: schools.journalEditDays, minMarks: schools.minMarksPerPeriod, rounding: schools.periodRounding,
    classTeacherPeriodMarks: schools.classTeacherPeriodMarks,
  }).from(schools).where(eq(schools.id, schoolId));
  if (!row) return DEFAULT_JOURNAL_SETTINGS;
  return { ...row, rounding: row.rounding === 'strict' ? 'strict' : 'half_up' };
}
