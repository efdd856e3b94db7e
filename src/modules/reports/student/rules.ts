// Pure rules of a student's report (/reports/students/<id>): who may open it, and its figures per subject — the marks
// of the period (or year) in date order with the weighted average (journal rules), the period (year) mark or its
// forecast, the lessons held and missed. No I/O; queries.ts reads the facts, tables.ts lays the figures out.
//
// Who reads it (DESIGN.md «Reports»; REQUIREMENTS §2): the student themself, their parents (a guardian card of the
// student linked to the account), the class teacher of the student's class, the teachers of the class's groups (and
// of the groups the student is in: a cross-class group's teacher teaches them), the deputy and the admin of the school.
// Anyone else — another family, another class's teacher, a secretary — is answered 404, as an unknown id: the route
// lets every school role through and this rule decides, so a refusal never tells that the student exists.
import type { Role } from '../../accounts/rules.ts';
import type { AttendanceTotals } from '../../journal/attendance-rules.ts';
import { attendanceBySubject, marksBySubject, subjectsOf, type SubjectMarks } from '../../diary/rules.ts';
import type { StudentPeriodMark } from '../../diary/queries.ts';
import type { DiaryLesson } from '../../diary/week-queries.ts';
import type { RoundingRule } from '../../journal/rules.ts';
import { gradeHasMarks, markKind, markOrForecast, type Graded } from '../progress/rules.ts';

export type StudentReportFacts = {
  /** The actor's roles in the school and their own cards there. */
  roles: readonly Role[];
  person: { staffId: string | null; guardianId: string | null; studentId: string | null };
  /** The student of the report and the guardian cards linked to them. */
  studentId: string;
  guardianIds: readonly string[];
  /** The class teacher of the student's class (null: no class, or none appointed). */
  classTeacherId: string | null;
  /** Staff teaching, at any time of the class's year, a group of the class or a group the student is a member of. */
  teacherIds: readonly string[];
};

/** Why this reader may open the report: the student, a parent, the class teacher, a teacher of the class, the school. */
export type StudentReportReader = 'self' | 'parent' | 'classTeacher' | 'teacher' | 'school';

/** The ground on which the actor reads the student's report; null → 404. Each ground needs its role, not only the card. */
export function studentReportReader(f: StudentReportFacts): StudentReportReader | null {
  const has = (r: Role) => f.roles.includes(r);
  const staffId = f.person.staffId;
  if (has('student') && f.person.studentId === f.studentId) return 'self';
  if (has('parent') && f.person.guardianId !== null && f.guardianIds.includes(f.person.guardianId)) return 'parent';
  if (has('classTeacher') && staffId !== null && staffId === f.classTeacherId) return 'classTeacher';
  if ((has('teacher') || has('classTeacher')) && staffId !== null && f.teacherIds.includes(staffId)) return 'teacher';
  if (has('deputy') || has('admin')) return 'school';
  return null;
}

/** The span of the report: one period of the class's scheme, or the whole year (period=year). */
export type ReportSpan = { kind: 'period'; periodId: string } | { kind: 'year' };

/** A subject is graded зачёт/незачёт when the student's marks of the year in it hold «зач»/«незач» and no mark 1–5. */
export function gradedOf(values: readonly string[]): Graded {
  const kinds = values.map(markKind);
  return kinds.some((k) => k === 'zach' || k === 'nezach') && !kinds.some((k) => typeof k === 'number') ? 'pass' : 'marks';
}

export type PeriodMarkCell = { text: string; forecast: boolean };
export const NO_MARK = '—';
export const FORECAST_LABEL = 'прогноз';

/**
 * The period (year) mark as the report shows it: the mark set («5», «н/а», «осв»; two groups of one subject — a move
 * between subgroups — «4 / 5»); none set → the forecast from `current` by the school's rounding (markOrForecast: never
 * for a зачёт subject), shown «4 (прогноз)»; no forecast, or a class without marks (1st grade) → «—».
 */
export function periodMarkCell(a: {
  subjectId: string; subjectName: string; set: readonly string[]; current: ReadonlyArray<{ value: number; weight: number }>;
  graded: Graded; grade: number | null; rounding: RoundingRule;
}): PeriodMarkCell {
  const set = [...new Set(a.set.filter((v) => markKind(v) !== 'none').map((v) => v.trim().toLowerCase()))];
  if (set.length > 0) return { text: set.join(' / '), forecast: false };
  if (!gradeHasMarks(a.grade)) return { text: NO_MARK, forecast: false };
  const m = markOrForecast({ subjectId: a.subjectId, subjectName: a.subjectName, graded: a.graded }, null, a.current, a.rounding);
  return m.value === null ? { text: NO_MARK, forecast: false } : { text: `${m.value} (${FORECAST_LABEL})`, forecast: true };
}

export type SubjectLine = SubjectMarks & { periodMark: PeriodMarkCell; lessons: number; attendance: AttendanceTotals };

const NO_ATTENDANCE: AttendanceTotals = { missed: 0, illness: 0, valid: 0, invalid: 0, unset: 0, late: 0 };

/**
 * Per subject (of the lessons and of the span's period marks — for the year, of any mark of the year — by name): the marks of the lessons in date order with
 * the weighted average (diary rules: marksBySubject — cancelled lessons left out), the period (year) mark or its
 * forecast, the lessons held and the attendance (attendanceBySubject — cancelled lessons not counted). The year's
 * forecast is the mean of the numeric period marks of the year (as the progress summary forecasts it). Plus the totals.
 * `lessons`: the student's lessons of the span up to today; `marks`: all their period marks of the class's year.
 */
export function subjectLines(a: {
  lessons: readonly DiaryLesson[]; marks: readonly StudentPeriodMark[]; span: ReportSpan; grade: number | null; rounding: RoundingRule;
}): { subjects: SubjectLine[]; total: { lessons: number; attendance: AttendanceTotals } } {
  const { span } = a;
  const ofSpan = a.marks.filter((m) => (span.kind === 'year' ? m.kind === 'year' : m.kind === 'period' && m.periodId === span.periodId));
  const attendance = attendanceBySubject(a.lessons);
  const byName = new Map(attendance.rows.map((r) => [r.subjectName, r]));
  const subjects = marksBySubject(a.lessons, subjectsOf(a.lessons, span.kind === 'year' ? a.marks : ofSpan)).map((s) => {
    const own = a.marks.filter((m) => m.subjectId === s.subjectId);
    const current = span.kind === 'year'
      ? own.filter((m) => m.kind === 'period' && typeof markKind(m.value) === 'number').map((m) => ({ value: Number(m.value.trim()), weight: 1 }))
      : s.marks;
    const periodMark = periodMarkCell({
      subjectId: s.subjectId, subjectName: s.subjectName, set: ofSpan.filter((m) => m.subjectId === s.subjectId).map((m) => m.value),
      current, graded: gradedOf(own.map((m) => m.value)), grade: a.grade, rounding: a.rounding,
    });
    const att = byName.get(s.subjectName);
    return { ...s, periodMark, lessons: att?.lessons ?? 0, attendance: att?.totals ?? { ...NO_ATTENDANCE } };
  });
  return { subjects, total: { lessons: attendance.total.lessons, attendance: attendance.total.totals } };
}
