// What the curriculum handlers share: access lists, the acting school, loading a class or group within scope.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ruDate } from '../../web/dates.ts';
import type { FieldErrors } from '../../web/forms.ts';
import type { Access } from '../../web/types.ts';
import { classInfo, getGroup, teachersOfGroup, type ClassInfo, type Group } from './queries.ts';
import { formatHours, GROUP_KIND_TITLES, LESSON_KIND_TITLES, readsClass, readsGroup, writesCurriculum } from './rules.ts';
import { classParams, groupParams } from './forms.ts';

export const WRITE: { config: { access: Access } } = { config: { access: ['admin', 'deputy'] } };
export const READ_CLASS: { config: { access: Access } } = { config: { access: ['admin', 'deputy', 'classTeacher'] } };
export const READ_GROUP: { config: { access: Access } } = { config: { access: ['admin', 'deputy', 'teacher', 'classTeacher'] } };

export type FormState = { values: Record<string, string>; errors: FieldErrors };
export const blankForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });

export const schoolIdOf = (request: FastifyRequest): string => request.school.id;
export const who = (request: FastifyRequest) => ({ roles: request.actor!.roles, staffId: request.actor!.person.staffId });

/** Renders views/curriculum/<view> with the helpers every page uses. */
export function page(reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200) {
  return reply.page(`curriculum/${view}`, {
    ...data, ruDate, formatHours, kindTitles: LESSON_KIND_TITLES, groupKindTitles: GROUP_KIND_TITLES,
    canWrite: writesCurriculum(reply.request.actor!.roles),
  }, status);
}

/** The class in the URL if this actor may read it (writers, or its class teacher); undefined → 404. */
export async function classInScope(db: Db, request: FastifyRequest): Promise<ClassInfo | undefined> {
  const p = classParams.safeParse(request.params);
  if (!p.success) return undefined;
  const cls = await classInfo(db, { schoolId: schoolIdOf(request), classId: p.data.classId });
  return cls && readsClass(who(request), cls) ? cls : undefined;
}

/** The group in the URL if this actor may read it (writers, a teacher ever assigned to it, the class teacher). */
export async function groupInScope(db: Db, request: FastifyRequest): Promise<{ group: Group; teachers: Awaited<ReturnType<typeof teachersOfGroup>> } | undefined> {
  const p = groupParams.safeParse(request.params);
  if (!p.success) return undefined;
  const schoolId = schoolIdOf(request);
  const group = await getGroup(db, { schoolId, groupId: p.data.groupId });
  if (!group) return undefined;
  const teachers = await teachersOfGroup(db, { schoolId, groupId: group.id });
  return readsGroup(who(request), { classTeacherId: group.classTeacherId, teacherIds: teachers.map((t) => t.staffId) }) ? { group, teachers } : undefined;
}

/** An inclusive "по" date typed in a form → the exclusive end stored. */
export function exclusiveEnd(until: string | null): string | null {
  if (!until) return null;
  const d = new Date(`${until}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
