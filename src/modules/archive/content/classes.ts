// The year's frame in the archive: its periods, its classes, the students who were in them, each student's stays in a
// class (with the orders that opened and closed them), and each class list on every date it changed.
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { classMemberships, orderItems, orders } from '../../contingent/schema.ts';
import { KIND_TITLES, isOrderKind } from '../../contingent/rules.ts';
import { staff, students } from '../../people/schema.ts';
import { periods, periodSchemes, schoolClasses } from '../../setup/schema.ts';
import { changeDates, fullName, inClassOn, type ClassStay } from '../rules.ts';
import type { ArchiveClass, ArchiveSource } from '../source.ts';
import type { ZipWriter } from '../zip-writer.ts';

type Year = { id: string; startsOn: string; endsOn: string };
const startOrder = alias(orders, 'start_order');
const endOrder = alias(orders, 'end_order');
const startItem = alias(orderItems, 'start_item');
const endItem = alias(orderItems, 'end_item');

const kindTitle = (kind: string | null) => (kind === null ? null : isOrderKind(kind) ? KIND_TITLES[kind] : kind);

export async function writePeriods(zip: ZipWriter, src: ArchiveSource, year: Year): Promise<number> {
  const rows = await src.read((tx) => tx.select({
    scheme: periodSchemes.name, kind: periodSchemes.kind, ordinal: periods.ordinal, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn,
  }).from(periods)
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, src.schoolId), eq(periodSchemes.yearId, year.id)))
    .orderBy(asc(periodSchemes.name), asc(periods.ordinal)));
  return zip.table('periods.csv', ['Схема', 'Вид схемы', '№', 'Период', 'Начало', 'Конец'],
    rows.map((r) => [r.scheme, r.kind, r.ordinal, r.name, r.startsOn, r.endsOn]));
}

export async function writeClasses(zip: ZipWriter, src: ArchiveSource, year: Year): Promise<number> {
  const rows = await src.read((tx) => tx.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, letter: schoolClasses.letter, shift: schoolClasses.shift,
    scheme: periodSchemes.name, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
  }).from(schoolClasses)
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, schoolClasses.schoolId), eq(periodSchemes.id, schoolClasses.schemeId)))
    .leftJoin(staff, and(eq(staff.schoolId, schoolClasses.schoolId), eq(staff.id, schoolClasses.classTeacherId)))
    .where(and(eq(schoolClasses.schoolId, src.schoolId), eq(schoolClasses.yearId, year.id)))
    .orderBy(sql`${schoolClasses.grade} nulls last`, asc(schoolClasses.name)));
  return zip.table('classes.csv', ['ID класса', 'Класс', 'Параллель', 'Литера', 'Смена', 'Учебные периоды', 'Классный руководитель'],
    rows.map((r) => [r.id, r.name, r.grade, r.letter, r.shift, r.scheme, r.lastName ? fullName({ ...r, lastName: r.lastName, firstName: r.firstName ?? '' }) : null]));
}

/** The stays in the year's classes that touch the year, with the students and the orders that opened and closed them. */
async function staysOf(src: ArchiveSource, year: Year, classIds: string[]) {
  if (classIds.length === 0) return [];
  return src.read((tx) => tx.select({
    classId: classMemberships.classId, studentId: classMemberships.studentId, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn,
    endKind: classMemberships.endKind, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
    sex: students.sex, birthDate: students.birthDate, fileNo: students.personalFileNo,
    startNo: startOrder.number, startDate: startOrder.date, endNo: endOrder.number, endDate: endOrder.date,
  }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .leftJoin(startItem, and(eq(startItem.schoolId, classMemberships.schoolId), eq(startItem.id, classMemberships.startItemId)))
    .leftJoin(startOrder, and(eq(startOrder.schoolId, startItem.schoolId), eq(startOrder.id, startItem.orderId)))
    .leftJoin(endItem, and(eq(endItem.schoolId, classMemberships.schoolId), eq(endItem.id, classMemberships.endItemId)))
    .leftJoin(endOrder, and(eq(endOrder.schoolId, endItem.schoolId), eq(endOrder.id, endItem.orderId)))
    .where(and(eq(classMemberships.schoolId, src.schoolId), inArray(classMemberships.classId, classIds),
      lte(classMemberships.startsOn, year.endsOn), or(isNull(classMemberships.endsOn), sql`${classMemberships.endsOn} > ${year.startsOn}`)))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName), asc(classMemberships.startsOn)));
}

/** students.csv, class-memberships.csv and class-lists.csv; returns the number of students. */
export async function writeContingentOfYear(zip: ZipWriter, src: ArchiveSource, year: Year, classes: readonly ArchiveClass[]): Promise<number> {
  const stays = await staysOf(src, year, classes.map((c) => c.id));
  const seen = new Set<string>();
  const people = stays.filter((s) => !seen.has(s.studentId) && seen.add(s.studentId));
  await zip.table('students.csv', ['ID обучающегося', 'Фамилия', 'Имя', 'Отчество', 'Пол', 'Дата рождения', '№ личного дела'],
    people.map((s) => [s.studentId, s.lastName, s.firstName, s.middleName, s.sex, s.birthDate, s.fileNo]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const order = (no: string | null, date: string | null) => (no && date ? `№ ${no} от ${date}` : null);
  await zip.table('class-memberships.csv', [
    'Класс', 'ID обучающегося', 'Обучающийся', 'В классе с', 'Первый день вне класса', 'Чем закончилось', 'Приказ о прибытии', 'Приказ о выбытии',
  ], stays.map((s) => [
    className.get(s.classId), s.studentId, fullName(s), s.startsOn, s.endsOn, kindTitle(s.endKind),
    order(s.startNo, s.startDate), order(s.endNo, s.endDate),
  ]));
  await zip.table('class-lists.csv', ['Класс', 'На дату', '№', 'ID обучающегося', 'Обучающийся'], classLists(stays, year, classes));
  return people.length;
}

/** Each class's list on each date it changed, in the students' order (by name). */
function* classLists(stays: ReadonlyArray<ClassStay & { classId: string; lastName: string; firstName: string; middleName: string | null }>,
  year: Year, classes: readonly ArchiveClass[]) {
  const name = new Map(stays.map((s) => [s.studentId, fullName(s)]));
  for (const c of classes) {
    const own = stays.filter((s) => s.classId === c.id);
    for (const date of changeDates(own, year)) {
      const ids = inClassOn(own, date);
      for (const [i, id] of ids.entries()) yield [c.name, date, i + 1, id, name.get(id) ?? ''];
    }
  }
}
