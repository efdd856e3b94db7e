import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  /** Journal: a teacher edits a lesson's marks, attendance, topic and homework until the lesson date plus this many days [000 §5.4; 002]. */
  journalEditDays: integer('journal_edit_days').notNull().default(10),
  /** Journal: a student with fewer marks in a period than this is flagged on the period-marks page. */
  minMarksPerPeriod: integer('min_marks_per_period').notNull().default(3),
  /** Journal: how the weighted average is rounded to the suggested period mark ('half_up' | 'strict'). */
  periodRounding: text('period_rounding').notNull().default('half_up'),
  /** Journal: class teachers may set period marks for every subject of their class [001 §8.5–8.6]; off by default. */
  classTeacherPeriodMarks: boolean('class_teacher_period_marks').notNull().default(false),
  /** Journal: marks for written (control) work are due within this many days of the work [000 §5.4; 002 §2] (7–10). */
  controlMarkDays: integer('control_mark_days').notNull().default(7),
  /** Control works per quarter allowed in maths and Russian [002 §2]. */
  controlWorksMainLimit: integer('control_works_main_limit').notNull().default(2),
  /** Control works per quarter allowed in every other subject [002 §2]. */
  controlWorksOtherLimit: integer('control_works_other_limit').notNull().default(1),
  /**
   * Medal and distinction candidates (reports/medals): how many «4» among the year marks of grades 10 and 11 a candidate
   * for the medal «За особые успехи в учении» of the first / second degree may have, and among the final marks of grade 9
   * one for the аттестат с отличием. Today's rules: 0, 2, 0 (273-ФЗ ст. 34 ч. 10; Минпросвещения приказы № 730 of
   * 29.09.2023 and № 546 of 05.10.2020).
   */
  medalFirstMaxFours: integer('medal_first_max_fours').notNull().default(0),
  medalSecondMaxFours: integer('medal_second_max_fours').notNull().default(2),
  distinctionMaxFours: integer('distinction_max_fours').notNull().default(0),
  /** The school's IANA time zone: "today", edit windows, bell times, the digest's Saturday and every shown time. */
  timeZone: text('time_zone').notNull().default('Europe/Moscow'),
  /**
   * Who must log in with a second factor (TOTP): 'off' | 'leaders' (admins and deputies) | 'staff' (every staff role).
   * Parents and students are never asked. A new school gets 'leaders' in production (platform/queries.ts createSchool).
   */
  twoFactorPolicy: text('two_factor_policy').notNull().default('off'),
  /**
   * «Вход по паролю» when the deployment has identity providers: 'allowed', 'provider' (only through a provider) or
   * 'provider_except_students' (students may still use the password the school issued).
   */
  passwordLogin: text('password_login').notNull().default('allowed'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
}, (t) => [
  check('schools_two_factor_policy', sql`${t.twoFactorPolicy} in ('off', 'leaders', 'staff')`),
  check('schools_password_login', sql`${t.passwordLogin} in ('allowed', 'provider', 'provider_except_students')`),
]);
