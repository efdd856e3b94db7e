// Fixtures for the lesson tests: teaching groups with teachers and a timetable version inserted straight into the tables
// (the curriculum and timetable pages are other modules'), and ids by login.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { timetables, timetableSlots } from '../../src/modules/schedule/schema.ts';
import { academicYears, schoolClasses, subjects } from '../../src/modules/setup/schema.ts';

export async function staffOf(db: Db, login: string): Promise<{ schoolId: string; staffId: string }> {
  const [row] = await db.select({ schoolId: memberships.schoolId, staffId: memberships.staffId }).from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, login));
  if (!row?.staffId) throw new Error(`no staff for ${login}`);
  return { schoolId: row.schoolId, staffId: row.staffId };
}

export type Fixture = {
  schoolId: string; yearId: string; timetableId: string; versionIds: string[];
  teacher: string; classteacher: string; deputy: string;
  groups: { maths5a: string; history7a: string; history5a: string };
  /** The slot ids in the first version (the same slots exist in every version). */
  slots: { mathsMon: string; mathsTue: string; historyMon: string; history5aWed: string };
};

/**
 * School 1, year 2026/2027, one timetable version from 01.09.2026:
 * 5А maths (teacher) Mon 1, Tue 2; 7А history (classteacher) Mon 2; 5А history (classteacher) Wed 3, week A only.
 */
export async function lessonFixture(db: Db): Promise<Fixture> {
  const { schoolId, staffId: teacher } = await staffOf(db, 'teacher');
  const { staffId: classteacher } = await staffOf(db, 'classteacher');
  const { staffId: deputy } = await staffOf(db, 'deputy');
  const [year] = await db.select().from(academicYears).where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.name, '2026/2027')));
  const yearId = year!.id;
  const cls = async (name: string) => (await db.select().from(schoolClasses).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.yearId, yearId), eq(schoolClasses.name, name))))[0]!.id;
  const subj = async (name: string) => (await db.select().from(subjects).where(and(eq(subjects.schoolId, schoolId), eq(subjects.name, name))))[0]!.id;
  const c5a = await cls('5А');
  const c7a = await cls('7А');
  const group = async (name: string, classId: string, subject: string, staffId: string) => {
    const [g] = await db.insert(teachingGroups).values({ schoolId, yearId, subjectId: await subj(subject), kind: 'class', classId, name: `${name} (тест)` })
      .returning({ id: teachingGroups.id });
    await db.insert(groupTeachers).values({ schoolId, groupId: g!.id, staffId, startsOn: '2026-09-01' });
    return g!.id;
  };
  const groups = {
    maths5a: await group('5А Математика', c5a, 'Математика', teacher),
    history7a: await group('7А История', c7a, 'История', classteacher),
    history5a: await group('5А История', c5a, 'История', classteacher),
  };
  // The demo may already hold timetable versions (the timetable seed): add the slots to every version of the year.
  const versions = await db.select({ id: timetables.id, validFrom: timetables.validFrom }).from(timetables)
    .where(and(eq(timetables.schoolId, schoolId), eq(timetables.yearId, yearId))).orderBy(timetables.validFrom);
  const all = versions.length ? versions : await db.insert(timetables).values({ schoolId, yearId, validFrom: '2026-09-01' })
    .returning({ id: timetables.id, validFrom: timetables.validFrom });
  const tt = all[0];
  const slot = async (weekday: number, lessonNumber: number, groupId: string, staffId: string, weekParity: string | null = null) => {
    const rows = await db.insert(timetableSlots).values(all.map((v) => ({ schoolId, timetableId: v.id, weekday, lessonNumber, groupId, staffId, room: '21', weekParity })))
      .returning({ id: timetableSlots.id });
    return rows[0]!.id;
  };
  const slots = {
    mathsMon: await slot(1, 1, groups.maths5a, teacher),
    mathsTue: await slot(2, 2, groups.maths5a, teacher),
    historyMon: await slot(1, 2, groups.history7a, classteacher),
    history5aWed: await slot(3, 3, groups.history5a, classteacher, 'A'),
  };
  return { schoolId, yearId, timetableId: tt!.id, versionIds: all.map((v) => v.id), teacher, classteacher, deputy, groups, slots };
}
