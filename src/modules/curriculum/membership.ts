// Who is in a teaching group and who teaches it on a date — the contract other modules (journal, timetable,
// lessons) rely on. The intersection of the class history and the group membership is the pure `rosterOn`.
import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { classMemberships } from '../contingent/schema.ts';
import { students } from '../people/schema.ts';
import { schoolClasses, subjects } from '../setup/schema.ts';
import { rosterOn, type MembershipRow } from './rules.ts';
import { groupMembers, groupTeachers, teachingGroups } from './schema.ts';

type Q = Db | Tx;

export type RosterEntry = {
  studentId: string; lastName: string; firstName: string; middleName: string | null; classId: string; className: string;
};

/** The memberships of these students active on a date (any class of the school). */
async function membershipsOn(db: Q, schoolId: string, date: string, where: { classId?: string; studentIds?: string[] }): Promise<MembershipRow[]> {
  if (where.studentIds && where.studentIds.length === 0) return [];
  return db.select({ studentId: classMemberships.studentId, classId: classMemberships.classId, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn })
    .from(classMemberships)
    .where(and(
      eq(classMemberships.schoolId, schoolId),
      lte(classMemberships.startsOn, date), or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, date)),
      where.classId ? eq(classMemberships.classId, where.classId) : undefined,
      where.studentIds ? inArray(classMemberships.studentId, where.studentIds) : undefined,
    ));
}

/**
 * SQL: the student is in the group on the date — the same rule as `rosterOn`, for queries: in the group's class that day
 * (kind 'class'), or a member of the group that day and in some class of the school (other kinds). The arguments are
 * SQL expressions of the query in scope (columns or raw aliases) or values.
 */
export function inGroupOnSql(a: { schoolId: unknown; studentId: unknown; groupId: unknown; kind: unknown; classId: unknown; date: unknown }): SQL {
  return sql`(exists (select 1 from class_memberships cm where cm.school_id = ${a.schoolId} and cm.student_id = ${a.studentId}
      and cm.starts_on <= ${a.date} and (cm.ends_on is null or cm.ends_on > ${a.date}) and (${a.kind} <> 'class' or cm.class_id = ${a.classId}))
    and (${a.kind} = 'class' or exists (select 1 from group_members gm where gm.school_id = ${a.schoolId} and gm.group_id = ${a.groupId}
      and gm.student_id = ${a.studentId} and gm.starts_on <= ${a.date} and (gm.ends_on is null or gm.ends_on > ${a.date}))))`;
}

/** The students of a group on a date, alphabetically, with the class each is in that day. [] for an unknown group. */
export async function groupRosterOn(db: Q, { schoolId, groupId, date }: { schoolId: string; groupId: string; date: string }): Promise<RosterEntry[]> {
  const [group] = await db.select({ kind: teachingGroups.kind, classId: teachingGroups.classId }).from(teachingGroups)
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.id, groupId))).limit(1);
  if (!group) return [];
  const members = group.kind === 'class' ? [] : await db.select({ studentId: groupMembers.studentId, startsOn: groupMembers.startsOn, endsOn: groupMembers.endsOn })
    .from(groupMembers).where(and(eq(groupMembers.schoolId, schoolId), eq(groupMembers.groupId, groupId)));
  const memberships = group.kind === 'class'
    ? (group.classId ? await membershipsOn(db, schoolId, date, { classId: group.classId }) : [])
    : await membershipsOn(db, schoolId, date, { studentIds: [...new Set(members.map((m) => m.studentId))] });
  const roster = rosterOn({ kind: group.kind, classId: group.classId, date, memberships, members });
  return describe(db, schoolId, roster);
}

async function describe(db: Q, schoolId: string, roster: Array<{ studentId: string; classId: string }>): Promise<RosterEntry[]> {
  if (roster.length === 0) return [];
  const people = await db.select({ id: students.id, lastName: students.lastName, firstName: students.firstName, middleName: students.middleName })
    .from(students).where(and(eq(students.schoolId, schoolId), inArray(students.id, roster.map((r) => r.studentId))));
  const classIds = [...new Set(roster.map((r) => r.classId))];
  const classes = await db.select({ id: schoolClasses.id, name: schoolClasses.name }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, schoolId), inArray(schoolClasses.id, classIds)));
  const byId = new Map(people.map((p) => [p.id, p]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  return roster.flatMap((r) => {
    const p = byId.get(r.studentId);
    return p ? [{ studentId: r.studentId, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, classId: r.classId, className: className.get(r.classId) ?? '' }] : [];
  }).sort((a, b) => `${a.lastName} ${a.firstName} ${a.middleName ?? ''}`.localeCompare(`${b.lastName} ${b.firstName} ${b.middleName ?? ''}`, 'ru'));
}

/** The teacher of a group on a date (starts_on <= date < ends_on, or open), or undefined. */
export async function groupTeacherOn(db: Q, { schoolId, groupId, date }: { schoolId: string; groupId: string; date: string }): Promise<string | undefined> {
  const [row] = await db.select({ staffId: groupTeachers.staffId }).from(groupTeachers)
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.groupId, groupId), lte(groupTeachers.startsOn, date),
      or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, date))))
    .orderBy(asc(groupTeachers.startsOn)).limit(1);
  return row?.staffId;
}

/** The groups a staff member teaches on a date, in class/subject order. */
export async function groupsTaughtBy(db: Q, { schoolId, staffId, date }: { schoolId: string; staffId: string; date: string }) {
  return db.select({
    groupId: teachingGroups.id, name: teachingGroups.name, kind: teachingGroups.kind, yearId: teachingGroups.yearId,
    subjectId: teachingGroups.subjectId, subjectName: subjects.name, classId: teachingGroups.classId, className: schoolClasses.name,
    lessonKind: teachingGroups.lessonKind, hoursPerWeek: teachingGroups.hoursPerWeek, startsOn: groupTeachers.startsOn, endsOn: groupTeachers.endsOn,
  })
    .from(groupTeachers)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.staffId, staffId), lte(groupTeachers.startsOn, date),
      or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, date))))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(teachingGroups.name));
}
