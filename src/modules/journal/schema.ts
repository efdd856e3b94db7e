import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { teachingGroups } from '../curriculum/schema.ts';
import { students } from '../people/schema.ts';
import { schools } from '../platform/schema.ts';
import { lessons } from '../schedule/schema.ts';
import { periods } from '../setup/schema.ts';

const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`);

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

/**
 * A mark column of a lesson (several marks per student per lesson): its number 1…n and the work type its marks are for.
 * Column 1 is created with the school's first work type the first time a mark is written into a lesson.
 */
export const lessonColumns = pgTable(
  'lesson_columns',
  {
    schoolId: uuid('school_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    columnNo: smallint('column_no').notNull(),
    workTypeId: uuid('work_type_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.lessonId, t.columnNo] }),
    foreignKey({ columns: [t.schoolId, t.lessonId], foreignColumns: [lessons.schoolId, lessons.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.workTypeId], foreignColumns: [workTypes.schoolId, workTypes.id] }),
    check('lesson_columns_no', sql`${t.columnNo} between 1 and 5`),
    // The year's control works (reports): the columns of a control work type.
    index('lesson_columns_work_type').on(t.schoolId, t.workTypeId),
  ],
);

/** A mark (отметка) of a student in a lesson's column. One per (lesson, student, column). */
export const marks = pgTable(
  'marks',
  {
    schoolId: uuid('school_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    studentId: uuid('student_id').notNull(),
    columnNo: smallint('column_no').notNull(),
    value: smallint('value').notNull(),
    comment: text('comment'),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.lessonId, t.studentId, t.columnNo] }),
    foreignKey({ columns: [t.schoolId, t.lessonId, t.columnNo], foreignColumns: [lessonColumns.schoolId, lessonColumns.lessonId, lessonColumns.columnNo] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    index('marks_student').on(t.schoolId, t.studentId),
    check('marks_value', sql`${t.value} between 1 and 10`),
  ],
);

/**
 * Attendance of a student in a lesson: 'absent' (н) or 'late' (опоздание); present is no row. The class teacher sets the
 * reason later: 'illness' (по болезни), 'valid' (уважительная), 'invalid' (неуважительная).
 */
export const attendance = pgTable(
  'attendance',
  {
    schoolId: uuid('school_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    studentId: uuid('student_id').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason'),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.lessonId, t.studentId] }),
    foreignKey({ columns: [t.schoolId, t.lessonId], foreignColumns: [lessons.schoolId, lessons.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    index('attendance_student').on(t.schoolId, t.studentId),
    check('attendance_kind', sql`${t.kind} in ('absent', 'late')`),
    check('attendance_reason', sql`${t.reason} is null or ${t.reason} in ('illness', 'valid', 'invalid')`),
  ],
);

/** Homework for one student of a lesson (besides the group's homework on the lesson itself). */
export const individualHomework = pgTable(
  'individual_homework',
  {
    schoolId: uuid('school_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    studentId: uuid('student_id').notNull(),
    text: text('text').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.lessonId, t.studentId] }),
    foreignKey({ columns: [t.schoolId, t.lessonId], foreignColumns: [lessons.schoolId, lessons.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
  ],
);

/**
 * A period mark of a student in a teaching group: kind 'period' (with the period: четверть, полугодие…), 'year', 'exam'
 * or 'final' (period_id null). value: '5'…'1' or a special value (осв, н/а, зач, незач).
 */
export const periodMarks = pgTable(
  'period_marks',
  {
    schoolId: uuid('school_id').notNull(),
    groupId: uuid('group_id').notNull(),
    studentId: uuid('student_id').notNull(),
    kind: text('kind').notNull(),
    periodId: uuid('period_id'),
    value: text('value').notNull(),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    unique('period_marks_slot').on(t.schoolId, t.groupId, t.studentId, t.kind, t.periodId).nullsNotDistinct(),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    foreignKey({ columns: [t.schoolId, t.periodId], foreignColumns: [periods.schoolId, periods.id] }),
    check('period_marks_kind', sql`(${t.kind} = 'period') = (${t.periodId} is not null) and ${t.kind} in ('period', 'year', 'exam', 'final')`),
  ],
);

/**
 * A group's period closed: its period marks are all set, so the teacher no longer edits that period's lessons, marks
 * and period marks [000 §5.1]. Written in the transaction that sets the last period mark.
 */
export const periodClosures = pgTable(
  'period_closures',
  {
    schoolId: uuid('school_id').notNull(),
    groupId: uuid('group_id').notNull(),
    periodId: uuid('period_id').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.groupId, t.periodId] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }),
    foreignKey({ columns: [t.schoolId, t.periodId], foreignColumns: [periods.schoolId, periods.id] }),
  ],
);

/**
 * A deputy reopened a lesson (lesson_id) or a group's period (group_id + period_id) for the teacher until a date
 * (inclusive), with a written reason. Append-only: a reopening simply expires.
 */
export const journalReopens = pgTable(
  'journal_reopens',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    lessonId: uuid('lesson_id'),
    groupId: uuid('group_id').notNull(),
    periodId: uuid('period_id'),
    untilDate: date('until_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.lessonId], foreignColumns: [lessons.schoolId, lessons.id] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }),
    foreignKey({ columns: [t.schoolId, t.periodId], foreignColumns: [periods.schoolId, periods.id] }),
    index('journal_reopens_group').on(t.schoolId, t.groupId),
    check('journal_reopens_what', sql`(${t.lessonId} is null) <> (${t.periodId} is null)`),
  ],
);
