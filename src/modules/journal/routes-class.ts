// /journal/classes/…/attendance: the class teacher's attendance sheet of their class for a date range, and the
// absence reasons (several at once, or one reason for whole days). Deputy and admin read any class; the class teacher
// and the deputy set reasons (the admin only reads).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { parseDateInput, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import type { Access } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import {
  daysBetween, MAX_RANGE_DAYS, parseRange, parseReasonField, parseReasonValue, plural, reasonLabel, schoolWeek, type AbsenceReason,
} from './attendance-rules.ts';
import { isStudentOfClass, setAbsenceReasons, setReasonForDays, type ReasonChange } from './class-attendance.ts';
import { pickableClasses, renderSheet, scopeOf, sheetUrl, type Scope, type SheetForms } from './class-attendance-page.ts';

const READ: { config: { access: Access } } = { config: { access: ['classTeacher', 'deputy', 'admin'] } };
const WRITE: { config: { access: Access } } = { config: { access: ['classTeacher', 'deputy'] } };

type Query = { classId?: unknown; from?: unknown; to?: unknown };
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const paramOf = (request: FastifyRequest) => (request.params as { classId?: string }).classId;

/** The range the posting page showed (hidden from/to), to go back to; the current week when it is missing or bad. */
function backRange(body: Record<string, unknown>, today: string) {
  const r = parseRange({ from: body.from, to: body.to }, today);
  return r.ok ? { from: r.from, to: r.to } : schoolWeek(today);
}

export function registerClassJournalRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  /** «Посещаемость класса» from the menu: the class teacher's own class, or a class picked (?classId=). */
  app.get('/journal/classes/attendance', READ, async (request, reply) => {
    const q = (request.query ?? {}) as Query;
    if (q.classId !== undefined && q.classId !== '') {
      const scope = await scopeOf(db, request, q.classId);
      if (!scope) return notFound(reply);
      // The dates go on as typed: the sheet itself answers a bad one with its message.
      const typed = new URLSearchParams(Object.entries({ from: q.from, to: q.to }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      return reply.redirect(`${sheetUrl(scope.klass.id)}${typed.size ? `?${typed}` : ''}`, 303);
    }
    const classes = await pickableClasses(db, request);
    const seesAll = request.actor!.roles.some((r) => r === 'deputy' || r === 'admin');
    if (!seesAll && classes.length === 1) return reply.redirect(sheetUrl(classes[0]!.id), 303);
    return reply.page('journal/class-attendance-pick', { title: 'Посещаемость класса', classes, seesAll });
  });

  app.get('/journal/classes/:classId/attendance', READ, async (request, reply) => {
    const scope = await scopeOf(db, request, paramOf(request));
    if (!scope) return notFound(reply);
    const q = (request.query ?? {}) as Query;
    return renderSheet(db, request, reply, scope, parseRange(q, todayOf(request)), q);
  });

  /** Re-renders the sheet of the range the form came from, with the form's messages (422). */
  function again(request: FastifyRequest, reply: FastifyReply, scope: Scope, forms: SheetForms) {
    const range = backRange(bodyOf(request), todayOf(request));
    return renderSheet(db, request, reply, scope, { ok: true, ...range }, range, forms, 422);
  }

  /** A class of a closed year is read-only: back to the sheet with a message. */
  function closedYear(request: FastifyRequest, reply: FastifyReply, scope: Scope) {
    flash(reply, 'error', 'Учебный год этого класса закрыт: причины пропусков больше не меняются.');
    return reply.redirect(sheetUrl(scope.klass.id, backRange(bodyOf(request), todayOf(request))), 303);
  }

  app.post('/journal/classes/:classId/attendance/reasons', WRITE, async (request, reply) => {
    const scope = await scopeOf(db, request, paramOf(request));
    if (!scope) return notFound(reply);
    if (!scope.canWrite) return closedYear(request, reply, scope);
    // One change per absence, even when a field repeats in another letter case (the last one wins).
    const changes = new Map<string, ReasonChange>();
    const errors: FieldErrors = {};
    for (const [name, value] of Object.entries(bodyOf(request))) {
      const ids = parseReasonField(name);
      if (ids === undefined) continue;
      if (ids === null) return notFound(reply);
      const reason = parseReasonValue(value);
      if (reason === undefined) errors[`${ids.lessonId}:${ids.studentId}`] = 'Выберите причину из списка.';
      else changes.set(`${ids.lessonId}:${ids.studentId}`, { ...ids, reason });
    }
    if (Object.keys(errors).length) return again(request, reply, scope, { reasonErrors: errors });
    const changed = await setAbsenceReasons(db, auditContext(request), scope.klass.id, [...changes.values()]);
    if (changed === null) return notFound(reply);
    flash(reply, 'ok', changed ? `Причины сохранены: изменено ${changed} ${plural(changed, ['пропуск', 'пропуска', 'пропусков'])}.` : 'Причины не изменились.');
    return reply.redirect(sheetUrl(scope.klass.id, backRange(bodyOf(request), todayOf(request))), 303);
  });

  app.post('/journal/classes/:classId/attendance/reasons/days', WRITE, async (request, reply) => {
    const scope = await scopeOf(db, request, paramOf(request));
    if (!scope) return notFound(reply);
    if (!scope.canWrite) return closedYear(request, reply, scope);
    const body = bodyOf(request);
    const form = parseDayForm(body);
    if (!form.ok) return again(request, reply, scope, { day: { values: keepValues(body), errors: form.errors } });
    const { studentId, from, to, reason } = form.data;
    if (!(await isStudentOfClass(db, { schoolId: request.school.id, classId: scope.klass.id, studentId }))) return notFound(reply);
    const why = `Причина за дни ${ruDate(from)}–${ruDate(to)}`;
    const { found, changed } = await setReasonForDays(db, auditContext(request), { classId: scope.klass.id, studentId, from, to, reason, why });
    if (found === 0) {
      const message = 'В эти дни у обучающегося нет пропусков (в этом классе).';
      return again(request, reply, scope, { day: { values: keepValues(body), errors: { dayFrom: message } } });
    }
    flash(reply, 'ok', `Причина «${reasonLabel(reason)}» поставлена: ${found} ${plural(found, ['пропуск', 'пропуска', 'пропусков'])} с ${ruDate(from)} по ${ruDate(to)}`
      + (changed < found ? ` (изменено ${changed}).` : '.'));
    return reply.redirect(sheetUrl(scope.klass.id, backRange(body, todayOf(request))), 303);
  });
}

type DayForm = { studentId: string; from: string; to: string; reason: AbsenceReason | null };

/** The «причина за дни» form: a student of the list, the first day, the last day (empty: the same day), a reason. */
function parseDayForm(body: Record<string, unknown>): { ok: true; data: DayForm } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const studentId = str(body.dayStudent).toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(studentId)) errors.dayStudent = 'Выберите обучающегося из списка.';
  const from = parseDateInput(str(body.dayFrom));
  if (!from) errors.dayFrom = str(body.dayFrom) ? 'Такой даты нет: укажите её в виде ДД.ММ.ГГГГ.' : 'Укажите первый день.';
  const to = str(body.dayTo) ? parseDateInput(str(body.dayTo)) : from;
  if (str(body.dayTo) && !to) errors.dayTo = 'Такой даты нет: укажите её в виде ДД.ММ.ГГГГ.';
  else if (from && to && to < from) errors.dayTo = 'Последний день раньше первого.';
  else if (from && to && daysBetween(from, to) + 1 > MAX_RANGE_DAYS) errors.dayTo = `Не больше ${MAX_RANGE_DAYS} дней за раз.`;
  const reason = parseReasonValue(body.dayReason);
  if (reason === undefined) errors.dayReason = 'Выберите причину из списка.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { studentId, from: from!, to: to!, reason: reason as AbsenceReason | null } };
}
