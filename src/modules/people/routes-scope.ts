// What the handlers of the people pages share: who the actor is here, and how far their scope reaches.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import type { FieldErrors } from '../../web/forms.ts';
import { guardianInClasses, ledClasses, studentInClasses } from './queries.ts';
import { seesWholeSchool, studentRights, type Rights } from './rules.ts';

export type Here = {
  schoolId: string;
  roles: import('../accounts/rules.ts').Role[];
  staffId: string | null;
  today: string;
};

export function here(request: FastifyRequest): Here {
  const actor = request.actor!;
  return { schoolId: request.school.id, roles: actor.roles, staffId: actor.person.staffId, today: todayOf(request) };
}

/** The ids of the classes the actor leads this year, when their scope is only their own class (else null). */
export async function ownClassScope(db: Db, h: Here): Promise<string[] | null> {
  if (seesWholeSchool(h.roles) || !h.roles.includes('classTeacher')) return null;
  return (await ledClasses(db, { schoolId: h.schoolId, staffId: h.staffId, today: h.today })).map((c) => c.id);
}

async function ledClassIds(db: Db, h: Here): Promise<string[]> {
  if (!h.roles.includes('classTeacher')) return [];
  return (await ledClasses(db, { schoolId: h.schoolId, staffId: h.staffId, today: h.today })).map((c) => c.id);
}

/** Rights on a student's card: the class teacher's only while the student is in a class they lead today. */
export async function rightsOnStudent(db: Db, h: Here, studentId: string): Promise<Rights> {
  const whole = studentRights(h.roles, false);
  if (whole === 'write') return whole;
  const classIds = await ledClassIds(db, h);
  const inLed = await studentInClasses(db, { schoolId: h.schoolId, studentId, classIds, date: h.today });
  return studentRights(h.roles, inLed);
}

/** Rights on a guardian's card: as on their children's cards (a class teacher: a guardian of a student in their class). */
export async function rightsOnGuardian(db: Db, h: Here, guardianId: string): Promise<Rights> {
  const whole = studentRights(h.roles, false);
  if (whole === 'write') return whole;
  const classIds = await ledClassIds(db, h);
  const inLed = await guardianInClasses(db, { schoolId: h.schoolId, guardianId, classIds, date: h.today });
  return studentRights(h.roles, inLed);
}

/** Re-renders a form with the values typed and a message per field (422). */
export function again(reply: FastifyReply, view: string, data: Record<string, unknown>, values: Record<string, string>, errors: FieldErrors) {
  return reply.page(view, { ...data, values, errors }, 422);
}

/** A card's fields as form values (strings; dates as ISO for <input type=date>). */
export function asValues(card: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(card)) if (typeof v === 'string') out[k] = v;
  return out;
}
