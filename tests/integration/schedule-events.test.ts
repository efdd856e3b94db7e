import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { events } from '../../src/modules/schedule/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { loginAs, mainText } from '../support/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { classId, schoolIdByName } from './contingent-support.ts';

let t: TestApp;
let schoolId: string;
let c5a: string;
let c6a: string;
const soon = addDays(todayIso(), 2);

beforeAll(async () => {
  t = await startTestApp();
  schoolId = await schoolIdByName(t.database.db, 'МБОУ «Средняя общеобразовательная школа № 1» (демо)');
  c5a = await classId(t.database.db, schoolId, '5А');
  c6a = await classId(t.database.db, schoolId, '6А');
});
afterAll(async () => t?.close());

const form = (over: Record<string, string>) => ({ classId: '', date: soon, startsAt: '', endsAt: '', title: '', description: '', ...over });
const byTitle = async (title: string) => (await t.database.db.select().from(events).where(and(eq(events.schoolId, schoolId), eq(events.title, title))))[0];

describe('events', () => {
  it('the deputy adds a school event; it is listed and audited; bad input keeps values with messages', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get('/schedule/events');
    const bad = await deputy.post('/schedule/events', form({ title: '', startsAt: '25:00' }));
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Укажите название.');
    expect(mainText(bad.body)).toContain('Время в формате ЧЧ:ММ.');
    const ok = await deputy.post('/schedule/events', form({ title: 'Концерт (тест)', startsAt: '15:00', description: 'Актовый зал' }));
    expect(ok.statusCode).toBe(303);
    const ev = await byTitle('Концерт (тест)');
    expect(ev).toMatchObject({ classId: null, date: soon, startsAt: '15:00:00' });
    expect(mainText((await deputy.get('/schedule/events')).body)).toContain('Концерт (тест)');
    const [a] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'event'), eq(auditEvents.entityId, ev!.id)));
    expect(a?.action).toBe('create');
  });

  it('the class teacher adds an event for 5А only, not for the school or another class', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    await ct.get('/schedule/events');
    expect((await ct.post('/schedule/events', form({ title: 'Для школы' }))).statusCode).toBe(422);
    expect((await ct.post('/schedule/events', form({ classId: c6a, title: 'Для 6А' }))).statusCode).toBe(422);
    expect((await ct.post('/schedule/events', form({ classId: c5a, title: 'Поход (тест)' }))).statusCode).toBe(303);
    expect((await byTitle('Поход (тест)'))?.classId).toBe(c5a);
    expect(await byTitle('Для 6А')).toBeUndefined();
    const list = mainText((await ct.get('/schedule/events')).body);
    expect(list).toContain('Поход (тест)');
    expect(list).toContain('Концерт (тест)'); // school events are shown, read-only
  });

  it('the class teacher edits their class event but not the school one (404); the deputy deletes any', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const mine = await byTitle('Поход (тест)');
    const school = await byTitle('Концерт (тест)');
    expect((await ct.get(`/schedule/events/${school!.id}`)).statusCode).toBe(404);
    expect((await ct.post(`/schedule/events/${school!.id}/delete`)).statusCode).toBe(404);
    await ct.get(`/schedule/events/${mine!.id}`);
    expect((await ct.post(`/schedule/events/${mine!.id}`, form({ classId: c5a, title: 'Поход в театр (тест)', startsAt: '14:00', endsAt: '13:00' }))).statusCode).toBe(422);
    expect((await ct.post(`/schedule/events/${mine!.id}`, form({ classId: c5a, title: 'Поход в театр (тест)', startsAt: '14:00' }))).statusCode).toBe(303);
    expect(await byTitle('Поход в театр (тест)')).toBeDefined();

    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get(`/schedule/events/${school!.id}`);
    expect((await deputy.post(`/schedule/events/${school!.id}/delete`)).statusCode).toBe(303);
    expect(await byTitle('Концерт (тест)')).toBeUndefined();
  });

  it('class and school events show on the class teacher\'s «Сегодня»', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get('/schedule/events');
    await deputy.post('/schedule/events', form({ title: 'Линейка (тест)' }));
    const ct = await loginAs(t.app, 'classteacher');
    const text = mainText((await ct.get(`/today?date=${soon}`)).body);
    expect(text).toContain('Линейка (тест)');
    expect(text).toContain('Поход в театр (тест)');
  });

  it.each(['teacher', 'secretary', 'parent', 'student'])('%s may not open events (403)', async (login) => {
    const c = await loginAs(t.app, login);
    expect((await c.get('/schedule/events')).statusCode).toBe(403);
  });

  it("another school's event answers 404", async () => {
    const ev = await byTitle('Линейка (тест)');
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(`/schedule/events/${ev!.id}`)).statusCode).toBe(404);
    expect((await admin2.post(`/schedule/events/${ev!.id}/delete`)).statusCode).toBe(404);
    expect(await byTitle('Линейка (тест)')).toBeDefined();
  });
});
