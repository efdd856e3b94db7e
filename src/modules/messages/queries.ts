// Reading messages: whom a parent may write to about a child, the actor's threads with unread counts, one thread with
// its messages. Every query takes the school and the actor's sides (guardian card, staff card): a thread outside them
// is never read.
import { and, arrayOverlaps, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { accounts, memberships } from '../accounts/schema.ts';
import { classMemberships } from '../contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../curriculum/schema.ts';
import { guardians, staff, studentGuardians, students } from '../people/schema.ts';
import { schoolClasses, subjects } from '../setup/schema.ts';
import { fullName, sortRecipients, type MessageSides, type Recipient, type Side } from './rules.ts';
import { messageReads, messages, messageThreads } from './schema.ts';

type Q = Db | Tx;

/** starts_on <= date < ends_on (or open). */
const activeOn = (t: { startsOn: AnyPgColumn; endsOn: AnyPgColumn }, date: string) => and(lte(t.startsOn, date), or(isNull(t.endsOn), gt(t.endsOn, date)));

/**
 * The staff members a parent may write to about a child on a date: the teachers of the groups the child is in (the
 * whole-class groups of the child's class, the subgroups and other groups the child is a member of) and the class
 * teacher — only those with an active account as a teacher (someone must be able to read it). Empty when the child is
 * in no class that day.
 */
export async function recipientsFor(db: Q, { schoolId, studentId, date, exclude }: { schoolId: string; studentId: string; date: string; exclude?: string | null }): Promise<Recipient[]> {
  const [cls] = await db.select({ classId: classMemberships.classId, classTeacherId: schoolClasses.classTeacherId }).from(classMemberships)
    .innerJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId), activeOn(classMemberships, date))).limit(1);
  if (!cls) return [];
  const memberOf = db.select({ id: groupMembers.groupId }).from(groupMembers)
    .where(and(eq(groupMembers.schoolId, schoolId), eq(groupMembers.studentId, studentId), activeOn(groupMembers, date)));
  const teaching = await db.select({ staffId: groupTeachers.staffId, subject: subjects.name }).from(teachingGroups)
    .innerJoin(groupTeachers, and(eq(groupTeachers.schoolId, teachingGroups.schoolId), eq(groupTeachers.groupId, teachingGroups.id), activeOn(groupTeachers, date)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(teachingGroups.schoolId, schoolId),
      or(and(eq(teachingGroups.kind, 'class'), eq(teachingGroups.classId, cls.classId)), inArray(teachingGroups.id, memberOf))));
  const ids = [...new Set([...teaching.map((t) => t.staffId), ...(cls.classTeacherId ? [cls.classTeacherId] : [])])].filter((id) => id !== exclude);
  if (ids.length === 0) return [];
  const people = await db.select({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName }).from(staff)
    .innerJoin(memberships, and(eq(memberships.schoolId, staff.schoolId), eq(memberships.staffId, staff.id), isNull(memberships.disabledAt),
      arrayOverlaps(memberships.roles, ['teacher', 'classTeacher'])))
    .innerJoin(accounts, and(eq(accounts.id, memberships.accountId), isNull(accounts.disabledAt)))
    .where(and(eq(staff.schoolId, schoolId), inArray(staff.id, ids)));
  return sortRecipients(people.map((p) => ({
    staffId: p.id, name: fullName(p), classTeacher: p.id === cls.classTeacherId,
    subjects: [...new Set(teaching.filter((t) => t.staffId === p.id).map((t) => t.subject))].sort((a, b) => a.localeCompare(b, 'ru')),
  })));
}

/** The side the actor is in each thread, as SQL (a parent who is also a teacher of the school has both). */
function sideSql(me: MessageSides): SQL<Side> {
  if (me.guardianId && me.staffId) return sql<Side>`case when ${messageThreads.guardianId} = ${me.guardianId} then 'guardian' else 'staff' end`;
  return me.guardianId ? sql<Side>`'guardian'` : sql<Side>`'staff'`;
}

/**
 * The threads of the actor: theirs as the guardian — while they are still the child's guardian (an unlinked parent no
 * longer reads threads about the child) — or addressed to their staff card.
 */
function mine(schoolId: string, me: MessageSides): SQL | undefined {
  const stillGuardian = sql`exists (select 1 from student_guardians sg where sg.school_id = ${messageThreads.schoolId}
    and sg.student_id = ${messageThreads.studentId} and sg.guardian_id = ${messageThreads.guardianId})`;
  const sides = [me.guardianId ? and(eq(messageThreads.guardianId, me.guardianId), stillGuardian) : undefined, me.staffId ? eq(messageThreads.staffId, me.staffId) : undefined]
    .filter((c): c is SQL => c !== undefined);
  return and(eq(messageThreads.schoolId, schoolId), sides.length ? or(...sides) : sql`false`);
}

/** The other side's messages after this side last read the thread. */
function unreadSql(side: SQL<Side>): SQL<number> {
  return sql<number>`(select count(*)::int from messages m where m.school_id = ${messageThreads.schoolId} and m.thread_id = ${messageThreads.id}
    and m.author_side <> ${side} and m.created_at > coalesce((select r.read_at from message_reads r where r.school_id = ${messageThreads.schoolId}
      and r.thread_id = ${messageThreads.id} and r.side = ${side}), '-infinity'::timestamptz))`;
}

export type ThreadRow = {
  id: string; subject: string; lastMessageAt: Date; side: Side; unread: number;
  studentId: string; studentName: string; className: string | null;
  guardianId: string; guardianName: string; relation: string | null; staffId: string; staffName: string;
};

async function threads(db: Q, { schoolId, me, date, where }: { schoolId: string; me: MessageSides; date: string; where?: SQL }): Promise<ThreadRow[]> {
  const side = sideSql(me);
  const rows = await db.select({
    id: messageThreads.id, subject: messageThreads.subject, lastMessageAt: messageThreads.lastMessageAt, side,
    unread: unreadSql(side).mapWith(Number),
    studentId: students.id, sLast: students.lastName, sFirst: students.firstName, className: schoolClasses.name,
    guardianId: guardians.id, gLast: guardians.lastName, gFirst: guardians.firstName, gMiddle: guardians.middleName, relation: studentGuardians.relation,
    staffId: staff.id, tLast: staff.lastName, tFirst: staff.firstName, tMiddle: staff.middleName,
  }).from(messageThreads)
    .innerJoin(students, and(eq(students.schoolId, messageThreads.schoolId), eq(students.id, messageThreads.studentId)))
    .innerJoin(guardians, and(eq(guardians.schoolId, messageThreads.schoolId), eq(guardians.id, messageThreads.guardianId)))
    .innerJoin(staff, and(eq(staff.schoolId, messageThreads.schoolId), eq(staff.id, messageThreads.staffId)))
    .leftJoin(studentGuardians, and(eq(studentGuardians.schoolId, messageThreads.schoolId), eq(studentGuardians.studentId, messageThreads.studentId),
      eq(studentGuardians.guardianId, messageThreads.guardianId)))
    .leftJoin(classMemberships, and(eq(classMemberships.schoolId, messageThreads.schoolId), eq(classMemberships.studentId, messageThreads.studentId),
      activeOn(classMemberships, date)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, classMemberships.schoolId), eq(schoolClasses.id, classMemberships.classId)))
    .where(and(mine(schoolId, me), where))
    .orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id));
  return rows.map((r) => ({
    id: r.id, subject: r.subject, lastMessageAt: r.lastMessageAt, side: r.side, unread: r.unread,
    studentId: r.studentId, studentName: `${r.sLast} ${r.sFirst}`, className: r.className,
    guardianId: r.guardianId, guardianName: fullName({ lastName: r.gLast, firstName: r.gFirst, middleName: r.gMiddle }), relation: r.relation,
    staffId: r.staffId, staffName: fullName({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle }),
  }));
}

/** The actor's threads, newest first, each with the child, both sides and the actor's unread count. */
export const listThreads = (db: Q, a: { schoolId: string; me: MessageSides; date: string }) => threads(db, a);

/** One thread of the actor; undefined for a malformed id, another family's thread, another school's. */
export async function threadOf(db: Q, a: { schoolId: string; me: MessageSides; date: string; threadId: string }): Promise<ThreadRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.threadId)) return undefined;
  return (await threads(db, { ...a, where: eq(messageThreads.id, a.threadId) }))[0];
}

/** The actor's unread messages over all their threads (the home page and the list heading). */
export async function unreadTotal(db: Q, { schoolId, me }: { schoolId: string; me: MessageSides }): Promise<number> {
  if (!me.guardianId && !me.staffId) return 0;
  const [row] = await db.select({ n: sql<number>`coalesce(sum(${unreadSql(sideSql(me))}), 0)::int`.mapWith(Number) }).from(messageThreads).where(mine(schoolId, me));
  return row?.n ?? 0;
}

/**
 * A guardian's unread messages in the threads about one child, as a scalar subquery: the diary's «что нового» reads it in
 * its own statement. The caller has checked that the guardian is the child's (diaryChildOf).
 */
export function childUnreadSql(k: { schoolId: string; guardianId: string; studentId: string }): SQL<number> {
  return sql<number>`(select coalesce(sum(${unreadSql(sql<Side>`'guardian'`)}), 0)::int from ${messageThreads}
    where ${messageThreads.schoolId} = ${k.schoolId} and ${messageThreads.guardianId} = ${k.guardianId} and ${messageThreads.studentId} = ${k.studentId})`;
}

export type MessageRow = { id: string; authorSide: Side; body: string; createdAt: Date };

export async function threadMessages(db: Q, { schoolId, threadId }: { schoolId: string; threadId: string }): Promise<MessageRow[]> {
  const rows = await db.select({ id: messages.id, authorSide: messages.authorSide, body: messages.body, createdAt: messages.createdAt }).from(messages)
    .where(and(eq(messages.schoolId, schoolId), eq(messages.threadId, threadId))).orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((r) => ({ ...r, authorSide: r.authorSide as Side }));
}

/** Until when this side has read the thread (null: never). */
export async function readAtOf(db: Q, { schoolId, threadId, side }: { schoolId: string; threadId: string; side: Side }): Promise<Date | null> {
  const [row] = await db.select({ readAt: messageReads.readAt }).from(messageReads)
    .where(and(eq(messageReads.schoolId, schoolId), eq(messageReads.threadId, threadId), eq(messageReads.side, side)));
  return row?.readAt ?? null;
}
