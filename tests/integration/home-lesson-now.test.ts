// The teacher's home page opens today's lesson in one tap: on Monday 23.11.2026 during a lesson (by the demo's bells)
// the card links to the lesson in progress; before the first bell, in a break, after the last lesson, on the weekend,
// before a holiday and in another time zone it links to the next one and says which day. «Сегодня» marks it too. The
// lesson the teacher substitutes counts; roles without lessons have no card; the second school's lessons are its own.
import { and, eq, gte } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../src/modules/platform/schema.ts';
import { dayLessons, type LessonRow } from '../../src/modules/schedule/lessons-queries.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { academicYears, holidays } from '../../src/modules/setup/schema.ts';
import { setClock } from '../../src/web/clock.ts';
import { addDays, isoWeekday } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { schoolOf } from './journal-support.ts';
import { staffOf } from './schedule-lessons-support.ts';

let t: TestApp;
let school: string;
let me: string;
let teacher: Client;
const db = () => t.database.db;
const MON = '2026-11-23';
const SUN = '2026-11-29';
const hm = (time: string | null) => (time ?? '').slice(0, 5);
/** 'HH:MM' plus some minutes. */
const plus = (time: string, minutes: number) => {
  const m = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
/** The school's wall clock (Moscow) at a date and time as a moment for setClock. */
const at = (date: string, time: string) => `${date}T${time}:00+03:00`;

/**
 * The demo's timetable is solved anew on each seed, so the expected lessons are read from the database: the lessons
 * the teacher gives on a date (their own, not handed over or cancelled, and those they substitute), by number.
 */
async function myDay(date: string): Promise<LessonRow[]> {
  const rows = await dayLessons(db(), { schoolId: school, date, staffId: me });
  return rows.filter((l) => !l.offTimetable && (l.subKind === null || (l.subKind !== 'cancelled' && l.substituteStaffId === me)));
}
/** The first day after `date` on which the teacher gives a lesson, and that day's lessons. */
async function nextDayAfter(date: string): Promise<{ date: string; lessons: LessonRow[] }> {
  for (let d = addDays(date, 1), i = 0; i < 21; i += 1, d = addDays(d, 1)) {
    const day = await myDay(d);
    if (day.length > 0) return { date: d, lessons: day };
  }
  throw new Error(`the teacher has no lesson in the three weeks after ${date}`);
}

/** The card on the home page at a moment: its label, the lesson it opens, the lesson just ended. */
async function cardAt(moment: string, client = teacher) {
  setClock(moment);
  const res = await client.get('/');
  expect(res.statusCode).toBe(200);
  const card = /<section class="lesson-now[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? null;
  return {
    card,
    label: card ? mainText(/class="lesson-now-label"[^>]*>([^<]*)</.exec(card)?.[1] ?? '') : null,
    opens: card ? /class="lesson-now-link" href="\/journal\/lessons\/([^"]+)"/.exec(card)?.[1] ?? null : null,
    ended: card ? /Только что закончился: <a href="\/journal\/lessons\/([^"]+)"/.exec(card)?.[1] ?? null : null,
    text: card ? mainText(card) : '',
  };
}

let monday: LessonRow[];

beforeAll(async () => {
  t = await startTestApp();
  ({ schoolId: school, staffId: me } = await staffOf(db(), 'teacher'));
  teacher = await loginAs(t.app, 'teacher');
  monday = await myDay(MON);
  // The demo's teacher has several lessons on Monday 23.11.2026, each with its bells.
  expect(monday.length).toBeGreaterThanOrEqual(3);
  expect(monday.every((l) => l.startsAt && l.endsAt)).toBe(true);
}, 300_000);
afterEach(() => setClock(TEST_NOW));
afterAll(async () => { await t?.close(); });

describe('the teacher’s home page: the lesson now, one tap', () => {
  it('during a lesson links to it, and that link opens the lesson screen marked «идёт сейчас»', async () => {
    const lesson = monday[1]!;
    const c = await cardAt(at(MON, plus(hm(lesson.startsAt), 5)));
    expect(c.label).toBe(`Идёт сейчас · до ${hm(lesson.endsAt)}`);
    expect(c.opens).toBe(lesson.id);
    expect(c.text).toContain(`${lesson.className}`);
    expect(c.text).toContain(`${hm(lesson.startsAt)}–${hm(lesson.endsAt)}`);
    // The card comes first in <main>: before the greeting.
    const page = (await teacher.get('/')).body;
    expect(page.indexOf('class="lesson-now')).toBeLessThan(page.indexOf('<h1>Здравствуйте'));
    const screen = await teacher.get(`/journal/lessons/${c.opens}`);
    expect(screen.statusCode).toBe(200);
    expect(mainText(screen.body)).toContain('идёт сейчас');
    expect(screen.body).toMatch(/<button class="lp-key" name="m_[0-9a-f-]{36}_1" value="5?" data-v="5" aria-pressed="(false|true)"/);
  });

  it('the first bell itself: the first lesson is in progress; a minute before, it is the first lesson of today', async () => {
    const first = monday[0]!;
    expect((await cardAt(at(MON, hm(first.startsAt)))).opens).toBe(first.id);
    expect((await cardAt(at(MON, hm(first.startsAt)))).label).toMatch(/^Идёт сейчас/);
    const c = await cardAt(at(MON, '07:00'));
    expect(c.label).toBe(`Первый урок сегодня · в ${hm(first.startsAt)}`);
    expect(c.opens).toBe(first.id);
    expect(c.ended).toBeNull();
  });

  it('the bell ending a lesson starts the break: the next lesson, and the one just ended one tap away too', async () => {
    const [a, b] = [monday[0]!, monday[1]!];
    const c = await cardAt(at(MON, hm(a.endsAt)));
    expect(c.label).toBe(`Следующий урок · в ${hm(b.startsAt)}`);
    expect(c.opens).toBe(b.id);
    expect(c.ended).toBe(a.id);
  });

  it('a lesson the teacher substitutes (the demo’s 7А this week) is the one in progress at its time', async () => {
    const [sub] = await db().select({ id: lessons.id, date: lessons.date }).from(substitutions)
      .innerJoin(lessons, and(eq(lessons.schoolId, substitutions.schoolId), eq(lessons.id, substitutions.lessonId)))
      .where(and(eq(substitutions.schoolId, school), eq(substitutions.substituteStaffId, me), gte(lessons.date, MON)));
    expect(sub).toBeDefined();
    const lesson = (await myDay(sub!.date)).find((l) => l.id === sub!.id)!;
    const c = await cardAt(at(sub!.date, hm(lesson.startsAt)));
    expect(c.label).toBe(`Идёт сейчас · до ${hm(lesson.endsAt)}`);
    expect(c.opens).toBe(sub!.id);
    expect(c.text).toContain('7А');
  });

  it('after the last lesson: the next day’s first, saying the day', async () => {
    const next = await nextDayAfter(MON);
    const c = await cardAt(at(MON, '22:00'));
    const weekday = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'][isoWeekday(next.date)];
    const when = next.date === '2026-11-24' ? `завтра, ${weekday}` : weekday;
    expect(c.label).toBe(`Первый урок · ${when} ${next.date.slice(8, 10)}.${next.date.slice(5, 7)} · в ${hm(next.lessons[0]!.startsAt)}`);
    expect(c.opens).toBe(next.lessons[0]!.id);
    expect(c.ended).toBe(monday.at(-1)!.id);
  });

  it('on Sunday: Monday’s first lesson, «завтра, понедельник 30.11»', async () => {
    const next = await nextDayAfter(SUN);
    expect(next.date).toBe('2026-11-30');
    const c = await cardAt(at(SUN, '12:00'));
    expect(c.label).toBe(`Первый урок · завтра, понедельник 30.11 · в ${hm(next.lessons[0]!.startsAt)}`);
    expect(c.opens).toBe(next.lessons[0]!.id);
  });

  it('a holiday set on the next school day after the lessons were laid out: its lessons are skipped', async () => {
    const next = await nextDayAfter(MON);
    const after = await nextDayAfter(next.date);
    const [year] = await db().select({ id: academicYears.id }).from(academicYears).where(and(eq(academicYears.schoolId, school), eq(academicYears.name, '2026/2027')));
    const [h] = await db().insert(holidays).values({ schoolId: school, yearId: year!.id, name: 'Внезапный выходной', kind: 'dayoff', startsOn: next.date, endsOn: next.date }).returning();
    try {
      const c = await cardAt(at(MON, '22:00'));
      expect(c.opens).toBe(after.lessons[0]!.id);
      expect(c.label).toMatch(new RegExp(` ${after.date.slice(8, 10)}\\.${after.date.slice(5, 7)} · в `));
    } finally {
      await db().delete(holidays).where(eq(holidays.id, h!.id));
    }
  });

  it('reads the bells in the school’s time zone: during the last lesson in Moscow it is evening in Vladivostok', async () => {
    const last = monday.at(-1)!;
    expect((await cardAt(at(MON, hm(last.startsAt)))).opens).toBe(last.id);
    await db().update(schools).set({ timeZone: 'Asia/Vladivostok' }).where(eq(schools.id, school));
    try {
      // The same moment is 7 hours later in Vladivostok: after every lesson of the day.
      const c = await cardAt(at(MON, hm(last.startsAt)));
      expect(c.opens).toBe((await nextDayAfter(MON)).lessons[0]!.id);
      expect(c.label).toMatch(/^Первый урок · /);
    } finally {
      await db().update(schools).set({ timeZone: 'Europe/Moscow' }).where(eq(schools.id, school));
    }
  });

  it('the deputy and the class teacher get their own lessons', async () => {
    for (const login of ['deputy', 'classteacher']) {
      const { staffId } = await staffOf(db(), login);
      const c = await cardAt(at(MON, '10:00'), await loginAs(t.app, login));
      expect(c.card).not.toBeNull();
      if (!c.opens) continue;
      const [l] = await db().select({ staffId: lessons.staffId, sub: substitutions.substituteStaffId }).from(lessons)
        .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id))).where(eq(lessons.id, c.opens));
      expect(l!.sub ?? l!.staffId).toBe(staffId);
    }
  });
});

describe('«Сегодня» says it too', () => {
  it('marks the lesson in progress among today’s lessons', async () => {
    const lesson = monday[1]!;
    setClock(at(MON, hm(lesson.startsAt)));
    const page = await teacher.get('/today');
    const item = new RegExp(`href="/journal/lessons/${lesson.id}"[\\s\\S]*?</a>\\s*<span class="tag today-now is-live">идёт сейчас</span>`);
    expect(page.body).toMatch(item);
    expect(page.body.match(/today-now/g)).toHaveLength(1);
  });

  it('on Sunday, a day without lessons, links Monday’s first lesson', async () => {
    const first = (await nextDayAfter(SUN)).lessons[0]!;
    setClock(at(SUN, '09:00'));
    const page = await teacher.get('/today');
    const text = mainText(page.body);
    expect(text).toContain('Воскресенье — выходной.');
    expect(text).toContain(`Ближайший урок — завтра, понедельник 30.11: урок ${first.lessonNumber}, ${hm(first.startsAt)}, `);
    expect(page.body).toContain(`href="/journal/lessons/${first.id}"`);
  });
});

describe('who has no card, and the second school', () => {
  it.each(['admin', 'secretary', 'parent', 'student'])('%s: no lesson card on the home page', async (login) => {
    const res = await (await loginAs(t.app, login)).get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('class="lesson-now');
  });

  it('a teacher of two schools sees the lessons of the school chosen: the second school has none of school 1’s', async () => {
    const multi = await loginAs(t.app, 'multi');
    await multi.get('/select-school');
    const pick = await multi.post('/select-school', { schoolId: await schoolOf(db(), 'admin2'), next: '/' });
    expect(pick.statusCode).toBe(303);
    const c = await cardAt('2026-11-23T10:00:00+03:00', multi);
    expect(c.card).not.toBeNull();
    expect(c.opens).toBeNull();
    expect(c.label).toBe('Ближайших уроков в расписании нет');
  });
});
