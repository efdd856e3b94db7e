// GET /reports/medals?year= — candidates for the medal «За особые успехи в учении» (grade 11: the year marks of grades
// 10 and 11) and for the аттестат с отличием (grade 9: the final marks), with the marks that qualify or the one that
// stands in the way; before the marks are set, a forecast, labelled. The thresholds are the school's settings.
// Deputy and admin the whole school; a class teacher the 9th and 11th classes they lead that year.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../../web/school-time.ts';
import { parseFilters, refuseFilters } from '../core/filters.ts';
import { reportScope, type ReportScope } from '../core/scope.ts';
import { sendReport } from '../core/send.ts';
import type { ClassRef } from '../load-lookups.ts';
import { candidates, type MedalInput } from './model.ts';
import { classesOf, finalMarks, medalSettings, periodRows, periodsOf, rollDay, yearAndPrevious, yearRows, type YearRef } from './queries.ts';
import { candidatesTable, classesTable, marks11Table, marks9Table, ordered } from './tables.ts';

const TITLE = 'Кандидаты на медали и аттестат с отличием';

type Years = NonNullable<Awaited<ReturnType<typeof yearAndPrevious>>>;

/** Everything the candidates are judged from, for the classes of the year (see queries.ts). */
async function readInput(request: FastifyRequest, y: Years, classes: ClassRef[], today: string): Promise<Omit<MedalInput, 'rounding' | 'thresholds'>> {
  const db = request.tx;
  const schoolId = request.school.id;
  const ps = await periodsOf(db, { schoolId, schemeIds: [...new Set(classes.map((c) => c.schemeId))] });
  const rollOn = rollDay(y.year, ps, today);
  const year = await yearRows(db, { schoolId, year: y.year, classIds: classes.map((c) => c.id), rollOn });
  const periods = [];
  for (const period of ps.filter((p) => p.startsOn <= rollOn)) {
    const classIds = classes.filter((c) => c.schemeId === period.schemeId).map((c) => c.id);
    periods.push(await periodRows(db, { schoolId, yearId: y.year.id, classIds, rollOn: rollOn < period.endsOn ? rollOn : period.endsOn, period }));
  }
  const studentIds = [...new Set(year.filter((r) => classes.some((c) => c.id === r.classId && c.grade === 9)).map((r) => r.studentId))];
  const finals = await finalMarks(db, { schoolId, yearId: y.year.id, studentIds });
  const grade10 = classes.some((c) => c.grade === 11) && y.previous ? await lastYearRows(request, y.previous, today) : null;
  return { classes, year, periods, finals, grade10 };
}

/** Last year's grade-10 year marks of the whole school (the students are matched by id). */
async function lastYearRows(request: FastifyRequest, previous: YearRef, today: string) {
  const db = request.tx;
  const schoolId = request.school.id;
  const tenth = await classesOf(db, { schoolId, yearId: previous.id, grades: [10], scope: { kind: 'school' } });
  const ps = await periodsOf(db, { schoolId, schemeIds: [...new Set(tenth.map((c) => c.schemeId))] });
  return yearRows(db, { schoolId, year: previous, classIds: tenth.map((c) => c.id), rollOn: rollDay(previous, ps, today) });
}

export async function medalsReport(request: FastifyRequest, reply: FastifyReply) {
  const scope: ReportScope = await reportScope(request);
  const outcome = await parseFilters(request, scope, ['year']);
  if (!outcome.ok) return refuseFilters(reply, outcome, TITLE);
  const today = todayOf(request);
  const db = request.tx;
  const schoolId = request.school.id;
  const y = await yearAndPrevious(db, { schoolId, yearId: outcome.filters.yearId, today });
  const classes = y ? await classesOf(db, { schoolId, yearId: y.year.id, grades: [9, 11], scope }) : [];
  const { thresholds, rounding } = await medalSettings(db, schoolId);
  const all = y && classes.length ? candidates({ ...(await readInput(request, y, classes, today)), rounding, thresholds }) : [];
  const list = ordered(all, classes);
  const names = new Map(classes.map((c) => [c.id, c.name]));
  const className = (id: string) => names.get(id) ?? '';
  const tables = [candidatesTable(list, className, thresholds), classesTable(all, classes), marks11Table(list, className), marks9Table(list, className)];
  return sendReport(request, reply, {
    view: 'reports/medals', title: TITLE, filename: `medals-${y?.year.name ?? today}`, tables,
    data: {
      form: outcome.form, year: y?.year ?? null, previous: y?.previous ?? null, thresholds, noClasses: classes.length === 0, own: scope.kind === 'staff',
      forecast: list.some((c) => c.verdict.forecast), eleven: classes.some((c) => c.grade === 11), nine: classes.some((c) => c.grade === 9),
      noGrade10: classes.some((c) => c.grade === 11) && !y?.previous,
    },
  });
}
