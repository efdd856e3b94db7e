import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A school is a tenant. Global table. */
export const schools = pgTable('schools', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  address: text('address'),
  /** Staff sessions end after this many idle minutes (school setting, default 30). */
  staffIdleMinutes: integer('staff_idle_minutes').notNull().default(30),
  /** Staff sessions end after this many hours whatever the activity. */
  staffMaxHours: integer('staff_max_hours').notNull().default(12),
  /** Parents and students: idle limit in days. */
  familyIdleDays: integer('family_idle_days').notNull().default(14),
  /** Parents and students: absolute limit in days. */
  familyMaxDays: integer('family_max_days').notNull().default(60),
  /** Whether the school collects phones, e-mails and addresses of students and guardians [001 §5.8]. */
  collectContacts: boolean('collect_contacts').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});
