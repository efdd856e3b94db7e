// Guardians (родители, законные представители) and their links to students, many-to-many — every change audited.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { insertConsent } from '../consents/queries.ts';
import type { GuardianInput } from './forms.ts';
import { LIST_LIMIT, nameSearch, studentsInClassesQuery } from './queries.ts';
import { diff, type Relation } from './rules.ts';
import { guardians, studentGuardians, students } from './schema.ts';

/** Guardians by name; with `scope`, only those of the students in these classes on that date. */
export async function searchGuardians(db: Db, { schoolId, q, scope, limit = LIST_LIMIT }: {
  schoolId: string; q: string; scope?: { classIds: string[]; date: string } | undefined; limit?: number;
}) {
  if (scope && scope.classIds.length === 0) return [];
  const inScope = scope
    ? inArray(guardians.id, db.select({ id: studentGuardians.guardianId }).from(studentGuardians)
      .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.studentId, studentsInClassesQuery(db, schoolId, scope.classIds, scope.date)))))
    : undefined;
  return db.select({
    id: guardians.id, lastName: guardians.lastName, firstName: guardians.firstName, middleName: guardians.middleName,
    phone: guardians.phone, email: guardians.email,
  }).from(guardians)
    .where(and(eq(guardians.schoolId, schoolId), nameSearch(q, guardians), inScope))
    .orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.middleName))
    .limit(limit + 1);
}

/** The children of these guardians, with their class today (id and name; null when not in a class). */
export async function childrenOf(db: Db, { schoolId, guardianIds, today }: { schoolId: string; guardianIds: string[]; today: string }) {
  if (guardianIds.length === 0) return [];
  const current = (col: 'id' | 'name') => sql.raw(`c.${col}`);
  const classOf = (col: 'id' | 'name') => sql<string | null>`(select ${current(col)} from class_memberships m join classes c on c.school_id = m.school_id and c.id = m.class_id
      where m.school_id = students.school_id and m.student_id = students.id and m.starts_on <= ${today}
      and (m.ends_on is null or m.ends_on > ${today}) order by m.starts_on desc limit 1)`;
  return db.select({
    guardianId: studentGuardians.guardianId, relation: studentGuardians.relation,
    id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName,
    classId: classOf('id'), className: classOf('name'),
  }).from(studentGuardians)
    .innerJoin(students, and(eq(students.schoolId, studentGuardians.schoolId), eq(students.id, studentGuardians.studentId)))
    .where(and(eq(studentGuardians.schoolId, schoolId), inArray(studentGuardians.guardianId, guardianIds)))
    .orderBy(asc(students.lastName), asc(students.firstName));
}

export async function getGuardian(db: Db, { schoolId, id }: { schoolId: string; id: string }) {
  const rows = await db.select().from(guardians).where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, id))).limit(1);
  return rows[0];
}

export async function getLink(db: Db, { schoolId, studentId, guardianId }: { schoolId: string; studentId: string; guardianId: string }) {
  const rows = await db.select().from(studentGuardians)
    .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId))).limit(1);
  return rows[0];
}

const linkId = (studentId: string, guardianId: string) => `${studentId}:${guardianId}`;

/** A new guardian card, linked to the student with a relation, in one transaction. */
export async function createGuardianFor(
  db: Db, ctx: AuditContext, studentId: string, input: GuardianInput & { relation: Relation },
  consent: { givenOn: string; document: string; purposes: string[] } | null = null,
): Promise<string> {
  const { relation, ...card } = input;
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.insert(guardians).values({ schoolId: ctx.schoolId, ...card }).returning({ id: guardians.id });
    const guardianId = row!.id;
    await tx.insert(studentGuardians).values({ schoolId: ctx.schoolId, studentId, guardianId, relation });
    await writeAudit(tx, ctx,
      { entity: 'guardian', entityId: guardianId, action: 'create', newValue: card },
      { entity: 'student_guardian', entityId: linkId(studentId, guardianId), action: 'link', newValue: { studentId, guardianId, relation } });
    // The consent the new guardian signed (for their own data), recorded with the card so its contacts may be kept.
    if (consent) {
      await insertConsent(tx, ctx, { kind: 'guardian', id: guardianId }, { ...consent, givenByGuardianId: null, studentCosigned: false });
    }
    return guardianId;
  });
}

/** Links an existing guardian (or changes the relation of an existing link). false: it was already so. */
export async function linkGuardian(db: Db, ctx: AuditContext, { studentId, guardianId, relation }: { studentId: string; guardianId: string; relation: Relation }): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const key = and(eq(studentGuardians.schoolId, ctx.schoolId), eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId));
    const [before] = await tx.select().from(studentGuardians).where(key).for('update');
    if (before?.relation === relation) return false;
    if (before) await tx.update(studentGuardians).set({ relation }).where(key);
    else await tx.insert(studentGuardians).values({ schoolId: ctx.schoolId, studentId, guardianId, relation });
    await writeAudit(tx, ctx, {
      entity: 'student_guardian', entityId: linkId(studentId, guardianId), action: before ? 'update' : 'link',
      oldValue: before ? { studentId, guardianId, relation: before.relation } : null, newValue: { studentId, guardianId, relation },
    });
    return true;
  });
}

export async function unlinkGuardian(db: Db, ctx: AuditContext, { studentId, guardianId }: { studentId: string; guardianId: string }): Promise<boolean> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const gone = await tx.delete(studentGuardians)
      .where(and(eq(studentGuardians.schoolId, ctx.schoolId), eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
      .returning();
    const before = gone[0];
    if (!before) return false;
    await writeAudit(tx, ctx, {
      entity: 'student_guardian', entityId: linkId(studentId, guardianId), action: 'unlink', oldValue: { studentId, guardianId, relation: before.relation },
    });
    return true;
  });
}

export async function updateGuardian(db: Db, ctx: AuditContext, id: string, input: GuardianInput): Promise<boolean | undefined> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [before] = await tx.select().from(guardians).where(and(eq(guardians.schoolId, ctx.schoolId), eq(guardians.id, id))).for('update');
    if (!before) return undefined;
    const change = diff(before, input);
    if (!change) return false;
    await tx.update(guardians).set({ ...change.new, updatedAt: new Date() }).where(and(eq(guardians.schoolId, ctx.schoolId), eq(guardians.id, id)));
    await writeAudit(tx, ctx, { entity: 'guardian', entityId: id, action: 'update', oldValue: change.old, newValue: change.new });
    return true;
  });
}
