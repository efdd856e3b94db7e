// GET /reports/students/:studentId?period= — a student's report for one period of their class's scheme (default the
// current one; period=year: the whole year): per subject the marks in date order with their work types, the weighted
// average, the period (year) mark or its forecast «прогноз», the lessons missed; attendance by reason per subject.
// Who may open it: rules.ts studentReportReader; anyone else, and an id of another school, gets 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ruDate } from '../../../web/dates.ts';
import { notFound } from '../../../web/errors.ts';
import { todayOf } from '../../../web/school-time.ts';
import { fullStudentName } from '../../diary/report.ts';
import { studentPeriodMarks, yearOf } from '../../diary/queries.ts';
import { studentLessons } from '../../diary/week-queries.ts';
import { pickPeriod } from '../../journal/grid-queries.ts';
import { REASON_LABELS, UNSET_LABEL } from '../../journal/attendance-rules.ts';
import { parseFilters, WHOLE_YEAR, type FilterForm, type ReportFilters } from '../core/filters.ts';
import { sendReport } from '../core/send.ts';
import { loadSettings } from '../load-lookups.ts';
import { studentHead, type StudentHead } from './queries.ts';
import { FORECAST_LABEL, studentReportReader, subjectLines, type ReportSpan, type StudentReportReader } from './rules.ts';
import { attendanceTable, marksTable, subjectsTable } from './tables.ts';

const TITLE = 'Отчёт об успеваемости и посещаемости';
const params = z.object({ studentId: z.uuid() });

type Range = { span: ReportSpan; name: string; startsOn: string; endsOn: string; yearId: string };

/** The period asked for among the class's (404 for another scheme's), the year (period=year), or the current period. */
async function rangeOf(request: FastifyRequest, head: StudentHead, f: ReportFilters): Promise<Range | null | 'unknown'> {
  const cls = head.cls;
  if (!cls) return f.periodId ? 'unknown' : null;
  if (f.wholeYear) {
    const year = await yearOf(request.tx, { schoolId: request.school.id, yearId: cls.yearId });
    return year ? { span: { kind: 'year' }, name: `${year.name} учебный год`, startsOn: year.startsOn, endsOn: year.endsOn, yearId: cls.yearId } : null;
  }
  const period = pickPeriod(head.periods, todayOf(request), f.periodId ?? undefined);
  if (f.periodId && !period) return 'unknown';
  return period ? { span: { kind: 'period', periodId: period.id }, name: period.name, startsOn: period.startsOn, endsOn: period.endsOn, yearId: cls.yearId } : null;
}

/** Where the page's crumb leads back to: a family to the diary, a class teacher to the class, other staff to the reports. */
function backLink(reader: StudentReportReader, studentId: string) {
  if (reader === 'self' || reader === 'parent') return { href: `/diary/${studentId}/marks`, label: 'Дневник' };
  if (reader === 'classTeacher') return { href: '/my-class', label: 'Мой класс' };
  return { href: '/reports', label: 'Отчёты' };
}

/** The period select lists the periods of the student's class and the year. */
function periodChoices(form: FilterForm, head: StudentHead): FilterForm {
  const options = [...head.periods.map((p) => ({ value: p.id, label: p.name })), ...(head.cls ? [{ value: WHOLE_YEAR, label: 'Учебный год' }] : [])];
  return { ...form, options: { ...form.options, period: options } };
}

/** The student of the URL and the ground on which the actor reads their report; null → 404. */
async function readable(request: FastifyRequest, today: string) {
  const p = params.safeParse(request.params);
  if (!p.success) return null;
  const { studentId } = p.data;
  const head = await studentHead(request.tx, { schoolId: request.school.id, studentId, today });
  const actor = request.actor!;
  const reader = head ? studentReportReader({
    roles: actor.roles, person: actor.person, studentId, guardianIds: head.guardianIds, classTeacherId: head.cls?.classTeacherId ?? null, teacherIds: head.teacherIds,
  }) : null;
  return head && reader ? { studentId, head, reader } : null;
}

/** The figures of the range: the student's lessons up to today, their period marks of the year, the school's rounding. */
async function figuresOf(request: FastifyRequest, a: { studentId: string; head: StudentHead; range: Range; until: string }) {
  const db = request.tx;
  const schoolId = request.school.id;
  const { range, until, studentId } = a;
  const [lessons, marks, rounding] = await Promise.all([
    range.startsOn <= until ? studentLessons(db, { schoolId, studentId, from: range.startsOn, to: until }) : Promise.resolve([]),
    studentPeriodMarks(db, { schoolId, studentId, yearId: range.yearId }), loadSettings(db, schoolId).then((x) => x.rounding),
  ]);
  return subjectLines({ lessons, marks, span: range.span, grade: a.head.cls?.grade ?? null, rounding });
}

export async function studentReport(request: FastifyRequest, reply: FastifyReply) {
  const today = todayOf(request);
  const found = await readable(request, today);
  if (!found) return notFound(reply);
  const { studentId, head } = found;
  const back = backLink(found.reader, studentId);
  // The scope of core/filters matters only for class and teacher filters; the period is checked against the class below.
  const outcome = await parseFilters(request, { kind: 'school' }, ['period'], { wholeYear: true });
  if (!outcome.ok && outcome.status === 404) return notFound(reply);
  if (!outcome.ok) return reply.page('reports/refused', { title: TITLE, form: periodChoices(outcome.form, head), tables: [], exports: null, back }, 422);
  const range = await rangeOf(request, head, outcome.filters);
  if (range === 'unknown') return notFound(reply);
  const until = range && range.endsOn < today ? range.endsOn : today;
  const figures = range ? await figuresOf(request, { studentId, head, range, until }) : null;
  const tables = figures && range ? [
    subjectsTable(`${range.name}: по предметам`, figures.subjects, range.span.kind === 'year' ? 'Годовая отметка' : 'Отметка за период'),
    marksTable(figures.subjects), attendanceTable(figures.subjects, figures.total),
  ] : [];
  return sendReport(request, reply, {
    view: 'reports/student', title: TITLE, filename: `student-${range?.startsOn ?? today}-${studentId.slice(0, 8)}`, tables,
    data: {
      form: periodChoices(outcome.form, head), back, student: fullStudentName(head.student), className: head.cls?.name ?? null,
      schoolName: request.school.name, classTeacher: head.classTeacherName, todayRu: ruDate(today),
      range: range ? { name: range.name, fromRu: ruDate(range.startsOn), toRu: ruDate(range.endsOn), untilRu: until < range.endsOn ? ruDate(until) : null } : null,
      forecast: figures?.subjects.some((s) => s.periodMark.forecast) ?? false, forecastLabel: FORECAST_LABEL, year: range?.span.kind === 'year',
      attendance: figures ? attendanceLine(figures.total.attendance) : null, lessons: figures?.total.lessons ?? 0,
    },
  });
}

/** «по болезни — 2, уважительная — 0, …» of the period's missed lessons, with the lates apart. */
function attendanceLine(t: { missed: number; illness: number; valid: number; invalid: number; unset: number; late: number }) {
  return {
    missed: t.missed, late: t.late,
    reasons: [
      { label: REASON_LABELS.illness, n: t.illness }, { label: REASON_LABELS.valid, n: t.valid },
      { label: REASON_LABELS.invalid, n: t.invalid }, { label: UNSET_LABEL, n: t.unset },
    ],
  };
}
