import { sql } from 'drizzle-orm';
import { boolean, check, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';

/**
 * A school's kind of work a mark is given for (ответ на уроке, контрольная работа…), with its weight in the
 * weighted average. is_control: counted by the control-work limits. A type used by marks is archived, never deleted.
 */
export const workTypes = pgTable(
  'work_types',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** For the grid's column headers: at most 6 characters (Отв, ДЗ, КР). */
    shortName: text('short_name').notNull(),
    weight: numeric('weight', { precision: 3, scale: 1 }).notNull().default('1.0'),
    isControl: boolean('is_control').notNull().default(false),
    ordinal: integer('ordinal').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    unique('work_types_name').on(t.schoolId, t.name),
    check('work_types_weight', sql`${t.weight} >= 0.5 and ${t.weight} <= 5`),
  ],
);
