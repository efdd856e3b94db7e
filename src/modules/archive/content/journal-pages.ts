// Each group's journal pages in the archive (journal/<class>/<group>.html): read one group's year at a time — its
// teachers, lessons with their mark columns, marks, attendance (group-journal.ts), period marks and its students —
// and written as one self-contained HTML document for A4 (journal-page-model.ts lays it out, views/archive/zip/journal.eta
// prints it).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { groupTeachers } from '../../curriculum/schema.ts';
import { periodRoster } from '../../journal/grid-queries.ts';
import { periodMarks } from '../../journal/schema.ts';
import { staff } from '../../people/schema.ts';
import type { Tx } from '../../../db/tenant.ts';
import { ruDate } from '../../../web/dates.ts';
import { archiveHtml } from '../html.ts';
import { gridSheets, lessonLines, rosterInPeriod, yearSheet, type PageLesson, type PageStudent } from '../journal-page-model.ts';
import { fullName } from '../rules.ts';
import { batchesOf, type ArchiveGroup, type ArchiveSource, type SchemePeriod, type YearFacts } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';
import { readJournals, type JournalLesson } from './group-journal.ts';

/** Mark columns on one A4 landscape sheet beside the names (≈ 6 mm a column). */
const PER_SHEET = 34;

const pageLesson = (l: JournalLesson): PageLesson => {
  const who = l.substitute ? l.substitute : '';
  const change = l.subKind === 'cancelled' ? `урок отменён: ${l.subReason ?? ''}`
    : l.subKind ? `замена${who ? `: ${who}` : ''} (${l.subReason ?? ''})` : null;
  return { id: l.id, date: l.date, no: l.no, topic: l.topic, homework: l.homework, control: l.control, cancelled: l.subKind === 'cancelled', change,
    columns: l.columns };
};

/** Everything a batch of groups' pages need, read in one short transaction; a whole-class group's roster is its class's. */
async function readBatch(tx: Tx, schoolId: string, batch: readonly ArchiveGroup[], year: YearFacts['year']) {
  const ids = batch.map((g) => g.id);
  const teachers = await tx.select({
    groupId: groupTeachers.groupId, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
  }).from(groupTeachers)
    .innerJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), inArray(groupTeachers.groupId, ids))).orderBy(asc(groupTeachers.startsOn));
  const journals = await readJournals(tx, schoolId, ids, { marks: true, attendance: true });
  const marks = await tx.select({
    groupId: periodMarks.groupId, studentId: periodMarks.studentId, kind: periodMarks.kind, periodId: periodMarks.periodId, value: periodMarks.value,
  }).from(periodMarks).where(and(eq(periodMarks.schoolId, schoolId), inArray(periodMarks.groupId, ids)));
  const rosters = new Map<string, PageStudent[]>();
  for (const g of batch) {
    const key = rosterKey(g);
    if (!rosters.has(key)) rosters.set(key, await periodRoster(tx, { schoolId, groupId: g.id, from: year.startsOn, to: year.endsOn }));
  }
  return batch.map((g) => ({
    group: g, teachers: teachers.filter((t) => t.groupId === g.id), lessons: journals.get(g.id)!.lessons.map(pageLesson),
    journal: journals.get(g.id)!, marks: marks.filter((m) => m.groupId === g.id), roster: rosters.get(rosterKey(g))!,
  }));
}

const rosterKey = (g: ArchiveGroup) => (g.kind === 'class' && g.classId ? `class:${g.classId}` : g.id);

function render(facts: YearFacts, periods: readonly SchemePeriod[], d: Awaited<ReturnType<typeof readBatch>>[number]): string {
  const g = d.group;
  const shown = periods.map((p) => {
    const own = d.lessons.filter((l) => l.date >= p.startsOn && l.date <= p.endsOn);
    const ids = new Set(own.map((l) => l.id));
    const finals = new Map(d.marks.filter((m) => m.kind === 'period' && m.periodId === p.id).map((m) => [m.studentId, m.value]));
    return {
      name: p.name, dates: `${ruDate(p.startsOn)} — ${ruDate(p.endsOn)}`, lines: lessonLines(own),
      sheets: gridSheets({
        period: p, lessons: own, roster: rosterInPeriod(d.roster, p), finals, perSheet: PER_SHEET,
        marks: d.journal.marks.filter((m) => ids.has(m.lessonId)), absences: d.journal.attendance.filter((a) => ids.has(a.lessonId)),
      }),
    };
  });
  return archiveHtml('journal', {
    title: `Журнал: ${g.name}, ${facts.year.name}`,
    head: {
      school: facts.school.name, year: facts.year.name, className: g.className, subject: g.subjectName, group: g.name,
      teachers: d.teachers.map(fullName).join(', '),
    },
    periods: shown,
    year: yearSheet({ periods, roster: d.roster, marks: d.marks }),
  });
}

/** Writes every group's pages; returns the number of files. */
export async function writeJournalPages(zip: ZipWriter, src: ArchiveSource, facts: YearFacts, groups: readonly ArchiveGroup[],
  periods: ReadonlyMap<string, SchemePeriod[]>): Promise<number> {
  for (const batch of batchesOf(groups)) {
    const read = await src.read((tx) => readBatch(tx, src.schoolId, batch, facts.year));
    for (const d of read) await zip.file(d.group.journalPath, render(facts, periods.get(d.group.schemeId ?? '') ?? [], d));
  }
  return groups.length;
}
