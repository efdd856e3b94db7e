// Consents to the processing of personal data (152-ФЗ, issue 17 item 2). Made by migrations/0020_pd_consents.sql.
import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.ts';
import { guardians, students } from '../people/schema.ts';
import { schools } from '../platform/schema.ts';

/**
 * Tenant: one consent, as the school received it on paper. Never overwritten: a new consent is a new row; a withdrawal
 * fills the withdrawal fields of its row (and `erased`: what the withdrawal erased). The subject is a student or a guardian;
 * a minor student's consent is given by one of their guardians (`given_by_guardian_id`), a student of 14+ may co-sign it.
 */
export const pdConsents = pgTable(
  'pd_consents',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    studentId: uuid('student_id'),
    guardianId: uuid('guardian_id'),
    /** The legal representative who signed for a minor student (null: the subject signed for themself). */
    givenByGuardianId: uuid('given_by_guardian_id'),
    studentCosigned: boolean('student_cosigned').notNull().default(false),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    /** Keys of PURPOSES (rules.ts). */
    purposes: text('purposes').array().notNull(),
    /** The paper, e.g. «Заявление № 12 от 01.09.2026». */
    document: text('document').notNull(),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    withdrawalDocument: text('withdrawal_document'),
    withdrawalReason: text('withdrawal_reason'),
    /** Labels of the fields the withdrawal erased. */
    erased: text('erased').array(),
    recordedBy: uuid('recorded_by').references(() => accounts.id, { onDelete: 'set null' }),
    withdrawnBy: uuid('withdrawn_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ name: 'pd_consents_student_fk', columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] })
      .onDelete('cascade'),
    foreignKey({ name: 'pd_consents_guardian_fk', columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] })
      .onDelete('cascade'),
    foreignKey({
      name: 'pd_consents_given_by_fk', columns: [t.schoolId, t.givenByGuardianId], foreignColumns: [guardians.schoolId, guardians.id],
    }).onDelete('cascade'),
    check('pd_consents_one_subject', sql`num_nonnulls(${t.studentId}, ${t.guardianId}) = 1`),
    check('pd_consents_some_purpose', sql`cardinality(${t.purposes}) > 0`),
    check('pd_consents_withdrawal', sql`(${t.withdrawnOn} is null) = (${t.withdrawnAt} is null)`),
    index('pd_consents_student').on(t.schoolId, t.studentId),
    index('pd_consents_guardian').on(t.schoolId, t.guardianId),
  ],
);
