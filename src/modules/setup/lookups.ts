// Small shared look-ups of the school's calendar and classes, used by many modules. Every function takes schoolId.
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { academicYears, schoolClasses } from './schema.ts';

type Q = Db | Tx;

/** The open year containing `date`, else the latest open year, else the latest year; undefined when none exists. */
export async function currentYear(db: Q, { schoolId, date }: { schoolId: string; date: string }) {
  const containing = await db.select().from(academicYears)
    .where(and(eq(academicYears.schoolId, schoolId), lte(academicYears.startsOn, date), gte(academicYears.endsOn, date)))
    .orderBy(desc(academicYears.startsOn)).limit(1);
  if (containing[0]) return containing[0];
  const latest = await db.select().from(academicYears).where(eq(academicYears.schoolId, schoolId))
    .orderBy(desc(academicYears.status), desc(academicYears.startsOn)).limit(1);
  return latest[0];
}

export async function getClass(db: Q, { schoolId, classId }: { schoolId: string; classId: string }) {
  const rows = await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId))).limit(1);
  return rows[0];
}

/** Classes of a year in the natural order: 1А, 1Б, 2А … 11Б, then college groups by name. */
export async function classesOfYear(db: Q, { schoolId, yearId }: { schoolId: string; yearId: string }) {
  return db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}

/** The classes this staff member leads (class teacher) in a year. */
export async function classesLedBy(db: Q, { schoolId, staffId, yearId }: { schoolId: string; staffId: string; yearId: string }) {
  return db.select().from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId), eq(schoolClasses.classTeacherId, staffId)))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
}
