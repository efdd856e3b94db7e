// /diary: the diary for families. The children's page (each child with this week's summary; a child in another school of
// the account with a button that switches the school), then one child's pages: the week with «Ознакомлен(а)» (week.ts),
// marks by subject and the year (marks.ts), homework, attendance and the timetable (pages.ts).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { now } from '../../web/clock.ts';
import { todayIso } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { childAccounts } from '../accounts/act-as.ts';
import { diaryChildren, fullChildName } from './access.ts';
import { DIARY_READERS, schoolIdOf } from './context.ts';
import { registerMarkRoutes } from './marks.ts';
import { newMarkCounts, newMarksLabel, newsSince } from './news.ts';
import { registerPageRoutes } from './pages.ts';
import { mondayOf, weekRange, weekSummary } from './rules.ts';
import { registerWeekRoutes } from './week.ts';
import { studentLessons } from './week-queries.ts';

/** «3 новые отметки» «с прошлого просмотра» (or «за неделю» before the first one); null when nothing is new. */
const newsLine = (f: { n: number; visited: boolean } | undefined) =>
  (f && f.n > 0 ? { label: newMarksLabel(f.n), when: f.visited ? 'с прошлого просмотра' : 'за неделю' } : null);

export function registerDiaryRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/diary', DIARY_READERS, async (request, reply) => {
    const schoolId = schoolIdOf(request);
    const children = await diaryChildren(db, request.actor!.accountId, todayIso(), request.server.authCache);
    const week = weekRange(mondayOf(todayOf(request)));
    const fresh = await newMarkCounts(db, {
      schoolId, accountId: request.actor!.accountId, firstVisitSince: newsSince(null, now()),
      studentIds: children.filter((c) => c.schoolId === schoolId).map((c) => c.studentId),
    });
    const cards = await Promise.all(children.map(async (c) => ({
      id: c.studentId, name: fullChildName(c), className: c.className, schoolId: c.schoolId, schoolName: c.schoolName,
      news: newsLine(fresh.get(c.studentId)),
      // Another school's child: only the card and the switch; that school's data is read after switching to it.
      summary: c.schoolId === schoolId
        ? weekSummary(await studentLessons(db, { schoolId, studentId: c.studentId, from: week.from, to: week.to }))
        : null,
    })));
    // «Войти как ребёнок»: the parent's children here with their own student account (not while already acting).
    const own = request.session.actingFor ? new Map<string, string>()
      : await childAccounts(db, schoolId, children.filter((c) => c.schoolId === schoolId && c.guardianId !== null).map((c) => c.studentId));
    return reply.page('diary/index', {
      title: 'Дневник', cards: cards.map((c) => ({ ...c, canActAs: own.has(c.id) })),
      manySchools: new Set(children.map((c) => c.schoolId)).size > 1,
    });
  });

  registerWeekRoutes(app, db);
  registerMarkRoutes(app, db);
  registerPageRoutes(app, db);
}
