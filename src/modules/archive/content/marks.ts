// The year's marks and attendance in the archive, group by group: marks.csv — every mark with its lesson's date, the
// mark column's work type and weight; attendance.csv — every absence and late with its reason; period-marks.csv —
// every period, year, exam and final mark.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { periodMarks } from '../../journal/schema.ts';
import { REASON_LABELS, isAbsenceReason } from '../../journal/attendance-rules.ts';
import { students } from '../../people/schema.ts';
import { periods } from '../../setup/schema.ts';
import { fullName, isoMoment } from '../rules.ts';
import { type ArchiveGroup, type ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';
import { byStudent, journalRows, type GroupJournal, type StudentNames } from './group-journal.ts';

const studentColumns = { studentId: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName };
const KINDS: Record<string, string> = { absent: 'отсутствие', late: 'опоздание' };

/** A group's rows of one kind, in the journal's order: by lesson (date, number), then student name, then column. */
function inLessonOrder<T extends { lessonId: string; studentId: string; columnNo?: number }>(rows: T[], lessonIds: readonly string[],
  names: StudentNames): T[] {
  const at = new Map(lessonIds.map((id, i) => [id, i]));
  const order = byStudent(names);
  return rows.sort((a, b) => at.get(a.lessonId)! - at.get(b.lessonId)! || order(a, b) || (a.columnNo ?? 0) - (b.columnNo ?? 0));
}

export async function writeMarks(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[], names: StudentNames): Promise<number> {
  return zip.table('marks.csv', [
    'Дата урока', '№ урока', 'ID урока', 'Класс', 'Группа', 'Предмет', 'ID обучающегося', 'Обучающийся', 'Колонка', 'Вид работы', 'Вес',
    'Отметка', 'Комментарий', 'Изменена (UTC)',
  ], journalRows(src, groups, { marks: true }, (g, j) => markRows(g, j, names)));
}

function markRows(g: ArchiveGroup, j: GroupJournal, names: StudentNames) {
  const lesson = new Map(j.lessons.map((l) => [l.id, l]));
  return inLessonOrder(j.marks, j.lessons.map((l) => l.id), names).map((m) => {
    const l = lesson.get(m.lessonId)!;
    const column = l.columns.find((c) => c.columnNo === m.columnNo);
    return [
      l.date, l.no, l.id, g.className, g.name, g.subjectName, m.studentId, names.name.get(m.studentId), m.columnNo, column?.name,
      column ? Number(column.weight) : null, m.value, m.comment, isoMoment(m.updatedAt),
    ];
  });
}

export async function writeAttendance(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[],
  names: StudentNames): Promise<number> {
  return zip.table('attendance.csv', [
    'Дата урока', '№ урока', 'ID урока', 'Класс', 'Группа', 'Предмет', 'ID обучающегося', 'Обучающийся', 'Отметка', 'Причина', 'Изменена (UTC)',
  ], journalRows(src, groups, { attendance: true }, (g, j) => attendanceRows(g, j, names)));
}

function attendanceRows(g: ArchiveGroup, j: GroupJournal, names: StudentNames) {
  const lesson = new Map(j.lessons.map((l) => [l.id, l]));
  return inLessonOrder(j.attendance, j.lessons.map((l) => l.id), names).map((a) => {
    const l = lesson.get(a.lessonId)!;
    return [
      l.date, l.no, l.id, g.className, g.name, g.subjectName, a.studentId, names.name.get(a.studentId), KINDS[a.kind] ?? a.kind,
      a.reason === null ? null : isAbsenceReason(a.reason) ? REASON_LABELS[a.reason] : a.reason, isoMoment(a.updatedAt),
    ];
  });
}

const PERIOD_KINDS: Record<string, string> = { period: 'за период', year: 'годовая', exam: 'экзаменационная', final: 'итоговая' };

export async function writePeriodMarks(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  const ids = groups.map((g) => g.id);
  const rows = ids.length === 0 ? [] : await src.read((tx) => tx.select({
    groupId: periodMarks.groupId, ...studentColumns, kind: periodMarks.kind, period: periods.name,
    value: periodMarks.value, updatedAt: periodMarks.updatedAt,
  }).from(periodMarks)
    .innerJoin(students, and(eq(students.schoolId, periodMarks.schoolId), eq(students.id, periodMarks.studentId)))
    .leftJoin(periods, and(eq(periods.schoolId, periodMarks.schoolId), eq(periods.id, periodMarks.periodId)))
    .where(and(eq(periodMarks.schoolId, src.schoolId), inArray(periodMarks.groupId, ids)))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.id),
      sql`array_position(array['period', 'year', 'exam', 'final'], ${periodMarks.kind})`, asc(periods.startsOn)));
  const byGroup = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byGroup.get(r.groupId) ?? [];
    list.push(r);
    byGroup.set(r.groupId, list);
  }
  return zip.table('period-marks.csv', [
    'Класс', 'Группа', 'Предмет', 'ID обучающегося', 'Обучающийся', 'Вид отметки', 'Период', 'Отметка', 'Изменена (UTC)',
  ], groups.flatMap((g) => (byGroup.get(g.id) ?? []).map((r) => [
    g.className, g.name, g.subjectName, r.studentId, fullName(r), PERIOD_KINDS[r.kind] ?? r.kind, r.period, r.value, isoMoment(r.updatedAt),
  ])));
}
