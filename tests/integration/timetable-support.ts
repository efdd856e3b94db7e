// Fixture of the timetable tests: groups of 5А/5Б/2Б with teachers and members (inserted directly), no timetable versions.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { lessons, substitutions, timetables } from '../../src/modules/schedule/schema.ts';
import { staff, students } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { academicYears, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';
import { DEMO_SCHOOL, DEMO_SCHOOL_2 } from '../../src/cli/demo-data.ts';

export async function schoolId(db: Db, name = DEMO_SCHOOL.name) {
  const [row] = await db.select({ id: schools.id }).from(schools).where(eq(schools.name, name));
  return row!.id;
}

export async function staffOf(db: Db, school: string, login: string) {
  const [row] = await db.select({ staffId: memberships.staffId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(and(eq(memberships.schoolId, school), eq(accounts.login, login)));
  return row!.staffId!;
}

export type Fixture = Awaited<ReturnType<typeof timetableFixture>>;

export async function timetableFixture(db: Db) {
  const s = await schoolId(db);
  const [year] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, s), eq(academicYears.name, '2026/2027')));
  await db.delete(timetables).where(eq(timetables.schoolId, s)); // the demo's own versions, if seeded
  // The demo journal's rows on those lessons go first (the fixture lays out its own lessons).
  for (const table of ['marks', 'lesson_columns', 'attendance', 'individual_homework', 'journal_reopens']) {
    await db.execute(sql`delete from ${sql.identifier(table)} where school_id = ${s}`);
  }
  await db.delete(lessons).where(eq(lessons.schoolId, s));
  const cls = async (name: string) => (await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, s), eq(schoolClasses.yearId, year!.id), eq(schoolClasses.name, name))))[0]!;
  const subj = async (name: string) => (await db.select().from(subjects).where(and(eq(subjects.schoolId, s), eq(subjects.name, name))))[0]!.id;
  const c5a = await cls('5А'); const c5b = await cls('5Б'); const c2b = await cls('2Б');
  const ivanova = await staffOf(db, s, 'teacher');
  const sokolov = await staffOf(db, s, 'classteacher');
  const deputy = await staffOf(db, s, 'deputy');
  const others = (await db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, s)).orderBy(asc(staff.lastName)))
    .map((r) => r.id).filter((id) => ![ivanova, sokolov, deputy].includes(id));
  const [en1T, en2T, chemT] = [others[0]!, others[1]!, others[2]!];
  const roster = async (classId: string) => (await db.select({ id: classMemberships.studentId }).from(classMemberships)
    .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
    .where(and(eq(classMemberships.schoolId, s), eq(classMemberships.classId, classId), sql`${classMemberships.endsOn} is null`))
    .orderBy(asc(students.lastName))).map((r) => r.id);
  const r5a = await roster(c5a.id); const r5b = await roster(c5b.id);
  const [morozov] = await db.select({ id: students.id }).from(students).where(and(eq(students.schoolId, s), eq(students.lastName, 'Морозов'), eq(students.firstName, 'Дмитрий')));
  async function group(name: string, kind: string, classId: string | null, subject: string, teacher: string, members: string[] = []) {
    const [g] = await db.insert(teachingGroups).values({ schoolId: s, yearId: year!.id, subjectId: await subj(subject), kind, classId, name, hoursPerWeek: '2' }).returning();
    await db.insert(groupTeachers).values({ schoolId: s, groupId: g!.id, staffId: teacher, startsOn: '2026-09-01' });
    if (members.length) await db.insert(groupMembers).values(members.map((m) => ({ schoolId: s, groupId: g!.id, studentId: m, startsOn: '2026-09-01' })));
    return g!.id;
  }
  const half = Math.floor(r5a.length / 2);
  const en1Members = [morozov!.id, ...r5a.filter((x) => x !== morozov!.id).slice(0, half - 1)];
  const en2Members = r5a.filter((x) => !en1Members.includes(x));
  return {
    schoolId: s, yearId: year!.id, year: year!, c5a, c5b, c2b, ivanova, sokolov, deputy, en1T, en2T, chemT, morozov: morozov!.id,
    g5aMath: await group('ТТ 5А Математика', 'class', c5a.id, 'Математика', ivanova),
    g5bMath: await group('ТТ 5Б Математика', 'class', c5b.id, 'Математика', ivanova),
    g5aHist: await group('ТТ 5А История', 'class', c5a.id, 'История', sokolov),
    g2bMath: await group('ТТ 2Б Математика', 'class', c2b.id, 'Математика', deputy),
    g5aEn1: await group('ТТ 5А Англ. гр. 1', 'subgroup', c5a.id, 'Английский язык', en1T, en1Members),
    g5aEn2: await group('ТТ 5А Англ. гр. 2', 'subgroup', c5a.id, 'Английский язык', en2T, en2Members),
    gChem: await group('ТТ Кружок химии', 'cross_class', null, 'Химия', chemT, [morozov!.id, r5b[0]!]),
  };
}

export async function otherSchoolIds(db: Db) {
  const s2 = await schoolId(db, DEMO_SCHOOL_2.name);
  const [c] = await db.select({ id: schoolClasses.id }).from(schoolClasses).where(eq(schoolClasses.schoolId, s2)).limit(1);
  const [st] = await db.select({ id: staff.id }).from(staff).where(eq(staff.schoolId, s2)).limit(1);
  const [y] = await db.select({ id: academicYears.id }).from(academicYears).where(eq(academicYears.schoolId, s2)).limit(1);
  const [t] = await db.insert(timetables).values({ schoolId: s2, yearId: y!.id, validFrom: '2026-09-01' }).onConflictDoNothing().returning({ id: timetables.id });
  const tt = t ?? (await db.select({ id: timetables.id }).from(timetables).where(eq(timetables.schoolId, s2)).limit(1))[0]!;
  return { classId: c!.id, staffId: st!.id, timetableId: tt.id };
}

export async function insertLesson(db: Db, f: Fixture, p: { groupId: string; date: string; lessonNumber: number; staffId: string; room?: string }) {
  const [l] = await db.insert(lessons).values({ schoolId: f.schoolId, room: null, ...p }).returning({ id: lessons.id });
  return l!.id;
}

export async function insertSubstitution(db: Db, f: Fixture, lessonId: string, kind: string, substituteStaffId: string | null) {
  await db.insert(substitutions).values({ schoolId: f.schoolId, lessonId, kind, substituteStaffId, reason: 'болезнь' });
}
