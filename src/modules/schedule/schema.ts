import { sql } from 'drizzle-orm';
import {
  boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, time, timestamp, unique, uuid,
} from 'drizzle-orm/pg-core';
import { academicYears, schoolClasses, subjects } from '../setup/schema.ts';
import { staff } from '../people/schema.ts';
import { ktpTopics, teachingGroups } from '../curriculum/schema.ts';

/** A version of the weekly timetable, valid from a date until the next version of the same year starts. */
export const timetables = pgTable(
  'timetables',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }),
    unique('timetables_valid_from').on(t.schoolId, t.yearId, t.validFrom),
  ],
);

/** One weekly lesson of a timetable version: weekday (1 = Monday … 6 = Saturday), bell number, group, teacher, room. */
export const timetableSlots = pgTable(
  'timetable_slots',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    timetableId: uuid('timetable_id').notNull(),
    weekday: integer('weekday').notNull(),
    lessonNumber: integer('lesson_number').notNull(),
    groupId: uuid('group_id').notNull(),
    staffId: uuid('staff_id').notNull(),
    room: text('room'),
    /** null: every week; 'A' or 'B': alternating weeks (week A is the year's first week). */
    weekParity: text('week_parity'),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.timetableId], foreignColumns: [timetables.schoolId, timetables.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }),
    index('timetable_slots_timetable').on(t.schoolId, t.timetableId, t.weekday, t.lessonNumber),
  ],
);

/**
 * A lesson on a date (урок): laid out from the timetable and the calendar, or added as an extra lesson.
 * Its journal fields (topic, what was done, homework, control work) live here; marks and attendance in the journal's tables.
 */
export const lessons = pgTable(
  'lessons',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    groupId: uuid('group_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    lessonNumber: integer('lesson_number').notNull(),
    /** The regular teacher of the lesson (from the timetable slot or the extra lesson). */
    staffId: uuid('staff_id').notNull(),
    room: text('room'),
    slotId: uuid('slot_id'),
    /** 'timetable' | 'extra' */
    origin: text('origin').notNull().default('timetable'),
    /** Kept because it holds data, but no longer on the timetable after a change: shown flagged. */
    offTimetable: boolean('off_timetable').notNull().default(false),
    topic: text('topic'),
    ktpTopicId: uuid('ktp_topic_id'),
    /** The teacher typed the topic instead of taking the КТП's. */
    topicOverridden: boolean('topic_overridden').notNull().default(false),
    workDone: text('work_done'),
    homework: text('homework'),
    homeworkMinutes: integer('homework_minutes'),
    controlWork: boolean('control_work').notNull().default(false),
    /** Attendance was taken («Все присутствуют», or an absence or a late saved): when and by which account. */
    attendanceTakenAt: timestamp('attendance_taken_at', { withTimezone: true }),
    attendanceTakenBy: uuid('attendance_taken_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }),
    foreignKey({ columns: [t.schoolId, t.ktpTopicId], foreignColumns: [ktpTopics.schoolId, ktpTopics.id] }).onDelete('set null'),
    unique('lessons_slot').on(t.schoolId, t.groupId, t.date, t.lessonNumber),
    index('lessons_date').on(t.schoolId, t.date, t.lessonNumber),
    index('lessons_staff_date').on(t.schoolId, t.staffId, t.date),
    // The year's lessons flagged as a control work (reports), a few in a hundred.
    index('lessons_control_work').on(t.schoolId, t.date).where(sql`${t.controlWork}`),
    // The lessons still lacking a topic, homework or attendance (the deadlines report; the same predicate word for word
    // in reports/deadlines/queries-lessons.ts): past lessons of a school that keeps its journal are few.
    index('lessons_incomplete').on(t.schoolId, t.date).where(sql`((coalesce(btrim(${t.topic}), '') = '' and ${t.ktpTopicId} is null) or coalesce(btrim(${t.homework}), '') = ''
  or ${t.attendanceTakenAt} is null)`),
  ],
);

/**
 * A substitution (замена): the lesson given by another teacher ('teacher'), replaced by another subject
 * ('subject', with the teacher who gives it), or cancelled ('cancelled'); always with a reason.
 */
export const substitutions = pgTable(
  'substitutions',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    lessonId: uuid('lesson_id').notNull(),
    kind: text('kind').notNull(),
    substituteStaffId: uuid('substitute_staff_id'),
    subjectId: uuid('subject_id'),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.lessonId], foreignColumns: [lessons.schoolId, lessons.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.substituteStaffId], foreignColumns: [staff.schoolId, staff.id] }),
    foreignKey({ columns: [t.schoolId, t.subjectId], foreignColumns: [subjects.schoolId, subjects.id] }),
    unique('substitutions_lesson').on(t.schoolId, t.lessonId),
    index('substitutions_staff').on(t.schoolId, t.substituteStaffId),
  ],
);

/** School events (deputy) and class events (class teacher): excursions, meetings, concerts. */
export const events = pgTable(
  'events',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** null: a school-wide event. */
    classId: uuid('class_id'),
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: time('starts_at'),
    endsAt: time('ends_at'),
    title: text('title').notNull(),
    description: text('description'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.classId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }).onDelete('cascade'),
    index('events_date').on(t.schoolId, t.date),
  ],
);
