// GET /journal/history: a journal cell's history — a mark cell (?lesson=&student=&column=) or a period mark
// (?group=&student=&kind=period&period=, or kind=year|exam|final). Read by the deputy, the admin, the group's teachers,
// the lesson's substitute and the class teacher of the group's class; anyone else's ids answer 404.
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import { notFound } from '../../web/errors.ts';
import type { Actor } from '../../web/types.ts';
import { students } from '../people/schema.ts';
import { canFillLesson } from '../schedule/lessons-rules.ts';
import { canReadGroupJournal } from './edit-rules.ts';
import { getGroupHead, type GroupHead } from './grid-queries.ts';
import { auditHistory, historyLines, reopenKeys } from './history.ts';
import { lessonFacts } from './lesson-facts.ts';
import { KIND_TITLES } from './period-rules.ts';
import { JOURNAL_READERS } from './routes.ts';
import { lessonColumns, workTypes } from './schema.ts';
import { zoneOf } from '../../web/school-time.ts';

const cellQuery = z.object({ lesson: z.uuid(), student: z.uuid(), column: z.coerce.number().int().min(1).max(5) });
const markQuery = z.object({
  group: z.uuid(), student: z.uuid(), kind: z.enum(['period', 'year', 'exam', 'final']), period: z.uuid().optional(),
}).refine((q) => (q.kind === 'period') === (q.period !== undefined));

/** May the actor read this group's journal (its teachers, the class teacher of its class, the deputy, the admin)? */
function readsGroup(actor: Actor, head: GroupHead): boolean {
  const me = actor.person.staffId;
  return canReadGroupJournal({
    roles: actor.roles,
    teachesGroup: me !== null && head.teachers.some((t) => t.staffId === me),
    leadsGroupClass: me !== null && actor.roles.includes('classTeacher') && head.classTeacherId === me,
  }) !== null;
}

async function studentName(db: Db, schoolId: string, studentId: string): Promise<string | undefined> {
  const [s] = await db.select({ name: sql<string>`concat_ws(' ', ${students.lastName}, ${students.firstName}, ${students.middleName})` })
    .from(students).where(and(eq(students.schoolId, schoolId), eq(students.id, studentId)));
  return s?.name;
}

async function cellHistory(db: Db, request: FastifyRequest, q: z.infer<typeof cellQuery>) {
  const actor = request.actor!;
  const schoolId = request.school.id;
  const f = await lessonFacts(db, { schoolId, lessonId: q.lesson });
  const head = f ? await getGroupHead(db, { schoolId, groupId: f.groupId }) : undefined;
  const name = await studentName(db, schoolId, q.student);
  if (!f || !head || name === undefined) return undefined;
  const sub = f.subKind ? { kind: f.subKind, substituteStaffId: f.substituteStaffId } : null;
  const right = canFillLesson({ staffId: actor.person.staffId, roles: actor.roles }, f, sub, f.groupTeacherId ?? undefined);
  if (right === 'none' && !readsGroup(actor, head)) return undefined;
  const [col] = await db.select({ name: workTypes.name }).from(lessonColumns)
    .innerJoin(workTypes, and(eq(workTypes.schoolId, lessonColumns.schoolId), eq(workTypes.id, lessonColumns.workTypeId)))
    .where(and(eq(lessonColumns.schoolId, schoolId), eq(lessonColumns.lessonId, f.id), eq(lessonColumns.columnNo, q.column)));
  const rows = await auditHistory(db, { schoolId, keys: [
    { entity: 'mark', entityId: `${f.id}:${q.student}:${q.column}` },
    { entity: 'attendance', entityId: `${f.id}:${q.student}` },
    { entity: 'attendance_reason', entityId: `${f.id}:${q.student}` },
    ...await reopenKeys(db, { schoolId, groupId: f.groupId, lessonId: f.id }),
  ] });
  return {
    head, student: name, back: `/journal/lessons/${f.id}`,
    what: `Урок ${ruDate(f.date)}, ${f.lessonNumber}-й · колонка ${q.column}${col ? ` (${col.name})` : ''}`, lines: historyLines(rows, zoneOf(request)),
  };
}

async function periodMarkHistory(db: Db, request: FastifyRequest, q: z.infer<typeof markQuery>) {
  const actor = request.actor!;
  const schoolId = request.school.id;
  const head = await getGroupHead(db, { schoolId, groupId: q.group });
  const name = await studentName(db, schoolId, q.student);
  const period = q.period ? head?.periods.find((p) => p.id === q.period) : undefined;
  if (!head || name === undefined || (q.period && !period) || !readsGroup(actor, head)) return undefined;
  const rows = await auditHistory(db, { schoolId, keys: [
    { entity: 'period_mark', entityId: `${head.id}:${q.student}:${q.kind}:${q.period ?? ''}` },
    ...period ? await reopenKeys(db, { schoolId, groupId: head.id, periodId: period.id }) : [],
  ] });
  return {
    head, student: name, back: `/journal/groups/${head.id}/period-marks?period=${period?.id ?? 'year'}`,
    what: period ? `Итоговая отметка: ${period.name}` : `${KIND_TITLES[q.kind]} отметка`, lines: historyLines(rows, zoneOf(request)),
  };
}

export function registerHistoryRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get('/journal/history', JOURNAL_READERS, async (request, reply) => {
    const cell = cellQuery.safeParse(request.query);
    const mark = cell.success ? undefined : markQuery.safeParse(request.query);
    const found = cell.success ? await cellHistory(db, request, cell.data)
      : mark?.success ? await periodMarkHistory(db, request, mark.data) : undefined;
    if (!found) return notFound(reply);
    return reply.page('journal/history', { title: `История: ${found.student}`, ...found });
  });
}
