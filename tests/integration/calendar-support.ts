// Fixtures of the calendar-feed tests: making a link as a person does (the page, then the button), fetching the feed
// as a calendar app does (no cookie), and reading it back with ical.js — a parser independent of the generator.
import { and, asc, eq, gte, lte, or } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { bells, bellSchedules, schoolClasses } from '../../src/modules/setup/schema.ts';
import type { Client } from '../support/client.ts';

/** Presses «Создать ссылку» (or «Создать новую ссылку») on /calendar and reads the link the page shows once. */
export async function makeLink(client: Client, action: string): Promise<{ url: string; path: string; token: string; status: number; body: string }> {
  await client.get('/calendar');
  const res = await client.post(action);
  const url = /id="cl-link"[^>]*value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  return { url, path, token: /\/calendar\/feed\/([^/.]+)\.ics$/.exec(path)?.[1] ?? '', status: res.statusCode, body: res.body };
}

/** A calendar app's request: no cookie, no session. */
export const fetchFeed = (app: FastifyInstance, path: string) => app.inject({ method: 'GET', url: path, headers: { 'user-agent': 'TestCalendar/1.0' } });

export type ParsedEvent = {
  uid: string; summary: string; description: string; location: string | null; status: string | null;
  allDay: boolean; date: string;
  /** The wall clock in the event's zone ('2026-11-23T08:30'), and the moment in UTC (ISO); null for all-day entries. */
  local: string | null; utc: string | null; endLocal: string | null; zone: string | null;
};

/** Parses an .ics text with ical.js (its VTIMEZONEs registered), so times are the parser's reading, not ours. */
export function parseIcs(text: string): { name: string; zones: string[]; events: ParsedEvent[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const zones = cal.getAllSubcomponents('vtimezone');
  for (const z of zones) ICAL.TimezoneService.register(new ICAL.Timezone(z));
  const events = cal.getAllSubcomponents('vevent').map((ve) => {
    const e = new ICAL.Event(ve);
    const start = e.startDate;
    const allDay = start.isDate;
    const pad = (n: number) => String(n).padStart(2, '0');
    const wall = (t: ICAL.Time) => `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
    return {
      uid: e.uid, summary: e.summary, description: e.description ?? '', location: e.location ?? null,
      status: (ve.getFirstPropertyValue('status') as string | null) ?? null, allDay,
      date: `${start.year}-${pad(start.month)}-${pad(start.day)}`,
      local: allDay ? null : wall(start), utc: allDay ? null : start.toJSDate().toISOString(),
      endLocal: !allDay && ve.hasProperty('dtend') ? wall(e.endDate) : null,
      zone: allDay ? null : (ve.getFirstProperty('dtstart')!.getParameter('tzid') as string | null) ?? null,
    };
  });
  return { name: String(cal.getFirstPropertyValue('x-wr-calname') ?? ''), zones: zones.map((z) => String(z.getFirstPropertyValue('tzid'))), events };
}

/** The feed of a path, checked for the headers a calendar app needs, parsed. */
export async function readFeed(app: FastifyInstance, path: string) {
  const res = await fetchFeed(app, path);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
  return { text: res.body, ...parseIcs(res.body) };
}

export const eventOf = (events: readonly ParsedEvent[], lessonId: string) => events.find((e) => e.uid.startsWith(`lesson-${lessonId}.`));

/** The student's id by first and last name in a school (the demo's Морозов Дмитрий, Морозова Алиса). */
export async function studentId(db: Db, schoolId: string, lastName: string, firstName: string): Promise<string> {
  const [s] = await db.select({ id: students.id }).from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.lastName, lastName), eq(students.firstName, firstName)));
  if (!s) throw new Error(`no student ${lastName} ${firstName}`);
  return s.id;
}

export type BelledLesson = { id: string; date: string; lessonNumber: number; groupId: string; staffId: string; startsAt: string | null; endsAt: string | null };

const belled = (db: Db) => db.select({
  id: lessons.id, date: lessons.date, lessonNumber: lessons.lessonNumber, groupId: lessons.groupId, staffId: lessons.staffId,
  startsAt: bells.startsAt, endsAt: bells.endsAt,
}).from(lessons)
  .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
  .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, lessons.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
  .leftJoin(bellSchedules, and(eq(bellSchedules.schoolId, lessons.schoolId), eq(bellSchedules.shift, schoolClasses.shift)))
  .leftJoin(bells, and(eq(bells.schoolId, lessons.schoolId), eq(bells.scheduleId, bellSchedules.id), eq(bells.lessonNumber, lessons.lessonNumber)));

/** A class's whole-class lessons (every subject) from `from` to `to`, with their bells — what the class's children attend. */
export async function classLessons(db: Db, schoolId: string, className: string, from: string, to: string): Promise<BelledLesson[]> {
  return belled(db).where(and(eq(lessons.schoolId, schoolId), eq(schoolClasses.name, className), eq(teachingGroups.kind, 'class'),
    gte(lessons.date, from), lte(lessons.date, to))).orderBy(asc(lessons.date), asc(lessons.lessonNumber));
}

/** A teacher's lessons from `from` to `to`: own ones and those they substitute. */
export async function teacherLessons(db: Db, schoolId: string, staffId: string, from: string, to: string): Promise<BelledLesson[]> {
  return belled(db).leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, schoolId), gte(lessons.date, from), lte(lessons.date, to),
      or(eq(lessons.staffId, staffId), eq(substitutions.substituteStaffId, staffId))))
    .orderBy(asc(lessons.date), asc(lessons.lessonNumber));
}
