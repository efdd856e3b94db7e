import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.ts';
import { staff, students } from '../people/schema.ts';
import { schools } from '../platform/schema.ts';

/**
 * Tenant: a private calendar link («Календарь на телефоне») — the .ics feed of one child (made by a parent, or by the
 * student themself) or of one teacher's lessons. Only the SHA-256 of the link's random token is kept: the link is shown
 * once, when made. Revoked links stay (revoked_at) for the record; a person has at most one live link per child / for
 * themself (making a new one revokes the old). The feed finds its school by the hash alone (migration 0017's
 * otmetka_calendar_feed_school), then reads everything in that school's context.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    /** Hex SHA-256 of the token in the link. */
    tokenHash: text('token_hash').notNull(),
    /** Who made it: the link works only while this account is still linked to the child / is this teacher. */
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    /** Whose calendar: a student's timetable, or a staff member's lessons (exactly one of the two). */
    studentId: uuid('student_id'),
    staffId: uuid('staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The last time a calendar app fetched the feed (kept to the nearest few minutes). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }).onDelete('cascade'),
    check('calendar_feeds_one_owner', sql`num_nonnulls(${t.studentId}, ${t.staffId}) = 1`),
    uniqueIndex('calendar_feeds_token').on(t.schoolId, t.tokenHash),
    // The public feed looks a hash up before it knows the school.
    index('calendar_feeds_token_any_school').on(t.tokenHash),
    uniqueIndex('calendar_feeds_live_student').on(t.schoolId, t.accountId, t.studentId)
      .where(sql`${t.revokedAt} is null and ${t.studentId} is not null`),
    uniqueIndex('calendar_feeds_live_staff').on(t.schoolId, t.accountId, t.staffId)
      .where(sql`${t.revokedAt} is null and ${t.staffId} is not null`),
  ],
);
