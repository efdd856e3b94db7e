// A school's time zone decides its "today": at 23:30 Moscow time on Monday 23.11.2026 it is already Tuesday in Bishkek
// (UTC+6) and in Vladivostok (UTC+10), so a teacher of a school there marks Tuesday's lesson, while a Moscow school's
// teacher may not yet. The digest timer sends each school's week on that school's own Saturday afternoon.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { digestTick } from '../../src/modules/diary/digest-timer.ts';
import { digestSubscriptions, outbox } from '../../src/modules/diary/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { setClock } from '../../src/web/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { TEST_NOW } from '../support/test-clock.ts';
import { clearLesson, demoGroup, rosterIds, schoolOf } from './journal-support.ts';

let t: TestApp;
let school: string;
let admin: Client;
let teacher: Client;
let tuesday: { id: string; date: string };
let students: string[];
const db = () => t.database.db;
const MONDAY_2330_MOSCOW = '2026-11-23T23:30:00+03:00';

/** The admin's settings form with the school's current values and another time zone. */
async function setZone(timeZone: string) {
  await admin.get('/setup');
  const res = await admin.post('/setup/school', {
    name: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)', address: 'г. Демоград, ул. Школьная, д. 1', collectContacts: 'on',
    staffIdleMinutes: '30', journalEditDays: '10', minMarksPerPeriod: '3', periodRounding: 'half_up',
    controlMarkDays: '7', controlWorksMainLimit: '2', controlWorksOtherLimit: '1', timeZone,
    medalFirstMaxFours: '0', medalSecondMaxFours: '2', distinctionMaxFours: '0',
  });
  return res;
}

const saveCell = (studentId: string, value: string) =>
  teacher.json('/journal/cells', { lessonId: tuesday.id, studentId, column: 1, value, was: '' });

beforeAll(async () => {
  t = await startTestApp();
  school = await schoolOf(db(), 'teacher');
  const group = await demoGroup(db(), school, '5А', 'Математика');
  const [l] = await db().select({ id: lessons.id, date: lessons.date }).from(lessons)
    .where(and(eq(lessons.schoolId, school), eq(lessons.groupId, group), eq(lessons.date, '2026-11-24'))).orderBy(asc(lessons.lessonNumber)).limit(1);
  if (!l) throw new Error('the demo has no maths lesson of 5А on Tuesday 24.11.2026');
  tuesday = l;
  await clearLesson(db(), school, tuesday.id);
  students = await rosterIds(db(), school, group, tuesday.date);
  admin = await loginAs(t.app, 'admin');
  teacher = await loginAs(t.app, 'teacher');
});
afterEach(() => setClock(TEST_NOW));
afterAll(async () => { await t.close(); });

describe('the school\'s time zone', () => {
  it('is Moscow by default and shown in the settings', async () => {
    const [row] = await db().select({ tz: schools.timeZone }).from(schools).where(eq(schools.id, school));
    expect(row!.tz).toBe('Europe/Moscow');
    expect((await admin.get('/setup')).body).toContain('<option value="Europe/Moscow" selected>Москва (МСК, UTC+3)</option>');
    expect(mainText((await (await loginAs(t.app, 'deputy')).get('/setup')).body)).toContain('Часовой пояс Москва (МСК, UTC+3)');
  });

  it('refuses a zone that is not in the list, keeping the old one', async () => {
    const res = await setZone('Mars/Olympus');
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Выберите часовой пояс школы из списка.');
    const [row] = await db().select({ tz: schools.timeZone }).from(schools).where(eq(schools.id, school));
    expect(row!.tz).toBe('Europe/Moscow');
  });

  it('at 23:30 Moscow time a Moscow school\'s teacher cannot mark Tuesday\'s lesson yet', async () => {
    setClock(MONDAY_2330_MOSCOW);
    await teacher.get(`/journal/lessons/${tuesday.id}`);
    const res = await saveCell(students[0]!, '5');
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('Урок ещё не прошёл');
    expect(mainText((await teacher.get('/today')).body)).toContain('23.11.2026');
  });

  it('a Bishkek school\'s teacher marks Tuesday\'s lesson at 23:30 Moscow time (02:30 in Bishkek)', async () => {
    expect((await setZone('Asia/Bishkek')).statusCode).toBe(303);
    expect((await admin.get('/setup')).body).toContain('<option value="Asia/Bishkek" selected>Бишкек (UTC+6)</option>');
    setClock(MONDAY_2330_MOSCOW);
    await teacher.get(`/journal/lessons/${tuesday.id}`);
    const res = await saveCell(students[0]!, '5');
    expect(res.statusCode).toBe(200);
    expect(mainText((await teacher.get('/today')).body)).toContain('24.11.2026');
  });

  it('a Vladivostok school\'s teacher does too (06:30 in Vladivostok), and times are shown in the school\'s zone', async () => {
    expect((await setZone('Asia/Vladivostok')).statusCode).toBe(303);
    setClock(MONDAY_2330_MOSCOW);
    await teacher.get(`/journal/lessons/${tuesday.id}`);
    const res = await saveCell(students[1]!, '4');
    expect(res.statusCode).toBe(200);
    // The cell's history shows the save at the school's own time: 23:3x Moscow is 06:3x in Vladivostok, the next day.
    setClock(TEST_NOW);
    const history = await teacher.get(`/journal/history?lesson=${tuesday.id}&student=${students[1]}&column=1`);
    expect(history.statusCode).toBe(200);
    const real = new Date();
    const vladivostok = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Vladivostok', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(real).replace(',', '');
    expect(mainText(history.body)).toContain(vladivostok.slice(0, 13)); // «ДД.ММ.ГГГГ ЧЧ» of the real save moment, read in Vladivostok
  });
});

describe('the digest on the school\'s own Saturday', () => {
  it('goes out at 16:00 Saturday in Vladivostok (09:00 in Moscow), while Moscow schools wait for their afternoon', async () => {
    // The demo school is in Vladivostok now (previous describe); the parent subscribes.
    const parent = await loginAs(t.app, 'parent');
    await parent.get('/diary/digest');
    expect((await parent.post('/diary/digest', { enabled: 'on', email: 'anna.tz@example.ru' })).statusCode).toBe(303);
    expect(await db().select().from(digestSubscriptions).where(eq(digestSubscriptions.schoolId, school))).toHaveLength(1);
    const config = loadConfig({ NODE_ENV: 'test' });

    const early = await digestTick(db(), config, new Date('2026-11-28T06:00:00+03:00')); // Saturday 13:00 in Vladivostok
    expect(early).toMatchObject({ schools: 0, queued: 0 });

    const tick = await digestTick(db(), config, new Date('2026-11-28T09:00:00+03:00')); // Saturday 16:00 in Vladivostok
    expect(tick).toMatchObject({ schools: 1, queued: 1 });
    const rows = await db().select().from(outbox).where(eq(outbox.schoolId, school));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.toAddress).toBe('anna.tz@example.ru');

    await setZone('Europe/Moscow');
    const moscowMorning = await digestTick(db(), config, new Date('2026-11-28T09:00:00+03:00'));
    expect(moscowMorning).toMatchObject({ schools: 0 });
    const moscowAfternoon = await digestTick(db(), config, new Date('2026-11-28T15:00:00+03:00'));
    expect(moscowAfternoon.schools).toBeGreaterThanOrEqual(1); // every Moscow school (the demo's two) — the week is already queued
    expect(moscowAfternoon).toMatchObject({ queued: 0, already: 1 });
  });
});
