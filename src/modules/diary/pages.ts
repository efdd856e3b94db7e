// The diary's other pages: upcoming homework by due date, the attendance summary of a period, the week's timetable.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { pickPeriod } from '../journal/grid-queries.ts';
import { setsHomework } from '../journal/rules.ts';
import { roomLabel } from '../schedule/rooms.ts';
import { diaryChildOf } from './access.ts';
import { childHead, DIARY_READERS, schoolIdOf } from './context.ts';
import { childPeriods, groupLessonDates, lessonRooms, yearOf } from './queries.ts';
import {
  attendanceBySubject, attendanceText, dayName, DAY_SHORT, HOMEWORK_DAYS_AHEAD, hhmm, isCancelled, mondayOf,
  parseWeek, substitutionText, timetableGrid, upcomingHomework, weekRange, weekTitle,
} from './rules.ts';
import { studentLessons } from './week-queries.ts';

/** Homework given this many days before today may still be due (a lesson before the holidays). */
const HOMEWORK_LOOKBACK_DAYS = 28;
/** How far after the window the group's next lessons are looked for (no later lesson at all → lesson date + 7). */
const NEXT_LESSON_HORIZON_DAYS = 60;

const attendanceQuery = z.object({ period: z.union([z.uuid(), z.literal('year')]).optional() });

export function registerPageRoutes(app: FastifyInstance, db: Db): void {
  app.get('/diary/:studentId/homework', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    if (!child) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const until = addDays(today, HOMEWORK_DAYS_AHEAD);
    const lessons = await studentLessons(db, { schoolId, studentId: child.studentId, from: addDays(today, -HOMEWORK_LOOKBACK_DAYS), to: until });
    const groupIds = [...new Set(lessons.filter((l) => setsHomework(l.homework) || l.individualHomework).map((l) => l.groupId))];
    const dates = await groupLessonDates(db, { schoolId, groupIds, from: addDays(today, -HOMEWORK_LOOKBACK_DAYS), to: addDays(until, NEXT_LESSON_HORIZON_DAYS) });
    const days: Array<{ date: string; title: string; today: boolean; items: Array<Record<string, unknown>> }> = [];
    for (const h of upcomingHomework(lessons, dates, today, until)) {
      if (days.at(-1)?.date !== h.due) {
        days.push({ date: h.due, title: `${dayName(h.due)}, ${ruDate(h.due)}`, today: h.due === today, items: [] });
      }
      const l = h.lesson;
      days.at(-1)!.items.push({
        subjectName: l.subjectName, givenOn: ruDate(l.date), homework: l.homework, minutes: l.homeworkMinutes, own: l.individualHomework,
      });
    }
    return reply.page('diary/homework', {
      title: `Домашние задания: ${child.firstName} ${child.lastName}`, ...childHead(child, 'homework'), days, untilRu: ruDate(until),
    });
  });

  app.get('/diary/:studentId/attendance', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    const q = attendanceQuery.safeParse(request.query);
    if (!child || !q.success) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const { cls, periods } = await childPeriods(db, { schoolId, studentId: child.studentId, date: today });
    const year = q.data.period === 'year' && cls ? await yearOf(db, { schoolId, yearId: cls.yearId }) : undefined;
    const period = q.data.period === 'year' ? undefined : pickPeriod(periods, today, q.data.period);
    if (q.data.period && !period && !year) return notFound(reply);
    const range = year ? { key: 'year', name: `${year.name} учебный год`, startsOn: year.startsOn, endsOn: year.endsOn }
      : period ? { key: period.id, name: period.name, startsOn: period.startsOn, endsOn: period.endsOn } : null;
    const to = range && range.endsOn < today ? range.endsOn : today;
    const lessons = range && range.startsOn <= to ? await studentLessons(db, { schoolId, studentId: child.studentId, from: range.startsOn, to }) : [];
    const missed = lessons.filter((l) => l.attendance && !isCancelled(l))
      .map((l) => ({ date: ruDate(l.date), lessonNumber: l.lessonNumber, subjectName: l.subjectName, text: attendanceText(l) }));
    return reply.page('diary/attendance', {
      title: `Посещаемость: ${child.firstName} ${child.lastName}`, ...childHead(child, 'attendance'), periods, range,
      rangeRu: range ? `${ruDate(range.startsOn)} — ${ruDate(to < range.startsOn ? range.startsOn : to)}` : '', summary: attendanceBySubject(lessons), missed,
    });
  });

  app.get('/diary/:studentId/timetable', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    if (!child) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const week = parseWeek(request.query as { week?: unknown; date?: unknown }, today);
    const monday = week.ok ? week.monday : mondayOf(today);
    const r = weekRange(monday);
    const lessons = week.ok ? await studentLessons(db, { schoolId, studentId: child.studentId, from: r.from, to: r.to }) : [];
    const rooms = await lessonRooms(db, { schoolId, lessonIds: lessons.map((l) => l.id) });
    const grid = timetableGrid(monday, lessons);
    return reply.page('diary/timetable', {
      title: `Расписание: ${child.firstName} ${child.lastName}`, ...childHead(child, 'timetable'),
      weekTitle: weekTitle(monday), thisWeek: r.from <= today && today <= addDays(r.from, 6), prev: r.prev, next: r.next,
      picked: week.ok ? week.asked ?? monday : week.asked, weekError: week.ok ? null : week.message,
      days: grid.days.map((d, i) => ({ short: DAY_SHORT[i], dateRu: ruDate(d).slice(0, 5), today: d === today })),
      rows: grid.rows.map((row) => ({
        lessonNumber: row.lessonNumber, time: row.startsAt ? `${hhmm(row.startsAt)}–${hhmm(row.endsAt)}` : '',
        cells: row.cells.map((list) => list.map((l) => ({
          subjectName: l.subjectName, teacherName: l.teacherName, room: roomLabel(rooms.get(l.id)),
          substitution: substitutionText(l), cancelled: isCancelled(l),
        }))),
      })),
    }, week.ok ? 200 : 400);
  });
}
