// Substitutions of a day (deputy, admin): replace the teacher or the subject, cancel, remove; add extra lessons.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { parseDateInput } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import { auditContext } from '../audit/queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { idOf, MANAGERS, page, schoolIdOf } from './lessons-common.ts';
import { busyStaff, dayLessons, getLesson, staffOptions, type LessonRow } from './lessons-queries.ts';
import { freeTeachers, SUBSTITUTION_KINDS } from './lessons-rules.ts';
import {
  addExtraLesson, groupOptions, removeSubstitution, saveSubstitution, staffExists, subjectOptions,
} from './substitutions-queries.ts';

const optionalUuid = z.string().trim().transform((s) => s || null).pipe(z.uuid({ message: 'Выберите из списка.' }).nullable());
const substitutionForm = z.object({
  kind: z.enum(['teacher', 'subject', 'cancelled'], { message: 'Выберите вид замены.' }),
  substituteStaffId: optionalUuid,
  subjectId: optionalUuid,
  reason: z.string().trim().min(1, 'Укажите причину.').max(500, 'Не длиннее 500 символов.'),
});
const extraForm = z.object({
  groupId: z.uuid({ message: 'Выберите группу.' }),
  date: z.string().transform((s, c) => parseDateInput(s) ?? (c.addIssue({ code: 'custom', message: 'Дата в формате ДД.ММ.ГГГГ.' }), z.NEVER)),
  lessonNumber: z.coerce.number({ message: 'Номер урока от 0 до 12.' }).int('Номер урока от 0 до 12.').min(0, 'Номер урока от 0 до 12.').max(12, 'Номер урока от 0 до 12.'),
  staffId: z.uuid({ message: 'Выберите учителя.' }),
  room: z.string().trim().max(50, 'Не длиннее 50 символов.').transform((s) => s || null),
});
const dateQuery = z.object({ date: z.string().optional() });
const RACED = 'Замену этого урока только что сохранил другой пользователь: проверьте её и сохраните снова, если нужно.';

type Form = { values: Record<string, string>; errors: FieldErrors };
const blank = (values: Record<string, string> = {}): Form => ({ values, errors: {} });

export function registerSubstitutionRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  const dateOf = (request: FastifyRequest) => {
    const q = dateQuery.safeParse(request.query);
    return (q.success && q.data.date && parseDateInput(q.data.date)) || todayOf(request);
  };

  async function dayPage(request: FastifyRequest, reply: FastifyReply, date: string, extra: Form = blank(), status = 200) {
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date });
    const [lessons, groups, teachers] = await Promise.all([
      dayLessons(db, { schoolId, date }), year ? groupOptions(db, { schoolId, yearId: year.id }) : [], staffOptions(db, { schoolId }),
    ]);
    return page(reply, 'substitutions', { title: 'Замены', date, lessons, groups, teachers, kinds: SUBSTITUTION_KINDS, extra }, status);
  }

  async function lessonPage(request: FastifyRequest, reply: FastifyReply, lesson: LessonRow, form?: Form, status = 200) {
    const schoolId = schoolIdOf(request);
    const [teachers, subjects, busy] = await Promise.all([
      staffOptions(db, { schoolId }), subjectOptions(db, { schoolId }), busyStaff(db, { schoolId, date: lesson.date, lessonNumber: lesson.lessonNumber }),
    ]);
    const free = freeTeachers(teachers, busy).filter((t) => t.id !== lesson.staffId);
    const values: Record<string, string> = lesson.subKind
      ? { kind: lesson.subKind, substituteStaffId: lesson.substituteStaffId ?? '', subjectId: lesson.subSubjectId ?? '', reason: lesson.subReason ?? '' }
      : { kind: 'teacher' };
    return page(reply, 'substitution', {
      title: 'Замена урока', lesson, teachers, subjects, free, freeIds: free.map((t) => t.id), kinds: SUBSTITUTION_KINDS, form: form ?? blank(values),
    }, status);
  }

  const lessonOf = async (request: FastifyRequest) => {
    const id = idOf(request);
    return id ? getLesson(db, { schoolId: schoolIdOf(request), lessonId: id }) : undefined;
  };

  app.get('/schedule/substitutions', MANAGERS, async (request, reply) => dayPage(request, reply, dateOf(request)));

  app.get('/schedule/substitutions/lessons/:id', MANAGERS, async (request, reply) => {
    const lesson = await lessonOf(request);
    return lesson ? lessonPage(request, reply, lesson) : notFound(reply);
  });

  app.post('/schedule/substitutions/lessons/:id', MANAGERS, async (request, reply) => {
    const lesson = await lessonOf(request);
    if (!lesson) return notFound(reply);
    const values = keepValues(request.body);
    const form = parseForm(substitutionForm, request.body);
    if (!form.ok) return lessonPage(request, reply, lesson, { values, errors: form.errors }, 422);
    const d = form.data;
    const errors: FieldErrors = {};
    const schoolId = schoolIdOf(request);
    if (d.kind !== 'cancelled') {
      if (!d.substituteStaffId || !(await staffExists(db, schoolId, d.substituteStaffId))) errors.substituteStaffId = 'Выберите учителя.';
      else if (d.kind === 'teacher' && d.substituteStaffId === lesson.staffId) errors.substituteStaffId = 'Это учитель урока: выберите другого.';
    }
    if (d.kind === 'subject' && !(d.subjectId && (await subjectOptions(db, { schoolId })).some((s) => s.id === d.subjectId))) errors.subjectId = 'Выберите предмет.';
    if (Object.keys(errors).length) return lessonPage(request, reply, lesson, { values, errors }, 422);
    const saved = await saveSubstitution(db, auditContext(request), lesson.id, {
      kind: d.kind, reason: d.reason,
      substituteStaffId: d.kind === 'cancelled' ? null : d.substituteStaffId, subjectId: d.kind === 'subject' ? d.subjectId : null,
    }, request.actor!.person.staffId);
    if (!saved) {
      const fresh = (await lessonOf(request)) ?? lesson; // shows the substitution the other user saved
      return lessonPage(request, reply, fresh, { values, errors: { kind: RACED } }, 409);
    }
    flash(reply, 'ok', `Урок ${lesson.lessonNumber} (${lesson.groupName}): ${SUBSTITUTION_KINDS[d.kind]}.`);
    return reply.redirect(`/schedule/substitutions?date=${lesson.date}`, 303);
  });

  app.post('/schedule/substitutions/lessons/:id/delete', MANAGERS, async (request, reply) => {
    const lesson = await lessonOf(request);
    if (!lesson) return notFound(reply);
    if (await removeSubstitution(db, auditContext(request), lesson.id)) flash(reply, 'ok', `Замена урока ${lesson.lessonNumber} (${lesson.groupName}) снята.`);
    return reply.redirect(`/schedule/substitutions?date=${lesson.date}`, 303);
  });

  app.post('/schedule/substitutions/extra', MANAGERS, async (request, reply) => {
    const values = keepValues(request.body);
    const form = parseForm(extraForm, request.body);
    const date = (form.ok && form.data.date) || parseDateInput(values.date ?? '') || todayOf(request);
    if (!form.ok) return dayPage(request, reply, date, { values, errors: form.errors }, 422);
    const schoolId = schoolIdOf(request);
    const year = await currentYear(db, { schoolId, date });
    const groups = year ? await groupOptions(db, { schoolId, yearId: year.id }) : [];
    const errors: FieldErrors = {};
    if (!groups.some((g) => g.id === form.data.groupId)) errors.groupId = 'Выберите группу.';
    if (!(await staffExists(db, schoolId, form.data.staffId))) errors.staffId = 'Выберите учителя.';
    if (Object.keys(errors).length) return dayPage(request, reply, date, { values, errors }, 422);
    const id = await addExtraLesson(db, auditContext(request), form.data);
    if (!id) return dayPage(request, reply, date, { values, errors: { lessonNumber: 'У группы уже есть урок с этим номером в этот день.' } }, 422);
    flash(reply, 'ok', `Добавлен дополнительный урок ${form.data.lessonNumber}.`);
    return reply.redirect(`/schedule/substitutions?date=${date}`, 303);
  });
}
