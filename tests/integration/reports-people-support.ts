// A small hand-built school for the programme, timesheet and activity reports (figures worked out by hand in the
// tests). On top of buildSmallSchool (5А with class teacher `${p}-ct`, 5Б; teacher `${p}-teacher`; clock 2026-11-23):
// - «5А математика» (teacher, 2 h/week, КТП of 12 hours): timetable lessons 21.10, 23.10, 09.11, 11.11 (cancelled),
//   16.11 (given by ct instead), 18.11, 22.11 (a Sunday worked as Friday: a transferred day), 23.11, 25.11, 30.11;
// - «5Б литература» (ct, no hours, no КТП): 10.11, an extra lesson on Saturday 14.11, 17.11 (the teacher gives
//   mathematics instead: a substitution of subject);
// - topics and attendance: 16.11 filled that day (23:59 Moscow), 18.11 filled that day, 22.11 attendance the next day;
// - logins (auth_events) of the week 16–22.11 and around it; 5Б-3 moves to 5А on 19.11;
// - 5А-1's mother acknowledges the week 16.11 and opens it 3 times, the student twice; 5А-2's mother received the week's digest, 5А-3's is still queued.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { authEvents, memberships } from '../../src/modules/accounts/schema.ts';
import { classMemberships } from '../../src/modules/contingent/schema.ts';
import { groupTeachers, ktpTopics, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { diaryAcknowledgements, diaryViews, outbox } from '../../src/modules/diary/schema.ts';
import { digestKey } from '../../src/modules/diary/outbox.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { transferredDays } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type PeopleSchool = Awaited<ReturnType<typeof buildPeopleSchool>>;

export async function buildPeopleSchool(database: Database, p: string) {
  const db = database.db;
  const s = await buildSmallSchool(database, p);
  const sid = s.schoolId;
  const teacher = s.staff.get('teacher')!;
  const ct = s.staff.get('ct')!;
  const [maths, lit] = await db.insert(teachingGroups).values([
    { schoolId: sid, yearId: s.yearId, subjectId: s.subjects.get('Математика')!, kind: 'class', classId: s.classes.get('5А')!, name: '5А математика', hoursPerWeek: '2' },
    { schoolId: sid, yearId: s.yearId, subjectId: s.subjects.get('Литература')!, kind: 'class', classId: s.classes.get('5Б')!, name: '5Б литература' },
  ]).returning({ id: teachingGroups.id });
  const g1 = maths!.id;
  const g2 = lit!.id;
  await db.insert(groupTeachers).values([
    { schoolId: sid, groupId: g1, staffId: teacher, startsOn: '2026-09-01' }, { schoolId: sid, groupId: g2, staffId: ct, startsOn: '2026-09-01' },
  ]);
  await db.insert(ktpTopics).values([1, 2, 3, 4, 5, 6].map((n) => ({ schoolId: sid, groupId: g1, ordinal: n, title: `Тема ${n}`, hours: 2 })));
  await db.insert(transferredDays).values({ schoolId: sid, yearId: s.yearId, date: '2026-11-22', worksAs: 5, note: 'перенос' });
  const lesson = async (groupId: string, staffId: string, date: string, o: Partial<typeof lessons.$inferInsert> = {}) => {
    const [row] = await db.insert(lessons).values({ schoolId: sid, groupId, staffId, date, lessonNumber: 1, ...o }).returning({ id: lessons.id });
    return row!.id;
  };
  for (const d of ['2026-10-21', '2026-10-23', '2026-11-09', '2026-11-23', '2026-11-25', '2026-11-30']) await lesson(g1, teacher, d);
  const cancelled = await lesson(g1, teacher, '2026-11-11');
  await lesson(g1, teacher, '2026-11-16', { topic: 'Тема 4', attendanceTakenAt: new Date('2026-11-16T20:59:00Z') });
  await lesson(g1, teacher, '2026-11-18', { topic: 'Тема 5', attendanceTakenAt: new Date('2026-11-18T07:00:00Z') });
  await lesson(g1, teacher, '2026-11-22', { topic: 'Тема 5', attendanceTakenAt: new Date('2026-11-23T06:00:00Z') });
  const byCt = (await db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.groupId, g1), eq(lessons.date, '2026-11-16'))))[0]!.id;
  await lesson(g2, ct, '2026-11-10');
  await lesson(g2, ct, '2026-11-14', { origin: 'extra', lessonNumber: 2 });
  const bySubject = await lesson(g2, ct, '2026-11-17');
  await db.insert(substitutions).values([
    { schoolId: sid, lessonId: cancelled, kind: 'cancelled', reason: 'карантин' },
    { schoolId: sid, lessonId: byCt, kind: 'teacher', substituteStaffId: ct, reason: 'болезнь' },
    { schoolId: sid, lessonId: bySubject, kind: 'subject', substituteStaffId: teacher, subjectId: s.subjects.get('Математика')!, reason: 'курсы' },
  ]);
  await familyWeek(database, s);
  return { ...s, g1, g2 };
}

async function accountOf(database: Database, schoolId: string, col: 'staffId' | 'guardianId' | 'studentId', id: string) {
  const [m] = await database.db.select({ accountId: memberships.accountId }).from(memberships)
    .where(and(eq(memberships.schoolId, schoolId), eq(memberships[col], id)));
  return m!.accountId;
}

async function familyWeek(database: Database, s: Awaited<ReturnType<typeof buildSmallSchool>>) {
  const db = database.db;
  const sid = s.schoolId;
  const [teacher, ct, parent, student] = await Promise.all([
    accountOf(database, sid, 'staffId', s.staff.get('teacher')!), accountOf(database, sid, 'staffId', s.staff.get('ct')!),
    accountOf(database, sid, 'guardianId', s.guardians.get('g-5А-1')!), accountOf(database, sid, 'studentId', s.students.get('5А-1')!),
  ]);
  const ev = (accountId: string, at: string, kind = 'login_ok') => ({ accountId, at: new Date(at), kind, ip: '10.0.0.1' });
  await db.insert(authEvents).values([
    ev(teacher, '2026-11-15T20:59:00Z'), // Sunday 23:59 Moscow: the week before
    ev(teacher, '2026-11-16T05:00:00Z'), ev(teacher, '2026-11-16T12:00:00Z'), ev(teacher, '2026-11-18T06:00:00Z'),
    ev(teacher, '2026-11-22T21:00:00Z'), // Monday 00:00 Moscow: the week after
    ev(ct, '2026-11-17T06:00:00Z', 'login_failed'), ev(ct, '2026-11-20T06:00:00Z'),
    ev(parent, '2026-11-19T15:00:00Z'), ev(student, '2026-11-20T14:00:00Z'),
  ]);
  // 5Б-3 moves to 5А on Thursday 19.11
  const moved = s.students.get('5Б-3')!;
  await db.update(classMemberships).set({ endsOn: '2026-11-19', endKind: 'transfer' })
    .where(and(eq(classMemberships.schoolId, sid), eq(classMemberships.studentId, moved)));
  await db.insert(classMemberships).values({ schoolId: sid, studentId: moved, classId: s.classes.get('5А')!, startsOn: '2026-11-19' });
  await db.insert(diaryAcknowledgements).values([
    { schoolId: sid, studentId: s.students.get('5А-1')!, guardianId: s.guardians.get('g-5А-1')!, weekStart: '2026-11-16', accountId: parent },
    { schoolId: sid, studentId: s.students.get('5Б-1')!, guardianId: s.guardians.get('g-5Б-1')!, weekStart: '2026-11-09' },
  ]);
  // 5А-1's diary of the week 16.11 opened 3 times by the mother and twice by the student; the week before once more
  await db.insert(diaryViews).values([
    { schoolId: sid, accountId: parent, studentId: s.students.get('5А-1')!, weekStart: '2026-11-16', views: 3 },
    { schoolId: sid, accountId: student, studentId: s.students.get('5А-1')!, weekStart: '2026-11-16', views: 2 },
    { schoolId: sid, accountId: parent, studentId: s.students.get('5А-1')!, weekStart: '2026-11-09', views: 1 },
  ]);
  const mail = (guardian: string, sentAt: Date | null) => ({
    schoolId: sid, kind: 'digest', toAddress: 'mother@example.ru', subject: 'Неделя', bodyText: '…', dedupeKey: digestKey(s.guardians.get(guardian)!, '2026-11-16'), sentAt,
  });
  await db.insert(outbox).values([mail('g-5А-2', new Date('2026-11-21T12:00:00Z')), mail('g-5А-3', null)]);
}
