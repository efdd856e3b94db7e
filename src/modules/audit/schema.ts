import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';

/**
 * Tenant, append-only: every change to school data (who, role, when in UTC, request id, IP,
 * old value, new value, reason). The database refuses UPDATE, DELETE and TRUNCATE to every role but the owner, and
 * chains the rows of a school: at the commit of the transaction that inserted it, a deferred trigger (migrations 0009,
 * 0022) numbers each new row (`seq`) and stores the previous row's hash and its own, SHA-256 over the previous hash and
 * the row's content — `npm run cli -- audit verify` walks the chain.
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
    /**
     * 1, 2, 3… within the school, set at commit. Until then (seen only by the inserting transaction) a pending negative
     * number, and `hash` ''. The triggers always set both; the defaults only let an insert omit them.
     */
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    /** Hex SHA-256 of the previous row of the school (null for the first), and of this row — set by the trigger. */
    prevHash: text('prev_hash'),
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    uniqueIndex('audit_events_chain').on(t.schoolId, t.seq),
    index('audit_events_entity').on(t.schoolId, t.entity, t.entityId),
    index('audit_events_actor_at').on(t.schoolId, t.actorAccountId, t.at),
    // The deadlines report: the mark entries of the control month (reports/deadlines/queries-lessons.ts).
    index('audit_events_entity_at').on(t.schoolId, t.entity, t.at),
  ],
);
