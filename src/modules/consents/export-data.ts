// A person's data on request (152-ФЗ art. 14): everything the school holds about one student or guardian, gathered for one
// file — the card, consents, family, the contingent book, marks and attendance (a student), messages written (a guardian),
// alert settings, the linked account and the audit rows about them. Reads only, in the caller's tenant transaction.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, memberships } from '../accounts/schema.ts';
import { alertPrefs, pushSubscriptions } from '../alerts/schema.ts';
import { auditEvents } from '../audit/schema.ts';
import { orderItems, orders } from '../contingent/schema.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { digestSubscriptions } from '../diary/schema.ts';
import { attendance, marks, periodMarks } from '../journal/schema.ts';
import { messages, messageThreads } from '../messages/schema.ts';
import { childrenOf, getGuardian } from '../people/queries-guardians.ts';
import { classHistory, getStudent, guardiansOf } from '../people/queries-students.ts';
import { lessons } from '../schedule/schema.ts';
import { periods, subjects } from '../setup/schema.ts';
import { consentHistory, type Subject } from './queries.ts';
import { PURPOSES } from './rules.ts';

const ymd = (d: Date | null) => (d ? d.toISOString() : null);

async function journalOf(db: Db, schoolId: string, studentId: string) {
  const subjectOfLesson = and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId));
  const subjectName = and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId));
  const lessonOrder = [asc(lessons.date), asc(lessons.lessonNumber)];
  const lesson = { date: lessons.date, lesson: lessons.lessonNumber, subject: subjects.name };
  const [markRows, absences, finals] = await Promise.all([
    db.select({ ...lesson, column: marks.columnNo, value: marks.value, comment: marks.comment })
      .from(marks).innerJoin(lessons, and(eq(lessons.schoolId, marks.schoolId), eq(lessons.id, marks.lessonId)))
      .innerJoin(teachingGroups, subjectOfLesson).innerJoin(subjects, subjectName)
      .where(and(eq(marks.schoolId, schoolId), eq(marks.studentId, studentId))).orderBy(...lessonOrder),
    db.select({ ...lesson, kind: attendance.kind, reason: attendance.reason })
      .from(attendance).innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
      .innerJoin(teachingGroups, subjectOfLesson).innerJoin(subjects, subjectName)
      .where(and(eq(attendance.schoolId, schoolId), eq(attendance.studentId, studentId))).orderBy(...lessonOrder),
    db.select({ subject: subjects.name, kind: periodMarks.kind, period: periods.name, value: periodMarks.value })
      .from(periodMarks)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, periodMarks.schoolId), eq(teachingGroups.id, periodMarks.groupId)))
      .innerJoin(subjects, subjectName)
      .leftJoin(periods, and(eq(periods.schoolId, periodMarks.schoolId), eq(periods.id, periodMarks.periodId)))
      .where(and(eq(periodMarks.schoolId, schoolId), eq(periodMarks.studentId, studentId))).orderBy(asc(subjects.name)),
  ]);
  return { marks: markRows, attendance: absences, periodMarks: finals };
}

async function ordersOf(db: Db, schoolId: string, studentId: string) {
  return db.select({
    number: orders.number, date: orders.date, kind: orders.kind, title: orders.title, status: orders.status,
    effectiveOn: orderItems.effectiveOn, reason: orderItems.reason,
  }).from(orderItems).innerJoin(orders, and(eq(orders.schoolId, orderItems.schoolId), eq(orders.id, orderItems.orderId)))
    .where(and(eq(orderItems.schoolId, schoolId), eq(orderItems.studentId, studentId))).orderBy(asc(orders.date));
}

async function accountOf(db: Db, schoolId: string, subject: Subject) {
  const link = subject.kind === 'student' ? eq(memberships.studentId, subject.id) : eq(memberships.guardianId, subject.id);
  const [row] = await db.select({ login: accounts.login, roles: memberships.roles })
    .from(memberships).innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.schoolId, schoolId), link)).limit(1);
  return row ? { login: row.login, roles: row.roles } : null;
}

/** Alert settings (about the student, or the guardian's own), the guardian's devices (no keys) and digest subscription. */
async function alertsOf(db: Db, schoolId: string, subject: Subject) {
  const prefsOf = subject.kind === 'student' ? eq(alertPrefs.studentId, subject.id) : eq(alertPrefs.guardianId, subject.id);
  const prefs = await db.select({
    studentId: alertPrefs.studentId, guardianId: alertPrefs.guardianId, marks: alertPrefs.marks, absences: alertPrefs.absences,
    homework: alertPrefs.homework, messages: alertPrefs.messages, byPush: alertPrefs.byPush, byEmail: alertPrefs.byEmail,
    email: alertPrefs.email,
  }).from(alertPrefs).where(and(eq(alertPrefs.schoolId, schoolId), prefsOf));
  if (subject.kind === 'student') return { settings: prefs };
  const [devices, digest] = await Promise.all([
    db.select({ device: pushSubscriptions.userAgent, since: pushSubscriptions.createdAt }).from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.schoolId, schoolId), eq(pushSubscriptions.guardianId, subject.id))),
    db.select({ email: digestSubscriptions.email, enabled: digestSubscriptions.enabled }).from(digestSubscriptions)
      .where(and(eq(digestSubscriptions.schoolId, schoolId), eq(digestSubscriptions.guardianId, subject.id))),
  ]);
  return { settings: prefs, pushDevices: devices.map((d) => ({ device: d.device, since: ymd(d.since) })), weeklyDigest: digest[0] ?? null };
}

async function messagesOf(db: Db, schoolId: string, guardianId: string) {
  return db.select({ thread: messageThreads.subject, at: messages.createdAt, text: messages.body })
    .from(messages).innerJoin(messageThreads, and(eq(messageThreads.schoolId, messages.schoolId), eq(messageThreads.id, messages.threadId)))
    .where(and(eq(messages.schoolId, schoolId), eq(messageThreads.guardianId, guardianId), eq(messages.authorSide, 'guardian')))
    .orderBy(asc(messages.createdAt));
}

/** The audit rows about the person: their card, links, consents and exports (what was done, by which role, when). */
async function auditOf(db: Db, schoolId: string, subject: Subject, consentIds: string[]) {
  const rows = await db.select({
    at: auditEvents.at, role: auditEvents.actorRole, entity: auditEvents.entity, action: auditEvents.action, reason: auditEvents.reason,
  }).from(auditEvents).where(and(eq(auditEvents.schoolId, schoolId), or(
      eq(auditEvents.entityId, subject.id),
      sql`${auditEvents.entityId} like ${`%${subject.id}%`} and ${auditEvents.entity} = 'student_guardian'`,
      consentIds.length ? inArray(auditEvents.entityId, consentIds) : undefined,
    ))).orderBy(asc(auditEvents.at)).limit(5000);
  return rows.map((r) => ({ ...r, at: ymd(r.at) }));
}

export type PersonData = NonNullable<Awaited<ReturnType<typeof personData>>>;

/** Everything about one person of the school; undefined when there is no such person. */
export async function personData(db: Db, schoolId: string, subject: Subject, today: string) {
  const card = subject.kind === 'student'
    ? await getStudent(db, { schoolId, id: subject.id })
    : await getGuardian(db, { schoolId, id: subject.id });
  if (!card) return undefined;
  const { schoolId: _s, createdAt, updatedAt, ...fields } = card;
  const consents = (await consentHistory(db, schoolId, subject)).map((c) => ({
    document: c.document, givenOn: c.givenOn, purposes: c.purposes.map((p) => PURPOSES[p as keyof typeof PURPOSES] ?? p),
    givenBy: c.givenByGuardianId ? [c.signerLastName, c.signerFirstName, c.signerMiddleName].filter(Boolean).join(' ') : 'сам(а)',
    studentCosigned: c.studentCosigned, withdrawnOn: c.withdrawnOn, withdrawalDocument: c.withdrawalDocument, erased: c.erased, id: c.id,
  }));
  const common = {
    card: { ...fields, createdAt: ymd(createdAt), updatedAt: ymd(updatedAt) }, consents: consents.map(({ id: _i, ...c }) => c),
    account: await accountOf(db, schoolId, subject), alerts: await alertsOf(db, schoolId, subject),
    audit: await auditOf(db, schoolId, subject, consents.map((c) => c.id)),
  };
  if (subject.kind === 'guardian') {
    const children = await childrenOf(db, { schoolId, guardianIds: [subject.id], today });
    return {
      kind: subject.kind, ...common, messages: (await messagesOf(db, schoolId, subject.id)).map((m) => ({ ...m, at: ymd(m.at) })),
      children: children.map((c) => ({
        relation: c.relation, lastName: c.lastName, firstName: c.firstName, middleName: c.middleName, className: c.className,
      })),
    };
  }
  const [family, classes, contingentOrders, journal] = await Promise.all([
    guardiansOf(db, { schoolId, studentId: subject.id }), classHistory(db, { schoolId, studentId: subject.id }),
    ordersOf(db, schoolId, subject.id), journalOf(db, schoolId, subject.id),
  ]);
  return {
    kind: subject.kind, ...common,
    guardians: family.map((g) => ({ relation: g.relation, lastName: g.lastName, firstName: g.firstName, middleName: g.middleName })),
    contingent: { classes: classes.map(({ classId: _c, ...m }) => m), orders: contingentOrders }, ...journal,
  };
}
