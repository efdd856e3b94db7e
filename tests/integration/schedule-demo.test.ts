import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { events, lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { loginAs, mainText } from '../support/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { classId } from './contingent-support.ts';
import { staffOf } from './schedule-lessons-support.ts';

// The demo seed (seedDemo → … → seedDemoTimetable → seedDemoLessons) runs in startTestApp.
let t: TestApp;
let schoolId: string;
let teacher: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ schoolId, staffId: teacher } = await staffOf(t.database.db, 'teacher'));
});
afterAll(async () => t?.close());

describe('demo lessons', () => {
  it('the year is laid out, with a replacement by `teacher` in 7А, a cancellation, an extra lesson and two events', async () => {
    const db = t.database.db;
    const [{ n }] = (await db.select({ n: count() }).from(lessons).where(eq(lessons.schoolId, schoolId))) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(10_000);
    const subs = await db.select({ kind: substitutions.kind, sub: substitutions.substituteStaffId, reason: substitutions.reason, classId: teachingGroups.classId })
      .from(substitutions).innerJoin(lessons, and(eq(lessons.schoolId, substitutions.schoolId), eq(lessons.id, substitutions.lessonId)))
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, lessons.schoolId), eq(teachingGroups.id, lessons.groupId)))
      .where(eq(substitutions.schoolId, schoolId));
    const c7a = await classId(db, schoolId, '7А');
    expect(subs.find((s) => s.kind === 'teacher')).toMatchObject({ sub: teacher, classId: c7a });
    expect(subs.find((s) => s.kind === 'cancelled')?.reason).toBe('учитель на курсах повышения квалификации');
    expect(await db.select().from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.origin, 'extra')))).toHaveLength(1);
    const evs = await db.select().from(events).where(eq(events.schoolId, schoolId));
    expect(evs.map((e) => e.title).sort()).toEqual(['Осенний концерт', 'Экскурсия в краеведческий музей']);
    expect(evs.find((e) => e.title.startsWith('Экскурсия'))?.classId).toBe(await classId(db, schoolId, '5А'));
  });

  it('the deputy sees the replacement on its day; the teacher sees it on «Сегодня»', async () => {
    const [sub] = await t.database.db.select({ date: lessons.date }).from(substitutions)
      .innerJoin(lessons, eq(lessons.id, substitutions.lessonId)).where(and(eq(substitutions.schoolId, schoolId), eq(substitutions.kind, 'teacher')));
    const deputy = await loginAs(t.app, 'deputy');
    expect(mainText((await deputy.get(`/schedule/substitutions?date=${sub!.date}`)).body)).toContain('болезнь учителя');
    const teacherClient = await loginAs(t.app, 'teacher');
    expect(mainText((await teacherClient.get(`/today?date=${sub!.date}`)).body)).toContain('замена');
  });
});
