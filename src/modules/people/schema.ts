import { sql } from 'drizzle-orm';
import { date, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`);
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`);

/** A staff card (личная карта сотрудника) [001 §5.2]. Roles for access live on the membership. */
export const staff = pgTable(
  'staff',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    /** 'м' | 'ж' */
    sex: text('sex'),
    birthDate: date('birth_date', { mode: 'string' }),
    position: text('position'),
    category: text('category'),
    rank: text('rank'),
    diplomaSpecialty: text('diploma_specialty'),
    phone: text('phone'),
    email: text('email'),
    /** Stable key for re-imports (e.g. СНИЛС or the school's personnel number); optional. */
    externalId: text('external_id'),
    /** СНИЛС, 11 digits without separators; unique in the school when set (sign-in through a provider, README). */
    snils: text('snils'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    unique('staff_external').on(t.schoolId, t.externalId),
    unique('staff_snils').on(t.schoolId, t.snils),
  ],
);

/** A student card [001 §5.5]; contacts only when the school collects them [001 §5.8]. */
export const students = pgTable(
  'students',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    sex: text('sex'),
    birthDate: date('birth_date', { mode: 'string' }),
    /** Номер личного дела: unique in the school. */
    personalFileNo: text('personal_file_no'),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    snils: text('snils'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    unique('students_file_no').on(t.schoolId, t.personalFileNo),
    unique('students_snils').on(t.schoolId, t.snils),
    index('students_name').on(t.schoolId, t.lastName, t.firstName),
  ],
);

/** A parent or legal guardian (родитель, законный представитель). */
export const guardians = pgTable(
  'guardians',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    sex: text('sex'),
    birthDate: date('birth_date', { mode: 'string' }),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    snils: text('snils'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.id] }), unique('guardians_snils').on(t.schoolId, t.snils)],
);

/** Students ↔ guardians, many-to-many, with the relation (мать, отец, опекун…). */
export const studentGuardians = pgTable(
  'student_guardians',
  {
    schoolId: uuid('school_id').notNull(),
    studentId: uuid('student_id').notNull(),
    guardianId: uuid('guardian_id').notNull(),
    relation: text('relation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.studentId, t.guardianId] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.guardianId], foreignColumns: [guardians.schoolId, guardians.id] }).onDelete('cascade'),
    index('student_guardians_guardian').on(t.schoolId, t.guardianId),
  ],
);
