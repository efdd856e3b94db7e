// A report's filters live in the URL (a link can be sent): week=YYYY-MM-DD (any day, normalised to its Monday; default
// this week in the school's time zone), month=YYYY-MM (default this month), from/to (a date range inside one school
// year, core/date-range.ts; default none: the report's period), period, class, teacher, subject, year (ids; a year
// chosen makes the form's periods and classes that year's, a past one included), grade (a parallel: 1…11); a report
// of results may also take period=year (the year's marks: parseFilters' `wholeYear` option).
// A value that cannot be read → 422 with a Russian message; an id of another school or outside the person's scope
// → 404 (existence does not leak). The form of the report frame is built here too, with the choices in scope.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../../db/tenant.ts';
import { notFound } from '../../../web/errors.ts';
import { todayOf } from '../../../web/school-time.ts';
import { groupTeachers, teachingGroups } from '../../curriculum/schema.ts';
import { parseWeek, WEEK_MESSAGE } from '../../diary/rules.ts';
import { staff } from '../../people/schema.ts';
import { shortName } from '../../schedule/timetable-rules.ts';
import { currentYear } from '../../setup/lookups.ts';
import { academicYears, periods, periodSchemes, schoolClasses, subjects } from '../../setup/schema.ts';
import { DATE_MESSAGES, parseDateRange, type DateRangeOutcome } from './date-range.ts';
import { classesInScope, type ReportScope } from './scope.ts';

export type FilterName = 'week' | 'month' | 'period' | 'from' | 'to' | 'class' | 'teacher' | 'subject' | 'year' | 'grade';
export const FILTER_NAMES: readonly FilterName[] = ['week', 'month', 'period', 'from', 'to', 'class', 'teacher', 'subject', 'year', 'grade'];

export type ReportFilters = {
  /** Monday of the week asked for (always set: default this week). */
  week: string;
  /** 'YYYY-MM' (always set: default this month). */
  month: string;
  /** The date range asked for ('YYYY-MM-DD', inside one school year, from ≤ to); both null when none was given. */
  from: string | null; to: string | null;
  periodId: string | null; classId: string | null; teacherId: string | null; subjectId: string | null;
  /** period=year was asked for (only where the report allows it: parseFilters' `wholeYear` option); periodId is then null. */
  wholeYear: boolean;
  /** A parallel (1…11), or null: all. */
  grade: number | null;
  /** An academic year of the school (null: the report's default, mostly the current year). */
  yearId: string | null;
};

/** period=year: the year's marks instead of one period's (reports of results). */
export const WHOLE_YEAR = 'year';

export type Option = { value: string; label: string };
/** What the frame's filter form shows: the report's filters, their values as typed, the choices, the message. */
export type FilterForm = {
  names: FilterName[]; values: Record<string, string>; options: Partial<Record<FilterName, Option[]>>; error: string | null;
  /** Other parameters of the page kept by the form (hidden inputs), e.g. a detail list's kind. */
  hidden?: Record<string, string>;
  /** The text of a select's empty choice when not the default («Текущий» for period and year, «Все» otherwise). */
  blank?: Partial<Record<FilterName, string>>;
};

export type FilterOutcome =
  | { ok: true; filters: ReportFilters; form: FilterForm }
  | { ok: false; status: 404 | 422; message: string; form: FilterForm };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MESSAGES: Record<FilterName, string> = {
  week: WEEK_MESSAGE,
  month: 'Месяц указан неверно: выберите его в календаре (ГГГГ-ММ).',
  period: 'Учебный период указан неверно: выберите его из списка.',
  from: DATE_MESSAGES.from,
  to: DATE_MESSAGES.to,
  class: 'Класс указан неверно: выберите его из списка.',
  teacher: 'Учитель указан неверно: выберите его из списка.',
  subject: 'Предмет указан неверно: выберите его из списка.',
  grade: 'Параллель указана неверно: выберите её из списка (1–11).',
  year: 'Учебный год указан неверно: выберите его из списка.',
};

const one = (v: unknown): string | null | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().slice(0, 60)) : null;

type Ctx = { db: Tx; schoolId: string; scope: ReportScope; today: string };

/** Reads the filters `names` of the request's query; everything else in the query is ignored. `wholeYear`: period=year allowed. */
export async function parseFilters(request: FastifyRequest, scope: ReportScope, names: FilterName[], opts: { wholeYear?: boolean } = {}): Promise<FilterOutcome> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const ctx: Ctx = { db: request.tx, schoolId: request.school.id, scope, today: todayOf(request) };
  const values: Record<string, string> = {};
  for (const n of names) values[n] = typeof query[n] === 'string' ? (query[n] as string).slice(0, 60) : '';
  const askedYear = names.includes('year') ? one(query.year) : undefined;
  const form: FilterForm = { names, values, options: await filterOptions(ctx, names, askedYear ?? null), error: null };
  if (opts.wholeYear && form.options.period) form.options.period.push({ value: WHOLE_YEAR, label: 'Учебный год (годовые отметки)' });
  const refuse = (status: 404 | 422, name: FilterName, message = MESSAGES[name]): FilterOutcome =>
    ({ ok: false, status, message, form: { ...form, error: message } });

  const week = parseWeek({ week: names.includes('week') ? query.week : undefined }, ctx.today);
  if (!week.ok) return refuse(422, 'week');
  const month = names.includes('month') ? one(query.month) : undefined;
  if (month === null || (month !== undefined && !MONTH.test(month))) return refuse(422, 'month');
  const grade = names.includes('grade') ? one(query.grade) : undefined;
  if (grade === null || (grade !== undefined && !/^(?:[1-9]|1[01])$/.test(grade))) return refuse(422, 'grade');
  const wholeYear = Boolean(opts.wholeYear && names.includes('period') && one(query.period) === WHOLE_YEAR);
  const range = await readRange(ctx, query, names);
  if (!range.ok) return refuse(422, range.field, range.message);
  const filters: ReportFilters = {
    week: week.monday, month: month ?? ctx.today.slice(0, 7), from: range.from, to: range.to,
    periodId: null, classId: null, teacherId: null, subjectId: null, yearId: null, wholeYear, grade: grade === undefined ? null : Number(grade),
  };
  for (const name of ['period', 'class', 'teacher', 'subject', 'year'] as const) {
    if (!names.includes(name) || (name === 'period' && wholeYear)) continue;
    const id = one(query[name]);
    if (id === undefined) continue;
    if (id === null || !UUID.test(id)) return refuse(422, name);
    if (!(await idInScope(ctx, name, id.toLowerCase()))) return refuse(404, name);
    filters[`${name}Id`] = id.toLowerCase();
  }
  if (names.includes('week')) form.values.week = filters.week;
  if (names.includes('month')) form.values.month = filters.month;
  // A date typed is shown as the date input reads it; one completed by the rule stays blank (the form keeps what was asked).
  for (const n of ['from', 'to'] as const) if (form.values[n]) form.values[n] = filters[n] ?? '';
  return { ok: true, filters, form };
}

/** The `from`/`to` of the query (those among `names`), checked against the school's years (core/date-range.ts). */
async function readRange(ctx: Ctx, query: Record<string, unknown>, names: FilterName[]): Promise<DateRangeOutcome> {
  const from = names.includes('from') ? one(query.from) : undefined;
  const to = names.includes('to') ? one(query.to) : undefined;
  if (from === null) return { ok: false, field: 'from', message: DATE_MESSAGES.from };
  if (to === null) return { ok: false, field: 'to', message: DATE_MESSAGES.to };
  if (from === undefined && to === undefined) return { ok: true, from: null, to: null };
  const years = await ctx.db.select({ name: academicYears.name, startsOn: academicYears.startsOn, endsOn: academicYears.endsOn })
    .from(academicYears).where(eq(academicYears.schoolId, ctx.schoolId));
  return parseDateRange({ from, to }, years, ctx.today);
}

/** Answers a refused filter: 404 as any unknown id, 422 with the report's frame, the form kept and the message. */
export function refuseFilters(reply: FastifyReply, outcome: Extract<FilterOutcome, { ok: false }>, title: string) {
  if (outcome.status === 404) return notFound(reply);
  return reply.page('reports/refused', { title, form: outcome.form, tables: [], exports: null }, 422);
}

async function idInScope(ctx: Ctx, name: 'period' | 'class' | 'teacher' | 'subject' | 'year', id: string): Promise<boolean> {
  const { db, schoolId, scope } = ctx;
  if (name === 'teacher') {
    if (scope.kind === 'staff') return scope.staffId === id;
    return (await db.select({ id: staff.id }).from(staff).where(and(eq(staff.schoolId, schoolId), eq(staff.id, id)))).length > 0;
  }
  if (name === 'class') {
    const allowed = await classesInScope(db, schoolId, scope);
    if (allowed && !allowed.includes(id)) return false;
    return (await db.select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, id)))).length > 0;
  }
  const table = name === 'period' ? periods : name === 'year' ? academicYears : subjects;
  return (await db.select({ id: table.id }).from(table).where(and(eq(table.schoolId, schoolId), eq(table.id, id)))).length > 0;
}

/**
 * The choices of the form's selects: the school's years (the latest first); the periods and classes of the year asked
 * for (when it is one of them) or of the current year; the teachers and the subjects in scope.
 */
async function filterOptions(ctx: Ctx, names: FilterName[], askedYear: string | null): Promise<FilterForm['options']> {
  const { db, schoolId, scope } = ctx;
  const options: FilterForm['options'] = {};
  const years = names.includes('year') ? await db.select({ id: academicYears.id, name: academicYears.name }).from(academicYears)
    .where(eq(academicYears.schoolId, schoolId)).orderBy(desc(academicYears.startsOn)) : [];
  if (names.includes('year')) options.year = years.map((y) => ({ value: y.id, label: y.name }));
  const asked = years.find((y) => y.id === askedYear?.toLowerCase());
  const year = asked ?? await currentYear(db, { schoolId, date: ctx.today });
  if (!year) return options;
  if (names.includes('period')) {
    const rows = await db.select({ id: periods.id, name: periods.name, scheme: periodSchemes.name }).from(periods)
      .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
      .where(and(eq(periods.schoolId, schoolId), eq(periodSchemes.yearId, year.id))).orderBy(asc(periodSchemes.name), asc(periods.ordinal));
    const schemes = new Set(rows.map((r) => r.scheme));
    options.period = rows.map((r) => ({ value: r.id, label: schemes.size > 1 ? `${r.name} (${r.scheme})` : r.name }));
  }
  if (names.includes('class')) {
    const allowed = await classesInScope(db, schoolId, scope);
    const rows = allowed?.length === 0 ? [] : await db.select({ id: schoolClasses.id, name: schoolClasses.name }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, year.id), allowed ? inArray(schoolClasses.id, allowed) : undefined))
      .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name));
    options.class = rows.map((r) => ({ value: r.id, label: r.name }));
  }
  if (names.includes('teacher')) {
    const rows = await db.selectDistinct({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName })
      .from(staff)
      .innerJoin(groupTeachers, and(eq(groupTeachers.schoolId, staff.schoolId), eq(groupTeachers.staffId, staff.id)))
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
      .where(and(eq(staff.schoolId, schoolId), eq(teachingGroups.yearId, year.id), scope.kind === 'staff' ? eq(staff.id, scope.staffId) : undefined))
      .orderBy(asc(staff.lastName), asc(staff.firstName));
    options.teacher = rows.map((r) => ({ value: r.id, label: shortName(r) }));
  }
  if (names.includes('subject')) {
    const rows = await db.select({ id: subjects.id, name: subjects.name }).from(subjects).where(eq(subjects.schoolId, schoolId)).orderBy(asc(subjects.name));
    options.subject = rows.map((r) => ({ value: r.id, label: r.name }));
  }
  if (names.includes('grade')) {
    const rows = await db.selectDistinct({ grade: schoolClasses.grade }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, year.id))).orderBy(asc(schoolClasses.grade));
    options.grade = rows.flatMap((r) => (r.grade === null ? [] : [{ value: String(r.grade), label: `${r.grade}-е классы` }]));
  }
  return options;
}

/** The query string of these filters' values (for links between reports and from the list). */
export function filterQuery(values: Record<string, string>, names: readonly FilterName[]): string {
  const q = new URLSearchParams();
  for (const n of names) if (values[n]) q.set(n, values[n]!);
  const s = q.toString();
  return s ? `?${s}` : '';
}
