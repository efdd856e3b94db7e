// Reads of the contingent book: orders, movements, class lists as of a date, a student's history. Every function takes schoolId.
import { and, asc, desc, eq, gt, gte, ilike, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { students } from '../people/schema.ts';
import { academicYears, schoolClasses } from '../setup/schema.ts';
import { classMemberships, orderItems, orders } from './schema.ts';
import { isInClassOn, leftNote, type ClassFact, type Movement, type OrderKind } from './rules.ts';

type Q = Db | Tx;

const fromClass = alias(schoolClasses, 'from_class');
const toClass = alias(schoolClasses, 'to_class');

/** The one definition of "in the class on a date": started on or before it, not yet ended (ends_on is exclusive). */
export const inClassOn = (date: string) =>
  and(lte(classMemberships.startsOn, date), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, date)));

export const studentName = sql<string>`concat_ws(' ', ${students.lastName}, ${students.firstName}, ${students.middleName})`;
const byRu = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru');

/** Every class of the school with its year: the facts the order rules need (and the class pickers). */
export async function schoolClassFacts(db: Q, { schoolId }: { schoolId: string }) {
  const rows = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, yearId: schoolClasses.yearId,
    classTeacherId: schoolClasses.classTeacherId, yearName: academicYears.name, yearStartsOn: academicYears.startsOn,
    yearEndsOn: academicYears.endsOn, yearStatus: academicYears.status,
  })
    .from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(eq(schoolClasses.schoolId, schoolId))
    .orderBy(asc(academicYears.startsOn), asc(schoolClasses.grade), asc(schoolClasses.name));
  return new Map<string, ClassFact & { classTeacherId: string | null; yearStatus: string }>(rows.map((r) => [r.id, r]));
}

/** The posted movements of these students, for the fold. */
export async function movementsOf(db: Q, { schoolId, studentIds }: { schoolId: string; studentIds: string[] }): Promise<Movement[]> {
  if (studentIds.length === 0) return [];
  const rows = await db.select({
    itemId: orderItems.id, orderId: orders.id, orderNumber: orders.number, orderDate: orders.date, createdAt: orders.createdAt,
    kind: orders.kind, studentId: orderItems.studentId, fromClassId: orderItems.fromClassId, toClassId: orderItems.toClassId,
    effectiveOn: orderItems.effectiveOn,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .where(and(eq(orderItems.schoolId, schoolId), inArray(orderItems.studentId, studentIds), eq(orders.status, 'posted')));
  return rows.map(({ createdAt, kind, ...r }) => ({ ...r, kind: kind as OrderKind, orderCreatedAt: new Date(createdAt).getTime() }));
}

export async function studentNames(db: Q, { schoolId, ids }: { schoolId: string; ids: string[] }): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: students.id, name: studentName }).from(students)
    .where(and(eq(students.schoolId, schoolId), inArray(students.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type BookFilter = { kind?: OrderKind | undefined; from?: string | undefined; to?: string | undefined };

/** The orders, newest first, with the number of students in each. */
export async function listOrders(db: Q, { schoolId, kind, from, to }: { schoolId: string } & BookFilter) {
  const where = [eq(orders.schoolId, schoolId), kind && eq(orders.kind, kind), from && gte(orders.date, from), to && lte(orders.date, to)];
  return db.select({
    id: orders.id, number: orders.number, date: orders.date, kind: orders.kind, title: orders.title, status: orders.status,
    students: sql<number>`count(${orderItems.id})::int`,
  })
    .from(orders)
    .leftJoin(orderItems, and(eq(orderItems.schoolId, orders.schoolId), eq(orderItems.orderId, orders.id)))
    .where(and(...where.filter((w): w is SQL => !!w)))
    .groupBy(orders.schoolId, orders.id)
    .orderBy(desc(orders.date), desc(orders.createdAt))
    .limit(500);
}

export const BOOK_PAGE = 200;

/** Every movement of the posted orders, chronologically (by effective date), a page at a time. */
export async function listMovements(db: Q, { schoolId, kind, from, to, page }: { schoolId: string; page: number } & BookFilter) {
  const where = and(...[
    eq(orderItems.schoolId, schoolId), eq(orders.status, 'posted'),
    kind && eq(orders.kind, kind), from && gte(orderItems.effectiveOn, from), to && lte(orderItems.effectiveOn, to),
  ].filter((w): w is SQL => !!w));
  const base = db.select({
    itemId: orderItems.id, effectiveOn: orderItems.effectiveOn, studentId: orderItems.studentId, studentName,
    fromClass: fromClass.name, fromGrade: fromClass.grade, toClass: toClass.name, reason: orderItems.reason,
    kind: orders.kind, orderId: orders.id, orderNumber: orders.number, orderDate: orders.date,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .innerJoin(students, and(eq(students.schoolId, orderItems.schoolId), eq(students.id, orderItems.studentId)))
    .leftJoin(fromClass, and(eq(fromClass.schoolId, orderItems.schoolId), eq(fromClass.id, orderItems.fromClassId)))
    .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
    .where(where);
  // Sequential, not Promise.all: `db` may be a transaction (one connection).
  const rows = await base.orderBy(asc(orderItems.effectiveOn), asc(orders.createdAt), asc(students.lastName), asc(students.firstName))
    .limit(BOOK_PAGE).offset((page - 1) * BOOK_PAGE);
  const total = await db.select({ n: sql<number>`count(*)::int` }).from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId))).where(where);
  return { rows, total: Number(total[0]?.n ?? 0) };
}

/** One order of this school with its items, or undefined. */
export async function getOrder(db: Q, { schoolId, orderId }: { schoolId: string; orderId: string }) {
  const [order] = await db.select().from(orders).where(and(eq(orders.schoolId, schoolId), eq(orders.id, orderId))).limit(1);
  if (!order) return undefined;
  const items = await db.select({
    id: orderItems.id, studentId: orderItems.studentId, studentName, personalFileNo: students.personalFileNo,
    fromClassId: orderItems.fromClassId, fromClass: fromClass.name, fromGrade: fromClass.grade, toClassId: orderItems.toClassId,
    toClass: toClass.name, effectiveOn: orderItems.effectiveOn, reason: orderItems.reason,
  })
    .from(orderItems)
    .innerJoin(students, and(eq(students.schoolId, orderItems.schoolId), eq(students.id, orderItems.studentId)))
    .leftJoin(fromClass, and(eq(fromClass.schoolId, orderItems.schoolId), eq(fromClass.id, orderItems.fromClassId)))
    .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.orderId, orderId)))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName));
  return { ...order, kind: order.kind as OrderKind, items };
}

export type ClassListEntry = {
  studentId: string; name: string; personalFileNo: string | null; sex: string | null; startsOn: string;
};
export type LeftEntry = ClassListEntry & { endsOn: string; endKind: string | null; note: string };
export type ClassList = {
  class: { id: string; name: string; grade: number | null; classTeacherId: string | null; yearName: string; yearStartsOn: string; yearEndsOn: string };
  date: string;
  /** In the class on the date, alphabetically; `number` is the row number of the list. */
  present: Array<ClassListEntry & { number: number }>;
  /** Left the class earlier in the same academic year (and not back in it on the date), by the date they left. */
  left: LeftEntry[];
};

/**
 * The class list as of a date, from the membership history: who is in the class that day, and who left it
 * earlier in the same academic year with how and when. Students joining later are not listed. undefined: no such class.
 */
export async function classListOn(db: Q, { schoolId, classId, date }: { schoolId: string; classId: string; date: string }): Promise<ClassList | undefined> {
  const [cls] = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, classTeacherId: schoolClasses.classTeacherId,
    yearName: academicYears.name, yearStartsOn: academicYears.startsOn, yearEndsOn: academicYears.endsOn,
  })
    .from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId))).limit(1);
  if (!cls) return undefined;
  const rows = await db.select({
    studentId: classMemberships.studentId, name: studentName, personalFileNo: students.personalFileNo, sex: students.sex,
    startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn, endKind: classMemberships.endKind,
    toClassName: toClass.name, reason: orderItems.reason,
  })
    .from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .leftJoin(orderItems, and(eq(orderItems.schoolId, classMemberships.schoolId), eq(orderItems.id, classMemberships.endItemId)))
    .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), lte(classMemberships.startsOn, date)));
  const entry = (r: (typeof rows)[number]): ClassListEntry => ({ studentId: r.studentId, name: r.name, personalFileNo: r.personalFileNo, sex: r.sex, startsOn: r.startsOn });
  const presentRows = rows.filter((r) => isInClassOn(r, date));
  const presentIds = new Set(presentRows.map((r) => r.studentId));
  const latestLeft = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    if (presentIds.has(r.studentId) || r.endsOn === null || r.endsOn > date || r.endsOn < cls.yearStartsOn) continue;
    const prev = latestLeft.get(r.studentId);
    if (!prev || prev.endsOn! < r.endsOn) latestLeft.set(r.studentId, r);
  }
  return {
    class: cls,
    date,
    present: presentRows.map(entry).sort(byRu).map((e, i) => ({ ...e, number: i + 1 })),
    left: [...latestLeft.values()].map((r) => ({ ...entry(r), endsOn: r.endsOn!, endKind: r.endKind, note: leftNote(r) }))
      .sort((a, b) => (a.endsOn === b.endsOn ? byRu(a, b) : a.endsOn < b.endsOn ? -1 : 1)),
  };
}

/** The classes of a year with the number of students in each on a date (optionally only those a class teacher leads). */
export async function classesWithCounts(db: Q, { schoolId, yearId, date, classTeacherId }: { schoolId: string; yearId: string; date: string; classTeacherId?: string }) {
  return db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, students: sql<number>`count(${classMemberships.studentId})::int`,
  })
    .from(schoolClasses)
    .leftJoin(classMemberships, and(eq(classMemberships.schoolId, schoolClasses.schoolId), eq(classMemberships.classId, schoolClasses.id), inClassOn(date)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId),
      classTeacherId ? eq(schoolClasses.classTeacherId, classTeacherId) : undefined))
    .groupBy(schoolClasses.schoolId, schoolClasses.id)
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}

/** A student card with every item of every order about them (cancelled ones too) and their memberships. */
export async function studentHistory(db: Q, { schoolId, studentId }: { schoolId: string; studentId: string }) {
  const [student] = await db.select({ id: students.id, name: studentName, personalFileNo: students.personalFileNo, birthDate: students.birthDate, sex: students.sex })
    .from(students).where(and(eq(students.schoolId, schoolId), eq(students.id, studentId))).limit(1);
  if (!student) return undefined;
  const items = await db.select({
    itemId: orderItems.id, effectiveOn: orderItems.effectiveOn, fromClass: fromClass.name, fromGrade: fromClass.grade, toClass: toClass.name,
    reason: orderItems.reason, orderId: orders.id, orderNumber: orders.number, orderDate: orders.date, kind: orders.kind, status: orders.status,
    cancelReason: orders.cancelReason, cancelledAt: orders.cancelledAt,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .leftJoin(fromClass, and(eq(fromClass.schoolId, orderItems.schoolId), eq(fromClass.id, orderItems.fromClassId)))
    .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.studentId, studentId)))
    .orderBy(asc(orderItems.effectiveOn), asc(orders.createdAt));
  const memberships = await db.select({
    classId: classMemberships.classId, className: schoolClasses.name, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn,
    endKind: classMemberships.endKind,
  })
    .from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId)))
    .orderBy(asc(classMemberships.startsOn));
  return { student, items, memberships };
}

/** Every word of the query matches the name or the personal file number. */
function studentSearch(q: string): SQL | undefined {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  if (!words.length) return undefined;
  return and(...words.map((w) => ilike(sql`concat_ws(' ', ${students.lastName}, ${students.firstName}, ${students.middleName}, ${students.personalFileNo})`,
    `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)));
}

export const PICK_LIMIT = 100;

/**
 * Student cards for the order forms, with the class each is in on the date: matching a search, in one class,
 * and/or (withoutClass) only those in no class that day, or these ids.
 */
export async function findStudents(db: Q, { schoolId, q, date, classId, withoutClass, inAClass, ids }: {
  schoolId: string; q: string; date: string; classId?: string | undefined; withoutClass?: boolean; inAClass?: boolean; ids?: string[];
}) {
  const current = db.select({ studentId: classMemberships.studentId, classId: classMemberships.classId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), inClassOn(date))).as('current');
  const rows = await db.select({
    id: students.id, name: studentName, personalFileNo: students.personalFileNo, birthDate: students.birthDate,
    classId: current.classId, className: schoolClasses.name,
  })
    .from(students)
    .leftJoin(current, eq(current.studentId, students.id))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, students.schoolId), eq(schoolClasses.id, current.classId)))
    .where(and(
      eq(students.schoolId, schoolId), studentSearch(q), ids ? inArray(students.id, ids) : undefined,
      classId ? eq(current.classId, classId) : undefined,
      withoutClass ? isNull(current.studentId) : undefined,
      inAClass ? isNotNull(current.studentId) : undefined,
    ))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName))
    .limit(PICK_LIMIT + 1);
  return { rows: rows.slice(0, PICK_LIMIT), more: rows.length > PICK_LIMIT };
}
