// The week of a class, a teacher or a room: from the lessons of that week (with substitutions), or, when none are laid out
// yet, from the timetable version in force.
import { and, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../web/dates.ts';
import { teachingGroups } from '../curriculum/schema.ts';
import { currentYear } from '../setup/lookups.ts';
import { subjects } from '../setup/schema.ts';
import { mondayOf, slotRunsInWeek, weekParity } from './calendar.ts';
import { roomLabel } from './rooms.ts';
import { lessons, substitutions } from './schema.ts';
import { loadFacts, type Facts } from './timetable-facts.ts';
import { slotsOf, versionOn } from './timetable-queries.ts';
import { normalizeRoom, WEEKDAYS_SHORT } from './timetable-rules.ts';

export type WeekFilter = { kind: 'class'; classId: string } | { kind: 'teacher'; staffId: string } | { kind: 'room'; room: string };

export type WeekItem = {
  weekday: number; lessonNumber: number; time: string; subject: string; group: string; teacher: string; room: string | null;
  cancelled: boolean; substituted: boolean; substitute: string; parity: string | null; whole: boolean;
};

type Row = {
  date: string; weekday: number; lessonNumber: number; groupId: string; staffId: string; room: string | null; parity: string | null;
  subKind: string | null; substituteStaffId: string | null; subSubject: string | null;
};

function matches(f: WeekFilter, r: Row, facts: Facts): boolean {
  if (f.kind === 'class') return facts.groups.get(r.groupId)?.classIds.includes(f.classId) ?? false;
  if (f.kind === 'teacher') return r.staffId === f.staffId || r.substituteStaffId === f.staffId;
  return normalizeRoom(r.room) === normalizeRoom(f.room);
}

function item(r: Row, facts: Facts): WeekItem {
  const g = facts.groups.get(r.groupId);
  const bell = facts.bells.get(g?.shift ?? 1)?.get(r.lessonNumber);
  const substituted = r.subKind === 'teacher' || r.subKind === 'subject';
  return {
    weekday: r.weekday, lessonNumber: r.lessonNumber, time: bell ? `${bell.startsAt}–${bell.endsAt}` : '',
    subject: r.subSubject ?? g?.subjectName ?? '', group: g ? (g.kind === 'class' ? g.className ?? g.name : g.label) : '',
    teacher: facts.staffNames.get(r.staffId) ?? '', room: roomLabel(r.room), cancelled: r.subKind === 'cancelled', substituted,
    substitute: substituted && r.substituteStaffId ? facts.staffNames.get(r.substituteStaffId) ?? '' : '', parity: r.parity,
    whole: g?.kind === 'class',
  };
}

/** The week containing `date`: days (Mon–Sat with dates), rows by lesson number, and where the data came from. */
export async function weekOf(db: Db, { schoolId, date, filter }: { schoolId: string; date: string; filter: WeekFilter }) {
  const monday = mondayOf(date);
  const sunday = addDays(monday, 6);
  const days = [1, 2, 3, 4, 5, 6].map((d) => ({ weekday: d, short: WEEKDAYS_SHORT[d - 1]!, date: addDays(monday, d - 1) }));
  // A week across two school years (31.08–06.09) is the year of its Thursday, as ISO weeks: the one most of it is in.
  const year = await currentYear(db, { schoolId, date: addDays(monday, 3) });
  const base = { monday, sunday, days, prev: addDays(monday, -7), next: addDays(monday, 7) };
  if (!year) return { ...base, source: 'none' as const, validFrom: null, items: [] as WeekItem[] };
  const facts = await loadFacts(db, { schoolId, yearId: year.id, date: monday < year.startsOn ? year.startsOn : monday });
  const rows = await db.select({
    date: lessons.date, lessonNumber: lessons.lessonNumber, groupId: lessons.groupId, staffId: lessons.staffId, room: lessons.room,
    subKind: substitutions.kind, substituteStaffId: substitutions.substituteStaffId, subSubject: subjects.name,
  })
    .from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .leftJoin(subjects, and(eq(subjects.schoolId, substitutions.schoolId), eq(subjects.id, substitutions.subjectId)))
    .where(and(eq(lessons.schoolId, schoolId), gte(lessons.date, monday), lte(lessons.date, sunday)));
  const laid = rows.map((r) => ({ ...r, weekday: days.find((d) => d.date === r.date)?.weekday ?? 7, parity: null }))
    .filter((r) => r.weekday <= 6 && matches(filter, r, facts));
  if (laid.length) return { ...base, source: 'lessons' as const, validFrom: null, items: laid.map((r) => item(r, facts)) };
  const version = await versionOn(db, { schoolId, yearId: year.id, date: sunday });
  if (!version) return { ...base, source: 'none' as const, validFrom: null, items: [] };
  const parity = weekParity(year.startsOn, monday);
  const slots = (await slotsOf(db, { schoolId, timetableId: version.id })).filter((s) => slotRunsInWeek(s.weekParity, parity));
  const fromSlots = slots.map((s) => ({
    date: '', weekday: s.weekday, lessonNumber: s.lessonNumber, groupId: s.groupId, staffId: s.staffId, room: s.room, parity: s.weekParity,
    subKind: null, substituteStaffId: null, subSubject: null,
  })).filter((r) => matches(filter, r, facts));
  return { ...base, source: 'timetable' as const, validFrom: version.validFrom, parity, items: fromSlots.map((r) => item(r, facts)) };
}

/** Items placed in a grid: rows by lesson number, one cell per day. */
export function weekGrid(items: WeekItem[]) {
  const numbers = [...new Set(items.map((i) => i.lessonNumber))].sort((a, b) => a - b);
  return numbers.map((n) => ({
    lessonNumber: n,
    cells: [1, 2, 3, 4, 5, 6].map((d) => items.filter((i) => i.weekday === d && i.lessonNumber === n)),
  }));
}
