// orgs.csv (the school) and academicSessions.csv (the year and the study periods of its schemes).
import { sql } from 'drizzle-orm';
import { select, type ExportContext } from './context.ts';
import { exclusiveEnd, periodTitles, schoolYearOf, sessionType } from './rules.ts';
import type { Row } from './spec.ts';

export async function* orgRows(c: ExportContext): AsyncGenerator<Row<'orgs'>> {
  yield { sourcedId: c.school.id, name: c.school.name, type: 'school' };
}

type PeriodRow = { id: string; name: string; startsOn: string; endsOn: string; schemeName: string; schemeKind: string };

/** The periods of every scheme of the year (a year has a few dozen at most). */
export async function yearPeriods(c: ExportContext): Promise<PeriodRow[]> {
  return select<PeriodRow>(c.tx, sql`select p.id::text, p.name, p.starts_on::text as "startsOn", p.ends_on::text as "endsOn",
      s.name as "schemeName", s.kind as "schemeKind"
    from periods p join period_schemes s on s.school_id = p.school_id and s.id = p.scheme_id
    where p.school_id = ${c.school.id} and s.year_id = ${c.year.id} order by s.name, p.ordinal`);
}

/** The year (schoolYear) and each period (semester for halves and semesters, term otherwise) with the year as parent. */
export async function* sessionRows(c: ExportContext): AsyncGenerator<Row<'academicSessions'>> {
  const schoolYear = schoolYearOf(c.year.endsOn);
  yield {
    sourcedId: c.year.id, title: c.year.name, type: 'schoolYear', startDate: c.year.startsOn, endDate: exclusiveEnd(c.year.endsOn),
    schoolYear,
  };
  const periods = await yearPeriods(c);
  const titles = periodTitles(periods);
  for (const p of periods) {
    yield {
      sourcedId: p.id, title: titles.get(p.id), type: sessionType(p.schemeKind), startDate: p.startsOn, endDate: exclusiveEnd(p.endsOn),
      parentSourcedId: c.year.id, schoolYear,
    };
  }
}
