// /journal/lessons/:lessonId — the lesson page: the lesson (topic, work done, homework, control work), its mark columns,
// attendance, marks without JavaScript and individual homework; each form posts, is re-checked and audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { addDays, ruDate } from '../../web/dates.ts';
import { todayOf } from '../../web/school-time.ts';
import { notFound } from '../../web/errors.ts';
import { keepValues } from '../../web/forms.ts';
import { flash } from '../../web/render.ts';
import type { Access } from '../../web/types.ts';
import { auditContext, type AuditContext } from '../audit/queries.ts';
import { hhmm } from '../schedule/lessons-common.ts';
import { wallClockNow } from '../schedule/lesson-now.ts';
import { dayLabel, inProgress } from '../schedule/lesson-now-rules.ts';
import { SUBSTITUTION_KINDS } from '../schedule/lessons-rules.ts';
import { roomLabel, roomName } from '../schedule/rooms.ts';
import type { Actor } from '../../web/types.ts';
import { attendanceForm, columnsForm, homeworkForm, marksForm, planForm, type AttendanceInput, type MarksInput } from './lesson-forms.ts';
import { lessonView, type Failure, type FormName } from './lesson-model.ts';
import { loadLessonPage, type LessonPage } from './lesson-queries.ts';
import { saveLessonAttendance, saveLessonHomework, saveLessonMarks } from './lesson-writes-students.ts';
import { saveLessonColumns, saveLessonPlan, type Outcome } from './lesson-writes.ts';
import { JOURNAL_READERS } from './routes.ts';

const WRITERS: { config: { access: Access } } = { config: { access: ['teacher', 'deputy'] } };
const params = z.object({ lessonId: z.uuid() });
/** The mark column the lesson screen shows (?col=2); anything else shows the first. */
const columnQuery = z.object({ col: z.coerce.number().int().min(1).max(5).optional() }).catch({});
const askedColumn = (request: FastifyRequest): number | undefined => columnQuery.parse(request.query ?? {}).col;

/** The lesson of the URL as the actor may see it, or undefined (malformed id, another school's, not theirs: 404). */
async function pageFor(db: Db, request: FastifyRequest): Promise<LessonPage | undefined> {
  const p = params.safeParse(request.params);
  if (!p.success) return undefined;
  return loadLessonPage(db, request.actor!, { schoolId: request.school.id, lessonId: p.data.lessonId, today: todayOf(request) });
}

function render(reply: FastifyReply, page: LessonPage, failure: Failure | null = null, status = 200) {
  const l = page.lesson;
  const at = wallClockNow(page.timeZone);
  return reply.page('journal/lesson', {
    title: `Урок ${l.lessonNumber}: ${l.subjectName}, ${ruDate(l.date)}`, p: page, v: lessonView(page, failure, askedColumn(reply.request)),
    failed: failure?.form ?? null, live: inProgress(l, at), weekday: dayLabel(l.date, at.date),
    kinds: SUBSTITUTION_KINDS, ruDate, hhmm, roomName, roomLabel, reopenUntil: addDays(page.today, 3),
  }, status);
}

type Parsed<T> = { success: true; data: T } | { success: false; error: z.ZodError };
type Form<T> = {
  name: FormName;
  what: 'plan' | 'marks';
  schema: { safeParse(body: unknown): Parsed<T> };
  save: (db: Db, ctx: AuditContext, actor: Actor, today: string, lessonId: string, input: T) => Promise<Outcome>;
  /** Where the page opens after the save (default: the form's section). */
  anchor?: (input: T) => string;
};

/** One key tapped on the lesson screen (one cell sent) comes back to its student's row; the column shown is kept. */
const marksAnchor = (input: MarksInput) => (input.cells.length === 1 ? `s-${input.cells[0]!.studentId}` : 'marks');
/** «Все присутствуют» above the roster (no rows sent) comes back to the roster. */
const attendanceAnchor = (input: AttendanceInput) => (input.all && input.entries.length === 0 ? 'marks' : 'attendance');

/** Zod issues → messages by field (the first per field). */
function issues(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) out[String(i.path[0] ?? '_form')] ??= i.message;
  out._form ??= 'Форма не сохранена: исправьте отмеченное.';
  return out;
}

/**
 * One POST of the lesson page: 404 unless the actor may open the lesson; the form's mode 'read' → 403 with why;
 * bad input → 422 with the messages and the values kept; a refusal from the write → its status; else flash + 303.
 */
function post<T>(db: Db, form: Form<T>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await pageFor(db, request);
    if (!page) return notFound(reply);
    const sent = keepValues(request.body);
    const fail = async (status: number, errors: Record<string, string>) => {
      const fresh = (await pageFor(db, request)) ?? page;
      return render(reply, fresh, { form: form.name, errors, sent }, status);
    };
    const mode = page.access[form.what];
    if (mode.mode === 'read') return fail(403, { _form: mode.why });
    const parsed = form.schema.safeParse(request.body ?? {});
    if (!parsed.success) return fail(422, issues(parsed.error));
    const out = await form.save(db, auditContext(request), request.actor!, page.today, page.facts.id, parsed.data);
    if (!out.ok) return out.status === 404 ? notFound(reply) : fail(out.status, out.errors);
    flash(reply, 'ok', out.message);
    const col = form.name === 'marks' ? askedColumn(request) : undefined;
    return reply.redirect(`/journal/lessons/${page.facts.id}${col ? `?col=${col}` : ''}#${form.anchor?.(parsed.data) ?? form.name}`, 303);
  };
}

export function registerLessonJournalRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/journal/lessons/:lessonId', JOURNAL_READERS, async (request, reply) => {
    const page = await pageFor(db, request);
    if (!page) return notFound(reply);
    return render(reply, page);
  });
  app.post('/journal/lessons/:lessonId', WRITERS, post(db, { name: 'plan', what: 'plan', schema: planForm, save: saveLessonPlan }));
  app.post('/journal/lessons/:lessonId/columns', WRITERS, post(db, { name: 'columns', what: 'plan', schema: columnsForm, save: saveLessonColumns }));
  app.post('/journal/lessons/:lessonId/attendance', WRITERS, post(db, { name: 'attendance', what: 'marks', schema: attendanceForm, save: saveLessonAttendance, anchor: attendanceAnchor }));
  app.post('/journal/lessons/:lessonId/marks', WRITERS, post(db, { name: 'marks', what: 'marks', schema: marksForm, save: saveLessonMarks, anchor: marksAnchor }));
  app.post('/journal/lessons/:lessonId/individual-homework', WRITERS, post(db, { name: 'homework', what: 'plan', schema: homeworkForm, save: saveLessonHomework }));
}
