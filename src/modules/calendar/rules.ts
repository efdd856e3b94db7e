// Pure rules of the calendar feed: the window it covers, whether a link still answers, and the calendar entries of a
// child (lessons with bells, substitutions and cancellations, homework on the lesson it is due for, events) and of a
// teacher (own and substituted lessons, cancellations, events). No I/O; what a feed may carry is decided here —
// no marks, no attendance, no one's personal homework text.
import { addDays, ruDate } from '../../web/dates.ts';
import { substitutionText, upcomingHomework } from '../diary/rules.ts';
import type { DiaryLesson } from '../diary/week-queries.ts';
import { setsHomework } from '../journal/rules.ts';
import { roomLabel } from '../schedule/rooms.ts';

/** Days before today and after it that a feed covers: what a phone's calendar shows of the past and plans ahead. */
export const DAYS_BACK = 14;
export const DAYS_AHEAD = 42;

export type Window = { from: string; to: string };

/** The dates a feed covers, both ends included: two weeks back, six weeks ahead. */
export function feedWindow(today: string): Window {
  return { from: addDays(today, -DAYS_BACK), to: addDays(today, DAYS_AHEAD) };
}

/** Roles whose own lessons make a teacher's feed (the same as «Сегодня»). */
export const STAFF_FEED_ROLES = ['teacher', 'classTeacher', 'deputy'] as const;

/** What the database says of a link when a calendar app asks for it (queries.ts linkFacts). */
export type LinkFacts = {
  revoked: boolean;
  studentId: string | null;
  staffId: string | null;
  accountDisabled: boolean;
  /** The maker's membership in the link's school; null when there is none any more. */
  membership: {
    disabled: boolean; roles: readonly string[]; staffId: string | null; studentId: string | null; guardianOfStudent: boolean;
  } | null;
};

/**
 * 'ok' — the feed answers; otherwise why not: revoked by its maker; the maker's account or membership is blocked (or
 * gone); the maker is no longer this child's parent (or this student), or no longer this teacher.
 */
export type LinkState = 'ok' | 'revoked' | 'blocked' | 'unlinked';

export function linkState(f: LinkFacts): LinkState {
  if (f.revoked) return 'revoked';
  const m = f.membership;
  if (f.accountDisabled || !m || m.disabled) return 'blocked';
  if (f.studentId) {
    const parent = m.roles.includes('parent') && m.guardianOfStudent;
    const self = m.roles.includes('student') && m.studentId === f.studentId;
    return parent || self ? 'ok' : 'unlinked';
  }
  const teaches = m.roles.some((r) => (STAFF_FEED_ROLES as readonly string[]).includes(r));
  return f.staffId && m.staffId === f.staffId && teaches ? 'ok' : 'unlinked';
}

/** One entry of a phone's calendar. `start` null: all day. `cancelled`: shown struck out (STATUS:CANCELLED). */
export type FeedItem = {
  uid: string;
  date: string;
  start: string | null;
  end: string | null;
  summary: string;
  description: string[];
  location: string | null;
  cancelled: boolean;
};

/** A school or class event as eventsBetween reads it. */
export type FeedEvent = {
  id: string; className: string | null; date: string; startsAt: string | null; endsAt: string | null; title: string;
  description: string | null;
};

const hhmm = (t: string | null) => (t ? t.slice(0, 5) : null);
const dayMonth = (iso: string) => ruDate(iso).slice(0, 5);

export function eventItems(events: readonly FeedEvent[]): FeedItem[] {
  return events.map((e) => ({
    uid: `event-${e.id}`, date: e.date, start: hhmm(e.startsAt), end: e.startsAt ? hhmm(e.endsAt) : null,
    summary: e.className ? `${e.title} (${e.className})` : e.title,
    description: [e.className ? `Событие класса ${e.className}` : 'Событие школы', ...(e.description ? [e.description] : [])],
    location: null, cancelled: false,
  }));
}

/** A lesson at its bells; without bell times (no bell schedule for that number) an all-day entry naming the number. */
function timed(l: { date: string; lessonNumber: number; startsAt: string | null; endsAt: string | null }, summary: string) {
  const start = hhmm(l.startsAt);
  return { date: l.date, start, end: start ? hhmm(l.endsAt) : null, summary: start ? summary : `${l.lessonNumber}-й урок: ${summary}` };
}

/** The homework lines of a lesson it is due for: the group's text (with the date given), and only a note of a personal one. */
function homeworkLines(given: DiaryLesson): string[] {
  const lines: string[] = [];
  if (setsHomework(given.homework)) {
    const minutes = given.homeworkMinutes ? ` (≈ ${given.homeworkMinutes} мин)` : '';
    lines.push(`Домашнее задание (задано ${dayMonth(given.date)}): ${given.homework!.trim()}${minutes}`);
  }
  if (given.individualHomework) lines.push('Есть личное задание — см. дневник.');
  return lines;
}

function lessonSummary(l: DiaryLesson): string {
  if (l.subKind === 'cancelled') return `Отменён: ${l.subjectName}`;
  if (l.subKind === 'subject') return `${l.subSubjectName ?? l.subjectName} (замена)`;
  if (l.subKind === 'teacher') return `${l.subjectName} (замена учителя)`;
  return l.subjectName;
}

/** «Учитель: Иванова М. А.», or the diary's own words for a substitution or a cancellation. */
const teacherLine = (l: DiaryLesson) => substitutionText(l) ?? `Учитель: ${l.teacherName}`;

export type StudentFeedInput = {
  window: Window;
  /** The child's lessons from before the window (homework given then may be due in it) to its end. */
  lessons: readonly DiaryLesson[];
  /** The groups' lesson dates, cancelled ones left out, to past the window: homework due dates (diary/rules.ts dueDate). */
  groupDates: ReadonlyMap<string, readonly string[]>;
  rooms: ReadonlyMap<string, string>;
  events: readonly FeedEvent[];
};

/**
 * A child's calendar: every lesson of the window at its bells (cancelled ones marked, substitutions named), the homework
 * on the lesson it is due for — as the diary's «Задания» shows it: the group's next lesson day — or, with no lesson
 * that day, an all-day entry; then the school's and the class's events.
 */
export function studentItems(input: StudentFeedInput): FeedItem[] {
  const { window: w } = input;
  const inWindow = input.lessons.filter((l) => l.date >= w.from && l.date <= w.to);
  const dueAt = new Map<string, DiaryLesson[]>();
  const items: FeedItem[] = [];
  for (const h of upcomingHomework(input.lessons, input.groupDates, w.from, w.to)) {
    const target = inWindow.find((l) => l.groupId === h.lesson.groupId && l.date === h.due && l.subKind !== 'cancelled');
    if (target) dueAt.set(target.id, [...(dueAt.get(target.id) ?? []), h.lesson]);
    else {
      items.push({
        uid: `homework-${h.lesson.id}`, date: h.due, start: null, end: null, summary: `Домашнее задание: ${h.lesson.subjectName}`,
        description: homeworkLines(h.lesson), location: null, cancelled: false,
      });
    }
  }
  for (const l of inWindow) {
    const room = roomLabel(input.rooms.get(l.id));
    items.push({
      uid: `lesson-${l.id}`, ...timed(l, lessonSummary(l)),
      description: [`${l.lessonNumber}-й урок`, teacherLine(l), ...(dueAt.get(l.id) ?? []).flatMap(homeworkLines)],
      location: room || null, cancelled: l.subKind === 'cancelled',
    });
  }
  return sortItems([...items, ...eventItems(input.events)]);
}

/** A teacher's lesson as lessons-queries.ts reads it. */
export type StaffLesson = {
  id: string; date: string; lessonNumber: number; staffId: string; room: string | null; groupName: string; className: string | null;
  subjectName: string; teacherName: string; startsAt: string | null; endsAt: string | null;
  subKind: string | null; substituteStaffId: string | null; subReason: string | null; substituteName: string | null;
  subSubjectName: string | null;
};

/** «5А», «5А (Английский язык, гр. 1)» — as «Сегодня» names a lesson's group. */
const whereOf = (l: StaffLesson) =>
  (l.className ? (l.groupName.includes(l.className) ? l.className : `${l.className} (${l.groupName})`) : l.groupName);

function staffLessonItem(l: StaffLesson, staffId: string): FeedItem {
  const where = whereOf(l);
  const substituting = l.substituteStaffId === staffId && l.staffId !== staffId;
  const cancelled = l.subKind === 'cancelled';
  const handedOver = !cancelled && !substituting && l.subKind !== null && l.substituteStaffId !== staffId;
  const subject = substituting && l.subSubjectName ? l.subSubjectName : l.subjectName;
  const summary = cancelled ? `Отменён: ${subject} · ${where}` : substituting ? `Замена: ${subject} · ${where}`
    : handedOver ? `Вас заменяет ${l.substituteName ?? 'другой учитель'}: ${subject} · ${where}` : `${subject} · ${where}`;
  const note = cancelled ? `Урок отменён${l.subReason ? `: ${l.subReason}` : ''}` : substituting ? `Замена вместо ${l.teacherName}`
    : handedOver ? `Урок ведёт ${l.substituteName ?? 'другой учитель'}${l.subReason ? ` (${l.subReason})` : ''}` : null;
  return {
    uid: `lesson-${l.id}`, ...timed(l, summary), description: [`${l.lessonNumber}-й урок`, ...(note ? [note] : [])],
    location: roomLabel(l.room) || null, cancelled: cancelled || handedOver,
  };
}

/**
 * A teacher's calendar: their own lessons and the ones they substitute, at the bells; a cancelled lesson, or one of
 * theirs another teacher gives, is marked cancelled (it is not theirs to give); then the events.
 */
export function staffItems(input: { staffId: string; lessons: readonly StaffLesson[]; events: readonly FeedEvent[] }): FeedItem[] {
  return sortItems([...input.lessons.map((l) => staffLessonItem(l, input.staffId)), ...eventItems(input.events)]);
}

function sortItems(items: FeedItem[]): FeedItem[] {
  return items.sort((a, b) => a.date.localeCompare(b.date) || (a.start ?? '').localeCompare(b.start ?? '') || a.uid.localeCompare(b.uid));
}
