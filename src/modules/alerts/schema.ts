// Alerts to families (issue 17 item 3). The tables are made by migrations/0017_family_alerts.sql (with the triggers that
// fill alert_events in the same transaction as a mark, an absence, a homework or a teacher's answer).
import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.ts';
import { guardians, students } from '../people/schema.ts';

/** Deployment-wide settings: 'vapid_public_key', 'vapid_private_key' (made on first start, never replaced). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** A guardian's choice for one child: what to be alerted of, and how (push to their browsers, e-mail to an address). */
export const alertPrefs = pgTable(
  'alert_prefs',
  {
    schoolId: uuid('school_id').notNull(),
    studentId: uuid('student_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    marks: boolean('marks').notNull().default(false),
    absences: boolean('absences').notNull().default(false),
    homework: boolean('homework').notNull().default(false),
    messages: boolean('messages').notNull().default(false),
    byPush: boolean('by_push').notNull().default(false),
    byEmail: boolean('by_email').notNull().default(false),
    email: text('email'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ name: 'alert_prefs_pk', columns: [t.schoolId, t.studentId, t.guardianId] }),
    foreignKey({ name: 'alert_prefs_student_fk', columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }).onDelete('cascade'),
    foreignKey({ name: 'alert_prefs_guardian_fk', columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }).onDelete('cascade'),
  ],
);

/** A browser's PushSubscription of a parent's account on one device (endpoint and keys). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    guardianId: uuid('guardian_id').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ name: 'push_subscriptions_pk', columns: [t.schoolId, t.id] }),
    unique('push_subscriptions_endpoint').on(t.schoolId, t.endpoint),
    foreignKey({ name: 'push_subscriptions_guardian_fk', columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }).onDelete('cascade'),
    index('push_subscriptions_guardian').on(t.schoolId, t.guardianId),
  ],
);

export const ALERT_KINDS = ['mark', 'absence', 'homework', 'message'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The outbox of journal events (status 'pending' → 'done' once turned into deliveries). */
export const alertEvents = pgTable(
  'alert_events',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<AlertKind>().notNull(),
    studentId: uuid('student_id'),
    lessonId: uuid('lesson_id'),
    threadId: uuid('thread_id'),
    status: text('status').$type<'pending' | 'done'>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ name: 'alert_events_pk', columns: [t.schoolId, t.id] })],
);

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'gone';

/** One alert to one browser or one address: sent when due (quiet hours, backoff), retried on failure. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    guardianId: uuid('guardian_id').notNull(),
    studentId: uuid('student_id').notNull(),
    kind: text('kind').$type<AlertKind>().notNull(),
    channel: text('channel').$type<'push' | 'email'>().notNull(),
    subscriptionId: uuid('subscription_id'),
    email: text('email'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    url: text('url').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'alert_deliveries_pk', columns: [t.schoolId, t.id] }),
    foreignKey({ name: 'alert_deliveries_guardian_fk', columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }).onDelete('cascade'),
  ],
);
