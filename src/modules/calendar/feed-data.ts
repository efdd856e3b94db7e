// What a feed reads, in the link's school (row-level security on): a child's lessons as the diary reads them, the groups'
// lesson dates for homework due dates, rooms and events; or a teacher's lessons and events. Then the calendar text.
import { and, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/tenant.ts';
import { addDays, todayIso } from '../../web/dates.ts';
import { classMemberships } from '../contingent/schema.ts';
import { groupLessonDates, lessonRooms } from '../diary/queries.ts';
import { studentLessons } from '../diary/week-queries.ts';
import { setsHomework } from '../journal/rules.ts';
import { schools } from '../platform/schema.ts';
import { students } from '../people/schema.ts';
import { eventsBetween } from '../schedule/events-queries.ts';
import { staffLessonsBetween } from '../schedule/lessons-queries.ts';
import { academicYears, schoolClasses } from '../setup/schema.ts';
import { buildIcs } from './ics.ts';
import type { FeedOwner } from './queries.ts';
import { DAYS_AHEAD, DAYS_BACK, feedWindow, staffItems, studentItems, type Window } from './rules.ts';

/** Homework given this long before the window may still be due in it (as the diary's «Задания» looks back). */
const HOMEWORK_LOOKBACK_DAYS = 28;
/** How far past the window the groups' next lessons are looked for (none → the lesson's date + 7, diary/rules.ts). */
const NEXT_LESSON_HORIZON_DAYS = 60;

type School = { name: string; zone: string };
type Feed = { schoolId: string; school: School; window: Window; stamp: Date; uidScope: string };

const windowText = `за ${DAYS_BACK / 7} недели назад и ${DAYS_AHEAD / 7} недель вперёд`;

/** The classes a student was in during the window: their class events. */
async function classesOfStudent(tx: Tx, { schoolId, studentId, window: w }: { schoolId: string; studentId: string; window: Window }) {
  const rows = await tx.select({ id: classMemberships.classId }).from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.studentId, studentId), lte(classMemberships.startsOn, w.to),
      sql`(${classMemberships.endsOn} is null or ${classMemberships.endsOn} > ${w.from})`));
  return [...new Set(rows.map((r) => r.id))];
}

/** A child's feed: the calendar named by the child's first name only. */
async function studentFeed(tx: Tx, f: Feed & { studentId: string }): Promise<string> {
  const { schoolId, studentId, school, window: w } = f;
  const [child] = await tx.select({ firstName: students.firstName }).from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.id, studentId)));
  const lessons = await studentLessons(tx, { schoolId, studentId, from: addDays(w.from, -HOMEWORK_LOOKBACK_DAYS), to: w.to });
  const groupIds = [...new Set(lessons.filter((l) => setsHomework(l.homework) || l.individualHomework).map((l) => l.groupId))];
  const inWindow = lessons.filter((l) => l.date >= w.from).map((l) => l.id);
  // One after another: one transaction is one connection.
  const groupDates = await groupLessonDates(tx, {
    schoolId, groupIds, from: addDays(w.from, -HOMEWORK_LOOKBACK_DAYS), to: addDays(w.to, NEXT_LESSON_HORIZON_DAYS),
  });
  const rooms = await lessonRooms(tx, { schoolId, lessonIds: inWindow });
  const classIds = await classesOfStudent(tx, { schoolId, studentId, window: w });
  const events = await eventsBetween(tx, { schoolId, from: w.from, until: addDays(w.to, 1), classIds });
  return buildIcs({
    name: `${child?.firstName ?? 'Ученик'}: уроки и события`,
    description: `${school.name}. Уроки, замены, домашние задания и события из дневника «Отметка» ${windowText}.`,
    zone: school.zone, window: w, stamp: f.stamp, uidScope: f.uidScope,
    items: studentItems({ window: w, lessons, groupDates, rooms, events }),
  });
}

/** The classes a teacher leads in a school year overlapping the window: their class events. */
async function classesLed(tx: Tx, { schoolId, staffId, window: w }: { schoolId: string; staffId: string; window: Window }) {
  const rows = await tx.select({ id: schoolClasses.id }).from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), isNotNull(schoolClasses.classTeacherId), eq(schoolClasses.classTeacherId, staffId),
      lte(academicYears.startsOn, w.to), gte(academicYears.endsOn, w.from)));
  return rows.map((r) => r.id);
}

/** A teacher's feed: own and substituted lessons, the school's events and those of the classes taught or led. */
async function staffFeed(tx: Tx, f: Feed & { staffId: string }): Promise<string> {
  const { schoolId, staffId, school, window: w } = f;
  const lessons = await staffLessonsBetween(tx, { schoolId, staffId, from: w.from, to: w.to });
  const led = await classesLed(tx, { schoolId, staffId, window: w });
  const classIds = [...new Set([...lessons.map((l) => l.classId), ...led].filter((id): id is string => !!id))];
  const events = await eventsBetween(tx, { schoolId, from: w.from, until: addDays(w.to, 1), classIds });
  return buildIcs({
    name: 'Мои уроки', description: `${school.name}. Уроки, замены и события из журнала «Отметка» ${windowText}.`,
    zone: school.zone, window: w, stamp: f.stamp, uidScope: f.uidScope,
    items: staffItems({ staffId, lessons, events }),
  });
}

/**
 * The iCalendar text of a link's feed, in the school's transaction: the window around the school's today (its own
 * time zone), a child's or a teacher's calendar.
 */
export async function renderFeed(tx: Tx, k: { schoolId: string; owner: FeedOwner; now: Date; uidScope: string }): Promise<string> {
  const [school] = await tx.select({ name: schools.name, zone: schools.timeZone }).from(schools).where(eq(schools.id, k.schoolId));
  if (!school) throw new Error(`school ${k.schoolId} is gone`);
  const f = { schoolId: k.schoolId, school, window: feedWindow(todayIso(k.now, school.zone)), stamp: k.now, uidScope: k.uidScope };
  return k.owner.studentId ? studentFeed(tx, { ...f, studentId: k.owner.studentId }) : staffFeed(tx, { ...f, staffId: k.owner.staffId! });
}
