// What the promotion page reads: a class's students at the year's end with their year marks (the summary sheet's
// assembly, so a year mark here is the one the sheet shows), the decisions already posted (order items of the decision
// kinds leaving the class), the classes of the next year for binding, and the year's classes with their progress.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classesWithCounts } from '../contingent/queries.ts';
import { orderItems, orders } from '../contingent/schema.ts';
import { cellKey, buildSheet } from '../reports/summary-sheet/sheet.ts';
import { sheetFacts, type SheetClass } from '../reports/summary-sheet/queries.ts';
import { covers } from '../reports/summary-sheet/rules.ts';
import { academicYears, schoolClasses } from '../setup/schema.ts';
import { DECISIONS, suggestDecision, type Decision, type Suggestion, type YearMark } from './promotion-rules.ts';

type Q = Db | Tx;
const toClass = alias(schoolClasses, 'to_class');

export type DecidedItem = {
  studentId: string; kind: Decision; orderId: string; orderNumber: string; orderDate: string; effectiveOn: string;
  toClass: string | null; reason: string | null;
};

/** The posted decisions (order items of the decision kinds) by which students left this class, by student. */
export async function decidedItems(db: Q, { schoolId, classId }: { schoolId: string; classId: string }): Promise<Map<string, DecidedItem>> {
  const rows = await db.select({
    studentId: orderItems.studentId, kind: orders.kind, orderId: orders.id, orderNumber: orders.number, orderDate: orders.date,
    effectiveOn: orderItems.effectiveOn, toClass: toClass.name, reason: orderItems.reason,
  })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .leftJoin(toClass, and(eq(toClass.schoolId, orderItems.schoolId), eq(toClass.id, orderItems.toClassId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.fromClassId, classId), eq(orders.status, 'posted'),
      inArray(orders.kind, [...DECISIONS])))
    .orderBy(asc(orderItems.effectiveOn), asc(orders.createdAt));
  // The latest decision counts (a student kept for a repeat year in the same class cannot leave it twice by decisions).
  return new Map(rows.map((r) => [r.studentId, { ...r, kind: r.kind as Decision }]));
}

export type PromotionRow = {
  studentId: string; name: string; marks: YearMark[]; decided: DecidedItem | null; suggestion: Suggestion;
};

/**
 * The class's rows: every student in the class on the year's last day, and those who left it by a decision before;
 * alphabetically, each with the year marks of their subjects and the suggestion. lastStudyDay: the end of the last period.
 */
export async function promotionRows(db: Q, { schoolId, cls }: { schoolId: string; cls: SheetClass }) {
  const facts = await sheetFacts(db, { schoolId, cls });
  const sheet = buildSheet(facts);
  const decided = await decidedItems(db, { schoolId, classId: cls.id });
  const present = new Set(facts.students.filter((s) => covers(s.stays, cls.yearEndsOn)).map((s) => s.id));
  const rows: PromotionRow[] = sheet.rows.filter((r) => present.has(r.studentId) || decided.has(r.studentId)).map((r) => {
    const marks = sheet.subjects.flatMap((s): YearMark[] => {
      const key = cellKey(s.id, 'year');
      if (!r.cells.has(key)) return [];
      const value = r.cells.get(key);
      return [{ subjectId: s.id, subject: s.name, short: s.shortName, value: value === null || value === undefined ? null : `${value}` }];
    });
    const suggestion = suggestDecision(cls.grade, marks);
    return { studentId: r.studentId, name: r.name, marks, decided: decided.get(r.studentId) ?? null, suggestion };
  });
  const periodEnds = facts.slots.filter((s) => s.kind === 'period').map((s) => s.to).sort();
  const subjects = sheet.subjects.map((s) => ({ short: s.shortName, name: s.name }));
  return { rows, subjects, lastStudyDay: periodEnds.at(-1) ?? cls.yearStartsOn };
}

export type NextYearClass = { id: string; name: string; grade: number | null; letter: string | null };
export type NextYear = { startsOn: string; endsOn: string; classes: NextYearClass[] };

/** The next year (the first one starting after this one ends) with its classes; null when it is not set up yet. */
export async function nextYear(db: Q, { schoolId, yearEndsOn }: { schoolId: string; yearEndsOn: string }): Promise<NextYear | null> {
  const [next] = await db.select({ id: academicYears.id, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn })
    .from(academicYears)
    .where(and(eq(academicYears.schoolId, schoolId), gt(academicYears.startsOn, yearEndsOn))).orderBy(asc(academicYears.startsOn)).limit(1);
  if (!next) return null;
  const classes = await db
    .select({ id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, letter: schoolClasses.letter })
    .from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, next.id)));
  return { startsOn: next.startsOn, endsOn: next.endsOn, classes };
}

/** The year's classes with the students in each on the year's last day and the decisions posted for each. */
export async function yearClasses(db: Q, { schoolId, year }: { schoolId: string; year: { id: string; endsOn: string } }) {
  const classes = await classesWithCounts(db, { schoolId, yearId: year.id, date: year.endsOn });
  const counts = await db.select({ classId: orderItems.fromClassId, n: sql<number>`count(distinct ${orderItems.studentId})::int` })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, orderItems.schoolId), eq(schoolClasses.id, orderItems.fromClassId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(schoolClasses.yearId, year.id), eq(orders.status, 'posted'),
      inArray(orders.kind, [...DECISIONS])))
    .groupBy(orderItems.fromClassId);
  const decided = new Map(counts.map((c) => [c.classId, Number(c.n)]));
  return classes.map((c) => ({ ...c, decided: decided.get(c.id) ?? 0 }));
}
