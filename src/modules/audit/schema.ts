import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';

/**
 * Tenant, append-only: every change to school data (who, role, when in UTC, request id, IP,
 * old value, new value, reason). The application never updates or deletes these rows.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    actorAccountId: uuid('actor_account_id'),
    actorRole: text('actor_role'),
    requestId: text('request_id'),
    ip: text('ip'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    index('audit_events_entity').on(t.schoolId, t.entity, t.entityId),
    index('audit_events_actor_at').on(t.schoolId, t.actorAccountId, t.at),
  ],
);
