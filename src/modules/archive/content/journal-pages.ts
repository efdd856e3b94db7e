// Each group's journal pages in the archive (journal/<class>/<group>.html): read one group's year at a time — its
// periods, teachers, lessons with their mark columns, marks, attendance, period marks and the students of each period —
// and written as one self-contained HTML document for A4 (journal-page-model.ts lays it out, views/archive/zip/journal.eta
// prints it).
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { groupTeachers, ktpTopics } from '../../curriculum/schema.ts';
import { getGroupHead, gridCells, periodRoster } from '../../journal/grid-queries.ts';
import { periodMarks } from '../../journal/schema.ts';
import { staff } from '../../people/schema.ts';
import { shortName } from '../../schedule/timetable-rules.ts';
import { lessons, substitutions } from '../../schedule/schema.ts';
import type { Tx } from '../../../db/tenant.ts';
import { ruDate } from '../../../web/dates.ts';
import { archiveHtml } from '../html.ts';
import { gridSheets, lessonLines, yearSheet, type PageLesson } from '../journal-page-model.ts';
import { fullName } from '../rules.ts';
import type { ArchiveGroup, ArchiveSource, YearFacts } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

/** Mark columns on one A4 landscape sheet beside the names (≈ 6 mm a column). */
const PER_SHEET = 34;
const substitute = alias(staff, 'substitute');

async function lessonsOf(tx: Tx, schoolId: string, groupId: string): Promise<PageLesson[]> {
  type Column = { columnNo: number; shortName: string; name: string };
  const rows = await tx.select({
    id: lessons.id, date: lessons.date, no: lessons.lessonNumber, topic: sql<string | null>`coalesce(${lessons.topic}, ${ktpTopics.title})`,
    homework: lessons.homework, control: lessons.controlWork, subKind: substitutions.kind, subReason: substitutions.reason,
    subLast: substitute.lastName, subFirst: substitute.firstName, subMiddle: substitute.middleName,
    columns: sql<Column[]>`coalesce((select json_agg(json_build_object('columnNo', lc.column_no, 'shortName', w.short_name, 'name', w.name)
      order by lc.column_no) from lesson_columns lc join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
      where lc.school_id = ${schoolId} and lc.lesson_id = ${lessons.id}), '[]'::json)`,
  }).from(lessons)
    .leftJoin(ktpTopics, and(eq(ktpTopics.schoolId, lessons.schoolId), eq(ktpTopics.id, lessons.ktpTopicId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(substitute, and(eq(substitute.schoolId, substitutions.schoolId), eq(substitute.id, substitutions.substituteStaffId)))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.groupId, groupId)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  return rows.map((l) => {
    const who = l.subLast ? shortName({ lastName: l.subLast, firstName: l.subFirst ?? '', middleName: l.subMiddle }) : '';
    const change = l.subKind === 'cancelled' ? `урок отменён: ${l.subReason ?? ''}`
      : l.subKind ? `замена${who ? `: ${who}` : ''} (${l.subReason ?? ''})` : null;
    return { ...l, cancelled: l.subKind === 'cancelled', change };
  });
}

/** Everything one group's pages need, read in one short transaction. */
async function readGroup(tx: Tx, schoolId: string, g: ArchiveGroup, year: YearFacts['year']) {
  const head = await getGroupHead(tx, { schoolId, groupId: g.id });
  const periods = head?.periods ?? [];
  const teachers = await tx.select({ lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName }).from(groupTeachers)
    .innerJoin(staff, and(eq(staff.schoolId, groupTeachers.schoolId), eq(staff.id, groupTeachers.staffId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.groupId, g.id))).orderBy(asc(groupTeachers.startsOn));
  const list = await lessonsOf(tx, schoolId, g.id);
  const cells = await gridCells(tx, { schoolId, lessonIds: list.map((l) => l.id) });
  const marks = await tx.select({ studentId: periodMarks.studentId, kind: periodMarks.kind, periodId: periodMarks.periodId, value: periodMarks.value })
    .from(periodMarks).where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.groupId, g.id)));
  const rosters = [];
  for (const p of periods) rosters.push(await periodRoster(tx, { schoolId, groupId: g.id, from: p.startsOn, to: p.endsOn }));
  const yearRoster = await periodRoster(tx, { schoolId, groupId: g.id, from: year.startsOn, to: year.endsOn });
  return { periods, teachers, list, cells, marks, rosters, yearRoster };
}

function render(facts: YearFacts, g: ArchiveGroup, d: Awaited<ReturnType<typeof readGroup>>): string {
  const periods = d.periods.map((p, i) => {
    const own = d.list.filter((l) => l.date >= p.startsOn && l.date <= p.endsOn);
    const ids = new Set(own.map((l) => l.id));
    const finals = new Map(d.marks.filter((m) => m.kind === 'period' && m.periodId === p.id).map((m) => [m.studentId, m.value]));
    return {
      name: p.name, dates: `${ruDate(p.startsOn)} — ${ruDate(p.endsOn)}`, lines: lessonLines(own),
      sheets: gridSheets({
        period: p, lessons: own, roster: d.rosters[i] ?? [], finals, perSheet: PER_SHEET,
        marks: d.cells.marks.filter((m) => ids.has(m.lessonId)), absences: d.cells.attendance.filter((a) => ids.has(a.lessonId)),
      }),
    };
  });
  return archiveHtml('journal', {
    title: `Журнал: ${g.name}, ${facts.year.name}`,
    head: {
      school: facts.school.name, year: facts.year.name, className: g.className, subject: g.subjectName, group: g.name,
      teachers: d.teachers.map(fullName).join(', '),
    },
    periods,
    year: yearSheet({ periods: d.periods, roster: d.yearRoster, marks: d.marks }),
  });
}

/** Writes every group's pages; returns the number of files. */
export async function writeJournalPages(zip: ZipWriter, src: ArchiveSource, facts: YearFacts, groups: readonly ArchiveGroup[]): Promise<number> {
  for (const g of groups) {
    const d = await src.read((tx) => readGroup(tx, src.schoolId, g, facts.year));
    await zip.file(g.journalPath, render(facts, g, d));
  }
  return groups.length;
}
