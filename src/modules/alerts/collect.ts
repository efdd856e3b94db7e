// Pending journal events → deliveries: each event finds the guardians who chose that kind for the child (a lesson's
// homework: every child of the lesson's roster; a teacher's answer: the thread's own guardian), events are grouped per
// (guardian, child, lesson or thread, kind) so a burst of marks is one alert, and each alert gets one delivery per
// browser (push) and per address (e-mail), due at once or at 07:00 after quiet hours. One school transaction. Only a
// guardian whose consent covers «уведомления семье» is alerted (152-ФЗ).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { guardianConsentedSql } from '../consents/queries.ts';
import { groupRosterOn } from '../curriculum/membership.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { messageThreads } from '../messages/schema.ts';
import { students } from '../people/schema.ts';
import { lessons } from '../schedule/schema.ts';
import { subjects } from '../setup/schema.ts';
import { alertText, groupEvents, sendableAt, type Recipient } from './rules.ts';
import { alertDeliveries, alertEvents, alertPrefs, pushSubscriptions, type AlertKind } from './schema.ts';

const BATCH = 500;
const FLAG = { mark: alertPrefs.marks, absence: alertPrefs.absences, homework: alertPrefs.homework, message: alertPrefs.messages } as const;
type Pref = typeof alertPrefs.$inferSelect;
type Item = Recipient & { pref: Pref; lessonId: string | null; threadId: string | null };
type Event = typeof alertEvents.$inferSelect;

async function prefsFor(tx: Tx, schoolId: string, kind: AlertKind, studentIds: string[], guardianId?: string): Promise<Pref[]> {
  if (studentIds.length === 0) return [];
  return tx.select().from(alertPrefs).where(and(eq(alertPrefs.schoolId, schoolId), inArray(alertPrefs.studentId, studentIds), eq(FLAG[kind], true),
    guardianId ? eq(alertPrefs.guardianId, guardianId) : undefined,
    guardianConsentedSql(alertPrefs.schoolId, alertPrefs.guardianId, 'alerts')));
}

/** The guardians (with their choice) an event reaches. */
async function recipientsOf(tx: Tx, e: Event): Promise<Item[]> {
  const item = (pref: Pref): Item => ({ guardianId: pref.guardianId, studentId: pref.studentId, kind: e.kind, about: e.lessonId ?? e.threadId ?? '', pref, lessonId: e.lessonId, threadId: e.threadId });
  if (e.kind === 'message') {
    const [thread] = await tx.select({ studentId: messageThreads.studentId, guardianId: messageThreads.guardianId }).from(messageThreads)
      .where(and(eq(messageThreads.schoolId, e.schoolId), eq(messageThreads.id, e.threadId!)));
    return thread ? (await prefsFor(tx, e.schoolId, 'message', [thread.studentId], thread.guardianId)).map(item) : [];
  }
  if (e.studentId) return (await prefsFor(tx, e.schoolId, e.kind, [e.studentId])).map(item);
  const [lesson] = await tx.select({ groupId: lessons.groupId, date: lessons.date }).from(lessons).where(and(eq(lessons.schoolId, e.schoolId), eq(lessons.id, e.lessonId!)));
  if (!lesson) return [];
  const roster = await groupRosterOn(tx, { schoolId: e.schoolId, groupId: lesson.groupId, date: lesson.date });
  return (await prefsFor(tx, e.schoolId, e.kind, roster.map((r) => r.studentId))).map(item);
}

async function subjectOf(tx: Tx, schoolId: string, lessonId: string | null): Promise<string | null> {
  if (!lessonId) return null;
  const [row] = await tx.select({ name: subjects.name }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId)));
  return row?.name ?? null;
}

async function firstNameOf(tx: Tx, schoolId: string, studentId: string): Promise<string> {
  const [row] = await tx.select({ first: students.firstName }).from(students).where(and(eq(students.schoolId, schoolId), eq(students.id, studentId)));
  return row?.first ?? '';
}

/** Turns a school's pending events into deliveries; returns how many alerts (groups) were made. */
export async function collectSchool(db: Db, school: { id: string; timeZone: string }, at: Date): Promise<number> {
  return withSchool(db, school.id, async (tx) => {
    const events = await tx.select().from(alertEvents).where(and(eq(alertEvents.schoolId, school.id), eq(alertEvents.status, 'pending')))
      .orderBy(asc(alertEvents.createdAt)).limit(BATCH).for('update', { skipLocked: true });
    if (events.length === 0) return 0;
    const items = (await Promise.all(events.map((e) => recipientsOf(tx, e)))).flat();
    const notBefore = sendableAt(at, school.timeZone);
    const rows: Array<typeof alertDeliveries.$inferInsert> = [];
    for (const g of groupEvents(items)) {
      const { pref, kind, studentId, guardianId, lessonId, threadId } = g.first;
      const url = kind === 'message' ? `/messages/${threadId}` : `/diary/${studentId}`;
      const text = alertText({ kind, firstName: await firstNameOf(tx, school.id, studentId), subject: await subjectOf(tx, school.id, lessonId), count: g.count, url });
      const base = { schoolId: school.id, guardianId, studentId, kind, notBefore, ...text };
      if (pref.byPush) {
        const subs = await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions)
          .where(and(eq(pushSubscriptions.schoolId, school.id), eq(pushSubscriptions.guardianId, guardianId)));
        for (const s of subs) rows.push({ ...base, channel: 'push', subscriptionId: s.id });
      }
      if (pref.byEmail && pref.email) rows.push({ ...base, channel: 'email', email: pref.email });
    }
    if (rows.length > 0) await tx.insert(alertDeliveries).values(rows);
    await tx.update(alertEvents).set({ status: 'done' })
      .where(and(eq(alertEvents.schoolId, school.id), inArray(alertEvents.id, events.map((e) => e.id))));
    return groupEvents(items).length;
  });
}
