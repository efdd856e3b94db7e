import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';

/**
 * An uploaded import file between its preview and its application: the validated rows are kept here,
 * so the admin applies exactly what the preview showed. Status 'preview' → 'applied' (once).
 */
export const importBatches = pgTable(
  'import_batches',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    /** 'staff' | 'students' */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').notNull(),
    summary: jsonb('summary').notNull(),
    /** 'preview' | 'applied' */
    status: text('status').notNull().default('preview'),
    /** The account that uploaded the file. */
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.id] }), index('import_batches_created').on(t.schoolId, t.createdAt)],
);
