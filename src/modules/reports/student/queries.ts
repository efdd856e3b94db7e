// What a student's report reads besides the diary's own queries (studentLessons, studentPeriodMarks, childPeriods):
// the student's card and class, and the facts of the access rule — the guardians of the student, the class teacher,
// the teachers of the class's groups and of the groups the student is in. Through the request's transaction.
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/client.ts';
import type { Tx } from '../../../db/tenant.ts';
import { childPeriods } from '../../diary/queries.ts';
import { studentCard, type ReportStudent } from '../../diary/report.ts';
import { studentGuardians } from '../../people/schema.ts';
import { shortName } from '../../schedule/timetable-rules.ts';

export type StudentClass = NonNullable<Awaited<ReturnType<typeof childPeriods>>['cls']>;

export type StudentHead = {
  student: ReportStudent;
  /** The class on `today`, else the nearest (diary's childClass); null for a student never in a class. */
  cls: StudentClass | null;
  periods: Awaited<ReturnType<typeof childPeriods>>['periods'];
  classTeacherName: string | null;
  guardianIds: string[];
  teacherIds: string[];
};

/** The student of the school with their class, its periods and the access facts; undefined for an unknown id. */
export async function studentHead(db: Tx, { schoolId, studentId, today }: { schoolId: string; studentId: string; today: string }): Promise<StudentHead | undefined> {
  const student = await studentCard(db, { schoolId, studentId });
  if (!student) return undefined;
  const { cls, periods } = await childPeriods(db, { schoolId, studentId, date: today });
  const guardians = await db.select({ id: studentGuardians.guardianId }).from(studentGuardians)
    .where(and(eq(studentGuardians.schoolId, schoolId), eq(studentGuardians.studentId, studentId)));
  const teachers = cls ? rowsOf<{ id: string }>(await db.execute(sql`
    select distinct gt.staff_id as id from group_teachers gt
    join teaching_groups g on g.school_id = gt.school_id and g.id = gt.group_id
    where gt.school_id = ${schoolId} and g.year_id = ${cls.yearId}
      and (g.class_id = ${cls.id} or g.id in (select gm.group_id from group_members gm where gm.school_id = ${schoolId} and gm.student_id = ${studentId}))`))
    : [];
  const [ct] = cls?.classTeacherId ? rowsOf<{ lastName: string; firstName: string; middleName: string | null }>(await db.execute(sql`
    select last_name as "lastName", first_name as "firstName", middle_name as "middleName" from staff
    where school_id = ${schoolId} and id = ${cls.classTeacherId}`)) : [];
  return {
    student, cls: cls ?? null, periods, classTeacherName: ct ? shortName(ct) : null,
    guardianIds: guardians.map((g) => g.id), teacherIds: teachers.map((t) => t.id),
  };
}

