import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { guardians, staff, students } from '../people/schema.ts';

/**
 * A conversation between one parent (guardian) and one staff member (a teacher of the child or the class teacher) about
 * one child. Parents never write to parents; a thread is always about a child of that parent.
 */
export const messageThreads = pgTable(
  'message_threads',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    studentId: uuid('student_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    staffId: uuid('staff_id').notNull(),
    subject: text('subject').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    foreignKey({ columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }),
    index('message_threads_guardian').on(t.schoolId, t.guardianId, t.lastMessageAt),
    index('message_threads_staff').on(t.schoolId, t.staffId, t.lastMessageAt),
  ],
);

/** A message of a thread; author_side 'guardian' | 'staff'. Never edited or deleted by the application. */
export const messages = pgTable(
  'messages',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    threadId: uuid('thread_id').notNull(),
    authorSide: text('author_side').notNull(),
    authorAccountId: uuid('author_account_id'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.threadId], foreignColumns: [messageThreads.schoolId, messageThreads.id] }),
    index('messages_thread').on(t.schoolId, t.threadId, t.createdAt),
  ],
);

/** Until when a side has read a thread: unread = the other side's messages after read_at. */
export const messageReads = pgTable(
  'message_reads',
  {
    schoolId: uuid('school_id').notNull(),
    threadId: uuid('thread_id').notNull(),
    side: text('side').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.threadId, t.side] }),
    foreignKey({ columns: [t.schoolId, t.threadId], foreignColumns: [messageThreads.schoolId, messageThreads.id] }),
  ],
);
