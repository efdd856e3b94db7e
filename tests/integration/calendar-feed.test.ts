// «Календарь на телефоне», what the phone receives: a parent makes a link for Дмитрий (5А) and a calendar app fetches it
// without a session. Read back with ical.js: the week's lessons at their bells in the school's zone (Moscow, then
// Yekaterinburg), a cancellation and a substitution, homework on the lesson it is due for, the school's and the class's
// events — and nothing the feed must not carry (surname, marks, a personal task's text). The teacher's feed: own lessons,
// the one she substitutes, one cancelled, one handed to a colleague.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { individualHomework } from '../../src/modules/journal/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { events, lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { schoolClasses } from '../../src/modules/setup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/client.ts';
import { classLessons, eventOf, makeLink, readFeed, studentId, teacherLessons, type BelledLesson } from './calendar-support.ts';
import { demoGroup, schoolOf } from './journal-support.ts';
import { staffOf } from './schedule-lessons-support.ts';

let t: TestApp;
let school: string;
let dima: string;
let week: BelledLesson[];
let cancelled: BelledLesson;
let replaced: BelledLesson;
let mathsMonday: BelledLesson;
let dueAt: BelledLesson;
let parentFeed: string;
const db = () => t.database.db;
const WEEK = { from: '2026-11-23', to: '2026-11-28' };
const HOMEWORK = 'Решить № 245 и 247 (календарь)';
const PERSONAL = 'Переписать контрольную работу (личное)';
/** A moment of the school's wall clock read in a fixed offset, as UTC ISO: '2026-11-23', '08:30:00', '+03:00'. */
const utcOf = (date: string, time: string, offset: string) => new Date(`${date}T${time.slice(0, 5)}:00${offset}`).toISOString();

async function substitute(lesson: BelledLesson, kind: 'cancelled' | 'teacher', substituteStaffId: string | null) {
  await db().delete(substitutions).where(and(eq(substitutions.schoolId, school), eq(substitutions.lessonId, lesson.id)));
  await db().insert(substitutions).values({ schoolId: school, lessonId: lesson.id, kind, substituteStaffId, reason: 'проверка календаря' });
}

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'parent');
  dima = await studentId(db(), school, 'Морозов', 'Дмитрий');
  const maths = await demoGroup(db(), school, '5А', 'Математика');
  const { staffId: deputy } = await staffOf(db(), 'deputy');
  week = await classLessons(db(), school, '5А', WEEK.from, WEEK.to);
  mathsMonday = week.find((l) => l.groupId === maths && l.date === '2026-11-23')!;
  cancelled = week.find((l) => l.groupId !== maths && l.date === '2026-11-25')!;
  replaced = week.find((l) => l.groupId !== maths && l.date === '2026-11-26' && l.staffId !== deputy)!;
  await substitute(cancelled, 'cancelled', null);
  await substitute(replaced, 'teacher', deputy);
  await db().update(lessons).set({ homework: HOMEWORK, homeworkMinutes: 20 }).where(and(eq(lessons.schoolId, school), eq(lessons.id, mathsMonday.id)));
  await db().insert(individualHomework).values({ schoolId: school, lessonId: mathsMonday.id, studentId: dima, text: PERSONAL });
  dueAt = week.find((l) => l.groupId === maths && l.date > '2026-11-23')!; // the group's next lesson day: no maths lesson of 5А is cancelled
  const [c6a] = await db().select({ id: schoolClasses.id }).from(schoolClasses).where(and(eq(schoolClasses.schoolId, school), eq(schoolClasses.name, '6А')));
  await db().insert(events).values([
    { schoolId: school, classId: null, date: '2026-11-27', title: 'День открытых дверей' },
    { schoolId: school, classId: c6a!.id, date: '2026-11-27', startsAt: '12:00', title: 'Собрание 6А' },
  ]);
  const parent = await loginAs(t.app, 'parent');
  const made = await makeLink(parent, `/calendar/students/${dima}`);
  expect(made.status).toBe(200);
  parentFeed = made.path;
});
afterAll(async () => { await t?.close(); });

describe('a child\'s feed', () => {
  it('is valid iCalendar named by the child\'s first name only, with no surname, marks or personal task text', async () => {
    const feed = await readFeed(t.app, parentFeed);
    expect(feed.name).toBe('Дмитрий: уроки и события');
    expect(feed.zones).toEqual(['Europe/Moscow']);
    expect(feed.text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300');
    expect(feed.text).not.toContain('Морозов');
    expect(feed.text).not.toContain(PERSONAL);
    expect(feed.text).not.toMatch(/вес \d|опоздание|н \((по|причина)/); // the diary's words for marks and absences
    // Two weeks back and six ahead of Monday 23.11.2026.
    const dates = feed.events.map((e) => e.date).sort();
    expect(dates[0]).toBe('2026-11-09');
    expect(dates.at(-1)! <= '2027-01-04').toBe(true);
    expect(feed.events.some((e) => e.date > '2026-12-25')).toBe(true);
  });

  it('has every lesson of 5А\'s week at its bells in Moscow time', async () => {
    const feed = await readFeed(t.app, parentFeed);
    expect(week.length).toBeGreaterThan(20);
    for (const l of week) {
      const e = eventOf(feed.events, l.id);
      expect(e, `lesson ${l.date} #${l.lessonNumber}`).toBeDefined();
      expect([e!.zone, e!.local, e!.endLocal, e!.utc]).toEqual([
        'Europe/Moscow', `${l.date}T${l.startsAt!.slice(0, 5)}`, `${l.date}T${l.endsAt!.slice(0, 5)}`, utcOf(l.date, l.startsAt!, '+03:00'),
      ]);
      expect(e!.description).toContain(`${l.lessonNumber}-й урок`);
    }
  });

  it('marks the cancelled lesson and names the substitute', async () => {
    const feed = await readFeed(t.app, parentFeed);
    const off = eventOf(feed.events, cancelled.id)!;
    expect(off.summary).toMatch(/^Отменён: /);
    expect(off.status).toBe('CANCELLED');
    expect(off.description).toContain('Урок отменён');
    const sub = eventOf(feed.events, replaced.id)!;
    expect(sub.summary).toMatch(/\(замена учителя\)$/);
    expect(sub.status).toBe('CONFIRMED');
    expect(sub.description).toContain('Замена: Кузнецова Е. В.');
  });

  it('puts homework on the lesson it is due for, as the diary\'s «Задания» does', async () => {
    const feed = await readFeed(t.app, parentFeed);
    const due = eventOf(feed.events, dueAt.id)!;
    expect(due.description).toContain(`Домашнее задание (задано 23.11): ${HOMEWORK} (≈ 20 мин)`);
    expect(due.description).toContain('Есть личное задание — см. дневник.');
    expect(eventOf(feed.events, mathsMonday.id)!.description).not.toContain(HOMEWORK);
    const diary = await (await loginAs(t.app, 'parent')).get(`/diary/${dima}/homework`);
    expect(diary.body).toContain(HOMEWORK); // the diary lists it for the same day
  });

  it('carries the school\'s events and the class\'s, not another class\'s', async () => {
    const feed = await readFeed(t.app, parentFeed);
    const trip = feed.events.find((e) => e.summary === 'Экскурсия в краеведческий музей (5А)');
    expect([trip?.local, trip?.utc]).toEqual(['2026-11-26T14:00', utcOf('2026-11-26', '14:00', '+03:00')]);
    expect(feed.events.find((e) => e.summary === 'Осенний концерт')?.local).toBe('2026-11-28T15:00');
    expect(feed.events.find((e) => e.summary === 'День открытых дверей')).toMatchObject({ allDay: true, date: '2026-11-27' });
    expect(feed.events.some((e) => e.summary.startsWith('Собрание 6А'))).toBe(false);
  });

  it('in a school of Yekaterinburg the same bells are 08:30 there: two hours earlier in UTC than in Moscow', async () => {
    const first = week[0]!;
    await db().update(schools).set({ timeZone: 'Asia/Yekaterinburg' }).where(eq(schools.id, school));
    try {
      const feed = await readFeed(t.app, parentFeed);
      expect(feed.zones).toEqual(['Asia/Yekaterinburg']);
      expect(feed.text).toContain('TZOFFSETTO:+0500');
      expect(feed.text).toContain(`DTSTART;TZID=Asia/Yekaterinburg:${first.date.replaceAll('-', '')}T${first.startsAt!.slice(0, 5).replace(':', '')}00`);
      const e = eventOf(feed.events, first.id)!;
      expect([e.zone, e.local, e.utc]).toEqual(['Asia/Yekaterinburg', `${first.date}T${first.startsAt!.slice(0, 5)}`, utcOf(first.date, first.startsAt!, '+05:00')]);
    } finally {
      await db().update(schools).set({ timeZone: 'Europe/Moscow' }).where(eq(schools.id, school));
    }
  });

  it('the student\'s own link shows the same timetable', async () => {
    const own = await makeLink(await loginAs(t.app, 'student'), `/calendar/students/${dima}`);
    const feed = await readFeed(t.app, own.path);
    expect(feed.name).toBe('Дмитрий: уроки и события');
    expect(week.every((l) => eventOf(feed.events, l.id))).toBe(true);
  });
});

describe('a teacher\'s feed', () => {
  it('has her own lessons and the one she substitutes; a cancelled one and one handed to a colleague are struck out', async () => {
    const { staffId } = await staffOf(db(), 'teacher');
    const { staffId: deputy } = await staffOf(db(), 'deputy');
    const mine = await teacherLessons(db(), school, staffId, '2026-11-09', '2027-01-04');
    const [off, handed] = mine.filter((l) => l.staffId === staffId && l.date === '2026-11-24');
    await substitute(off!, 'cancelled', null);
    await substitute(handed!, 'teacher', deputy);
    const made = await makeLink(await loginAs(t.app, 'teacher'), '/calendar/staff');
    const feed = await readFeed(t.app, made.path);
    expect(feed.name).toBe('Мои уроки');
    const lessonEvents = feed.events.filter((e) => e.uid.startsWith('lesson-'));
    expect(lessonEvents.map((e) => e.uid.split('.')[0]).sort()).toEqual(mine.map((l) => `lesson-${l.id}`).sort());
    const given = mine.find((l) => l.staffId !== staffId)!; // the demo's 7А substitution
    expect(eventOf(feed.events, given.id)!.summary).toMatch(/^Замена: .+ · 7А$/);
    expect(eventOf(feed.events, off!.id)).toMatchObject({ status: 'CANCELLED', summary: expect.stringMatching(/^Отменён: Математика · /) });
    expect(eventOf(feed.events, handed!.id)).toMatchObject({ status: 'CANCELLED', summary: expect.stringMatching(/^Вас заменяет Кузнецова Е. В.: Математика/) });
    const plain = mine.find((l) => l.staffId === staffId && l.date === '2026-11-25')!;
    expect(eventOf(feed.events, plain.id)).toMatchObject({ status: 'CONFIRMED', local: `${plain.date}T${plain.startsAt!.slice(0, 5)}`, zone: 'Europe/Moscow' });
    expect(feed.events.some((e) => e.summary === 'Экскурсия в краеведческий музей (5А)')).toBe(true);
  });
});
