// Review: ids of school 2 in the hidden/select fields of school 1's forms are refused (422 or 404) — never a
// redirect after a write, never a 500 from a foreign key.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { guardians, staff, students } from '../../src/modules/people/schema.ts';
import { lessons, timetables } from '../../src/modules/schedule/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';
import { demoFacts } from './setup-support.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('school 2 ids in school 1 forms', () => {
  it('are refused without a write or a 500', async () => {
    const db = t.database.db;
    const f1 = await demoFacts(db, 'admin');
    const f2 = await demoFacts(db, 'admin2');
    const [staff2] = await db.select().from(staff).where(eq(staff.schoolId, f2.schoolId)).limit(1);
    const [student2] = await db.select().from(students).where(eq(students.schoolId, f2.schoolId)).limit(1);
    const [student1] = await db.select().from(students).where(and(eq(students.schoolId, f1.schoolId), eq(students.lastName, 'Морозов'))).limit(1);
    const [guardian2] = await db.select().from(guardians).where(eq(guardians.schoolId, f2.schoolId)).limit(1);
    const [tt1] = await db.select().from(timetables).where(eq(timetables.schoolId, f1.schoolId)).limit(1);
    const [lesson1] = await db.select().from(lessons).where(eq(lessons.schoolId, f1.schoolId)).limit(1);
    const [group1] = await db.select().from(teachingGroups).where(and(eq(teachingGroups.schoolId, f1.schoolId), eq(teachingGroups.classId, f1.class5A.id))).limit(1);
    const [group2] = await db.insert(teachingGroups).values({ schoolId: f2.schoolId, yearId: f2.year.id, subjectId: f2.subject.id, kind: 'class',
      classId: f2.class5A.id, name: 'Обзор школа 2', lessonKind: 'regular', hoursPerWeek: '1' }).returning();
    const cases: Array<[string, string, Record<string, string>]> = [
      ['admin', `/setup/years/${f1.year.id}/classes`, { grade: '5', letter: 'Я', shift: '1', schemeId: f2.quarters.id }],
      ['admin', `/setup/years/${f1.year.id}/classes`, { grade: '5', letter: 'Ю', shift: '1', schemeId: f1.quarters.id, classTeacherId: staff2!.id }],
      ['admin', `/setup/classes/${f1.class5A.id}`, { grade: '5', letter: 'А', shift: '1', schemeId: f1.quarters.id, classTeacherId: staff2!.id }],
      ['deputy', `/curriculum/classes/${f1.class5A.id}/items`, { subjectId: f2.subject.id, hoursPerWeek: '1', lessonKind: 'regular' }],
      ['deputy', `/curriculum/classes/${f1.class5A.id}/copy`, { targetClassId: f2.class5A.id, mode: 'merge' }],
      ['deputy', '/curriculum/groups', { kind: 'cross_class', subjectId: f1.subject.id, name: 'Чужие', hoursPerWeek: '1', lessonKind: 'regular', startsOn: '2026-11-20', studentIds: student2!.id }],
      ['deputy', '/schedule/events', { classId: f2.class5A.id, date: '2026-11-25', startsAt: '', endsAt: '', title: 'Чужое', description: '' }],
      ['deputy', '/schedule/substitutions/extra', { groupId: '00000000-0000-4000-8000-000000000000', date: '2026-11-25', lessonNumber: '7', staffId: staff2!.id, room: '' }],
      ['admin', `/people/students/${student1!.id}/guardians/link`, { guardianId: guardian2!.id, relation: 'мать' }],
      ['secretary', '/contingent/orders', { kind: 'enrolment', number: 'X-1', date: '2026-11-20', effectiveOn: '2026-11-20', toClassId: f2.class5A.id, studentId: student2!.id }],
      ['deputy', `/schedule/timetables/${tt1!.id}/slots`, { classId: f1.class5A.id, weekday: '6', lessonNumber: '8', groupId: group2!.id, staffId: '', room: '', parity: '' }],
      ['deputy', `/schedule/timetables/${tt1!.id}/slots`, { classId: f1.class5A.id, weekday: '6', lessonNumber: '8', groupId: group1!.id, staffId: staff2!.id, room: '', parity: '' }],
      ['deputy', `/schedule/substitutions/lessons/${lesson1!.id}`, { kind: 'teacher', substituteStaffId: staff2!.id, subjectId: '', reason: 'Болезнь' }],
      ['deputy', `/schedule/substitutions/lessons/${lesson1!.id}`, { kind: 'subject', substituteStaffId: staff2!.id, subjectId: f2.subject.id, reason: 'Болезнь' }],
      ['deputy', `/curriculum/groups/${group1!.id}/teachers`, { staffId: staff2!.id, startsOn: '2026-11-20', until: '' }],
      ['deputy', `/ktp/groups/${group1!.id}/copy`, { targetId: group2!.id }],
    ];
    const failures: string[] = [];
    for (const [login, url, form] of cases) {
      const c = await loginAs(t.app, login);
      await c.get('/');
      const res = await c.post(url, form);
      if (res.statusCode !== 422 && res.statusCode !== 404) failures.push(`${login} ${url} ${JSON.stringify(form).slice(0, 80)} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
