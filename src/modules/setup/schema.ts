import { sql } from 'drizzle-orm';
import {
  date, foreignKey, index, integer, pgTable, primaryKey, text, time, timestamp, unique, uuid,
} from 'drizzle-orm/pg-core';
import { schools } from '../platform/schema.ts';
import { staff } from '../people/schema.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`);

/** Academic year (учебный год), e.g. 2026/2027: 1 Sep – 31 May (or the school's dates). */
export const academicYears = pgTable(
  'academic_years',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** 'open' | 'closed': a closed year is read-only (the database refuses writes to its rows; migration 0014). */
    status: text('status').notNull().default('open'),
    /** When the admin closed the year (null while open; the reason and any override are in the audit trail). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The year this one was rolled over from (the rollover's idempotency key). */
    previousYearId: uuid('previous_year_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    unique('academic_years_name').on(t.schoolId, t.name),
    foreignKey({ columns: [t.schoolId, t.previousYearId], foreignColumns: [t.schoolId, t.id] }),
    unique('academic_years_previous').on(t.schoolId, t.previousYearId),
  ],
);

/** A way of dividing a year: quarters, trimesters, halves, semesters. Each class follows one. */
export const periodSchemes = pgTable(
  'period_schemes',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    name: text('name').notNull(),
    /** 'quarters' | 'trimesters' | 'halves' | 'semesters' | 'other' */
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }),
    unique('period_schemes_name').on(t.schoolId, t.yearId, t.name),
  ],
);

/** A study period (четверть, триместр, полугодие, семестр) of a scheme. */
export const periods = pgTable(
  'periods',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    schemeId: uuid('scheme_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.schemeId], foreignColumns: [periodSchemes.schoolId, periodSchemes.id] }).onDelete('cascade'),
    unique('periods_ordinal').on(t.schoolId, t.schemeId, t.ordinal),
  ],
);

/** Holidays (каникулы), public holidays and days off: no lessons. Optionally only for some grades (extra 1st-grade holidays). */
export const holidays = pgTable(
  'holidays',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    name: text('name').notNull(),
    /** 'vacation' (каникулы) | 'holiday' (праздник) | 'dayoff' (выходной) */
    kind: text('kind').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** null: the whole school; otherwise only these grades. */
    grades: integer('grades').array(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }).onDelete('cascade'),
  ],
);

/** A transferred study day: `date` works as `worksAs` (ISO weekday 1 = Monday … 6 = Saturday). */
export const transferredDays = pgTable(
  'transferred_days',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    worksAs: integer('works_as').notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }).onDelete('cascade'),
    unique('transferred_days_date').on(t.schoolId, t.date),
  ],
);

/** A bell schedule (расписание звонков) for a shift. */
export const bellSchedules = pgTable(
  'bell_schedules',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    shift: integer('shift').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.id] }), unique('bell_schedules_shift').on(t.schoolId, t.shift)],
);

export const bells = pgTable(
  'bells',
  {
    schoolId: uuid('school_id').notNull(),
    scheduleId: uuid('schedule_id').notNull(),
    lessonNumber: integer('lesson_number').notNull(),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.scheduleId, t.lessonNumber] }),
    foreignKey({ columns: [t.schoolId, t.scheduleId], foreignColumns: [bellSchedules.schoolId, bellSchedules.id] }).onDelete('cascade'),
  ],
);

/** A subject (предмет) with its educational area (предметная область). */
export const subjects = pgTable(
  'subjects',
  {
    schoolId: uuid('school_id').notNull().references(() => schools.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    area: text('area'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.id] }), unique('subjects_name').on(t.schoolId, t.name)],
);

/** A class (5А) or a college group, in one academic year. */
export const schoolClasses = pgTable(
  'classes',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    /** 1–11 for a school class; null for a college group. */
    grade: integer('grade'),
    letter: text('letter'),
    /** Display name: grade + letter (5А) or the college group's name. Unique in the year. */
    name: text('name').notNull(),
    shift: integer('shift').notNull().default(1),
    schemeId: uuid('scheme_id').notNull(),
    classTeacherId: uuid('class_teacher_id'),
    /** The class of the previous year this one continues (5А → 6А), set by the rollover. */
    previousClassId: uuid('previous_class_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }),
    foreignKey({ columns: [t.schoolId, t.schemeId], foreignColumns: [periodSchemes.schoolId, periodSchemes.id] }),
    foreignKey({ columns: [t.schoolId, t.classTeacherId], foreignColumns: [staff.schoolId, staff.id] }),
    foreignKey({ columns: [t.schoolId, t.previousClassId], foreignColumns: [t.schoolId, t.id] }),
    unique('classes_previous').on(t.schoolId, t.previousClassId),
    unique('classes_name').on(t.schoolId, t.yearId, t.name),
    index('classes_teacher').on(t.schoolId, t.classTeacherId),
  ],
);
