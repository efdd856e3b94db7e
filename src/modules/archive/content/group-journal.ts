// The groups' journals for the year, as the archive reads them — a class's groups at a time (batchesOf in source.ts), in
// one short transaction of three statements: the lessons with their teacher, substitution, topic (typed, or the КТП's),
// homework and mark columns (work type, weight); the marks; the attendance. lessons.csv, marks.csv, attendance.csv and
// the journal pages each read the groups this way and take what they need; the students' names come from the year's map
// (studentNames), read once. (Batches, not single groups: on PGlite planning a statement costs as much as running it.)
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../../db/tenant.ts';
import { ktpTopics } from '../../curriculum/schema.ts';
import { attendance, marks } from '../../journal/schema.ts';
import { staff, students } from '../../people/schema.ts';
import { lessons, substitutions } from '../../schedule/schema.ts';
import { subjects } from '../../setup/schema.ts';
import { fullName } from '../rules.ts';
import { perBatch, type ArchiveGroup, type ArchiveSource } from '../source.ts';
import type { Cell } from '../zip-writer.ts';

const substitute = alias(staff, 'substitute');
type Person = { lastName: string | null; firstName: string | null; middleName: string | null };
const person = (p: Person) => (p.lastName ? fullName({ lastName: p.lastName, firstName: p.firstName ?? '', middleName: p.middleName }) : null);

export type JournalColumn = { columnNo: number; shortName: string; name: string; weight: string };

async function groupLessons(tx: Tx, schoolId: string, groupIds: string[]) {
  const rows = await tx.select({
    id: lessons.id, groupId: lessons.groupId, date: lessons.date, no: lessons.lessonNumber, room: lessons.room, origin: lessons.origin,
    lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
    subKind: substitutions.kind, subReason: substitutions.reason, subLast: substitute.lastName, subFirst: substitute.firstName,
    subMiddle: substitute.middleName, subSubject: subjects.name,
    typedTopic: lessons.topic, ktpTitle: ktpTopics.title, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone,
    homework: lessons.homework, minutes: lessons.homeworkMinutes, control: lessons.controlWork, takenAt: lessons.attendanceTakenAt,
    columns: sql<JournalColumn[]>`coalesce((select json_agg(json_build_object('columnNo', lc.column_no, 'shortName', w.short_name,
      'name', w.name, 'weight', w.weight::text) order by lc.column_no) from lesson_columns lc
      join work_types w on w.school_id = lc.school_id and w.id = lc.work_type_id
      where lc.school_id = ${schoolId} and lc.lesson_id = ${lessons.id}), '[]'::json)`,
  }).from(lessons)
    .innerJoin(staff, and(eq(staff.schoolId, lessons.schoolId), eq(staff.id, lessons.staffId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(substitute, and(eq(substitute.schoolId, substitutions.schoolId), eq(substitute.id, substitutions.substituteStaffId)))
    .leftJoin(subjects, and(eq(subjects.schoolId, substitutions.schoolId), eq(subjects.id, substitutions.subjectId)))
    .leftJoin(ktpTopics, and(eq(ktpTopics.schoolId, lessons.schoolId), eq(ktpTopics.id, lessons.ktpTopicId)))
    .where(and(eq(lessons.schoolId, schoolId), inArray(lessons.groupId, groupIds)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
  return rows.map((l) => ({
    ...l, teacher: person(l), substitute: person({ lastName: l.subLast, firstName: l.subFirst, middleName: l.subMiddle }),
    topic: l.typedTopic ?? l.ktpTitle, topicFrom: l.typedTopic === null && l.ktpTitle !== null ? 'из КТП' : l.topicOverridden ? 'своя' : null,
  }));
}

export type JournalLesson = Awaited<ReturnType<typeof groupLessons>>[number];
export type GroupJournal = {
  lessons: JournalLesson[];
  marks: Array<{ lessonId: string; studentId: string; columnNo: number; value: number; comment: string | null; updatedAt: Date }>;
  attendance: Array<{ lessonId: string; studentId: string; kind: string; reason: string | null; updatedAt: Date }>;
};

/** The groups' lessons, and (when asked) their marks and attendance, by group (every group asked has an entry). */
export async function readJournals(tx: Tx, schoolId: string, groupIds: string[], want: { marks?: boolean; attendance?: boolean } = {}) {
  const out = new Map<string, GroupJournal>(groupIds.map((id) => [id, { lessons: [], marks: [], attendance: [] }]));
  if (groupIds.length === 0) return out;
  const list = await groupLessons(tx, schoolId, groupIds);
  const groupOf = new Map<string, string>();
  for (const l of list) {
    out.get(l.groupId)?.lessons.push(l);
    groupOf.set(l.id, l.groupId);
  }
  const ofGroups = and(eq(lessons.schoolId, schoolId), inArray(lessons.groupId, groupIds));
  if (want.marks) {
    const rows = await tx.select({
      lessonId: marks.lessonId, studentId: marks.studentId, columnNo: marks.columnNo, value: marks.value, comment: marks.comment,
      updatedAt: marks.updatedAt,
    }).from(marks).innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId))).where(ofGroups);
    for (const m of rows) out.get(groupOf.get(m.lessonId)!)?.marks.push(m);
  }
  if (want.attendance) {
    const rows = await tx.select({
      lessonId: attendance.lessonId, studentId: attendance.studentId, kind: attendance.kind, reason: attendance.reason,
      updatedAt: attendance.updatedAt,
    }).from(attendance).innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId))).where(ofGroups);
    for (const a of rows) out.get(groupOf.get(a.lessonId)!)?.attendance.push(a);
  }
  return out;
}

/** The rows `rowsOf` makes of each group's journal, the groups read a batch at a time (batchesOf in source.ts). */
export function journalRows(src: ArchiveSource, groups: readonly ArchiveGroup[], want: { marks?: boolean; attendance?: boolean },
  rowsOf: (g: ArchiveGroup, j: GroupJournal) => Array<readonly Cell[]>): AsyncGenerator<readonly Cell[]> {
  return perBatch(src, groups, async (batch) => {
    const journals = await src.read((tx) => readJournals(tx, src.schoolId, batch.map((g) => g.id), want));
    return batch.flatMap((g) => rowsOf(g, journals.get(g.id)!));
  });
}

/** Every student of the school: «Фамилия Имя Отчество» by id, and each one's place in the alphabetical list. */
export type StudentNames = { name: ReadonlyMap<string, string>; rank: ReadonlyMap<string, number> };

/** Read once per archive; the tables sort a lesson's rows by the rank (no collation per comparison). */
export async function studentNames(src: ArchiveSource): Promise<StudentNames> {
  const rows = await src.read((tx) => tx.select({ id: students.id, lastName: students.lastName, firstName: students.firstName,
    middleName: students.middleName }).from(students).where(eq(students.schoolId, src.schoolId)));
  const named = rows.map((s) => ({ id: s.id, name: fullName(s) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id.localeCompare(b.id));
  return { name: new Map(named.map((s) => [s.id, s.name])), rank: new Map(named.map((s, i) => [s.id, i])) };
}

/** Orders rows by the student's place in the alphabetical list. */
export const byStudent = (names: StudentNames) => (a: { studentId: string }, b: { studentId: string }) =>
  (names.rank.get(a.studentId) ?? -1) - (names.rank.get(b.studentId) ?? -1);
