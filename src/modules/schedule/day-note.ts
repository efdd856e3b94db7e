// Why a day has no lessons, said plainly on «Сегодня»: before or after the school year, the holidays (with their name and
// dates), a public holiday, Sunday.
import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isoWeekday, ruDate } from '../../web/dates.ts';
import { holidays } from '../setup/schema.ts';

type YearDates = { id: string; startsOn: string; endsOn: string } | undefined;

export async function dayNote(db: Db, { schoolId, year, date }: { schoolId: string; year: YearDates; date: string }): Promise<string | null> {
  if (!year || date < year.startsOn) return `Каникулы: учебный год ещё не начался${year ? ` (начнётся ${ruDate(year.startsOn)})` : ''}.`;
  if (date > year.endsOn) return `Каникулы: учебный год ${ruDate(year.startsOn)} – ${ruDate(year.endsOn)} закончился.`;
  const [h] = await db.select({ name: holidays.name, kind: holidays.kind, startsOn: holidays.startsOn, endsOn: holidays.endsOn })
    .from(holidays)
    .where(and(eq(holidays.schoolId, schoolId), eq(holidays.yearId, year.id), lte(holidays.startsOn, date), gte(holidays.endsOn, date),
      or(isNull(holidays.grades), sql`cardinality(${holidays.grades}) = 0`)))
    .orderBy(asc(holidays.kind)).limit(1);
  if (h?.kind === 'vacation') return `Каникулы: ${h.name}, ${ruDate(h.startsOn)} – ${ruDate(h.endsOn)}.`;
  if (h) return `Выходной день: ${h.name}.`;
  if (isoWeekday(date) === 7) return 'Воскресенье — выходной.';
  return null;
}
