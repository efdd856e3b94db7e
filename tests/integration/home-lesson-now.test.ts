// The teacher's home page opens today's lesson in one tap: at 10:00 on Monday 23.11.2026 (the demo's bells: lesson 2 of
// 09:25–10:10) the card links to the lesson in progress; before the first bell, in a break, after the last lesson, on
// the weekend, before a holiday and in another time zone it links to the next one and says which day. The lesson the
// teacher substitutes counts; roles without lessons have no card; the second school's lessons are its own.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schools } from '../../src/modules/platform/schema.ts';
import { lessons, substitutions } from '../../src/modules/schedule/schema.ts';
import { academicYears, holidays } from '../../src/modules/setup/schema.ts';
import { setClock } from '../../src/web/clock.ts';
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
const TUE = '2026-11-24';

/** The teacher's own lesson of a date and number (not handed over), from the database. */
async function ownLesson(date: string, lessonNumber?: number): Promise<string> {
  const rows = await db().select({ id: lessons.id, n: lessons.lessonNumber }).from(lessons)
    .leftJoin(substitutions, and(eq(substitutions.schoolId, lessons.schoolId), eq(substitutions.lessonId, lessons.id)))
    .where(and(eq(lessons.schoolId, school), eq(lessons.staffId, me), eq(lessons.date, date), isNull(substitutions.id)))
    .orderBy(asc(lessons.lessonNumber));
  const row = lessonNumber === undefined ? rows[0] : rows.find((r) => r.n === lessonNumber);
  if (!row) throw new Error(`the teacher has no lesson ${lessonNumber ?? 'at all'} on ${date}`);
  return row.id;
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

beforeAll(async () => {
  t = await startTestApp();
  ({ schoolId: school, staffId: me } = await staffOf(db(), 'teacher'));
  teacher = await loginAs(t.app, 'teacher');
}, 300_000);
afterEach(() => setClock(TEST_NOW));
afterAll(async () => { await t?.close(); });

describe('the teacher’s home page: the lesson now, one tap', () => {
  it('at 10:00 on Monday links to lesson 2 in progress, and that link opens the lesson screen marked «идёт сейчас»', async () => {
    const c = await cardAt('2026-11-23T10:00:00+03:00');
    expect(c.label).toBe('Идёт сейчас · до 10:10');
    expect(c.opens).toBe(await ownLesson(MON, 2));
    expect(c.text).toContain('Математика · 5А');
    expect(c.text).toContain('09:25–10:10');
    // The card comes first in <main>: before the greeting.
    const page = (await teacher.get('/')).body;
    expect(page.indexOf('class="lesson-now')).toBeLessThan(page.indexOf('<h1>Здравствуйте'));
    const lesson = await teacher.get(`/journal/lessons/${c.opens}`);
    expect(lesson.statusCode).toBe(200);
    expect(mainText(lesson.body)).toContain('идёт сейчас');
    expect(lesson.body).toContain('class="lp-key lp-mark"');
  });

  it('before the first bell: today’s first lesson', async () => {
    const c = await cardAt('2026-11-23T07:40:00+03:00');
    expect(c.label).toBe('Первый урок сегодня · в 08:30');
    expect(c.opens).toBe(await ownLesson(MON, 1));
    expect(c.ended).toBeNull();
  });

  it('in the break: the next lesson, and the one just ended one tap away too', async () => {
    const c = await cardAt('2026-11-23T10:20:00+03:00');
    expect(c.label).toBe('Следующий урок · в 10:30');
    expect(c.opens).toBe(await ownLesson(MON, 3));
    expect(c.ended).toBe(await ownLesson(MON, 2));
  });

  it('the lesson the teacher substitutes (Russian in 7А, lesson 4) is the one in progress', async () => {
    const c = await cardAt('2026-11-23T11:40:00+03:00');
    expect(c.label).toBe('Идёт сейчас · до 12:20');
    expect(c.text).toContain('7А');
    const [sub] = await db().select({ lessonId: substitutions.lessonId }).from(substitutions).innerJoin(lessons, and(eq(lessons.schoolId, substitutions.schoolId), eq(lessons.id, substitutions.lessonId)))
      .where(and(eq(substitutions.schoolId, school), eq(substitutions.substituteStaffId, me), eq(lessons.date, MON), eq(lessons.lessonNumber, 4)));
    expect(c.opens).toBe(sub!.lessonId);
  });

  it('after the last lesson: tomorrow’s first, saying the day', async () => {
    const c = await cardAt('2026-11-23T17:00:00+03:00');
    expect(c.label).toMatch(/^Первый урок · завтра, вторник 24\.11 · в \d\d:\d\d$/);
    expect(c.opens).toBe(await ownLesson(TUE));
    expect(c.ended).toBe(await ownLesson(MON, 7));
  });

  it('on the weekend: Monday’s first lesson', async () => {
    const c = await cardAt('2026-11-29T12:00:00+03:00'); // Sunday
    expect(c.label).toMatch(/^Первый урок · завтра, понедельник 30\.11 · в 08:30$/);
    expect(c.opens).toBe(await ownLesson('2026-11-30'));
  });

  it('a holiday set for Tuesday after the lessons were laid out: Wednesday’s first lesson', async () => {
    const [year] = await db().select({ id: academicYears.id }).from(academicYears).where(and(eq(academicYears.schoolId, school), eq(academicYears.name, '2026/2027')));
    const [h] = await db().insert(holidays).values({ schoolId: school, yearId: year!.id, name: 'Внезапный выходной', kind: 'dayoff', startsOn: TUE, endsOn: TUE }).returning();
    try {
      const c = await cardAt('2026-11-23T17:00:00+03:00');
      expect(c.label).toMatch(/^Первый урок · среда 25\.11 · в \d\d:\d\d$/);
      expect(c.opens).toBe(await ownLesson('2026-11-25'));
    } finally {
      await db().delete(holidays).where(eq(holidays.id, h!.id));
    }
  });

  it('reads the bells in the school’s time zone: 10:00 in Moscow is 17:00 in Vladivostok, after the last lesson', async () => {
    await db().update(schools).set({ timeZone: 'Asia/Vladivostok' }).where(eq(schools.id, school));
    try {
      const c = await cardAt('2026-11-23T10:00:00+03:00');
      expect(c.label).toMatch(/^Первый урок · завтра, вторник 24\.11/);
      expect(c.opens).toBe(await ownLesson(TUE));
    } finally {
      await db().update(schools).set({ timeZone: 'Europe/Moscow' }).where(eq(schools.id, school));
    }
  });

  it('the deputy (who teaches Russian in 9А) and the class teacher get their own lessons', async () => {
    for (const login of ['deputy', 'classteacher']) {
      const { staffId } = await staffOf(db(), login);
      const c = await cardAt('2026-11-23T10:00:00+03:00', await loginAs(t.app, login));
      expect(c.card).not.toBeNull();
      if (!c.opens) continue;
      const [l] = await db().select({ staffId: lessons.staffId }).from(lessons).where(eq(lessons.id, c.opens));
      expect(l!.staffId).toBe(staffId);
    }
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
