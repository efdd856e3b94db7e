// A small hand-built school for the journal-control report (buildSmallSchool 'jc' + the rows below), with the week of
// Monday 16.11.2026 (today is Monday 23.11, 10:00 Moscow) and the week before. Wednesday 18.11 is a school day off;
// Saturday 21.11 is a transferred working day. Expected figures are worked out in reports-journal-control.test.ts.
import type { Database } from '../../src/db/client.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { groupMembers, groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { attendance, lessonColumns, marks, periodMarks, workTypes } from '../../src/modules/journal/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { holidays, transferredDays } from '../../src/modules/setup/schema.ts';
import { buildSmallSchool } from '../support/fixtures.ts';

export type JcSchool = Awaited<ReturnType<typeof buildJcSchool>>;

export async function buildJcSchool(database: Database) {
  const s = await buildSmallSchool(database, 'jc');
  const db = database.db;
  const schoolId = s.schoolId;
  const teacher = s.staff.get('teacher')!;
  const ct = s.staff.get('ct')!;
  const st = (k: string) => s.students.get(k)!;
  const at = (moscow: string) => new Date(`${moscow}+03:00`);

  await db.insert(holidays).values({ schoolId, yearId: s.yearId, name: 'Выходной', kind: 'dayoff', startsOn: '2026-11-18', endsOn: '2026-11-18' });
  await db.insert(transferredDays).values({ schoolId, yearId: s.yearId, date: '2026-11-21', worksAs: 3 });
  const [answer, control] = await db.insert(workTypes).values([
    { schoolId, name: 'Ответ на уроке', shortName: 'Отв', isControl: false },
    { schoolId, name: 'Контрольная работа', shortName: 'КР', isControl: true, weight: '2.0' },
  ]).returning({ id: workTypes.id });

  const group = async (name: string, classKey: string, subject: string, staffId: string, members: Array<[string, string]>) => {
    const [g] = await db.insert(teachingGroups).values({
      schoolId, yearId: s.yearId, subjectId: s.subjects.get(subject)!, kind: 'class', classId: s.classes.get(classKey)!, name,
    }).returning({ id: teachingGroups.id });
    await db.insert(groupTeachers).values({ schoolId, groupId: g!.id, staffId, startsOn: '2026-09-01' });
    await db.insert(groupMembers).values(members.map(([key, startsOn]) => ({ schoolId, groupId: g!.id, studentId: st(key), startsOn })));
    return g!.id;
  };
  const all5A: Array<[string, string]> = [['5А-1', '2026-09-01'], ['5А-2', '2026-09-01'], ['5А-3', '2026-09-01']];
  const g1 = await group('5А математика', '5А', 'Математика', teacher, [...all5A, ['5Б-3', '2026-11-18']]); // 5Б-3 joins mid-week
  const g2 = await group('5Б математика', '5Б', 'Математика', teacher, [['5Б-1', '2026-09-01'], ['5Б-2', '2026-09-01'], ['5Б-3', '2026-09-01']]);
  const g3 = await group('5А литература', '5А', 'Литература', ct, all5A);

  const FILLED = { topic: 'Тема', homework: '§ 1', attendanceTakenAt: at('2026-11-01T09:00:00') };
  const lesson = async (groupId: string, date: string, n: number, staffId: string, fill: Partial<typeof lessons.$inferInsert> = {}) => {
    const [l] = await db.insert(lessons).values({ schoolId, groupId, date, lessonNumber: n, staffId, ...fill }).returning({ id: lessons.id });
    return l!.id;
  };
  const mark = async (lessonId: string, student: string, column: number, workTypeId: string, enteredAt: string) => {
    await db.insert(lessonColumns).values({ schoolId, lessonId, columnNo: column, workTypeId }).onConflictDoNothing();
    await db.insert(marks).values({ schoolId, lessonId, studentId: st(student), columnNo: column, value: 5 });
    await db.insert(auditEvents).values({
      schoolId, at: at(enteredAt), entity: 'mark', entityId: `${lessonId}:${st(student)}:${column}`, action: 'create', oldValue: null, newValue: { value: 5 },
    });
  };
  const absent = (lessonId: string, student: string, reason: string | null = null) =>
    db.insert(attendance).values({ schoolId, lessonId, studentId: st(student), kind: 'absent', reason });

  // This week. G1 (teacher): Mon filled, one mark on the day, one after midnight Moscow (still the 16th in UTC), an absence.
  const l1 = await lesson(g1, '2026-11-16', 1, teacher, FILLED);
  await mark(l1, '5А-1', 1, answer!.id, '2026-11-16T12:00:00');
  await mark(l1, '5А-2', 1, answer!.id, '2026-11-17T00:30:00');
  await mark(l1, '5А-1', 2, control!.id, '2026-11-23T09:00:00'); // a control mark on day 7: in time
  await absent(l1, '5А-3');
  const l2 = await lesson(g1, '2026-11-17', 2, teacher); // nothing filled
  const l3 = await lesson(g1, '2026-11-18', 1, teacher); // cancelled: not counted
  await db.insert(substitutions).values({ schoolId, lessonId: l3, kind: 'cancelled', reason: 'выходной' });
  const l4 = await lesson(g1, '2026-11-19', 1, teacher, { ...FILLED, topic: null }); // given by ct: counts for ct
  await db.insert(substitutions).values({ schoolId, lessonId: l4, kind: 'teacher', substituteStaffId: ct, reason: 'болезнь' });
  await lesson(g1, '2026-11-23', 1, teacher); // today: not due yet
  // G2 (teacher): two filled lessons; Thursday's absence is overdue (Fri 20, Sat 21 transferred), Friday's is not (Sat 21, Mon 23).
  const l5 = await lesson(g2, '2026-11-19', 2, teacher, FILLED);
  await absent(l5, '5Б-1');
  await absent(l5, '5Б-2', 'illness');
  const l6 = await lesson(g2, '2026-11-20', 2, teacher, FILLED);
  await absent(l6, '5Б-1');
  // G3 (ct): a filled lesson, «без задания».
  await lesson(g3, '2026-11-17', 3, ct, { ...FILLED, homework: 'без задания' });
  // The week before: G1 Monday 09.11 without a topic, a control mark entered on day 8.
  const p1 = await lesson(g1, '2026-11-09', 1, teacher, { ...FILLED, topic: '' });
  await mark(p1, '5А-1', 1, control!.id, '2026-11-17T10:00:00');

  // Period marks of the 1st quarter (ended 24.10, due 26.10): G1 two of three (5Б-3 joined later: not expected), G2 all, G3 none.
  const q1 = s.schemes.get('quarters')!.periodIds[0]!;
  const pm = (groupId: string, student: string) => db.insert(periodMarks).values({ schoolId, groupId, studentId: st(student), kind: 'period', periodId: q1, value: '5' });
  await pm(g1, '5А-1');
  await pm(g1, '5А-2');
  for (const k of ['5Б-1', '5Б-2', '5Б-3']) await pm(g2, k);

  return { ...s, teacher, ct, g1, g2, g3, l1, l2, l4 };
}
