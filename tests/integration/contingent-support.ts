// Helpers shared by the contingent tests: multi-value form posts, a next academic year, reading the stored history.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { classMemberships, orders } from '../../src/modules/contingent/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { academicYears, periodSchemes, schoolClasses } from '../../src/modules/setup/schema.ts';
import type { Client } from '../support/client.ts';

/** Posts a form whose fields may repeat (studentId=…&studentId=…); Client.post takes pairs through URLSearchParams. */
export function postPairs(c: Client, url: string, pairs: Array<[string, string]>) {
  return c.post(url, pairs as unknown as Record<string, string>);
}

/** An order form: the head, the shared fields, the students. */
export function orderPairs(fields: Record<string, string>, studentIds: string[]): Array<[string, string]> {
  return [...Object.entries(fields), ...studentIds.map((id): [string, string] => ['studentId', id])];
}

export async function schoolIdByName(db: Db, name: string): Promise<string> {
  const [row] = await db.select({ id: schools.id }).from(schools).where(eq(schools.name, name));
  return row!.id;
}

export async function classId(db: Db, schoolId: string, name: string, yearName = '2026/2027'): Promise<string> {
  const [row] = await db.select({ id: schoolClasses.id }).from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.name, name), eq(academicYears.name, yearName)));
  if (!row) throw new Error(`no class ${name} ${yearName}`);
  return row.id;
}

/** The next academic year 2027/2028 with the given classes (the admin's job; here straight into the tables). */
export async function addNextYear(db: Db, schoolId: string, classes: Array<{ name: string; grade: number; letter: string }>) {
  const [year] = await db.insert(academicYears).values({ schoolId, name: '2027/2028', startsOn: '2027-09-01', endsOn: '2028-05-31' }).returning({ id: academicYears.id });
  const [scheme] = await db.insert(periodSchemes).values({ schoolId, yearId: year!.id, name: 'Четверти', kind: 'quarters' }).returning({ id: periodSchemes.id });
  const rows = await db.insert(schoolClasses).values(classes.map((c) => ({ schoolId, yearId: year!.id, schemeId: scheme!.id, ...c })))
    .returning({ id: schoolClasses.id, name: schoolClasses.name });
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Adds a class to the school's year 2026/2027. */
export async function addClass(db: Db, schoolId: string, c: { name: string; grade: number; letter: string }): Promise<string> {
  const [year] = await db.select({ id: academicYears.id }).from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.name, '2026/2027')));
  const [scheme] = await db.select({ id: periodSchemes.id }).from(periodSchemes).where(and(eq(periodSchemes.schoolId, schoolId), eq(periodSchemes.yearId, year!.id))).limit(1);
  const [row] = await db.insert(schoolClasses).values({ schoolId, yearId: year!.id, schemeId: scheme!.id, ...c }).returning({ id: schoolClasses.id });
  return row!.id;
}

/** A new student card (as the people pages or an import would create it). */
export async function newStudent(db: Db, schoolId: string, lastName: string, firstName = 'Ольга', fileNo = `${lastName}-1`): Promise<string> {
  const [row] = await db.insert(students).values({ schoolId, lastName, firstName, sex: 'ж', birthDate: '2015-03-03', personalFileNo: fileNo }).returning({ id: students.id });
  return row!.id;
}

/** A student's stored memberships as 'class from..to kind' lines. */
export async function spans(db: Db, schoolId: string, studentId: string, classNames: Map<string, string>): Promise<string[]> {
  const rows = await db.select().from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId))).orderBy(asc(classMemberships.startsOn));
  return rows.map((m) => `${classNames.get(m.classId) ?? m.classId} ${m.startsOn}..${m.endsOn ?? ''} ${m.endKind ?? ''}`.trim());
}

export async function orderByNumber(db: Db, schoolId: string, number: string) {
  const [row] = await db.select().from(orders).where(and(eq(orders.schoolId, schoolId), eq(orders.number, number)));
  return row;
}

export async function orderCount(db: Db, schoolId: string): Promise<number> {
  return (await db.select({ id: orders.id }).from(orders).where(eq(orders.schoolId, schoolId))).length;
}

export async function auditOf(db: Db, schoolId: string, orderId: string) {
  return db.select().from(auditEvents)
    .where(and(eq(auditEvents.schoolId, schoolId), eq(auditEvents.entity, 'order'), eq(auditEvents.entityId, orderId))).orderBy(asc(auditEvents.at));
}

/** The rows of the class list table: 'number name note' per row, as a person reads them. */
export function listRows(html: string): string[] {
  const body = /<table class="ctg-list">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}
