import { sql } from 'drizzle-orm';
import { boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.ts';
import { guardians, students } from '../people/schema.ts';

/** A parent has read a week of their child's diary («Ознакомлен(а)»), with the time [000 §3.12, §4.2]. */
export const diaryAcknowledgements = pgTable(
  'diary_acknowledgements',
  {
    schoolId: uuid('school_id').notNull(),
    studentId: uuid('student_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    /** The Monday of the week. */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    accountId: uuid('account_id'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.studentId, t.guardianId, t.weekStart] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    foreignKey({ columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }),
    index('diary_ack_week').on(t.schoolId, t.weekStart),
  ],
);

/**
 * How often a family account opened a child's diary week: one counter row per account, child and week (not a row per
 * click), bumped by the diary's week page. The activity report and the «parents informed» deadline read it.
 */
export const diaryViews = pgTable(
  'diary_views',
  {
    schoolId: uuid('school_id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id').notNull(),
    /** The Monday of the week viewed. */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    views: integer('views').notNull().default(1),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.accountId, t.studentId, t.weekStart] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    index('diary_views_week').on(t.schoolId, t.weekStart),
  ],
);

/** A parent's opt-in to the weekly e-mail digest of their children's marks, absences and homework. */
export const digestSubscriptions = pgTable(
  'digest_subscriptions',
  {
    schoolId: uuid('school_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    accountId: uuid('account_id').notNull(),
    email: text('email').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.guardianId] }),
    foreignKey({ columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }),
  ],
);

/**
 * Outgoing e-mail of a school: every digest is written here first; sent over SMTP when SMTP_URL is set (sent_at, or
 * the error), otherwise kept for the admin to see.
 */
export const outbox = pgTable(
  'outbox',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    /** What the mail is about, to send it once: e.g. 'digest:<guardianId>:<weekStart>'. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    index('outbox_created').on(t.schoolId, t.createdAt),
    index('outbox_dedupe').on(t.schoolId, t.dedupeKey),
  ],
);
