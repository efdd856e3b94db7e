// The year's lessons in the archive, read group by group (a group's year at a time: memory stays flat however large the
// school): lessons.csv — every lesson with its teacher, substitution, topic, what was done, homework and whether it was a
// control work; individual-homework.csv — homework given to one student.
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ktpTopics } from '../../curriculum/schema.ts';
import { individualHomework } from '../../journal/schema.ts';
import { staff, students } from '../../people/schema.ts';
import { lessons, substitutions } from '../../schedule/schema.ts';
import { subjects } from '../../setup/schema.ts';
import { fullName, isoMoment } from '../rules.ts';
import { perGroup, type ArchiveGroup, type ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

const substitute = alias(staff, 'substitute');
const SUBSTITUTIONS: Record<string, string> = { teacher: 'замена учителя', subject: 'замена предмета', cancelled: 'урок отменён' };

const person = (p: { lastName: string | null; firstName: string | null; middleName: string | null }) =>
  (p.lastName ? fullName({ lastName: p.lastName, firstName: p.firstName ?? '', middleName: p.middleName }) : null);

async function groupLessons(src: ArchiveSource, g: ArchiveGroup) {
  const rows = await src.read((tx) => tx.select({
    id: lessons.id, date: lessons.date, no: lessons.lessonNumber, room: lessons.room, origin: lessons.origin,
    lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
    subKind: substitutions.kind, subReason: substitutions.reason, subLast: substitute.lastName, subFirst: substitute.firstName,
    subMiddle: substitute.middleName, subSubject: subjects.name,
    topic: lessons.topic, ktpTitle: ktpTopics.title, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone,
    homework: lessons.homework, minutes: lessons.homeworkMinutes, control: lessons.controlWork, takenAt: lessons.attendanceTakenAt,
  }).from(lessons)
    .innerJoin(staff, and(eq(staff.schoolId, lessons.schoolId), eq(staff.id, lessons.staffId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(substitute, and(eq(substitute.schoolId, substitutions.schoolId), eq(substitute.id, substitutions.substituteStaffId)))
    .leftJoin(subjects, and(eq(subjects.schoolId, substitutions.schoolId), eq(subjects.id, substitutions.subjectId)))
    .leftJoin(ktpTopics, and(eq(ktpTopics.schoolId, lessons.schoolId), eq(ktpTopics.id, lessons.ktpTopicId)))
    .where(and(eq(lessons.schoolId, src.schoolId), eq(lessons.groupId, g.id)))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber)));
  return rows.map((l) => [
    l.id, l.date, l.no, g.className, g.name, g.subjectName, person(l), l.room, l.origin === 'extra' ? 'дополнительный' : 'по расписанию',
    l.subKind ? SUBSTITUTIONS[l.subKind] ?? l.subKind : null,
    person({ lastName: l.subLast, firstName: l.subFirst, middleName: l.subMiddle }), l.subSubject, l.subReason,
    l.topic ?? l.ktpTitle, l.topic === null && l.ktpTitle !== null ? 'из КТП' : l.topicOverridden ? 'своя' : null,
    l.workDone, l.homework, l.minutes, l.control, isoMoment(l.takenAt),
  ]);
}

export async function writeLessons(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  return zip.table('lessons.csv', [
    'ID урока', 'Дата', '№ урока', 'Класс', 'Группа', 'Предмет', 'Учитель', 'Кабинет', 'Урок', 'Замена', 'Заменяющий учитель',
    'Предмет замены', 'Причина замены', 'Тема', 'Откуда тема', 'Что сделано', 'Домашнее задание', 'Минут на задание', 'Контрольная работа',
    'Посещаемость отмечена (UTC)',
  ], perGroup(src, groups, (g) => groupLessons(src, g)));
}

export async function writeIndividualHomework(zip: ZipWriter, src: ArchiveSource, groups: readonly ArchiveGroup[]): Promise<number> {
  return zip.table('individual-homework.csv', ['ID урока', 'Дата', '№ урока', 'Класс', 'Группа', 'ID обучающегося', 'Обучающийся', 'Задание'],
    perGroup(src, groups, async (g) => {
      const rows = await src.read((tx) => tx.select({
        lessonId: lessons.id, date: lessons.date, no: lessons.lessonNumber, studentId: students.id, text: individualHomework.text,
        lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
      }).from(individualHomework)
        .innerJoin(lessons, and(eq(lessons.schoolId, individualHomework.schoolId), eq(lessons.id, individualHomework.lessonId)))
        .innerJoin(students, and(eq(students.schoolId, individualHomework.schoolId), eq(students.id, individualHomework.studentId)))
        .where(and(eq(lessons.schoolId, src.schoolId), eq(lessons.groupId, g.id)))
        .orderBy(asc(lessons.date), asc(lessons.lessonNumber), asc(students.lastName), asc(students.firstName)));
      return rows.map((r) => [r.lessonId, r.date, r.no, g.className, g.name, r.studentId, fullName(r), r.text]);
    }));
}
