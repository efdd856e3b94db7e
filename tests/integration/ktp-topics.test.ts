// КТП of a group: add, edit, delete, move (dense ordinals), totals, filling lesson topics, a lesson's own topic, audit.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { ktpTopics } from '../../src/modules/curriculum/schema.ts';
import { addDays, todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { cancelLesson, dates, lessonTopics, makeGroup, makeLessons, topicTitles } from './ktp-support.ts';

let t: TestApp;
let teacher: Client;
let g: Awaited<ReturnType<typeof makeGroup>>;
let lessonIds: string[];
beforeAll(async () => {
  t = await startTestApp();
  g = await makeGroup(t.database.db, { className: '5А', subject: 'Математика', name: 'КТП-тест 5А математика', teacher: 'teacher' });
  // Lessons not given yet (from tomorrow): the КТП fills only those; the journal's past is ktp-past-lessons.test.ts.
  lessonIds = await makeLessons(t.database.db, { ...g, teacher: 'teacher', dates: dates(8, addDays(todayIso(), 1)) });
  teacher = await loginAs(t.app, 'teacher');
});
afterAll(async () => { await t.close(); });

const url = () => `/ktp/groups/${g.groupId}`;
const ordinals = async () => (await t.database.db.select({ o: ktpTopics.ordinal, title: ktpTopics.title }).from(ktpTopics)
  .where(eq(ktpTopics.groupId, g.groupId)).orderBy(ktpTopics.ordinal)).map((r) => `${r.o}. ${r.title}`);
const topicId = async (title: string) => (await t.database.db.select({ id: ktpTopics.id }).from(ktpTopics)
  .where(and(eq(ktpTopics.groupId, g.groupId), eq(ktpTopics.title, title))))[0]!.id;

describe('the teacher edits her group\'s КТП', () => {
  it('lists her group on /ktp with the nav item', async () => {
    const res = await teacher.get('/ktp');
    expect(res.statusCode).toBe(200);
    expect(navLabels(res.body)).toContain('КТП');
    expect(res.body).toContain(`href="${url()}"`);
    expect(mainText(res.body)).toContain('КТП-тест 5А математика');
  });

  it('adds topics at the end, numbered 1..n, and fills lesson topics in order', async () => {
    await teacher.get(url());
    for (const [title, hours, section] of [['Ряд натуральных чисел', '2', 'Натуральные числа'], ['Сложение', '1', ''], ['Вычитание', '3', '']] as const) {
      const res = await teacher.post(`${url()}/topics`, { title, hours, section });
      expect(res.statusCode).toBe(303);
    }
    expect(await ordinals()).toEqual(['1. Ряд натуральных чисел', '2. Сложение', '3. Вычитание']);
    const page = await teacher.get(url());
    expect(topicTitles(page.body)).toEqual(['1. Ряд натуральных чисел', '2. Сложение', '3. Вычитание']);
    expect(mainText(page.body)).toContain('Часов по КТП: 6');
    expect(mainText(page.body)).toContain('уроков в году: 8');
    expect(mainText(page.body)).toContain('тем уже дано: 0');
    expect((await lessonTopics(t.database.db, g.groupId)).map((l) => l.topic)).toEqual([
      'Ряд натуральных чисел', 'Ряд натуральных чисел', 'Сложение', 'Вычитание', 'Вычитание', 'Вычитание', null, null,
    ]);
  });

  it('refuses a bad topic with 422 and messages, keeping values', async () => {
    await teacher.get(url());
    const res = await teacher.post(`${url()}/topics`, { title: '', hours: '12', section: 'Раздел X' });
    expect(res.statusCode).toBe(422);
    const text = mainText(res.body);
    expect(text).toContain('Укажите тему урока.');
    expect(text).toContain('от 1 до 10');
    expect(res.body).toContain('value="Раздел X"');
    expect(await ordinals()).toHaveLength(3);
  });

  it('edits a topic and refills', async () => {
    const id = await topicId('Сложение');
    const form = await teacher.get(`${url()}/topics/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Сложение"');
    const res = await teacher.post(`${url()}/topics/${id}`, { title: 'Сложение натуральных чисел', hours: '2', section: '' });
    expect(res.statusCode).toBe(303);
    expect((await lessonTopics(t.database.db, g.groupId)).map((l) => l.topic).slice(2, 5)).toEqual(['Сложение натуральных чисел', 'Сложение натуральных чисел', 'Вычитание']);
  });

  it('moves up and down keeping ordinals dense; the ends stay put', async () => {
    await teacher.get(url());
    const sub = await topicId('Вычитание');
    expect((await teacher.post(`${url()}/topics/${sub}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect(await ordinals()).toEqual(['1. Ряд натуральных чисел', '2. Вычитание', '3. Сложение натуральных чисел']);
    expect((await teacher.post(`${url()}/topics/${sub}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect((await teacher.post(`${url()}/topics/${sub}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect(await ordinals()).toEqual(['1. Вычитание', '2. Ряд натуральных чисел', '3. Сложение натуральных чисел']);
    expect((await teacher.post(`${url()}/topics/${sub}/move`, { direction: 'down' })).statusCode).toBe(303);
    expect(await ordinals()).toEqual(['1. Ряд натуральных чисел', '2. Вычитание', '3. Сложение натуральных чисел']);
    expect((await teacher.post(`${url()}/topics/${sub}/move`, { direction: 'sideways' })).statusCode).toBe(422);
    expect((await lessonTopics(t.database.db, g.groupId))[2]!.topic).toBe('Вычитание');
  });

  it('deletes a topic and renumbers', async () => {
    await teacher.get(url());
    const id = await topicId('Вычитание');
    expect((await teacher.post(`${url()}/topics/${id}/delete`)).statusCode).toBe(303);
    expect(await ordinals()).toEqual(['1. Ряд натуральных чисел', '2. Сложение натуральных чисел']);
    expect((await lessonTopics(t.database.db, g.groupId)).map((l) => l.topic)).toEqual([
      'Ряд натуральных чисел', 'Ряд натуральных чисел', 'Сложение натуральных чисел', 'Сложение натуральных чисел', null, null, null, null,
    ]);
  });

  it('skips a cancelled lesson when filling', async () => {
    await cancelLesson(t.database.db, g.schoolId, lessonIds[1]!);
    await teacher.get(url());
    await teacher.post(`${url()}/topics`, { title: 'Умножение', hours: '1' });
    expect((await lessonTopics(t.database.db, g.groupId)).map((l) => l.topic)).toEqual([
      'Ряд натуральных чисел', null, 'Ряд натуральных чисел', 'Сложение натуральных чисел', 'Сложение натуральных чисел', 'Умножение', null, null,
    ]);
  });

  it('a lesson\'s own topic is kept through КТП changes and can be given back to the КТП', async () => {
    await teacher.get(url());
    const own = await teacher.post(`/ktp/lessons/${lessonIds[2]}/topic`, { topic: 'Контрольная работа' });
    expect(own.statusCode).toBe(303);
    let topics = await lessonTopics(t.database.db, g.groupId);
    expect(topics[2]).toMatchObject({ topic: 'Контрольная работа', overridden: true, ktp: null });
    // the overridden lesson uses up its place: the next lesson keeps its КТП topic
    expect(topics[3]!.topic).toBe('Сложение натуральных чисел');
    await teacher.get(url());
    await teacher.post(`${url()}/topics/${await topicId('Ряд натуральных чисел')}`, { title: 'Натуральный ряд', hours: '2' });
    topics = await lessonTopics(t.database.db, g.groupId);
    expect(topics.map((l) => l.topic).slice(0, 4)).toEqual(['Натуральный ряд', null, 'Контрольная работа', 'Сложение натуральных чисел']);
    await teacher.get(url());
    const back = await teacher.post(`/ktp/lessons/${lessonIds[2]}/topic`, { topic: '' });
    expect(back.statusCode).toBe(303);
    topics = await lessonTopics(t.database.db, g.groupId);
    expect(topics[2]).toMatchObject({ topic: 'Натуральный ряд', overridden: false });
    const audit = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'lesson'), eq(auditEvents.entityId, lessonIds[2]!)));
    expect(audit.filter((a) => a.action === 'topic')).toHaveLength(2);
    // the КТП's own fills of this lesson (before and after the override) are audited as topic updates too
    expect(audit.filter((a) => a.action === 'update').length).toBeGreaterThan(0);
  });

  it('the deputy may set a lesson\'s topic too; a too long topic changes nothing', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    await deputy.get('/ktp');
    // as on the lesson page, the deputy changes another teacher's lesson only with a written reason
    await deputy.post(`/ktp/lessons/${lessonIds[0]}/topic`, { topic: 'Экскурсия' });
    expect((await lessonTopics(t.database.db, g.groupId))[0]!.topic).toBe('Натуральный ряд');
    await deputy.get('/ktp');
    const withReason = await deputy.post(`/ktp/lessons/${lessonIds[0]}/topic`, {
      topic: 'Экскурсия', reason: 'Служебная записка учителя', next: `/ktp/groups/${g.groupId}`,
    });
    expect(withReason.headers.location).toBe(`/ktp/groups/${g.groupId}`);
    expect((await lessonTopics(t.database.db, g.groupId))[0]).toMatchObject({ topic: 'Экскурсия', overridden: true });
    await teacher.get(url());
    const long = await teacher.post(`/ktp/lessons/${lessonIds[0]}/topic`, { topic: 'я'.repeat(600) });
    expect(long.statusCode).toBe(303);
    expect((await lessonTopics(t.database.db, g.groupId))[0]!.topic).toBe('Экскурсия');
    const unsafe = await teacher.post(`/ktp/lessons/${lessonIds[0]}/topic`, { topic: 'Своя', next: '//evil.example' });
    expect(unsafe.headers.location).toBe(`/ktp/groups/${g.groupId}`);
  });

  it('writes an audit row for every КТП change', async () => {
    const rows = await t.database.db.select({ action: auditEvents.action }).from(auditEvents)
      .where(and(eq(auditEvents.entity, 'ktp'), eq(auditEvents.entityId, g.groupId)));
    const actions = rows.map((r) => r.action);
    for (const a of ['topic_create', 'topic_update', 'topic_move', 'topic_delete']) expect(actions).toContain(a);
  });
});
