// Reads for the import: the school's people loaded once (no per-line look-ups), and the import batches.
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { guardiansConsentedTo } from '../consents/queries.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { accounts } from '../accounts/schema.ts';
import { classMemberships, orders } from '../contingent/schema.ts';
import { guardians, staff, studentGuardians, students } from '../people/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { classesOfYear, currentYear } from '../setup/lookups.ts';
import { importBatches } from './schema.ts';
import type { ExistingStaff } from './plan-staff.ts';
import type { StudentsState } from './plan-students.ts';

type Q = Db | Tx;

export async function loadStaff(db: Q, schoolId: string): Promise<ExistingStaff[]> {
  return db.select({
    id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName, sex: staff.sex,
    birthDate: staff.birthDate, position: staff.position, category: staff.category, rank: staff.rank,
    diplomaSpecialty: staff.diplomaSpecialty, phone: staff.phone, email: staff.email, externalId: staff.externalId,
  }).from(staff).where(eq(staff.schoolId, schoolId)).orderBy(staff.createdAt, staff.id);
}

/** The current year (by the school's today) and its classes; null when the school has no year yet. */
export async function loadCurrentClasses(db: Q, schoolId: string, today: string) {
  const year = await currentYear(db, { schoolId, date: today });
  if (!year) return null;
  const classes = await classesOfYear(db, { schoolId, yearId: year.id });
  return { year, classes: classes.map((c) => ({ id: c.id, name: c.name })) };
}

export async function loadStudentsState(db: Q, schoolId: string, today: string): Promise<StudentsState & { year: { id: string; name: string; startsOn: string; endsOn: string } | null }> {
  const [current, studentRows, guardianRows, links, memberships] = await Promise.all([
    loadCurrentClasses(db, schoolId, today),
    db.select({
      id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
      sex: students.sex, birthDate: students.birthDate, personalFileNo: students.personalFileNo,
    }).from(students).where(eq(students.schoolId, schoolId)),
    db.select({
      id: guardians.id, lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
      sex: guardians.sex, phone: guardians.phone, email: guardians.email,
    }).from(guardians).where(eq(guardians.schoolId, schoolId)).orderBy(guardians.createdAt, guardians.id),
    db.select({ studentId: studentGuardians.studentId, guardianId: studentGuardians.guardianId, relation: studentGuardians.relation })
      .from(studentGuardians).where(eq(studentGuardians.schoolId, schoolId)),
    db.select({ studentId: classMemberships.studentId, classId: classMemberships.classId, className: schoolClasses.name })
      .from(classMemberships)
      .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
      .where(and(eq(classMemberships.schoolId, schoolId), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, today)))),
  ]);
  return {
    year: current?.year ?? null,
    classes: current?.classes ?? [],
    students: studentRows, guardians: guardianRows, links, memberships,
    consented: await guardiansConsentedTo(db, schoolId, 'contacts', today),
  };
}

export async function orderExists(db: Q, schoolId: string, number: string, date: string): Promise<boolean> {
  const rows = await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.schoolId, schoolId), eq(orders.number, number), eq(orders.date, date))).limit(1);
  return rows.length > 0;
}

export async function createBatch(db: Db, v: { schoolId: string; kind: string; fileName: string; rows: unknown; summary: unknown; createdBy: string }): Promise<string> {
  return withSchool(db, v.schoolId, async (tx) => {
    // Previews left unapplied for a day are dropped: they only held a file's rows until someone applied them.
    await tx.delete(importBatches).where(and(eq(importBatches.schoolId, v.schoolId), eq(importBatches.status, 'preview'),
      lt(importBatches.createdAt, sql`now() - interval '1 day'`)));
    const [row] = await tx.insert(importBatches).values(v).returning({ id: importBatches.id });
    return row!.id;
  });
}

/** A batch of this school, without its rows; undefined for another school's id. */
export async function getBatch(db: Db, schoolId: string, id: string) {
  const rows = await db.select({
    id: importBatches.id, kind: importBatches.kind, fileName: importBatches.fileName, summary: importBatches.summary,
    status: importBatches.status, createdAt: importBatches.createdAt, appliedAt: importBatches.appliedAt,
  }).from(importBatches).where(and(eq(importBatches.schoolId, schoolId), eq(importBatches.id, id))).limit(1);
  return rows[0];
}

/** The last applied imports of the school, newest first. */
export async function recentImports(db: Db, schoolId: string, limit = 10) {
  return db.select({
    id: importBatches.id, kind: importBatches.kind, fileName: importBatches.fileName, summary: importBatches.summary,
    appliedAt: importBatches.appliedAt, by: accounts.fullName,
  }).from(importBatches)
    .leftJoin(accounts, eq(accounts.id, importBatches.createdBy))
    .where(and(eq(importBatches.schoolId, schoolId), eq(importBatches.status, 'applied')))
    .orderBy(desc(importBatches.appliedAt)).limit(limit);
}
