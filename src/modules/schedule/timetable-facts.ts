// Loads what the timetable rules need on a date: groups with rosters and shifts, names, bells, group teachers.
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Tx } from '../../db/tenant.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../curriculum/schema.ts';
import { classMemberships } from '../contingent/schema.ts';
import { inClassOn } from '../contingent/queries.ts';
import { staff, students } from '../people/schema.ts';
import { bells, bellSchedules, schoolClasses, subjects } from '../setup/schema.ts';
import { shortName, type GroupFact, type TimetableFacts } from './timetable-rules.ts';

type Q = Db | Tx;

export type GroupInfo = GroupFact & { id: string; name: string; subjectName: string; className: string | null; teacherId: string | undefined; classIds: string[] };
export type Facts = Omit<TimetableFacts, 'groups'> & { groups: ReadonlyMap<string, GroupInfo>; groupList: GroupInfo[] };

/** Bell times per shift: shift → lesson number → { startsAt, endsAt } ('HH:MM'). */
export async function bellsByShift(db: Q, schoolId: string) {
  const rows = await db.select({ shift: bellSchedules.shift, n: bells.lessonNumber, startsAt: bells.startsAt, endsAt: bells.endsAt })
    .from(bells).innerJoin(bellSchedules, and(eq(bellSchedules.schoolId, bells.schoolId), eq(bellSchedules.id, bells.scheduleId)))
    .where(eq(bells.schoolId, schoolId)).orderBy(asc(bells.lessonNumber));
  const out = new Map<number, Map<number, { startsAt: string; endsAt: string }>>();
  for (const r of rows) {
    if (!out.has(r.shift)) out.set(r.shift, new Map());
    out.get(r.shift)!.set(r.n, { startsAt: r.startsAt.slice(0, 5), endsAt: r.endsAt.slice(0, 5) });
  }
  return out;
}

export async function staffNames(db: Q, schoolId: string) {
  const rows = await db.select({ id: staff.id, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName })
    .from(staff).where(eq(staff.schoolId, schoolId)).orderBy(asc(staff.lastName), asc(staff.firstName));
  return new Map(rows.map((r) => [r.id, shortName(r)]));
}

/** Groups of the year with rosters on `date` (class groups: the class list; others: active members still in a class). */
export async function loadFacts(db: Q, { schoolId, yearId, date }: { schoolId: string; yearId: string; date: string }): Promise<Facts> {
  const groups = await db.select({
    id: teachingGroups.id, kind: teachingGroups.kind, classId: teachingGroups.classId, subjectId: teachingGroups.subjectId,
    name: teachingGroups.name, subjectName: subjects.name, className: schoolClasses.name, shift: schoolClasses.shift,
  })
    .from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId)))
    .orderBy(asc(teachingGroups.name));
  const classes = await db.select({ id: schoolClasses.id, name: schoolClasses.name, shift: schoolClasses.shift }).from(schoolClasses)
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId)));
  const classIds = classes.map((c) => c.id);
  const memberships = classIds.length ? await db.select({ studentId: classMemberships.studentId, classId: classMemberships.classId })
    .from(classMemberships)
    .where(and(eq(classMemberships.schoolId, schoolId), inArray(classMemberships.classId, classIds), inClassOn(date))) : [];
  const classOf = new Map(memberships.map((m) => [m.studentId, m.classId]));
  const rosterOfClass = new Map<string, string[]>();
  for (const m of memberships) rosterOfClass.set(m.classId, [...(rosterOfClass.get(m.classId) ?? []), m.studentId]);
  const members = await db.select({ groupId: groupMembers.groupId, studentId: groupMembers.studentId }).from(groupMembers)
    .where(and(eq(groupMembers.schoolId, schoolId), lte(groupMembers.startsOn, date), or(isNull(groupMembers.endsOn), gt(groupMembers.endsOn, date))));
  const membersOf = new Map<string, string[]>();
  for (const m of members) if (classOf.has(m.studentId)) membersOf.set(m.groupId, [...(membersOf.get(m.groupId) ?? []), m.studentId]);
  const teachers = await db.select({ groupId: groupTeachers.groupId, staffId: groupTeachers.staffId }).from(groupTeachers)
    .where(and(eq(groupTeachers.schoolId, schoolId), lte(groupTeachers.startsOn, date), or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, date))));
  const teacherOf = new Map(teachers.map((t) => [t.groupId, t.staffId]));
  const shiftOfClass = new Map(classes.map((c) => [c.id, c.shift]));

  const groupList: GroupInfo[] = groups.map((g) => {
    const studentIds = g.kind === 'class' && g.classId ? rosterOfClass.get(g.classId) ?? [] : membersOf.get(g.id) ?? [];
    const memberClassIds = [...new Set(studentIds.map((s) => classOf.get(s)!))];
    const shift = g.shift ?? Math.min(...memberClassIds.map((c) => shiftOfClass.get(c) ?? 1), 99);
    const label = g.kind === 'class' ? `${g.className} — ${g.subjectName}`
      : g.name.includes(g.subjectName) ? g.name
      : g.className ? `${g.className} — ${g.subjectName} (${g.name})` : `${g.name} — ${g.subjectName}`;
    return {
      id: g.id, kind: g.kind, classId: g.classId, subjectId: g.subjectId, name: g.name, subjectName: g.subjectName, className: g.className,
      shift: shift === 99 ? 1 : shift, label, studentIds, teacherId: teacherOf.get(g.id),
      classIds: g.classId ? [g.classId] : memberClassIds,
    };
  });

  const rosterIds = [...classOf.keys()];
  const names = rosterIds.length ? await db.select({ id: students.id, lastName: students.lastName, firstName: students.firstName })
    .from(students).where(eq(students.schoolId, schoolId)) : [];
  return {
    groups: new Map(groupList.map((g) => [g.id, g])),
    groupList,
    staffNames: await staffNames(db, schoolId),
    studentNames: new Map(names.map((s) => [s.id, `${s.lastName} ${s.firstName}`])),
    bells: await bellsByShift(db, schoolId),
    classNames: new Map(classes.map((c) => [c.id, c.name])),
  };
}
