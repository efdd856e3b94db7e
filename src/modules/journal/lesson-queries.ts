// Reading a lesson's journal page: who the actor is for the lesson and what they may change, the lesson's content
// (topic, homework…), its mark columns, and the group's roster on the date with marks, attendance, individual homework.
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { DEFAULT_TIME_ZONE } from '../../web/dates.ts';
import type { Actor } from '../../web/types.ts';
import { accounts } from '../accounts/schema.ts';
import { groupRosterOn, type RosterEntry } from '../curriculum/membership.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { getLesson, type LessonRow } from '../schedule/lessons-queries.ts';
import { canFillLesson } from '../schedule/lessons-rules.ts';
import { lessons } from '../schedule/schema.ts';
import { schoolClasses } from '../setup/schema.ts';
import type { AttendanceTaken } from './attendance-taken.ts';
import type { EditMode } from './edit-rules.ts';
import { editModeFor, lessonFacts, type LessonFacts } from './lesson-facts.ts';
import { lessonColumns, workTypes } from './schema.ts';
import { listWorkTypes } from './work-types.ts';

type Q = Db | Tx;

export type LessonAccess = {
  /** 'teacher': the lesson's teacher or substitute (now or earlier); 'manager': deputy/admin; 'classTeacher': reads. */
  as: 'teacher' | 'classTeacher' | 'manager';
  /** Topic, work done, homework, columns, individual homework. */
  plan: EditMode;
  /** Marks and attendance. */
  marks: EditMode;
  deputy: boolean;
  /** May open a cell's history (the teacher and the deputy). */
  history: boolean;
};

const CLASS_TEACHER_WHY = 'Вы классный руководитель: урок этого класса открыт только для просмотра.';

/**
 * Who may open the lesson page and what they may change: anyone whose edit mode is not 'none' (the teacher, the
 * substitute, the deputy, the admin), or the class teacher of the group's class (read only). Undefined: 404.
 */
export function lessonAccess(actor: Actor, f: LessonFacts, classTeacherId: string | null, today: string): LessonAccess | undefined {
  const me = actor.person.staffId;
  const deputy = actor.roles.includes('deputy');
  const sub = f.subKind ? { kind: f.subKind, substituteStaffId: f.substituteStaffId } : null;
  const own = canFillLesson({ staffId: me, roles: [] }, f, sub, f.groupTeacherId ?? undefined) !== 'none';
  const plan = editModeFor(actor, f, today, 'plan');
  if (plan.mode !== 'none') {
    const as = own ? 'teacher' : 'manager';
    return { as, plan, marks: editModeFor(actor, f, today, 'marks'), deputy, history: own || deputy };
  }
  if (me !== null && classTeacherId === me && actor.roles.includes('classTeacher')) {
    const read: EditMode = { mode: 'read', why: CLASS_TEACHER_WHY };
    return { as: 'classTeacher', plan: read, marks: read, deputy, history: false };
  }
  return undefined;
}

export type LessonContent = {
  topic: string | null; ktpTopicId: string | null; topicOverridden: boolean; workDone: string | null; homework: string | null;
  homeworkMinutes: number | null; controlWork: boolean; classTeacherId: string | null;
  /** When the attendance was first taken, and the full name of the account that took it. */
  attendanceTaken: AttendanceTaken;
};

export async function lessonContent(db: Q, { schoolId, lessonId }: { schoolId: string; lessonId: string }): Promise<LessonContent | undefined> {
  const [row] = await db.select({
    topic: lessons.topic, ktpTopicId: lessons.ktpTopicId, topicOverridden: lessons.topicOverridden, workDone: lessons.workDone,
    homework: lessons.homework, homeworkMinutes: lessons.homeworkMinutes, controlWork: lessons.controlWork,
    classTeacherId: schoolClasses.classTeacherId, takenAt: lessons.attendanceTakenAt, takenBy: accounts.fullName,
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, lessons.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .leftJoin(accounts, eq(accounts.id, lessons.attendanceTakenBy))
    .where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, lessonId))).limit(1);
  if (!row) return undefined;
  const { takenAt, takenBy, ...content } = row;
  return { ...content, attendanceTaken: { at: takenAt, byName: takenBy } };
}

export type ColumnRow = { columnNo: number; workTypeId: string; shortName: string; name: string; weight: string; archived: boolean };

/** The lesson's mark columns with their work types, by number. */
export async function lessonColumnsOf(db: Q, { schoolId, lessonId }: { schoolId: string; lessonId: string }): Promise<ColumnRow[]> {
  return db.select({
    columnNo: lessonColumns.columnNo, workTypeId: lessonColumns.workTypeId, shortName: workTypes.shortName, name: workTypes.name,
    weight: workTypes.weight, archived: workTypes.archived,
  }).from(lessonColumns)
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.lessonId, lessonId))).orderBy(asc(lessonColumns.columnNo));
}

export type LessonCells = {
  marks: Array<{ studentId: string; columnNo: number; value: number }>;
  attendance: Array<{ studentId: string; kind: 'absent' | 'late'; reason: string | null }>;
  homework: Array<{ studentId: string; text: string }>;
};

/** Every mark, attendance row and individual homework of the lesson: one statement (three JSON lists). */
export async function lessonCells(db: Q, { schoolId, lessonId }: { schoolId: string; lessonId: string }): Promise<LessonCells> {
  const [row] = rowsOf<LessonCells>(await db.execute(sql`select
    coalesce((select json_agg(json_build_object('studentId', student_id, 'columnNo', column_no, 'value', value))
      from marks where school_id = ${schoolId} and lesson_id = ${lessonId}), '[]'::json) as marks,
    coalesce((select json_agg(json_build_object('studentId', student_id, 'kind', kind, 'reason', reason))
      from attendance where school_id = ${schoolId} and lesson_id = ${lessonId}), '[]'::json) as attendance,
    coalesce((select json_agg(json_build_object('studentId', student_id, 'text', text))
      from individual_homework where school_id = ${schoolId} and lesson_id = ${lessonId}), '[]'::json) as homework`));
  return row ?? { marks: [], attendance: [], homework: [] };
}

export type WorkTypeOption = { id: string; name: string; shortName: string; weight: string; archived: boolean };

export type LessonPage = {
  lesson: LessonRow; facts: LessonFacts; content: LessonContent; access: LessonAccess; columns: ColumnRow[];
  roster: RosterEntry[]; cells: LessonCells; workTypes: WorkTypeOption[]; today: string;
  /** The school's time zone (times shown on the page). */
  timeZone: string;
};

/** Everything the lesson page shows, or undefined when the lesson is not the actor's to open (404). */
export async function loadLessonPage(db: Db, actor: Actor, { schoolId, lessonId, today }: { schoolId: string; lessonId: string; today: string }): Promise<LessonPage | undefined> {
  const [facts, content] = await Promise.all([lessonFacts(db, { schoolId, lessonId }), lessonContent(db, { schoolId, lessonId })]);
  if (!facts || !content) return undefined;
  const access = lessonAccess(actor, facts, content.classTeacherId, today);
  if (!access) return undefined;
  const [lesson, columns, roster, cells, types] = await Promise.all([
    getLesson(db, { schoolId, lessonId }), lessonColumnsOf(db, { schoolId, lessonId }),
    groupRosterOn(db, { schoolId, groupId: facts.groupId, date: facts.date }), lessonCells(db, { schoolId, lessonId }),
    listWorkTypes(db, schoolId),
  ]);
  if (!lesson) return undefined;
  return { lesson, facts, content, access, columns, roster, cells, workTypes: types, today, timeZone: actor.school?.timeZone ?? DEFAULT_TIME_ZONE };
}
