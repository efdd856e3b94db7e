// The year's lessons in the archive: lessons.csv — every lesson with its teacher, substitution, topic, what was done,
// homework and whether it was a control work, read group by group (group-journal.ts); individual-homework.csv —
// homework given to one student (few rows: one statement for the year).
import { and, asc, eq } from 'drizzle-orm';
import { teachingGroups } from '../../curriculum/schema.ts';
import { individualHomework } from '../../journal/schema.ts';
import { lessons } from '../../schedule/schema.ts';
import { isoMoment } from '../rules.ts';
import { type ArchiveGroup, type ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';
import { byStudent, journalRows, type StudentNames } from './group-journal.ts';

const SUBSTITUTIONS: Record<string, string> = { teacher: 'замена учителя', subject: 'замена предмета', cancelled: 'урок отменён' };

export async function writeLessons(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  return zip.table('lessons.csv', [
    'ID урока', 'Дата', '№ урока', 'Класс', 'Группа', 'Предмет', 'Учитель', 'Кабинет', 'Урок', 'Замена', 'Заменяющий учитель',
    'Предмет замены', 'Причина замены', 'Тема', 'Откуда тема', 'Что сделано', 'Домашнее задание', 'Минут на задание', 'Контрольная работа',
    'Посещаемость отмечена (UTC)',
  ], journalRows(src, groups, {}, (g, j) => j.lessons.map((l) => [
    l.id, l.date, l.no, g.className, g.name, g.subjectName, l.teacher, l.room, l.origin === 'extra' ? 'дополнительный' : 'по расписанию',
    l.subKind ? SUBSTITUTIONS[l.subKind] ?? l.subKind : null, l.substitute, l.subSubject, l.subReason,
    l.topic, l.topicFrom, l.workDone, l.homework, l.minutes, l.control, isoMoment(l.takenAt),
  ])));
}

export async function writeIndividualHomework(zip: ZipWriter, src: ArchiveSource, yearId: string, groups: readonly ArchiveGroup[],
  names: StudentNames): Promise<number> {
  const rows = await src.read((tx) => tx.select({
    lessonId: lessons.id, date: lessons.date, no: lessons.lessonNumber, groupId: lessons.groupId, studentId: individualHomework.studentId,
    text: individualHomework.text,
  }).from(individualHomework)
    .innerJoin(lessons, and(eq(lessons.schoolId, individualHomework.schoolId), eq(lessons.id, individualHomework.lessonId)))
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .where(and(eq(individualHomework.schoolId, src.schoolId), eq(teachingGroups.yearId, yearId)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber)));
  const group = new Map(groups.map((g) => [g.id, g]));
  const order = byStudent(names);
  return zip.table('individual-homework.csv', ['ID урока', 'Дата', '№ урока', 'Класс', 'Группа', 'ID обучающегося', 'Обучающийся', 'Задание'],
    rows.sort((a, b) => a.date.localeCompare(b.date) || a.no - b.no || order(a, b))
      .map((r) => [r.lessonId, r.date, r.no, group.get(r.groupId)?.className, group.get(r.groupId)?.name, r.studentId, names.name.get(r.studentId), r.text]));
}
