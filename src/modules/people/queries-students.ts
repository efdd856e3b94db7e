// Student cards: list (with the class today), read (guardians, class history, account), create, update — audited.
import { isUniqueViolation } from '../../db/faults.ts';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { classMemberships } from '../contingent/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import type { StudentInput } from './forms.ts';
import { linkedAccount, LIST_LIMIT, nameSearch } from './queries.ts';
import { byRelation, diff } from './rules.ts';
import { guardians, studentGuardians, students } from './schema.ts';

export async function listStudents(db: Db, { schoolId, q, classId, today }: { schoolId: string; q: string; classId?: string | undefined; today: string }) {
  const inClass = classId
    ? sql`exists (select 1 from class_memberships m where m.school_id = students.school_id and m.student_id = students.id
        and m.class_id = ${classId} and m.starts_on <= ${today} and (m.ends_on is null or m.ends_on > ${today}))`
    : undefined;
  return db.select({
    id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
    sex: students.sex, birthDate: students.birthDate, personalFileNo: students.personalFileNo,
    currentClass: sql<string | null>`(select c.name from class_memberships m join classes c on c.school_id = m.school_id and c.id = m.class_id
      where m.school_id = students.school_id and m.student_id = students.id and m.starts_on <= ${today}
      and (m.ends_on is null or m.ends_on > ${today}) order by m.starts_on desc limit 1)`,
    everEnrolled: sql<boolean>`exists (select 1 from class_memberships m where m.school_id = students.school_id
      and m.student_id = students.id and m.starts_on <= ${today})`,
  }).from(students)
    .where(and(eq(students.schoolId, schoolId), nameSearch(q, students), inClass))
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.middleName))
    .limit(LIST_LIMIT + 1);
}

export async function getStudent(db: Db | Tx, { schoolId, id }: { schoolId: string; id: string }) {
  const rows = await db.select().from(students).where(and(eq(students.schoolId, schoolId), eq(students.id, id))).limit(1);
  return rows[0];
}

export async function guardiansOf(db: Db, { schoolId, studentId }: { schoolId: string; studentId: string }) {
  const rows = await db.select({
    id: guardians.id, lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
    phone: guardians.phone, email: guardians.email, relation: studentGuardians.relation,
  }).from(studentGuardians)
    .innerJoin(guardians, and(eq(guardians.schoolId, studentGuardians.schoolId), eq(guardians.id, studentGuardians.guardianId)))
    .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.studentId, studentId)));
  return rows.sort(byRelation);
}

/** The student's class history (from the contingent book), oldest first. */
export async function classHistory(db: Db, { schoolId, studentId }: { schoolId: string; studentId: string }) {
  return db.select({
    classId: schoolClasses.id, className: schoolClasses.name, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn, endKind: classMemberships.endKind,
  }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId)))
    .orderBy(asc(classMemberships.startsOn));
}

export async function studentCard(db: Db, { schoolId, id }: { schoolId: string; id: string }) {
  const card = await getStudent(db, { schoolId, id });
  if (!card) return undefined;
  const [family, history, account] = await Promise.all([
    guardiansOf(db, { schoolId, studentId: id }),
    classHistory(db, { schoolId, studentId: id }),
    linkedAccount(db, { schoolId, studentId: id }),
  ]);
  return { card, guardians: family, history, account };
}

export class DuplicateFileNoError extends Error {}

async function fileNoTaken(tx: Tx, schoolId: string, fileNo: string | null, exceptId?: string) {
  if (!fileNo) return false;
  const rows = await tx.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.personalFileNo, fileNo), exceptId ? ne(students.id, exceptId) : undefined)).limit(1);
  return rows.length > 0;
}

async function mapFileNoViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'students_file_no')) throw new DuplicateFileNoError();
    throw err;
  }
}

export async function createStudent(db: Db, ctx: AuditContext, input: StudentInput): Promise<string> {
  return mapFileNoViolation(() => withSchool(db, ctx.schoolId, async (tx) => {
    if (await fileNoTaken(tx, ctx.schoolId, input.personalFileNo)) throw new DuplicateFileNoError();
    const [row] = await tx.insert(students).values({ schoolId: ctx.schoolId, ...input }).returning({ id: students.id });
    await writeAudit(tx, ctx, { entity: 'student', entityId: row!.id, action: 'create', newValue: input });
    return row!.id;
  }));
}

/** Updates the fields given (contacts are absent when the school does not collect them). false: nothing changed. */
export async function updateStudent(db: Db, ctx: AuditContext, id: string, input: StudentInput): Promise<boolean | undefined> {
  return mapFileNoViolation(() => withSchool(db, ctx.schoolId, async (tx) => {
    const [before] = await tx.select().from(students).where(and(eq(students.schoolId, ctx.schoolId), eq(students.id, id))).for('update');
    if (!before) return undefined;
    const change = diff(before, input);
    if (!change) return false;
    if (await fileNoTaken(tx, ctx.schoolId, input.personalFileNo, id)) throw new DuplicateFileNoError();
    await tx.update(students).set({ ...change.new, updatedAt: new Date() }).where(and(eq(students.schoolId, ctx.schoolId), eq(students.id, id)));
    await writeAudit(tx, ctx, { entity: 'student', entityId: id, action: 'update', oldValue: change.old, newValue: change.new });
    return true;
  }));
}
