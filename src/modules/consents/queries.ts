// Consents on file: a person's history, what is covered today, statuses for a list; recording and withdrawing (with the
// erasure of what no consent covers any more), every act audited in its own transaction.
import { and, arrayContains, desc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { accounts } from '../accounts/schema.ts';
import { alertPrefs, pushSubscriptions } from '../alerts/schema.ts';
import { writeAudit, type AuditContext } from '../audit/queries.ts';
import { digestSubscriptions } from '../diary/schema.ts';
import { guardians, students } from '../people/schema.ts';
import {
  consentStatus, coveredPurposes, NO_CONSENT_FOR_CONTACTS, OPTIONAL_DATA, PURPOSES, refusedContacts, STATUS_LABELS, toErase,
  type ConsentInput, type ConsentStatus, type ContactField, type OptionalData, type Purpose, type WithdrawalInput,
} from './rules.ts';
import { pdConsents } from './schema.ts';

type Q = Db | Tx;
export type Subject = { kind: 'student'; id: string } | { kind: 'guardian'; id: string };

const ofSubject = (s: Subject) => (s.kind === 'student' ? eq(pdConsents.studentId, s.id) : eq(pdConsents.guardianId, s.id));
export const subjectKey = (s: Subject) => `${s.kind}:${s.id}`;

/** The person's consents, newest first, with the representative's name and who recorded / withdrew each. */
export async function consentHistory(db: Q, schoolId: string, subject: Subject) {
  const signer = alias(guardians, 'signer');
  const recorder = alias(accounts, 'recorder');
  const withdrawer = alias(accounts, 'withdrawer');
  return db.select({
    id: pdConsents.id, givenOn: pdConsents.givenOn, purposes: pdConsents.purposes, document: pdConsents.document,
    givenByGuardianId: pdConsents.givenByGuardianId, studentCosigned: pdConsents.studentCosigned,
    signerLastName: signer.lastName, signerFirstName: signer.firstName, signerMiddleName: signer.middleName,
    withdrawnOn: pdConsents.withdrawnOn, withdrawalDocument: pdConsents.withdrawalDocument, withdrawalReason: pdConsents.withdrawalReason,
    erased: pdConsents.erased, recordedBy: recorder.login, withdrawnBy: withdrawer.login, createdAt: pdConsents.createdAt,
    withdrawnAt: pdConsents.withdrawnAt,
  }).from(pdConsents)
    .leftJoin(signer, and(eq(signer.schoolId, pdConsents.schoolId), eq(signer.id, pdConsents.givenByGuardianId)))
    .leftJoin(recorder, eq(recorder.id, pdConsents.recordedBy))
    .leftJoin(withdrawer, eq(withdrawer.id, pdConsents.withdrawnBy))
    .where(and(eq(pdConsents.schoolId, schoolId), ofSubject(subject)))
    .orderBy(desc(pdConsents.givenOn), desc(pdConsents.createdAt));
}
export type ConsentRow = Awaited<ReturnType<typeof consentHistory>>[number];

/** The purposes the person's current consents cover today. */
export async function coveredFor(db: Q, schoolId: string, subject: Subject, today: string): Promise<Set<Purpose>> {
  const rows = await db.select({ givenOn: pdConsents.givenOn, purposes: pdConsents.purposes, withdrawnOn: pdConsents.withdrawnOn })
    .from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), ofSubject(subject), isNull(pdConsents.withdrawnOn)));
  return coveredPurposes(rows, today);
}

/** The status of one person's consents today, for their card. */
export async function consentSummary(db: Q, schoolId: string, subject: Subject, today: string) {
  const rows = await db.select({ givenOn: pdConsents.givenOn, purposes: pdConsents.purposes, withdrawnOn: pdConsents.withdrawnOn })
    .from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), ofSubject(subject)));
  const status = consentStatus(rows, today);
  return { status, label: STATUS_LABELS[status], purposes: [...coveredPurposes(rows, today)].map((p) => PURPOSES[p]) };
}

/** The consent status of many students and guardians at once (for a class list). */
export async function statusesOf(db: Q, schoolId: string, ids: { students: string[]; guardians: string[] }, today: string) {
  const out = new Map<string, ConsentStatus>();
  if (ids.students.length + ids.guardians.length === 0) return out;
  const rows = await db.select({
    studentId: pdConsents.studentId, guardianId: pdConsents.guardianId, givenOn: pdConsents.givenOn, purposes: pdConsents.purposes,
    withdrawnOn: pdConsents.withdrawnOn,
  }).from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), or(
    ids.students.length ? inArray(pdConsents.studentId, ids.students) : undefined,
    ids.guardians.length ? inArray(pdConsents.guardianId, ids.guardians) : undefined,
  )));
  for (const id of [...ids.students, ...ids.guardians]) {
    out.set(id, consentStatus(rows.filter((r) => r.studentId === id || r.guardianId === id), today));
  }
  return out;
}

/**
 * A condition for a query over rows of a guardian (alert settings, the digest's subscriptions): a current consent of theirs
 * covers `purpose`. Alerts and the weekly digest go only to families with the «уведомления семье» purpose on file.
 */
export function guardianConsentedSql(schoolId: AnyPgColumn, guardianId: AnyPgColumn, purpose: Purpose): SQL {
  return sql`exists (select 1 from pd_consents c where c.school_id = ${schoolId} and c.guardian_id = ${guardianId}
    and c.withdrawn_on is null and ${purpose} = any(c.purposes))`;
}

/** Whether the guardian's current consents cover this purpose today. */
export async function guardianConsented(db: Q, schoolId: string, guardianId: string, purpose: Purpose, today: string): Promise<boolean> {
  return (await coveredFor(db, schoolId, { kind: 'guardian', id: guardianId }, today)).has(purpose);
}

/** The message a family sees when alerts or the digest are refused for want of a consent. */
export const NO_CONSENT_FOR_ALERTS = 'Уведомления и сводка на почту приходят только при согласии на обработку персональных данных '
  + 'с целью «уведомления семье». Его оформляет секретарь школы по вашему заявлению.';

/** The guardians of the school whose current consents cover this purpose today. */
export async function guardiansConsentedTo(db: Q, schoolId: string, purpose: Purpose, today: string): Promise<Set<string>> {
  const rows = await db.select({ id: pdConsents.guardianId }).from(pdConsents)
    .where(and(eq(pdConsents.schoolId, schoolId), isNotNull(pdConsents.guardianId), isNull(pdConsents.withdrawnOn),
      lte(pdConsents.givenOn, today), arrayContains(pdConsents.purposes, [purpose])));
  return new Set(rows.map((r) => r.id!));
}

/** Records a new consent (never changes an old one), with its audit row. */
export async function recordConsent(db: Db, ctx: AuditContext, subject: Subject, input: ConsentInput): Promise<string> {
  return withSchool(db, ctx.schoolId, (tx) => insertConsent(tx, ctx, subject, input));
}

/** The insert of a consent and its audit row, in the caller's transaction (a new guardian's card brings one along). */
export async function insertConsent(tx: Tx, ctx: AuditContext, subject: Subject, input: ConsentInput): Promise<string> {
  {
    const [row] = await tx.insert(pdConsents).values({
      schoolId: ctx.schoolId,
      studentId: subject.kind === 'student' ? subject.id : null, guardianId: subject.kind === 'guardian' ? subject.id : null,
      givenByGuardianId: input.givenByGuardianId, studentCosigned: input.studentCosigned, givenOn: input.givenOn,
      purposes: input.purposes, document: input.document.trim(), recordedBy: ctx.accountId,
    }).returning({ id: pdConsents.id });
    await writeAudit(tx, ctx, {
      entity: 'pd_consent', entityId: row!.id, action: 'record',
      newValue: { subject: subjectKey(subject), givenOn: input.givenOn, purposes: input.purposes, document: input.document.trim(),
        givenByGuardianId: input.givenByGuardianId, studentCosigned: input.studentCosigned },
    });
    return row!.id;
  }
}

export async function getConsent(db: Q, schoolId: string, subject: Subject, id: string) {
  const [row] = await db.select().from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), ofSubject(subject), eq(pdConsents.id, id)));
  return row;
}

/** The optional data the person has now (what a withdrawal could erase). */
export async function presentData(tx: Q, schoolId: string, subject: Subject): Promise<Set<OptionalData>> {
  const out = new Set<OptionalData>();
  const card = subject.kind === 'student'
    ? (await tx.select({ phone: students.phone, email: students.email, address: students.address }).from(students)
      .where(and(eq(students.schoolId, schoolId), eq(students.id, subject.id))))[0]
    : (await tx.select({ phone: guardians.phone, email: guardians.email, address: guardians.address }).from(guardians)
      .where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, subject.id))))[0];
  for (const f of ['phone', 'email', 'address'] as const) if (card?.[f]) out.add(f);
  const prefsOf = subject.kind === 'student' ? eq(alertPrefs.studentId, subject.id) : eq(alertPrefs.guardianId, subject.id);
  const prefs = await tx.select({ s: alertPrefs.studentId }).from(alertPrefs)
    .where(and(eq(alertPrefs.schoolId, schoolId), prefsOf)).limit(1);
  if (prefs.length) out.add('alertPrefs');
  if (subject.kind === 'guardian') {
    const subs = await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.schoolId, schoolId), eq(pushSubscriptions.guardianId, subject.id))).limit(1);
    if (subs.length) out.add('pushSubscriptions');
    const digest = await tx.select({ g: digestSubscriptions.guardianId }).from(digestSubscriptions)
      .where(and(eq(digestSubscriptions.schoolId, schoolId), eq(digestSubscriptions.guardianId, subject.id))).limit(1);
    if (digest.length) out.add('digestSubscription');
  }
  return out;
}

/** Erases these optional data of the person (card fields to null, alert rows deleted). */
async function erase(tx: Tx, schoolId: string, subject: Subject, what: OptionalData[]): Promise<void> {
  const fields = Object.fromEntries(what.filter((k) => k === 'phone' || k === 'email' || k === 'address').map((k) => [k, null]));
  if (Object.keys(fields).length) {
    const set = { ...fields, updatedAt: new Date() };
    if (subject.kind === 'student') {
      await tx.update(students).set(set).where(and(eq(students.schoolId, schoolId), eq(students.id, subject.id)));
    } else {
      await tx.update(guardians).set(set).where(and(eq(guardians.schoolId, schoolId), eq(guardians.id, subject.id)));
    }
  }
  if (what.includes('alertPrefs')) {
    const prefsOf = subject.kind === 'student' ? eq(alertPrefs.studentId, subject.id) : eq(alertPrefs.guardianId, subject.id);
    await tx.delete(alertPrefs).where(and(eq(alertPrefs.schoolId, schoolId), prefsOf));
  }
  if (subject.kind !== 'guardian') return;
  if (what.includes('pushSubscriptions')) {
    await tx.delete(pushSubscriptions).where(and(eq(pushSubscriptions.schoolId, schoolId), eq(pushSubscriptions.guardianId, subject.id)));
  }
  if (what.includes('digestSubscription')) {
    await tx.delete(digestSubscriptions)
      .where(and(eq(digestSubscriptions.schoolId, schoolId), eq(digestSubscriptions.guardianId, subject.id)));
  }
}

/** What withdrawing this consent would erase (for the confirmation). */
export async function wouldErase(db: Q, schoolId: string, subject: Subject, consentId: string, today: string): Promise<OptionalData[]> {
  const rows = await db.select({
    id: pdConsents.id, givenOn: pdConsents.givenOn, purposes: pdConsents.purposes, withdrawnOn: pdConsents.withdrawnOn,
  })
    .from(pdConsents).where(and(eq(pdConsents.schoolId, schoolId), ofSubject(subject), isNull(pdConsents.withdrawnOn)));
  const remaining = coveredPurposes(rows.filter((r) => r.id !== consentId), today);
  return toErase(remaining, await presentData(db, schoolId, subject));
}

/**
 * Withdraws a consent: fills its withdrawal fields, erases the optional data no current consent covers any more and writes
 * one audit row naming exactly what was erased (the values themselves are not copied into the audit). Returns the erased.
 */
export async function withdrawConsent(
  db: Db, ctx: AuditContext, subject: Subject, consentId: string, input: WithdrawalInput, today: string,
): Promise<OptionalData[] | undefined> {
  return withSchool(db, ctx.schoolId, async (tx) => {
    const [row] = await tx.select().from(pdConsents)
      .where(and(eq(pdConsents.schoolId, ctx.schoolId), ofSubject(subject), eq(pdConsents.id, consentId), isNull(pdConsents.withdrawnOn)))
      .for('update');
    if (!row) return undefined;
    const erased = await wouldErase(tx, ctx.schoolId, subject, consentId, today);
    await erase(tx, ctx.schoolId, subject, erased);
    const labels = erased.map((k) => OPTIONAL_DATA[k].label);
    await tx.update(pdConsents).set({
      withdrawnOn: input.withdrawnOn, withdrawalDocument: input.document.trim(), withdrawalReason: input.reason.trim() || null,
      erased: labels, withdrawnBy: ctx.accountId, withdrawnAt: new Date(),
    }).where(and(eq(pdConsents.schoolId, ctx.schoolId), eq(pdConsents.id, consentId)));
    await writeAudit(tx, ctx, {
      entity: 'pd_consent', entityId: consentId, action: 'withdraw', reason: input.reason.trim() || null,
      oldValue: { subject: subjectKey(subject), purposes: row.purposes },
      newValue: { withdrawnOn: input.withdrawnOn, document: input.document.trim(), erased },
    });
    return erased;
  });
}

/** Messages beside the contact fields the form may not save: no current consent of the person covers contacts. */
export async function contactRefusals(
  db: Q, schoolId: string, subject: Subject | null, input: Readonly<Record<string, unknown>>,
  before: Partial<Record<ContactField, string | null>> | null, today: string, message = NO_CONSENT_FOR_CONTACTS,
): Promise<Record<string, string>> {
  const covered = subject ? await coveredFor(db, schoolId, subject, today) : new Set<Purpose>();
  return Object.fromEntries(refusedContacts(input, before, covered).map((f) => [f, message]));
}
