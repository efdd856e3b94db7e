// Marks in the diary: by subject for a period of the child's class (each mark with its date and work type, the weighted
// average, the period mark) and the year's period marks of all subjects.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { ruAverage } from '../journal/grid-model.ts';
import { pickPeriod } from '../journal/grid-queries.ts';
import { diaryChildOf } from './access.ts';
import { childHead, DIARY_READERS, schoolIdOf } from './context.ts';
import { childPeriods, childYears, schemePeriods, studentPeriodMarks, yearOf } from './queries.ts';
import { marksBySubject, markWhat, subjectsOf, yearTable } from './rules.ts';
import { studentMarkLessons } from './week-queries.ts';

const periodQuery = z.object({ period: z.uuid().optional() });
const yearQuery = z.object({ year: z.uuid().optional() });

export function registerMarkRoutes(app: FastifyInstance, db: Db): void {
  app.get('/diary/:studentId/marks', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    const q = periodQuery.safeParse(request.query);
    if (!child || !q.success) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const today = todayOf(request);
    const { cls, periods } = await childPeriods(db, { schoolId, studentId: child.studentId, date: today });
    const period = pickPeriod(periods, today, q.data.period);
    if (q.data.period && !period) return notFound(reply);
    const page = { title: `Оценки: ${child.firstName} ${child.lastName}`, ...childHead(child, 'marks'), periods, period: period ?? null, ruDate };
    if (!cls || !period) return reply.page('diary/marks', { ...page, subjects: [] });
    const [lessons, pmarks] = await Promise.all([
      studentMarkLessons(db, { schoolId, studentId: child.studentId, from: period.startsOn, to: period.endsOn }),
      studentPeriodMarks(db, { schoolId, studentId: child.studentId, yearId: cls.yearId, periodId: period.id }),
    ]);
    const subjects = marksBySubject(lessons, subjectsOf(lessons, pmarks)).map((s) => ({
      name: s.subjectName, average: ruAverage(s.average),
      periodMark: pmarks.filter((p) => p.subjectId === s.subjectId).map((p) => p.value).join(' / ') || null,
      marks: s.marks.map((m) => ({ date: ruDate(m.date).slice(0, 5), value: m.value, short: m.workTypeShort, what: markWhat(m) })),
    }));
    return reply.page('diary/marks', { ...page, subjects });
  });

  app.get('/diary/:studentId/marks/year', DIARY_READERS, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    const q = yearQuery.safeParse(request.query);
    if (!child || !q.success) return notFound(reply);
    const schoolId = schoolIdOf(request);
    const years = await childYears(db, { schoolId, studentId: child.studentId });
    // ?year= one of the child's years (last year's marks after the rollover); else the class of today.
    const chosen = q.data.year ? years.find((y) => y.yearId === q.data.year) : undefined;
    if (q.data.year && !chosen) return notFound(reply);
    const { cls, periods } = chosen
      ? { cls: { yearId: chosen.yearId }, periods: await schemePeriods(db, { schoolId, schemeId: chosen.schemeId }) }
      : await childPeriods(db, { schoolId, studentId: child.studentId, date: todayOf(request) });
    const page = { title: `Итоговые отметки: ${child.firstName} ${child.lastName}`, ...childHead(child, 'year'), years };
    if (!cls) return reply.page('diary/year', { ...page, year: null, table: null });
    const [year, marks] = await Promise.all([
      yearOf(db, { schoolId, yearId: cls.yearId }),
      studentPeriodMarks(db, { schoolId, studentId: child.studentId, yearId: cls.yearId }),
    ]);
    return reply.page('diary/year', { ...page, year: year ?? null, table: yearTable(periods, marks) });
  });
}
