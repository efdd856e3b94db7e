import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { lessonHasContent } from '../../src/modules/schedule/layout.ts';
import { attendance, individualHomework, lessonColumns, marks, workTypes } from '../../src/modules/journal/schema.ts';
import { students } from '../../src/modules/people/schema.ts';
import { lessons, substitutions, timetables, timetableSlots } from '../../src/modules/schedule/schema.ts';
import { loginAs, mainText } from '../support/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { lessonFixture, type Fixture } from './schedule-lessons-support.ts';

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await lessonFixture(t.database.db);
});
afterAll(async () => t?.close());

const lessonsOf = async (groupId: string) =>
  t.database.db.select().from(lessons).where(and(eq(lessons.schoolId, f.schoolId), eq(lessons.groupId, groupId))).orderBy(lessons.date);
const countAll = async () => Number((await t.database.db.select({ n: count() }).from(lessons).where(eq(lessons.schoolId, f.schoolId)))[0]!.n);

describe('laying lessons out', () => {
  it('the deputy lays the year out: holidays skipped, transferred days honoured, A/B weeks', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    const page = await deputy.get('/schedule/lessons/layout');
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Разложить уроки на год');
    const res = await deputy.post('/schedule/lessons/layout');
    expect(res.statusCode).toBe(303);
    const after = mainText((await deputy.get('/schedule/lessons/layout')).body);
    expect(after).toMatch(/создано \d+/);
    expect(after).toMatch(/Время: \d+ мс/);

    const maths = (await lessonsOf(f.groups.maths5a)).map((l) => `${l.date}:${l.lessonNumber}`);
    expect(maths).toContain('2026-09-01:2');          // Tuesday, first day
    expect(maths).toContain('2026-11-23:1');          // Monday
    expect(maths).not.toContain('2026-11-02:1');      // autumn vacation
    expect(maths).toContain('2027-02-20:1');          // Saturday working as Monday
    expect(maths).not.toContain('2027-02-22:1');      // the day off it replaces
    expect(maths.every((d) => d.slice(0, 10) >= '2026-09-01' && d.slice(0, 10) <= '2027-05-31')).toBe(true);
    const history5a = (await lessonsOf(f.groups.history5a)).map((l) => l.date);
    expect(history5a).toContain('2026-09-02');        // week A
    expect(history5a).not.toContain('2026-09-09');    // week B
    expect(history5a).toContain('2026-09-16');

    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.schoolId, f.schoolId), eq(auditEvents.entity, 'lessons_layout')));
    expect(audit?.action).toBe('layout');
  });

  it('laying out twice changes nothing', async () => {
    const before = await countAll();
    const ids = (await lessonsOf(f.groups.maths5a)).map((l) => l.id).sort();
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.post('/schedule/lessons/layout');
    const text = mainText((await deputy.get('/schedule/lessons/layout')).body);
    expect(text).toContain('создано 0, обновлено 0');
    expect(text).toContain('удалено 0');
    expect(await countAll()).toBe(before);
    expect((await lessonsOf(f.groups.maths5a)).map((l) => l.id).sort()).toEqual(ids);
  });

  it('after a slot is removed, empty lessons go, filled ones stay flagged', async () => {
    const db = t.database.db;
    const mons = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 1);
    const [withHomework, withSub, withTopic] = mons;
    await db.update(lessons).set({ homework: '№ 245' }).where(eq(lessons.id, withHomework!.id));
    await db.insert(substitutions).values({ schoolId: f.schoolId, lessonId: withSub!.id, kind: 'cancelled', reason: 'тест' });
    await db.update(lessons).set({ topic: 'Дроби', topicOverridden: true }).where(eq(lessons.id, withTopic!.id));
    await db.delete(timetableSlots).where(and(eq(timetableSlots.groupId, f.groups.maths5a), eq(timetableSlots.weekday, 1)));

    const deputy = await loginAs(t.app, 'deputy');
    await deputy.post('/schedule/lessons/layout');
    const left = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 1);
    expect(left.map((l) => l.id).sort()).toEqual([withHomework!.id, withSub!.id, withTopic!.id].sort());
    expect(left.every((l) => l.offTimetable)).toBe(true);
    expect((await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 2).length).toBeGreaterThan(30); // Tuesdays untouched
    const text = mainText((await deputy.get('/schedule/lessons/layout')).body);
    expect(text).toContain('Уроки вне расписания');
    expect(text).toContain('5А Математика (тест)');

    // Once more: the flagged lessons stay, nothing else changes.
    const before = await countAll();
    await deputy.post('/schedule/lessons/layout');
    expect(await countAll()).toBe(before);
    expect(mainText((await deputy.get('/schedule/lessons/layout')).body)).toContain('создано 0, обновлено 0');
  });

  it('a teacher change in the timetable moves untouched lessons to the new teacher, filled ones keep theirs', async () => {
    const db = t.database.db;
    const tues = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 2);
    await db.update(lessons).set({ workDone: 'самостоятельная работа' }).where(eq(lessons.id, tues[0]!.id));
    await db.update(timetableSlots).set({ staffId: f.deputy }).where(and(eq(timetableSlots.groupId, f.groups.maths5a), eq(timetableSlots.weekday, 2)));
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.post('/schedule/lessons/layout');
    const after = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 2);
    expect(after.find((l) => l.id === tues[0]!.id)!.staffId).toBe(f.teacher);
    expect(after.filter((l) => l.id !== tues[0]!.id).every((l) => l.staffId === f.deputy)).toBe(true);
    await db.update(timetableSlots).set({ staffId: f.teacher }).where(and(eq(timetableSlots.groupId, f.groups.maths5a), eq(timetableSlots.weekday, 2)));
    await deputy.post('/schedule/lessons/layout');
  });

  it.each(['teacher', 'classteacher', 'secretary', 'parent', 'student'])('%s may not open or run the layout (403)', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/schedule/lessons/layout')).statusCode).toBe(403);
    expect((await c.post('/schedule/lessons/layout')).statusCode).toBe(403);
  });

  it('lessonHasContent finds exactly the lessons holding something', async () => {
    const held = await t.database.db.select({ id: lessons.id }).from(lessons)
      .where(and(eq(lessons.schoolId, f.schoolId), eq(lessons.groupId, f.groups.maths5a), lessonHasContent(f.schoolId)));
    expect(held).toHaveLength(4); // homework, substitution, typed topic, work done
  });

  it('the admin may run it too', async () => {
    const admin = await loginAs(t.app, 'admin');
    expect((await admin.post('/schedule/lessons/layout')).statusCode).toBe(303);
  });
});

describe('journal data keeps a lesson', () => {
  it('lessons with only a mark, only attendance or only individual homework survive a new timetable version without their slot', async () => {
    const db = t.database.db;
    const from = '2027-03-01'; // a Monday after every demo version
    const tuesdays = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 2 && l.date >= from);
    const [withMark, withAbsence, withOwnHomework] = tuesdays;
    const [student] = await db.select({ id: students.id }).from(students).where(eq(students.schoolId, f.schoolId)).limit(1);
    const [workType] = await db.select({ id: workTypes.id }).from(workTypes).where(eq(workTypes.schoolId, f.schoolId)).limit(1);
    await db.insert(lessonColumns).values({ schoolId: f.schoolId, lessonId: withMark!.id, columnNo: 1, workTypeId: workType!.id });
    await db.insert(marks).values({ schoolId: f.schoolId, lessonId: withMark!.id, studentId: student!.id, columnNo: 1, value: 5 });
    await db.insert(attendance).values({ schoolId: f.schoolId, lessonId: withAbsence!.id, studentId: student!.id, kind: 'absent' });
    await db.insert(individualHomework).values({ schoolId: f.schoolId, lessonId: withOwnHomework!.id, studentId: student!.id, text: '№ 12' });

    // A new version from 01.03.2027: the last version's slots, without maths 5А on Tuesday.
    const last = f.versionIds.at(-1)!;
    const [version] = await db.insert(timetables).values({ schoolId: f.schoolId, yearId: f.yearId, validFrom: from }).returning({ id: timetables.id });
    await db.execute(sql`insert into timetable_slots (school_id, timetable_id, weekday, lesson_number, group_id, staff_id, room, week_parity)
      select school_id, ${version!.id}, weekday, lesson_number, group_id, staff_id, room, week_parity from timetable_slots
      where school_id = ${f.schoolId} and timetable_id = ${last} and not (group_id = ${f.groups.maths5a} and weekday = 2)`);

    const deputy = await loginAs(t.app, 'deputy');
    expect((await deputy.post('/schedule/lessons/layout')).statusCode).toBe(303);
    const after = (await lessonsOf(f.groups.maths5a)).filter((l) => l.lessonNumber === 2);
    const kept = after.filter((l) => l.date >= from);
    expect(kept.map((l) => l.id).sort()).toEqual([withMark!.id, withAbsence!.id, withOwnHomework!.id].sort());
    expect(kept.every((l) => l.offTimetable)).toBe(true);
    expect(after.filter((l) => l.date < from).length).toBeGreaterThan(15); // Tuesdays before the version untouched
    const [mark] = await db.select().from(marks).where(and(eq(marks.schoolId, f.schoolId), eq(marks.lessonId, withMark!.id)));
    expect(mark).toMatchObject({ studentId: student!.id, columnNo: 1, value: 5 });
    expect(await db.select().from(attendance).where(and(eq(attendance.schoolId, f.schoolId), eq(attendance.lessonId, withAbsence!.id)))).toHaveLength(1);

    // Laying out again changes nothing.
    const before = await countAll();
    await deputy.post('/schedule/lessons/layout');
    expect(await countAll()).toBe(before);
  });
});
