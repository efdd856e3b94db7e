// Who may open and change a КТП: roles (403), another teacher's group and another school's ids (404), teacher dates.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ktpTopics } from '../../src/modules/curriculum/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';
import { csv, dates, makeGroup, makeLessons, uploadKtp } from './ktp-support.ts';
import { classByName, SCHOOL_2 } from './people-support.ts';

let t: TestApp;
let mine: Awaited<ReturnType<typeof makeGroup>>;
let later: Awaited<ReturnType<typeof makeGroup>>;
let gone: Awaited<ReturnType<typeof makeGroup>>;
let foreign: Awaited<ReturnType<typeof makeGroup>>;
let lessonId: string;
let topicId: string;
beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  mine = await makeGroup(db, { className: '5А', subject: 'Математика', name: 'ДОСТ 5А матем.', teacher: 'teacher' });
  // joins after today, still in this year: may edit ("a teacher of the group on any day of the year")
  later = await makeGroup(db, { className: '6А', subject: 'Математика', name: 'ДОСТ 6А матем.', teacher: 'classteacher', startsOn: '2027-01-11' });
  // taught only before the year began: not theirs
  gone = await makeGroup(db, { className: '6Б', subject: 'Математика', name: 'ДОСТ 6Б матем.', teacher: 'classteacher', startsOn: '2025-09-01', endsOn: '2026-06-01' });
  foreign = await makeGroup(db, { className: '5А', subject: 'Математика', name: 'ДОСТ школа 2', teacher: 'admin2', school: SCHOOL_2 });
  lessonId = (await makeLessons(db, { ...mine, teacher: 'teacher', dates: dates(2) }))[0]!;
  const [row] = await db.insert(ktpTopics).values({ schoolId: mine.schoolId, groupId: mine.groupId, ordinal: 1, title: 'Первая', hours: 1 }).returning();
  topicId = row!.id;
});
afterAll(async () => { await t.close(); });

const urls = () => ({
  get: ['/ktp', `/ktp/groups/${mine.groupId}`, `/ktp/groups/${mine.groupId}/topics/${topicId}`, `/ktp/groups/${mine.groupId}/copy`, '/ktp/template.csv'],
  post: [`/ktp/groups/${mine.groupId}/topics`, `/ktp/groups/${mine.groupId}/topics/${topicId}`, `/ktp/groups/${mine.groupId}/topics/${topicId}/delete`,
    `/ktp/groups/${mine.groupId}/topics/${topicId}/move`, `/ktp/groups/${mine.groupId}/copy`, `/ktp/groups/${mine.groupId}/import/apply`, `/ktp/lessons/${lessonId}/topic`],
});
const topics = async () => (await t.database.db.select().from(ktpTopics).where(eq(ktpTopics.groupId, mine.groupId))).map((r) => r.title);

describe('roles', () => {
  it.each(['secretary', 'parent', 'student'])('%s gets 403 everywhere and no nav item', async (login) => {
    const c = await loginAs(t.app, login);
    expect(navLabels((await c.get('/')).body)).not.toContain('КТП');
    for (const url of urls().get) expect((await c.get(url)).statusCode, url).toBe(403);
    for (const url of urls().post) expect((await c.post(url, { title: 'X', hours: '1', topic: 'X', direction: 'up' })).statusCode, url).toBe(403);
    expect((await uploadKtp(t.app, c, mine.groupId, { name: 'a.csv', data: csv([['Тема урока', 'Часы'], ['X', '1']]) })).statusCode).toBe(403);
    expect(await topics()).toEqual(['Первая']);
  });

  it.each(['deputy', 'admin'])('%s sees all groups, filters by class, reads and edits any КТП', async (login) => {
    const c = await loginAs(t.app, login);
    expect(navLabels((await c.get('/')).body)).toContain('КТП');
    const all = await c.get('/ktp');
    expect(all.statusCode).toBe(200);
    for (const g of [mine, later, gone]) expect(all.body).toContain(`/ktp/groups/${g.groupId}`);
    expect(all.body).not.toContain(foreign.groupId);
    const cls = await classByName(t.database.db, '6А');
    const filtered = await c.get(`/ktp?class=${cls.id}`);
    expect(filtered.body).toContain(`/ktp/groups/${later.groupId}`);
    expect(filtered.body).not.toContain(`/ktp/groups/${mine.groupId}`);
    expect((await c.get(`/ktp/groups/${mine.groupId}`)).statusCode).toBe(200);
    expect((await c.post(`/ktp/groups/${mine.groupId}/topics`, { title: `От ${login}`, hours: '1' })).statusCode).toBe(303);
    expect(await topics()).toContain(`От ${login}`);
  });
});

describe('object scope', () => {
  it('a teacher sees only groups taught on some day of the year; another teacher\'s group is a 404', async () => {
    const ct = await loginAs(t.app, 'classteacher');
    const list = await ct.get('/ktp');
    expect(list.body).toContain(`/ktp/groups/${later.groupId}`);
    expect(list.body).not.toContain(`/ktp/groups/${gone.groupId}`);
    expect(list.body).not.toContain(`/ktp/groups/${mine.groupId}`);
    expect((await ct.get(`/ktp/groups/${later.groupId}`)).statusCode).toBe(200);
    expect((await ct.get(`/ktp/groups/${gone.groupId}`)).statusCode).toBe(404);
    const before = await topics();
    for (const url of urls().get.slice(1, 4)) expect((await ct.get(url)).statusCode, url).toBe(404);
    for (const url of urls().post) expect((await ct.post(url, { title: 'X', hours: '1', topic: 'X', direction: 'up' })).statusCode, url).toBe(404);
    expect((await uploadKtp(t.app, ct, mine.groupId, { name: 'a.csv', data: csv([['Тема урока', 'Часы'], ['X', '1']]) })).statusCode).toBe(404);
    expect(await topics()).toEqual(before);
  });

  it('another school\'s ids and malformed ids are 404', async () => {
    const admin2 = await loginAs(t.app, 'admin2');
    expect((await admin2.get(`/ktp/groups/${foreign.groupId}`)).statusCode).toBe(200);
    const before = await topics();
    for (const url of urls().get.slice(1, 4)) expect((await admin2.get(url)).statusCode, url).toBe(404);
    for (const url of urls().post) expect((await admin2.post(url, { title: 'X', hours: '1', topic: 'X', direction: 'up' })).statusCode, url).toBe(404);
    expect(mainText((await admin2.get('/ktp')).body)).not.toContain('ДОСТ 5А');
    const teacher = await loginAs(t.app, 'teacher');
    for (const url of ['/ktp/groups/not-a-uuid', `/ktp/groups/${foreign.groupId}`, `/ktp/groups/${mine.groupId}/topics/not-a-uuid`, `/ktp/groups/${mine.groupId}/topics/${crypto.randomUUID()}`]) {
      expect((await teacher.get(url)).statusCode, url).toBe(404);
    }
    expect((await teacher.post(`/ktp/groups/${foreign.groupId}/copy`, { targetId: mine.groupId })).statusCode).toBe(404);
    expect((await teacher.post(`/ktp/lessons/${crypto.randomUUID()}/topic`, { topic: 'X' })).statusCode).toBe(404);
    expect(await topics()).toEqual(before);
  });
});
