// The class attendance sheet page: who the actor is for a class, the classes to pick from, and the page's data
// (rows of students, date columns, cells, totals, the reasons form). The handlers live in routes-class.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { addDays, isoWeekday, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { classesLedBy, classesOfYear, currentYear } from '../setup/lookups.ts';
import {
  ABSENCE_REASONS, addTotals, canReadClassSheet, canSetReasons, emptyTotals, entryText, inWindows, movementNotes, REASON_LABELS,
  reasonKey, reasonLabel, schoolWeek, totalsOf, UNSET_LABEL, type RangeResult,
} from './attendance-rules.ts';
import { classAttendanceEntries, classLessonDates, classStudentsInRange, classWithYear, type SheetEntry, type SheetStudent } from './class-attendance.ts';

/** At most this many absences are listed with a select in one form (a bigger range: narrow it, or set reasons by days). */
export const MAX_REASON_ROWS = 400;
const WEEKDAYS = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

export type Klass = NonNullable<Awaited<ReturnType<typeof classWithYear>>>;
export type Scope = { klass: Klass; canWrite: boolean };

const schoolIdOf = (request: FastifyRequest) => request.school.id;
const seesAll = (request: FastifyRequest) => request.actor!.roles.some((r) => r === 'deputy' || r === 'admin');

/** The class of the URL if the actor may read its sheet; undefined (→ 404) otherwise, and for a malformed id. */
export async function scopeOf(db: Db, request: FastifyRequest, classId: unknown): Promise<Scope | undefined> {
  if (typeof classId !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(classId)) return undefined;
  const klass = await classWithYear(db, { schoolId: schoolIdOf(request), classId: classId.toLowerCase() });
  if (!klass) return undefined;
  const actor = request.actor!;
  const facts = { roles: actor.roles, staffId: actor.person.staffId, classTeacherId: klass.classTeacherId, yearOpen: klass.yearStatus === 'open' };
  return canReadClassSheet(facts) ? { klass, canWrite: canSetReasons(facts) } : undefined;
}

/** The classes the actor may pick: every class of the current year (deputy, admin) or the ones they lead. */
export async function pickableClasses(db: Db, request: FastifyRequest) {
  const schoolId = schoolIdOf(request);
  const year = await currentYear(db, { schoolId, date: todayOf(request) });
  if (!year) return [];
  if (seesAll(request)) return classesOfYear(db, { schoolId, yearId: year.id });
  const staffId = request.actor!.person.staffId;
  if (!staffId || year.status !== 'open') return [];
  return classesLedBy(db, { schoolId, staffId, yearId: year.id });
}

export const sheetUrl = (classId: string, range?: { from: string; to: string }) =>
  `/journal/classes/${classId}/attendance${range ? `?from=${range.from}&to=${range.to}` : ''}`;

const dayLabel = (iso: string) => `${WEEKDAYS[isoWeekday(iso) - 1]} ${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const fullName = (s: SheetStudent) => [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ');
/** «Фамилия И. О.» for the narrow name column on a phone. */
const shortName = (s: SheetStudent) => [s.lastName, ...[s.firstName, s.middleName].filter(Boolean).map((p) => `${p!.slice(0, 1)}.`)].join(' ');

function cellsOf(s: SheetStudent, dates: string[], entries: SheetEntry[]) {
  return dates.map((date) => ({
    out: !inWindows(date, s.windows),
    entries: entries.filter((e) => e.date === date).map((e) => ({
      ...entryText(e), kind: e.kind, reason: e.reason,
      title: `${e.lessonNumber} урок, ${e.subject}: ${e.kind === 'late' ? 'опоздание' : `пропуск, причина ${reasonLabel(e.reason)}`}`,
    })),
  }));
}

/** The sheet's rows, date columns, totals and the absences for the reasons form. */
export async function sheetData(db: Db, schoolId: string, classId: string, range: { from: string; to: string }) {
  const list = await classStudentsInRange(db, { schoolId, classId, ...range });
  const [entries, lessonDates] = await Promise.all([
    classAttendanceEntries(db, { schoolId, classId, studentIds: list.map((s) => s.id), ...range }),
    classLessonDates(db, { schoolId, classId, ...range }),
  ]);
  const dates = [...new Set([...lessonDates, ...entries.map((e) => e.date)])].sort();
  const rows = list.map((s, i) => {
    const own = entries.filter((e) => e.studentId === s.id);
    return { n: i + 1, id: s.id, name: fullName(s), short: shortName(s), notes: movementNotes(s.windows, range, s.sex), cells: cellsOf(s, dates, own), totals: totalsOf(own) };
  });
  const absences = entries.filter((e) => e.kind === 'absent');
  const names = new Map(list.map((s) => [s.id, fullName(s)]));
  const reasons = list.map((s) => ({
    student: { id: s.id, name: names.get(s.id)! },
    items: absences.filter((a) => a.studentId === s.id).map((a) => ({
      key: reasonKey(a.lessonId, a.studentId), date: ruDate(a.date), day: dayLabel(a.date).slice(0, 2), lessonNumber: a.lessonNumber,
      subject: a.subject, reason: a.reason ?? '',
    })),
  })).filter((g) => g.items.length > 0);
  let budget = MAX_REASON_ROWS;
  const capped = reasons.map((g) => { const items = g.items.slice(0, Math.max(budget, 0)); budget -= items.length; return { ...g, items }; })
    .filter((g) => g.items.length > 0);
  return {
    dates: dates.map((d) => ({ iso: d, label: dayLabel(d) })), rows,
    total: rows.reduce((t, r) => addTotals(t, r.totals), emptyTotals()),
    reasons: capped, reasonsCapped: absences.length > MAX_REASON_ROWS,
    students: list.map((s) => ({ id: s.id, name: names.get(s.id)! })),
  };
}

export type SheetForms = { reasonErrors?: FieldErrors; day?: { values: Record<string, string>; errors: FieldErrors } };

export const REASON_OPTIONS = [{ value: '', label: UNSET_LABEL }, ...ABSENCE_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))];

/** Renders the sheet of a class for a range (or the range's messages, 422, without data). */
export async function renderSheet(
  db: Db, request: FastifyRequest, reply: FastifyReply, scope: Scope,
  range: RangeResult, typed: { from?: unknown; to?: unknown }, forms: SheetForms = {}, status = 200,
) {
  const classes = await pickableClasses(db, request);
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const base = {
    title: `Посещаемость ${scope.klass.name}`, klass: scope.klass, classes, can: { setReasons: scope.canWrite }, reasonOptions: REASON_OPTIONS,
    reasonErrors: forms.reasonErrors ?? {}, day: forms.day ?? { values: {}, errors: {} }, maxReasonRows: MAX_REASON_ROWS, sheetUrl,
  };
  if (!range.ok) {
    return reply.page('journal/class-attendance', { ...base, range: null, values: { from: text(typed.from), to: text(typed.to) }, errors: range.errors }, 422);
  }
  const data = await sheetData(db, schoolIdOf(request), scope.klass.id, range);
  const week = (days: number) => schoolWeek(addDays(range.from, days));
  return reply.page('journal/class-attendance', {
    ...base, ...data, errors: {},
    range: { ...range, fromRu: ruDate(range.from), toRu: ruDate(range.to), prev: week(-7), next: week(7) },
    values: { from: range.from, to: range.to },
  }, status);
}
