// The year's marks and attendance in the archive, group by group: marks.csv — every mark with its lesson's date, the
// mark column's work type and weight; attendance.csv — every absence and late with its reason; period-marks.csv —
// every period, year, exam and final mark.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { attendance, lessonColumns, marks, periodMarks, workTypes } from '../../journal/schema.ts';
import { REASON_LABELS, isAbsenceReason } from '../../journal/attendance-rules.ts';
import { students } from '../../people/schema.ts';
import { lessons } from '../../schedule/schema.ts';
import { periods } from '../../setup/schema.ts';
import { fullName, isoMoment } from '../rules.ts';
import { perGroup, type ArchiveGroup, type ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const byLesson = [asc(lessons.date), asc(lessons.lessonNumber), asc(students.lastName), asc(students.firstName), asc(students.id)];
const studentColumns = { studentId: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName };

export async function writeMarks(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  return zip.table('marks.csv', [
    'Дата урока', '№ урока', 'ID урока', 'Класс', 'Группа', 'Предмет', 'ID обучающегося', 'Обучающийся', 'Колонка', 'Вид работы', 'Вес',
    'Отметка', 'Комментарий', 'Изменена (UTC)',
  ], perGroup(src, groups, async (g) => {
    const rows = await src.read((tx) => tx.select({
      date: lessons.date, no: lessons.lessonNumber, lessonId: lessons.id, ...studentColumns, column: marks.columnNo,
      workType: workTypes.name, weight: workTypes.weight, value: marks.value, comment: marks.comment, updatedAt: marks.updatedAt,
    }).from(marks)
      .innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
      .innerJoin(lessonColumns, and(eq(lessonColumns.schoolId, marks.schoolId), eq(lessonColumns.lessonId, marks.lessonId),
        eq(lessonColumns.columnNo, marks.columnNo)))
      .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
      .innerJoin(students, and(eq(students.schoolId, marks.schoolId), eq(students.id, marks.studentId)))
      .where(and(eq(lessons.schoolId, src.schoolId), eq(lessons.groupId, g.id)))
      .orderBy(...byLesson, asc(marks.columnNo)));
    return rows.map((m) => [
      m.date, m.no, m.lessonId, g.className, g.name, g.subjectName, m.studentId, fullName(m), m.column, m.workType, Number(m.weight),
      m.value, m.comment, isoMoment(m.updatedAt),
    ]);
  }));
}

const KINDS: Record<string, string> = { absent: 'отсутствие', late: 'опоздание' };

export async function writeAttendance(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  return zip.table('attendance.csv', [
    'Дата урока', '№ урока', 'ID урока', 'Класс', 'Группа', 'Предмет', 'ID обучающегося', 'Обучающийся', 'Отметка', 'Причина', 'Изменена (UTC)',
  ], perGroup(src, groups, async (g) => {
    const rows = await src.read((tx) => tx.select({
      date: lessons.date, no: lessons.lessonNumber, lessonId: lessons.id, ...studentColumns, kind: attendance.kind, reason: attendance.reason,
      updatedAt: attendance.updatedAt,
    }).from(attendance)
      .innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
      .innerJoin(students, and(eq(students.schoolId, attendance.schoolId), eq(students.id, attendance.studentId)))
      .where(and(eq(lessons.schoolId, src.schoolId), eq(lessons.groupId, g.id)))
      .orderBy(...byLesson));
    return rows.map((a) => [
      a.date, a.no, a.lessonId, g.className, g.name, g.subjectName, a.studentId, fullName(a), KINDS[a.kind] ?? a.kind,
      a.reason === null ? null : isAbsenceReason(a.reason) ? REASON_LABELS[a.reason] : a.reason, isoMoment(a.updatedAt),
    ]);
  }));
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
