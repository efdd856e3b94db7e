// The demo school's month for the programme, timesheet and activity reports: before the КТП and the journal are seeded,
// a past lesson of this month in 7А given by `teacher` for a colleague and a past 5Б mathematics lesson cancelled (so
// the timesheet shows a substitution given, one received and a cancellation, and the programme a gap in 5Б maths); at
// the end, logins of the demo's people in this week and the last, and acknowledgements of last week by 5Б families.
// The reasons are the demo's upcoming ones (demo-lessons.ts), so the pages that look a reason up find it either way.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { accounts, authEvents } from '../../modules/accounts/schema.ts';
import { classMemberships } from '../../modules/contingent/schema.ts';
import { teachingGroups } from '../../modules/curriculum/schema.ts';
import { diaryAcknowledgements } from '../../modules/diary/schema.ts';
import { studentGuardians } from '../../modules/people/schema.ts';
import { mondayOf } from '../../modules/schedule/calendar.ts';
import { lessons, substitutions } from '../../modules/schedule/schema.ts';
import { subjects } from '../../modules/setup/schema.ts';
import { now } from '../../web/clock.ts';
import { addDays, todayIso, zonedMoment } from '../../web/dates.ts';
import type { BuiltSchool } from './builder.ts';

/** Past lessons of this month (or of the last ten days early in a month), newest first, with their class and subject. */
async function pastLessons(db: Db | Tx, schoolId: string, today: string) {
  const monthStart = `${today.slice(0, 8)}01`;
  const from = addDays(today, -10) < monthStart ? addDays(today, -10) : monthStart;
  return db.select({
    id: lessons.id, date: lessons.date, n: lessons.lessonNumber, staffId: lessons.staffId, classId: teachingGroups.classId, subject: subjects.name,
  }).from(lessons)
    .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .where(and(eq(lessons.schoolId, schoolId), gte(lessons.date, from), lt(lessons.date, today), eq(lessons.origin, 'timetable')))
    .orderBy(desc(lessons.date), asc(lessons.lessonNumber));
}

/** Run after seedDemoLessons and before seedDemoKtp / seedDemoJournal (which skip cancelled lessons). */
export async function seedDemoPastSubstitutions(db: Db, built: BuiltSchool): Promise<number> {
  const { schoolId } = built;
  const today = todayIso(now());
  const teacher = built.staff.get('teacher');
  const [c7a, c5b] = [built.classes.get('7А'), built.classes.get('5Б')];
  if (!teacher || !c7a || !c5b) return 0;
  return withSchool(db, schoolId, async (tx) => {
    const past = await pastLessons(tx, schoolId, today);
    const busy = (date: string, n: number) => past.some((l) => l.staffId === teacher && l.date === date && l.n === n);
    const in7a = past.find((l) => l.classId === c7a && l.staffId !== teacher && !busy(l.date, l.n));
    // Not the latest 5Б maths lesson: seedDemoRecentChanges edits that one.
    const maths5b = past.filter((l) => l.classId === c5b && l.subject === 'Математика')[1];
    const rows = [
      ...(in7a ? [{ schoolId, lessonId: in7a.id, kind: 'teacher', substituteStaffId: teacher, reason: 'болезнь учителя' }] : []),
      ...(maths5b ? [{ schoolId, lessonId: maths5b.id, kind: 'cancelled', reason: 'учитель на курсах повышения квалификации' }] : []),
    ];
    if (rows.length) await tx.insert(substitutions).values(rows);
    return rows.length;
  });
}

const LOGINS = ['teacher', 'classteacher', 'deputy', 'admin', 'parent'];

/** Logins of the demo's people on school days of this week and the last (up to now), 07:50 or 19:30 school time. */
async function seedLogins(db: Db, today: string, timeZone: string): Promise<void> {
  const people = await db.select({ id: accounts.id, login: accounts.login }).from(accounts).where(inArray(accounts.login, LOGINS));
  const monday = addDays(mondayOf(today), -7);
  const at = (offset: number, time: string) => zonedMoment(`${addDays(monday, offset)}T${time}`, timeZone)!;
  const rows = people.flatMap((p, i) => [0, 1, 2, 3, 4, 7, 8].filter((d) => (d + i) % 3 !== 2)
    .map((d) => ({ kind: 'login_ok', accountId: p.id, login: p.login, at: at(d, p.login === 'parent' ? '19:30' : '07:50'), ip: '127.0.0.1', detail: 'seed-demo' })))
    .filter((r) => r.at < now());
  if (rows.length) await db.insert(authEvents).values(rows);
}

/** Run last: logins, and last week acknowledged by the first guardian of two students in three of 5Б (never 5А's). */
export async function seedDemoFamilyActivity(db: Db, built: BuiltSchool, timeZone = 'Europe/Moscow'): Promise<void> {
  const { schoolId } = built;
  const today = todayIso(now(), timeZone);
  await seedLogins(db, today, timeZone);
  const c5b = built.classes.get('5Б');
  if (!c5b) return;
  const week = addDays(mondayOf(today), -7);
  await withSchool(db, schoolId, async (tx) => {
    const families = await tx.select({ studentId: classMemberships.studentId, guardianId: studentGuardians.guardianId }).from(classMemberships)
      .innerJoin(studentGuardians, and(eq(studentGuardians.schoolId, classMemberships.schoolId), eq(studentGuardians.studentId, classMemberships.studentId)))
      // Students in 5Б that week: not one who has moved to 5А since (the transfer order of the demo contingent).
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, c5b), lte(classMemberships.startsOn, addDays(week, 5)),
        or(isNull(classMemberships.endsOn), gt(classMemberships.endsOn, addDays(week, 5)))))
      .orderBy(asc(classMemberships.studentId), asc(studentGuardians.relation));
    const mother = new Map<string, string>();
    for (const f of families) if (!mother.has(f.studentId)) mother.set(f.studentId, f.guardianId);
    const at = zonedMoment(`${addDays(week, 5)}T11:00`, timeZone)!;
    const acks = [...mother].filter((_, i) => i % 3 !== 2)
      .map(([studentId, guardianId]) => ({ schoolId, studentId, guardianId, weekStart: week, acknowledgedAt: at }));
    if (acks.length && at < now()) await tx.insert(diaryAcknowledgements).values(acks);
  });
}
