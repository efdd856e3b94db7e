// Writing messages: a new thread with its first message, a reply, and "read up to here". Messages are append-only:
// never edited or deleted by the application, so no audit rows (the messages themselves are the record).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import type { Side } from './rules.ts';
import { messages, messageThreads } from './schema.ts';

/** Marks the thread read for a side up to a message (its exact created_at, never moving back). */
async function readUpTo(tx: Tx, { schoolId, threadId, side, messageId }: { schoolId: string; threadId: string; side: Side; messageId: string }): Promise<void> {
  await tx.execute(sql`insert into message_reads (school_id, thread_id, side, read_at)
    select m.school_id, m.thread_id, ${side}, m.created_at from messages m
    where m.school_id = ${schoolId} and m.thread_id = ${threadId} and m.id = ${messageId}
    on conflict (school_id, thread_id, side) do update set read_at = greatest(message_reads.read_at, excluded.read_at)`);
}

export type NewThread = {
  schoolId: string; studentId: string; guardianId: string; staffId: string; subject: string; body: string; accountId: string;
};

/** The thread and its first message in one transaction; the parent has read their own message. Returns the thread id. */
export async function createThread(db: Db, t: NewThread): Promise<string> {
  return withSchool(db, t.schoolId, async (tx) => {
    const [thread] = await tx.insert(messageThreads).values({
      schoolId: t.schoolId, studentId: t.studentId, guardianId: t.guardianId, staffId: t.staffId, subject: t.subject,
    }).returning({ id: messageThreads.id });
    const threadId = thread!.id;
    const [message] = await tx.insert(messages).values({ schoolId: t.schoolId, threadId, authorSide: 'guardian', authorAccountId: t.accountId, body: t.body })
      .returning({ id: messages.id });
    await readUpTo(tx, { schoolId: t.schoolId, threadId, side: 'guardian', messageId: message!.id });
    return threadId;
  });
}

/** A reply: the message, the thread's last message time, and the author's side has read up to it. */
export async function addMessage(db: Db, m: { schoolId: string; threadId: string; side: Side; accountId: string; body: string }): Promise<void> {
  await withSchool(db, m.schoolId, async (tx) => {
    const [message] = await tx.insert(messages).values({ schoolId: m.schoolId, threadId: m.threadId, authorSide: m.side, authorAccountId: m.accountId, body: m.body })
      .returning({ id: messages.id });
    await tx.update(messageThreads).set({ lastMessageAt: sql`greatest(${messageThreads.lastMessageAt}, now())` })
      .where(and(eq(messageThreads.schoolId, m.schoolId), eq(messageThreads.id, m.threadId)));
    await readUpTo(tx, { schoolId: m.schoolId, threadId: m.threadId, side: m.side, messageId: message!.id });
  });
}

/** The side has read the thread up to the newest message it was shown. */
export async function markRead(db: Db, r: { schoolId: string; threadId: string; side: Side; messageId: string }): Promise<void> {
  await withSchool(db, r.schoolId, (tx) => readUpTo(tx, r));
}
