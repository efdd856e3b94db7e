// The archive of a school year, written into a ZIP stream entry by entry (see zip-writer.ts): the guide, the year's
// frame (periods, classes, students, class lists), groups, lessons, marks, attendance, period marks, the summary
// sheets, each group's journal pages, the book of movements and the audit trail; then manifest.json (every file's size,
// SHA-256 and rows; the school, the year, the counts) and manifest.sig (Ed25519 over the manifest's bytes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { now } from '../../web/clock.ts';
import { todayIso } from '../../web/dates.ts';
import { writeAudit } from './content/audit.ts';
import { writeClasses, writeContingentOfYear, writePeriods } from './content/classes.ts';
import { writeBookOfMovements } from './content/contingent.ts';
import { studentNames } from './content/group-journal.ts';
import { writeGroups } from './content/groups.ts';
import { writeJournalPages } from './content/journal-pages.ts';
import { writeIndividualHomework, writeLessons } from './content/lessons.ts';
import { writeAttendance, writeMarks, writePeriodMarks } from './content/marks.ts';
import { writeGuide } from './content/readme.ts';
import { writeSummarySheets } from './content/summary-sheets.ts';
import { signBytes, type ArchiveKey } from './keys.ts';
import { FORMAT, FORMAT_VERSION, SIGNATURE, manifestBytes, totalsOf, type Manifest } from './rules.ts';
import { yearClasses, yearGroups, yearPeriods, type ArchiveSource, type YearFacts } from './source.ts';
import { CSV_FORMAT, ZipWriter } from './zip-writer.ts';

const APP_VERSION = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

/**
 * Starts writing the year's archive; read `zip.output` while it runs (it waits for the reader: backpressure). `done`
 * settles with the manifest once the last entry is queued; on a failure it rejects and the output is destroyed with the error.
 */
export function startArchive(src: ArchiveSource, facts: YearFacts, key: ArchiveKey): { output: ZipWriter['output']; done: Promise<Manifest> } {
  const createdAt = now();
  const zip = new ZipWriter(createdAt);
  const done = writeAll(zip, src, facts, key, createdAt).catch((err: unknown) => {
    zip.fail(err);
    throw err;
  });
  return { output: zip.output, done };
}

async function writeAll(zip: ZipWriter, src: ArchiveSource, facts: YearFacts, key: ArchiveKey, createdAt: Date): Promise<Manifest> {
  const { year } = facts;
  const classes = await src.read((tx) => yearClasses(tx, { schoolId: src.schoolId, yearId: year.id }));
  const groups = await src.read((tx) => yearGroups(tx, { schoolId: src.schoolId, yearId: year.id, classes }));
  const periods = await src.read((tx) => yearPeriods(tx, { schoolId: src.schoolId, yearId: year.id }));
  const names = await studentNames(src);
  await writeGuide(zip, facts, { createdAt: createdAt.toISOString(), fingerprint: key.fingerprint, classes, groups });
  await writePeriods(zip, src, year);
  await writeClasses(zip, src, year);
  const students = await writeContingentOfYear(zip, src, year, classes);
  await writeGroups(zip, src, groups);
  const lessons = await writeLessons(zip, src, groups);
  await writeIndividualHomework(zip, src, year.id, groups, names);
  const marks = await writeMarks(zip, src, groups, names);
  const attendance = await writeAttendance(zip, src, groups, names);
  const periodMarks = await writePeriodMarks(zip, src, groups);
  const summarySheets = await writeSummarySheets(zip, src, facts, classes, todayIso(createdAt, facts.school.timeZone));
  const journals = await writeJournalPages(zip, src, facts, groups, periods);
  const orders = await writeBookOfMovements(zip, src, year, classes.map((c) => c.id));
  const auditEvents = await writeAudit(zip, src, year, facts.school.timeZone);
  const manifest: Manifest = {
    format: FORMAT, formatVersion: FORMAT_VERSION, app: { name: 'Отметка', version: APP_VERSION }, createdAt: createdAt.toISOString(),
    school: { id: facts.school.id, name: facts.school.name }, year,
    csv: CSV_FORMAT,
    counts: {
      classes: classes.length, students, groups: groups.length, lessons, marks, attendance, periodMarks, summarySheets,
      journals, orders, auditEvents,
    },
    files: zip.files, totals: totalsOf(zip.files),
    signature: { algorithm: 'Ed25519', publicKey: key.publicPem, fingerprint: key.fingerprint, file: SIGNATURE },
  };
  const bytes = manifestBytes(manifest);
  zip.finish(bytes, signBytes(key, bytes));
  return manifest;
}
