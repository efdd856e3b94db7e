// What the summary sheet reads from the live journal for a class and a year: the class with its scheme, year and class
// teacher; the students in the class at some time of the year with their stays and absences; the year's graded groups of
// the class and the other groups its students were in; their memberships and period marks (sheet.ts assembles them).
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { classMemberships } from '../../contingent/schema.ts';
import { groupMembers, teachingGroups } from '../../curriculum/schema.ts';
import { attendance, periodMarks } from '../../journal/schema.ts';
import { staff, students } from '../../people/schema.ts';
import { lessons } from '../../schedule/schema.ts';
import { academicYears, periods, periodSchemes, schoolClasses, subjects } from '../../setup/schema.ts';
import { GRADED_LESSON_KINDS, yearSlots } from './rules.ts';
import type { SheetFacts, SheetStudent } from './sheet.ts';

type Q = Db | Tx;

export type SheetClass = {
  id: string; name: string; grade: number | null; yearId: string; yearName: string; yearStartsOn: string; yearEndsOn: string; yearStatus: string;
  schemeId: string; schemeKind: string; teacher: { lastName: string; firstName: string; middleName: string | null } | null;
};

/** The class (of this school) with its year, scheme and class teacher; undefined when unknown. */
export async function sheetClass(db: Q, { schoolId, classId }: { schoolId: string; classId: string }): Promise<SheetClass | undefined> {
  const [row] = await db.select({
    id: schoolClasses.id, name: schoolClasses.name, grade: schoolClasses.grade, yearId: schoolClasses.yearId, yearName: academicYears.name,
    yearStartsOn: academicYears.startsOn, yearEndsOn: academicYears.endsOn, yearStatus: academicYears.status, schemeId: schoolClasses.schemeId,
    schemeKind: periodSchemes.kind, lastName: staff.lastName, firstName: staff.firstName, middleName: staff.middleName,
  }).from(schoolClasses)
    .innerJoin(academicYears, and(eq(academicYears.schoolId, schoolClasses.schoolId), eq(academicYears.id, schoolClasses.yearId)))
    .innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, schoolClasses.schoolId), eq(periodSchemes.id, schoolClasses.schemeId)))
    .leftJoin(staff, and(eq(staff.schoolId, schoolClasses.schoolId), eq(staff.id, schoolClasses.classTeacherId)))
    .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, classId)));
  if (!row) return undefined;
  const { lastName, firstName, middleName, ...rest } = row;
  return { ...rest, teacher: lastName && firstName ? { lastName, firstName, middleName } : null };
}

/** Everything the sheet of this class needs (see sheet.ts SheetFacts). */
export async function sheetFacts(db: Q, { schoolId, cls }: { schoolId: string; cls: SheetClass }): Promise<SheetFacts> {
  const year = { startsOn: cls.yearStartsOn, endsOn: cls.yearEndsOn };
  const [schemePeriods, stays] = await Promise.all([
    db.select({ id: periods.id, ordinal: periods.ordinal, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn }).from(periods)
      .where(and(eq(periods.schoolId, schoolId), eq(periods.schemeId, cls.schemeId))).orderBy(asc(periods.startsOn)),
    db.select({
      studentId: classMemberships.studentId, startsOn: classMemberships.startsOn, endsOn: classMemberships.endsOn,
      endKind: classMemberships.endKind,
      lastName: students.lastName, firstName: students.firstName, middleName: students.middleName, sex: students.sex,
    }).from(classMemberships)
      .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, cls.id), lte(classMemberships.startsOn, year.endsOn),
        or(isNull(classMemberships.endsOn), sql`${classMemberships.endsOn} > ${year.startsOn}`))),
  ]);
  const roster = [...new Set(stays.map((s) => s.studentId))];
  const slots = yearSlots(cls.schemeKind, schemePeriods, year);
  if (roster.length === 0) return { classId: cls.id, year, slots, subjects: [], groups: [], students: [], members: [], marks: [] };

  const graded = and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, cls.yearId),
    inArray(teachingGroups.lessonKind, [...GRADED_LESSON_KINDS]));
  const theirs = db.selectDistinct({ id: groupMembers.groupId }).from(groupMembers)
    .where(and(eq(groupMembers.schoolId, schoolId), inArray(groupMembers.studentId, roster)));
  const [groups, missed] = await Promise.all([
    db.select({
      id: teachingGroups.id, subjectId: teachingGroups.subjectId, kind: teachingGroups.kind, classId: teachingGroups.classId,
      lessonKind: teachingGroups.lessonKind, name: teachingGroups.name, subjectName: subjects.name, shortName: subjects.shortName,
    }).from(teachingGroups)
      .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
      .where(and(graded, or(eq(teachingGroups.classId, cls.id), inArray(teachingGroups.id, theirs)))),
    absenceDays(db, { schoolId, roster }),
  ]);
  const groupIds = groups.map((g) => g.id);
  const [members, marks] = groupIds.length === 0 ? [[], []] : await Promise.all([
    db.select({ groupId: groupMembers.groupId, studentId: groupMembers.studentId, startsOn: groupMembers.startsOn, endsOn: groupMembers.endsOn })
      .from(groupMembers)
      .where(and(eq(groupMembers.schoolId, schoolId), inArray(groupMembers.groupId, groupIds), inArray(groupMembers.studentId, roster))),
    db.select({
      groupId: periodMarks.groupId, studentId: periodMarks.studentId, kind: periodMarks.kind, periodId: periodMarks.periodId, value: periodMarks.value,
    })
      .from(periodMarks)
      .where(and(eq(periodMarks.schoolId, schoolId), inArray(periodMarks.groupId, groupIds), inArray(periodMarks.studentId, roster))),
  ]);
  const byStudent = new Map<string, SheetStudent>();
  for (const s of stays) {
    const student = byStudent.get(s.studentId) ?? {
      id: s.studentId, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, sex: s.sex, stays: [], absentOn: [],
    };
    student.stays.push({ startsOn: s.startsOn, endsOn: s.endsOn, endKind: s.endKind });
    byStudent.set(s.studentId, student);
  }
  for (const m of missed) byStudent.get(m.studentId)?.absentOn.push(m.date);
  const subjectRows = new Map(groups.map((g) => [g.subjectId, { id: g.subjectId, name: g.subjectName, shortName: g.shortName }]));
  return { classId: cls.id, year, slots, subjects: [...subjectRows.values()], groups, students: [...byStudent.values()], members, marks };
}

/**
 * The dates of the lessons (not cancelled) each student missed, any year and class: sheet.ts keeps those of their stays
 * in the class. The students' index, then each lesson by its key (a range on the lessons' dates here lets a planner
 * without fresh statistics scan the year's lessons once per absence: seconds).
 */
async function absenceDays(db: Q, a: { schoolId: string; roster: string[] }) {
  return db.select({ studentId: attendance.studentId, date: lessons.date }).from(attendance)
    .innerJoin(lessons, and(eq(lessons.schoolId, attendance.schoolId), eq(lessons.id, attendance.lessonId)))
    .where(and(eq(attendance.schoolId, a.schoolId), inArray(attendance.studentId, a.roster), eq(attendance.kind, 'absent'),
      sql`not exists (select 1 from substitutions s
        where s.school_id = ${lessons.schoolId} and s.lesson_id = ${lessons.id} and s.kind = 'cancelled')`));
}
