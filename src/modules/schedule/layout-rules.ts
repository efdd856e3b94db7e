// Pure rules of laying lessons out: which lessons should exist for the timetable versions and the calendar,
// and how they compare with the lessons that already exist.
import { schoolDays, slotRunsInWeek, type SchoolDay, type YearCalendar } from './calendar.ts';

export interface PlanSlot {
  id: string;
  weekday: number;
  lessonNumber: number;
  groupId: string;
  staffId: string;
  room: string | null;
  weekParity: string | null;
}

export interface PlanVersion {
  timetableId: string;
  validFrom: string;
  /** Exclusive; null: until the end of the year. */
  validUntil: string | null;
  slots: PlanSlot[];
}

export interface PlannedLesson {
  groupId: string;
  date: string;
  lessonNumber: number;
  staffId: string;
  room: string | null;
  slotId: string;
}

export const lessonKey = (l: { groupId: string; date: string; lessonNumber: number }) => `${l.groupId}|${l.date}|${l.lessonNumber}`;

/**
 * The lessons the timetable versions give over the year's school days. `gradeOf(groupId)` is the grade of the group's
 * class (null for a cross-class group: only school-wide holidays apply). One lesson per group, date and number
 * (a doubled slot in a version keeps the first).
 */
export function planLessons(cal: YearCalendar, versions: readonly PlanVersion[], gradeOf: (groupId: string) => number | null): PlannedLesson[] {
  const daysByGrade = new Map<string, SchoolDay[]>();
  const daysOf = (grade: number | null) => {
    const key = String(grade);
    let days = daysByGrade.get(key);
    if (!days) daysByGrade.set(key, (days = schoolDays(cal, grade)));
    return days;
  };
  const out: PlannedLesson[] = [];
  const seen = new Set<string>();
  for (const v of versions) {
    for (const slot of v.slots) {
      for (const day of daysOf(gradeOf(slot.groupId))) {
        if (day.date < v.validFrom || (v.validUntil != null && day.date >= v.validUntil)) continue;
        if (day.weekday !== slot.weekday || !slotRunsInWeek(slot.weekParity, day.parity)) continue;
        const lesson = { groupId: slot.groupId, date: day.date, lessonNumber: slot.lessonNumber, staffId: slot.staffId, room: slot.room, slotId: slot.id };
        const key = lessonKey(lesson);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(lesson);
      }
    }
  }
  return out;
}

export interface ExistingLesson {
  id: string;
  groupId: string;
  date: string;
  lessonNumber: number;
  staffId: string;
  room: string | null;
  slotId: string | null;
  origin: string;
  offTimetable: boolean;
  /** lessonHasContent: holds something a teacher or the deputy entered. */
  hasContent: boolean;
}

export interface LayoutDiff {
  create: PlannedLesson[];
  /** Untouched lessons whose teacher, room or slot changed (or that are back on the timetable). */
  update: Array<{ id: string; staffId: string; room: string | null; slotId: string; offTimetable: boolean }>;
  /** Lessons no longer on the timetable that hold content: kept, flagged off_timetable. */
  flag: string[];
  /** Lessons no longer on the timetable that hold nothing. */
  remove: string[];
  /** Lessons already as planned (and extra lessons, which layout never touches). */
  kept: number;
  /** Flagged lessons that were already flagged. */
  alreadyFlagged: number;
}

/** Compares the plan with the existing lessons: what to create, update, flag and remove. Idempotent by construction. */
export function diffLayout(planned: readonly PlannedLesson[], existing: readonly ExistingLesson[]): LayoutDiff {
  const existingKeys = existing.map(lessonKey);
  const byKey = new Map(existing.map((l, i) => [existingKeys[i]!, l]));
  const diff: LayoutDiff = { create: [], update: [], flag: [], remove: [], kept: 0, alreadyFlagged: 0 };
  const plannedKeys = new Set<string>();
  for (const p of planned) {
    const key = lessonKey(p);
    plannedKeys.add(key);
    const e = byKey.get(key);
    if (!e) { diff.create.push(p); continue; }
    if (e.origin === 'extra') { diff.kept += 1; continue; }
    const differs = e.offTimetable || e.slotId !== p.slotId || (!e.hasContent && (e.staffId !== p.staffId || e.room !== p.room));
    if (!differs) { diff.kept += 1; continue; }
    // A lesson with content keeps its teacher and room (who gave it); only its link to the slot is renewed.
    diff.update.push(e.hasContent
      ? { id: e.id, staffId: e.staffId, room: e.room, slotId: p.slotId, offTimetable: false }
      : { id: e.id, staffId: p.staffId, room: p.room, slotId: p.slotId, offTimetable: false });
  }
  for (const [i, e] of existing.entries()) {
    if (e.origin === 'extra' || plannedKeys.has(existingKeys[i]!)) continue;
    if (!e.hasContent) diff.remove.push(e.id);
    else if (e.offTimetable) diff.alreadyFlagged += 1;
    else diff.flag.push(e.id);
  }
  return diff;
}

/** The facts of a lesson that make it worth keeping (issue 5 adds marks and attendance). */
export interface LessonContentFacts {
  topicOverridden: boolean;
  workDone: string | null;
  homework: string | null;
  controlWork: boolean;
  hasSubstitution: boolean;
  origin: string;
}

/** Pure twin of the SQL `lessonHasContent` in layout.ts: a teacher-typed topic, work done, homework, control work, a substitution, an extra lesson. */
export function lessonFactsHaveContent(f: LessonContentFacts): boolean {
  return f.topicOverridden || !!f.workDone?.trim() || !!f.homework?.trim() || f.controlWork || f.hasSubstitution || f.origin === 'extra';
}
