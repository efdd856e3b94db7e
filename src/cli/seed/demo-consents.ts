// Demo consents to the processing of personal data (152-ФЗ): the papers the secretary took in on 1 September — each student's
// signed by their first guardian (an older student co-signed), each guardian's own — except a few families of 5А, whom the
// class teacher sees without one (their contacts are not kept), and one family whose consent was withdrawn through the app
// (audited, contacts erased).
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { withdrawConsent } from '../../modules/consents/queries.ts';
import { COSIGN_AGE, PURPOSE_KEYS, type Purpose } from '../../modules/consents/rules.ts';
import { pdConsents } from '../../modules/consents/schema.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { ageOn } from '../../modules/people/rules.ts';
import { guardians, studentGuardians, students } from '../../modules/people/schema.ts';
import { schoolClasses } from '../../modules/setup/schema.ts';
import { addDays } from '../../web/dates.ts';
import { seedAudit } from './seed-audit.ts';

const GUARDIAN_PURPOSES: Purpose[] = ['journal', 'contacts', 'alerts'];
const ruDate = (iso: string) => iso.split('-').reverse().join('.');

/** The students of a class (by name, last first) whose families are left without a consent / get one withdrawn. */
async function exceptions(tx: Tx, schoolId: string, className: string) {
  const rows = await tx.select({ id: students.id }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(schoolClasses.name, className), isNull(classMemberships.endsOn)))
    .orderBy(desc(students.lastName), desc(students.firstName)).limit(3);
  return { none: rows.slice(0, 2).map((r) => r.id), withdrawn: rows[2]?.id ?? null };
}

export async function seedDemoConsents(
  db: Db, schoolId: string, givenOn: string, today: string, opts: { withdrawIn?: string } = {},
): Promise<void> {
  const special = opts.withdrawIn
    ? await withSchool(db, schoolId, (tx) => exceptions(tx, schoolId, opts.withdrawIn!))
    : { none: [], withdrawn: null };
  await withSchool(db, schoolId, async (tx) => {
    const links = await tx.select({
      studentId: studentGuardians.studentId, guardianId: studentGuardians.guardianId, birthDate: students.birthDate,
    }).from(studentGuardians)
      .innerJoin(students, and(eq(students.schoolId, studentGuardians.schoolId), eq(students.id, studentGuardians.studentId)))
      .where(eq(studentGuardians.schoolId, schoolId)).orderBy(asc(studentGuardians.studentId), asc(studentGuardians.relation));
    const skipped = new Set(special.none);
    const families = new Set(links.filter((l) => skipped.has(l.studentId)).map((l) => l.guardianId));
    const rows: (typeof pdConsents.$inferInsert)[] = [];
    let n = 0;
    const doc = () => `Заявление № ${++n} от ${ruDate(givenOn)}`;
    const signed = new Set<string>();
    for (const l of links) {
      if (skipped.has(l.studentId) || signed.has(l.studentId)) continue;
      signed.add(l.studentId);
      const cosigned = l.birthDate !== null && ageOn(l.birthDate, givenOn) >= COSIGN_AGE;
      // Every other family leaves the publication of results out.
      const purposes = n % 2 ? PURPOSE_KEYS : PURPOSE_KEYS.filter((p) => p !== 'publication');
      rows.push({
        schoolId, studentId: l.studentId, givenByGuardianId: l.guardianId, studentCosigned: cosigned, givenOn, purposes, document: doc(),
      });
    }
    for (const g of new Set(links.map((l) => l.guardianId))) {
      if (!families.has(g)) rows.push({ schoolId, guardianId: g, givenOn, purposes: GUARDIAN_PURPOSES, document: doc() });
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insert(pdConsents).values(rows.slice(i, i + 500));
    // No consent on file: no contacts kept.
    for (const g of families) {
      await tx.update(guardians).set({ phone: null, email: null, address: null })
        .where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, g)));
    }
  });
  if (!special.withdrawn) return;
  // One family withdrew the student's and the mother's consents two weeks ago (the secretary recorded it in the app).
  const ctx = await seedAudit(db, schoolId, 'secretary');
  const withdrawnOn = addDays(today, -14) < givenOn ? givenOn : addDays(today, -14);
  const held = await withSchool(db, schoolId, (tx) => tx.select({ id: pdConsents.id, guardianId: pdConsents.givenByGuardianId })
    .from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), eq(pdConsents.studentId, special.withdrawn!))));
  const document = `Заявление об отзыве согласия от ${ruDate(withdrawnOn)}`;
  const input = { withdrawnOn, document, reason: 'семья просит не хранить контакты' };
  for (const c of held) {
    await withdrawConsent(db, ctx, { kind: 'student', id: special.withdrawn }, c.id, input, today);
    if (!c.guardianId) continue;
    const [own] = await withSchool(db, schoolId, (tx) => tx.select({ id: pdConsents.id }).from(pdConsents)
      .where(and(eq(pdConsents.schoolId, schoolId), eq(pdConsents.guardianId, c.guardianId!))));
    if (own) await withdrawConsent(db, ctx, { kind: 'guardian', id: c.guardianId }, own.id, input, today);
  }
}
