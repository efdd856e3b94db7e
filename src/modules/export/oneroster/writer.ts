// The OneRoster 1.2 CSV ZIP of one school's year, streamed: each file's rows come page by page from the database (one
// read-only, repeatable-read transaction: every file sees the same moment), are turned into CSV (csv-stringify) in
// batches and deflated into the ZIP (yazl) as the reader takes them. manifest.csv comes first: which files are there.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { ZipFile } from 'yazl';
import type { Db } from '../../../db/client.ts';
import { enterSchool } from '../../../db/tenant.ts';
import { select, type ExportContext } from './context.ts';
import { classRows, courseRows } from './courses-classes.ts';
import { enrollmentRows } from './enrollments.ts';
import { categoryRows, lineItemRows, resultRows } from './gradebook.ts';
import { orgRows, sessionRows } from './orgs-sessions.ts';
import { DATA_FILES, HEADERS, MANIFEST_VERSION, ONEROSTER_VERSION, type Row, type WrittenFile } from './spec.ts';
import { anyDemographics, demographicRows, roleRows, userRows } from './users.ts';

type Producer<F extends WrittenFile> = (c: ExportContext) => AsyncGenerator<Row<F>>;

const PRODUCERS: { [F in WrittenFile]: Producer<F> } = {
  orgs: orgRows, academicSessions: sessionRows, courses: courseRows, classes: classRows, users: userRows, roles: roleRows,
  enrollments: enrollmentRows, demographics: demographicRows, categories: categoryRows, lineItems: lineItemRows, results: resultRows,
};

/** The files of an export in ZIP order; demographics only when the school keeps birth dates or sex of someone exported. */
export const fileOrder = (demographics: boolean): WrittenFile[] =>
  (Object.keys(HEADERS) as WrittenFile[]).filter((f) => f !== 'demographics' || demographics);

/** manifest.csv: versions, each data file of the binding as bulk (here) or absent, and who made it. */
export function manifestCsv(files: readonly WrittenFile[]): string {
  const present = new Set<string>(files);
  const rows = [
    ['propertyName', 'value'], ['manifest.version', MANIFEST_VERSION], ['oneroster.version', ONEROSTER_VERSION],
    ...DATA_FILES.map((f) => [`file.${f}`, present.has(f) ? 'bulk' : 'absent']),
    ['source.systemName', 'Отметка'], ['source.systemCode', 'otmetka'],
  ];
  return stringify(rows, { record_delimiter: 'windows' });
}

const BATCH = 500;
const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A file's CSV text, header first, in batches of rows (counted into `counts`). */
async function* csvOf<F extends WrittenFile>(
  file: F, rows: AsyncGenerator<Row<F>>, counts: Map<WrittenFile, number>,
): AsyncGenerator<string> {
  const columns = HEADERS[file] as readonly string[];
  yield stringify([columns], { record_delimiter: 'windows' });
  let batch: string[][] = [];
  let n = 0;
  for await (const r of rows) {
    batch.push(columns.map((k) => cell((r as Record<string, unknown>)[k])));
    n++;
    if (batch.length === BATCH) {
      yield stringify(batch, { record_delimiter: 'windows' });
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch, { record_delimiter: 'windows' });
  counts.set(file, n);
}

export type ExportTarget = { schoolId: string; yearId: string };
export type ExportResult = { files: WrittenFile[]; counts: Map<WrittenFile, number> };

async function loadContext(tx: ExportContext['tx'], t: ExportTarget): Promise<ExportContext | undefined> {
  type Head = { name: string; collectContacts: boolean; timeZone: string; yearName: string; startsOn: string; endsOn: string };
  const [row] = await select<Head>(tx,
    sql`select s.name, s.collect_contacts as "collectContacts", s.time_zone as "timeZone", y.name as "yearName",
      y.starts_on::text as "startsOn", y.ends_on::text as "endsOn"
    from schools s join academic_years y on y.school_id = s.id where s.id = ${t.schoolId} and y.id = ${t.yearId}`);
  if (!row) return undefined;
  return {
    tx, school: { id: t.schoolId, name: row.name, collectContacts: row.collectContacts, timeZone: row.timeZone },
    year: { id: t.yearId, name: row.yearName, startsOn: row.startsOn, endsOn: row.endsOn },
  };
}

/**
 * Writes the ZIP of a school's year into `out` and resolves when it is complete (undefined, nothing written, for an
 * unknown school or another school's year). `db` is the pool (or PGlite) outside any request transaction.
 */
export async function writeOneRosterZip(db: Db, target: ExportTarget, out: Writable): Promise<ExportResult | undefined> {
  return db.transaction(async (tx) => {
    await enterSchool(tx, target.schoolId);
    const c = await loadContext(tx, target);
    if (!c) return undefined;
    const files = fileOrder(await anyDemographics(c));
    const counts = new Map<WrittenFile, number>();
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(manifestCsv(files)), 'manifest.csv');
    for (const f of files) {
      zip.addReadStream(Readable.from(csvOf(f, PRODUCERS[f](c) as AsyncGenerator<Row<typeof f>>, counts)), `${f}.csv`);
    }
    zip.end();
    // A file's query failed: the ZIP stops, the caller sees the error.
    zip.on('error', (err: Error) => (zip.outputStream as unknown as Readable).destroy(err));
    await pipeline(zip.outputStream, out);
    return { files, counts };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
