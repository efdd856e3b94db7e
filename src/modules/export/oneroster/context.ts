// What every file family of the OneRoster export reads with: the export's transaction, school and year, and paging.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';

export type ExportContext = {
  /** The export's own read-only, repeatable-read transaction of the school: one snapshot for every file. */
  tx: Tx;
  school: { id: string; name: string; collectContacts: boolean; timeZone: string };
  year: { id: string; name: string; startsOn: string; endsOn: string };
};

/** Rows of a raw query (every column selected as text or int: node-postgres and PGlite give the same shapes then). */
export async function select<T>(tx: Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await tx.execute(query));
}

/** Rows per page: a page of marks is a few hundred kilobytes, never the whole school. */
export const PAGE = 5000;

/**
 * Keyset paging: `page(after)` returns the next PAGE rows after the key of the last row (null first), in key order.
 * Yields row by row; one page is in memory at a time.
 */
export async function* paged<T>(page: (after: T | null) => Promise<T[]>): AsyncGenerator<T> {
  let after: T | null = null;
  for (;;) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!;
  }
}

/** The teaching groups of the export's year (a subquery of ids). */
export const yearGroups = (c: ExportContext): SQL =>
  sql`select g.id from teaching_groups g where g.school_id = ${c.school.id} and g.year_id = ${c.year.id}`;

/** The students of the export's year: in some class of the year at some time (a subquery of ids). */
export const yearStudents = (c: ExportContext): SQL => sql`select cm.student_id from class_memberships cm
  join classes k on k.school_id = cm.school_id and k.id = cm.class_id where cm.school_id = ${c.school.id} and k.year_id = ${c.year.id}`;
