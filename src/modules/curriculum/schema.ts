import { sql } from 'drizzle-orm';
import { date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { academicYears, schoolClasses, subjects } from '../setup/schema.ts';
import { staff, students } from '../people/schema.ts';

/** Lesson kinds: regular, extracurricular (внеурочная), elective, additional education, practical training. */
export const LESSON_KINDS = ['regular', 'extracurricular', 'elective', 'additional', 'practice'] as const;

/** The curriculum (учебный план) of a class: a subject, hours per week, lesson kind. */
export const curriculumItems = pgTable(
  'curriculum_items',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    classId: uuid('class_id').notNull(),
    subjectId: uuid('subject_id').notNull(),
    hoursPerWeek: numeric('hours_per_week', { precision: 4, scale: 1 }).notNull(),
    lessonKind: text('lesson_kind').notNull().default('regular'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.classId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.subjectId], foreignColumns: [subjects.schoolId, subjects.id] }),
    unique('curriculum_items_subject').on(t.schoolId, t.classId, t.subjectId, t.lessonKind),
  ],
);

/**
 * A teaching group (учебная группа): who is taught one subject together, with one journal.
 * kind 'class' — the whole class (members follow the class history, no member rows);
 * 'subgroup' — part of a class (English group 1); 'cross_class' — an elective of several classes;
 * 'individual' — one student on an individual plan. For the last three, group_members list the students,
 * and a student counts on a date only while also in the school's class history (a transfer out ends it).
 */
export const teachingGroups = pgTable(
  'teaching_groups',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    yearId: uuid('year_id').notNull(),
    subjectId: uuid('subject_id').notNull(),
    kind: text('kind').notNull(),
    /** The class for 'class', 'subgroup' and 'individual'; null for cross-class groups. */
    classId: uuid('class_id'),
    curriculumItemId: uuid('curriculum_item_id'),
    name: text('name').notNull(),
    lessonKind: text('lesson_kind').notNull().default('regular'),
    hoursPerWeek: numeric('hours_per_week', { precision: 4, scale: 1 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.yearId], foreignColumns: [academicYears.schoolId, academicYears.id] }),
    foreignKey({ columns: [t.schoolId, t.subjectId], foreignColumns: [subjects.schoolId, subjects.id] }),
    foreignKey({ columns: [t.schoolId, t.classId], foreignColumns: [schoolClasses.schoolId, schoolClasses.id] }),
    foreignKey({ columns: [t.schoolId, t.curriculumItemId], foreignColumns: [curriculumItems.schoolId, curriculumItems.id] }).onDelete('set null'),
    unique('teaching_groups_name').on(t.schoolId, t.yearId, t.name),
    index('teaching_groups_class').on(t.schoolId, t.classId),
  ],
);

/** Students of a subgroup / cross-class / individual group, with dates. */
export const groupMembers = pgTable(
  'group_members',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    groupId: uuid('group_id').notNull(),
    studentId: uuid('student_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** Exclusive, like class memberships; null while a member. */
    endsOn: date('ends_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.studentId], foreignColumns: [students.schoolId, students.id] }),
    index('group_members_group').on(t.schoolId, t.groupId),
    index('group_members_student').on(t.schoolId, t.studentId),
  ],
);

/** Which teacher teaches a group, from/to dates (a new teacher mid-year edits from that date; the journal stays one). */
export const groupTeachers = pgTable(
  'group_teachers',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    groupId: uuid('group_id').notNull(),
    staffId: uuid('staff_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** Exclusive; null while teaching. */
    endsOn: date('ends_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [staff.schoolId, staff.id] }),
    index('group_teachers_staff').on(t.schoolId, t.staffId),
    index('group_teachers_group').on(t.schoolId, t.groupId),
  ],
);

/** The calendar-thematic plan (КТП) of a group: ordered topics with hours and optional sections. */
export const ktpTopics = pgTable(
  'ktp_topics',
  {
    schoolId: uuid('school_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    groupId: uuid('group_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    section: text('section'),
    title: text('title').notNull(),
    hours: integer('hours').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.id] }),
    foreignKey({ columns: [t.schoolId, t.groupId], foreignColumns: [teachingGroups.schoolId, teachingGroups.id] }).onDelete('cascade'),
    unique('ktp_topics_ordinal').on(t.schoolId, t.groupId, t.ordinal),
  ],
);
