// A class's list as of a date, from the membership history (contingent book), with each student's guardians.
import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { classMemberships } from '../contingent/schema.ts';
import { byName, byRelation, classListAsOf } from './rules.ts';
import { guardians, studentGuardians, students } from './schema.ts';

export async function classListOn(db: Db, { schoolId, classId, date }: { schoolId: string; classId: string; date: string }) {
  const rows = await db.select({
    studentId: classMemberships.studentId, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn,
  }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, classId), lte(classMemberships.startsOn, date)));
  const entries = classListAsOf(rows, date);
  const ids = entries.map((e) => e.studentId);
  if (ids.length === 0) return [];
  const [cards, family] = await Promise.all([
    db.select({
      id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
      sex: students.sex, birthDate: students.birthDate, personalFileNo: students.personalFileNo, phone: students.phone, email: students.email,
    }).from(students).where(and(eq(students.schoolId, schoolId), inArray(students.id, ids))),
    db.select({
      studentId: studentGuardians.studentId, relation: studentGuardians.relation, id: guardians.id,
      lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName, phone: guardians.phone, email: guardians.email,
    }).from(studentGuardians)
      .innerJoin(guardians, and(eq(guardians.schoolId, studentGuardians.schoolId), eq(guardians.id, studentGuardians.guardianId)))
      .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.studentId, ids))),
  ]);
  const status = new Map(entries.map((e) => [e.studentId, e]));
  return cards.sort(byName).map((s) => ({
    ...s,
    status: status.get(s.id)!.status,
    leftOn: status.get(s.id)!.leftOn,
    guardians: family.filter((g) => g.studentId === s.id).sort(byRelation),
  }));
}
