// The diary week (/diary/:studentId?week=): per day the lessons with topic, homework, marks, attendance and substitutions,
// and a parent's «Ознакомлен(а)» for the week (POST /diary/:studentId/acknowledge).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { now } from '../../web/clock.ts';
import { dateTimeOf, todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { isPrefetch } from '../offline/rules.ts';
import { diaryChildOf, type DiaryChild } from './access.ts';
import { childHead, DIARY_READERS, schoolIdOf } from './context.ts';
import { isNewMark, newsSince, newsView } from './news.ts';
import { acknowledgeWeek, diaryViewSql } from './queries.ts';
import {
  attendanceText, canAcknowledgeWeek, DAY_NAMES, hhmm, isCancelled, markWhat, mondayOf, parseWeek, substitutionText,
  weekRange, weekTitle, WEEK_MESSAGE,
} from './rules.ts';
import { weekPage } from './week-page.ts';
import { weekDays, type DiaryLesson } from './week-queries.ts';

const lessonView = (l: DiaryLesson, since: Date | null) => ({
  id: l.id, lessonNumber: l.lessonNumber, time: l.startsAt ? `${hhmm(l.startsAt)}–${hhmm(l.endsAt)}` : '',
  subjectName: l.subjectName, teacherName: l.teacherName, topic: l.topic, controlWork: l.controlWork,
  homework: l.homework, homeworkMinutes: l.homeworkMinutes, individualHomework: l.individualHomework,
  marks: l.marks.map((m) => ({ value: m.value, what: markWhat(m), fresh: since !== null && isNewMark(m.at, since) })),
  attendance: attendanceText(l), substitution: substitutionText(l), cancelled: isCancelled(l),
});

/**
 * `visited`: the GET of a week — «Что нового» since the account's previous visit (read with the week's facts) and, unless
 * the page is fetched ahead, the visit to count (last, just before the page is rendered).
 */
type WeekView = { schoolId: string; accountId: string; studentId: string; weekStart: string };
type WeekExtras = { weekError?: string; asked?: string; ackError?: string; visited?: { count: WeekView | null } };

/** Renders the week of `monday` (or, with `weekError`, only the picker and the message). */
async function renderWeek(db: Db, request: FastifyRequest, reply: FastifyReply, child: DiaryChild, monday: string, extras: WeekExtras, status = 200) {
  const schoolId = schoolIdOf(request);
  const today = todayOf(request);
  const r = weekRange(monday);
  const guardianId = request.actor!.roles.includes('parent') ? child.guardianId : null;
  const thisWeek = r.from <= today && today <= addDays(r.from, 6);
  const moment = now();
  // «Что нового» on a visit of the current week: read in the same statement as the week (week-page.ts).
  const withNews = extras.visited && thisWeek ? { today, firstVisitSince: newsSince(null, moment) } : null;
  const page = await weekPage(db, {
    schoolId, studentId: child.studentId, guardianId, weekStart: monday, from: r.from, to: r.to,
    visitor: extras.visited ? request.actor!.accountId : null,
  }, withNews);
  const { lessons, previous } = page;
  const since = extras.visited ? newsSince(previous, moment) : null;
  const news = page.news ? newsView(page.news, { week: lessons, today, sinceText: previous ? dateTimeOf(request, previous) : null }) : null;
  const days = weekDays(monday, lessons, addDays).map((d, i) => ({
    date: d.date, dateRu: ruDate(d.date), name: DAY_NAMES[i], today: d.date === today, lessons: d.lessons.map((l) => lessonView(l, since)),
  }));
  // The visit is counted when the page's transaction commits, once the page is rendered (not when rendering failed),
  // in a transaction of its own sent with the COMMIT (queries.ts diaryViewSql).
  const count = extras.visited?.count;
  if (count) request.atCommit(diaryViewSql(count));
  return reply.page('diary/week', {
    title: `Дневник: ${child.firstName} ${child.lastName}`, ...childHead(child, 'week'),
    monday, weekTitle: weekTitle(monday), prev: r.prev, next: r.next, thisWeek, news,
    picked: extras.asked ?? monday, weekError: extras.weekError ?? null, ackError: extras.ackError ?? null,
    days: extras.weekError ? [] : days, covered: page.covered,
    ack: guardianId ? { at: page.ack ? dateTimeOf(request, page.ack) : null, can: canAcknowledgeWeek(monday, today) } : null,
  }, status);
}

export function registerWeekRoutes(app: FastifyInstance, db: Db): void {
  app.get('/diary/:studentId', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    if (!child) return notFound(reply);
    const today = todayOf(request);
    const week = parseWeek(request.query as { week?: unknown; date?: unknown }, today);
    if (!week.ok) return renderWeek(db, request, reply, child, mondayOf(today), { weekError: week.message, asked: week.asked }, 400);
    // Fetched ahead by the service worker for offline use: not seen by anyone yet, so not counted as a visit.
    const view = { schoolId: child.schoolId, accountId: request.actor!.accountId, studentId: child.studentId, weekStart: week.monday };
    return renderWeek(db, request, reply, child, week.monday, { visited: { count: isPrefetch(request) ? null : view } });
  });

  app.post('/diary/:studentId/acknowledge', { config: { access: ['parent'] } }, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    if (!child?.guardianId) return notFound(reply);
    const today = todayOf(request);
    const body = (request.body ?? {}) as { week?: unknown };
    const week = parseWeek({ week: body.week }, today);
    if (!week.ok || week.asked === null) {
      return renderWeek(db, request, reply, child, mondayOf(today), { ackError: WEEK_MESSAGE }, 422);
    }
    if (!canAcknowledgeWeek(week.monday, today)) {
      return renderWeek(db, request, reply, child, week.monday, { ackError: 'Отметить «Ознакомлен(а)» можно, когда неделя начнётся.' }, 422);
    }
    const guardianId = child.guardianId;
    await withSchool(db, schoolIdOf(request), (tx) => acknowledgeWeek(tx, {
      schoolId: child.schoolId, studentId: child.studentId, guardianId, weekStart: week.monday, accountId: request.actor!.accountId,
    }));
    flash(reply, 'ok', `Отмечено: вы ознакомились с дневником за неделю ${weekTitle(week.monday)}.`);
    return reply.redirect(`/diary/${child.studentId}?week=${week.monday}`, 303);
  });
}
