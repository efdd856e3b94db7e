import { sql } from 'drizzle-orm';
import { date, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import { students } from '../people/schema.ts';

/**
 * An order (приказ) of the contingent book. Posted orders are never edited: a correction is a new order,
 * or a cancellation (status 'cancelled' with a reason, by a cancelling order), both audited.
 */
export const orders = pgTable(
  'orders',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    number: text('number').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** enrolment | withdrawal | transfer | promotion | conditional_promotion | repeat_year | graduation | class_formation | family_education */
    kind: text('kind').notNull(),
    title: text('title'),
    /** 'posted' | 'cancelled' */
    status: text('status').notNull().default('posted'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.id] }), unique('orders_number').on(t.schoolId, t.number, t.date)],
);

/** One student's movement in an order. */
export const orderItems = pgTable(
  'order_items',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    studentId: uuid('student_id').notNull(),
    fromClassId: uuid('from_class_id'),
    /** The class entered; null when the kind closes, or for a promotion / repeat year awaiting placement (placement.ts). */
    toClassId: uuid('to_class_id'),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** Reason, or where the student goes (school, city). */
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.orderId], foreignColumns: [orders.schoolId, orders.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    foreignKey({ columns: [t.schoolId, t.fromClassId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }),
    foreignKey({ columns: [t.schoolId, t.toClassId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }),
    index('order_items_student').on(t.schoolId, t.studentId),
  ],
);

/**
 * Class membership history, derived from the posted orders (rebuilt for a student whenever one of
 * their orders is posted or cancelled). In the class from `startsOn` (inclusive) until `endsOn` (exclusive; null = still).
 */
export const classMemberships = pgTable(
  'class_memberships',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    studentId: uuid('student_id').notNull(),
    classId: uuid('class_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    /** Why the membership ended: withdrawal | transfer | promotion | … (the order kind), null while current. */
    endKind: text('end_kind'),
    startItemId: uuid('start_item_id'),
    endItemId: uuid('end_item_id'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    foreignKey({ columns: [t.schoolId, t.classId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }),
    index('class_memberships_class').on(t.schoolId, t.classId, t.startsOn),
    index('class_memberships_student').on(t.schoolId, t.studentId),
  ],
);
