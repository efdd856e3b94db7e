// Who sees what in the reports (DESIGN.md «Reports»): a deputy or an admin the whole school; anyone else with a report
// role (a teacher, a class teacher) their own part — the classes they lead this year and the groups they teach this
// year (a report per class also opens the classes of those groups; see classesInScope). Roles without reports never
// reach a report route: the route's access answers 403.
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { todayOf } from '../../../web/school-time.ts';
import { groupTeachers, teachingGroups } from '../../curriculum/schema.ts';
import { ledClasses } from '../../people/queries.ts';
import { currentYear } from '../../setup/lookups.ts';

export type ReportScope =
  | { kind: 'school' }
  | { kind: 'staff'; staffId: string; classIds: string[]; groupIds: string[] }; // class teacher: classIds = own classes

/** Deputy and admin see the whole school. */
export const seesWholeSchool = (roles: readonly string[]) => roles.includes('deputy') || roles.includes('admin');

export async function reportScope(request: FastifyRequest): Promise<ReportScope> {
  const actor = request.actor!;
  if (seesWholeSchool(actor.roles)) return { kind: 'school' };
  const staffId = actor.person.staffId ?? '00000000-0000-0000-0000-000000000000';
  const db = request.tx; // the request's tenant transaction
  const schoolId = request.school.id;
  const today = todayOf(request);
  const year = await currentYear(db, { schoolId, date: today });
  const [led, taught] = await Promise.all([
    actor.roles.includes('classTeacher') ? ledClasses(db, { schoolId, staffId, today }) : Promise.resolve([]),
    year ? groupsTaught(db, { schoolId, yearId: year.id, staffId }) : Promise.resolve([]),
  ]);
  return { kind: 'staff', staffId, classIds: led.map((c) => c.id), groupIds: taught };
}

/** The groups of the year this staff member teaches at any time of the year (a teacher replaced mid-year keeps theirs). */
async function groupsTaught(db: Db | Tx, { schoolId, yearId, staffId }: { schoolId: string; yearId: string; staffId: string }) {
  const rows = await db.selectDistinct({ id: teachingGroups.id }).from(groupTeachers)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.staffId, staffId), eq(teachingGroups.yearId, yearId)));
  return rows.map((r) => r.id);
}

/** The classes a staff scope reaches: the classes led and the classes of the groups taught (null: the whole school). */
export async function classesInScope(db: Db | Tx, schoolId: string, scope: ReportScope): Promise<string[] | null> {
  if (scope.kind === 'school') return null;
  if (scope.groupIds.length === 0) return scope.classIds;
  const rows = await db.selectDistinct({ classId: teachingGroups.classId }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), inArray(teachingGroups.id, scope.groupIds)));
  return [...new Set([...scope.classIds, ...rows.flatMap((r) => (r.classId ? [r.classId] : []))])];
}
