// Who may open and change the curriculum: deputy and admin write; a teacher reads only the groups they teach
// (another group → 404); the class teacher reads their class; secretary, parent, student → 403; another school → 404.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curriculumItems } from '../../src/modules/curriculum/schema.ts';
import type { TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels } from '../support/client.ts';
import { classByName, groupByName, schoolId, startCurriculumApp } from './curriculum-support.ts';

let t: TestApp;
let ids: { c5A: string; c5B: string; maths5A: string; russian5A: string; english5A: string; item5A: string };
beforeAll(async () => {
  t = await startCurriculumApp();
  const db = t.database.db;
  const s1 = await schoolId(db);
  const c5A = (await classByName(db, '5А')).id;
  const [item] = await db.select().from(curriculumItems).where(and(eq(curriculumItems.schoolId, s1), eq(curriculumItems.classId, c5A)));
  ids = {
    c5A, c5B: (await classByName(db, '5Б')).id, item5A: item!.id,
    maths5A: (await groupByName(db, s1, '5А — Математика')).id, russian5A: (await groupByName(db, s1, '5А — Русский язык')).id,
    english5A: (await groupByName(db, s1, '5А — Английский язык, гр. 1')).id,
  };
});
afterAll(async () => { await t.close(); });

const readPages = () => ['/curriculum', `/curriculum/classes/${ids.c5A}`, `/curriculum/groups/${ids.maths5A}`, `/curriculum/items/${ids.item5A}`,
  `/curriculum/items/${ids.item5A}/split`, '/curriculum/groups/new'];

describe('writers', () => {
  it.each(['deputy', 'admin'])('%s opens every page and finds «Учебный план» in the navigation', async (login) => {
    const c = await loginAs(t.app, login);
    for (const path of readPages()) expect((await c.get(path)).statusCode, path).toBe(200);
    const nav = navLabels((await c.get('/curriculum')).body);
    expect(nav).toContain('Учебный план');
    expect(nav.includes('Мои группы')).toBe(login === 'deputy'); // the demo deputy also teaches (Russian in 9А)
    expect((await c.get(`/curriculum/classes/${ids.c5A}`)).body).toContain('Добавить предмет');
  });

  it('a malformed id is a 404', async () => {
    const c = await loginAs(t.app, 'deputy');
    for (const path of ['/curriculum/classes/nope', '/curriculum/groups/123', '/curriculum/items/x/split']) expect((await c.get(path)).statusCode, path).toBe(404);
  });
});

describe('teachers', () => {
  it('a teacher reads the groups she teaches, lists them in «Мои группы», and gets 404 for another group', async () => {
    const c = await loginAs(t.app, 'teacher');
    expect(navLabels((await c.get('/')).body)).toContain('Мои группы');
    const mine = mainText((await c.get('/curriculum/my-groups')).body);
    expect(mine).toMatch(/Нагрузка на \d\d\.\d\d\.\d{4}: 21 ч в неделю/);
    expect(mine).toContain('5А — Математика Математика 5 01.09.2026');
    expect(mine).toContain('Олимпиадная математика');
    const page = await c.get(`/curriculum/groups/${ids.maths5A}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Назначить учителя');
    expect(page.body).not.toContain('Добавить обучающегося');
    expect((await c.get(`/curriculum/groups/${ids.russian5A}`)).statusCode).toBe(404);
    expect((await c.get(`/curriculum/groups/${ids.english5A}`)).statusCode).toBe(404);
    for (const path of ['/curriculum', `/curriculum/classes/${ids.c5A}`, `/curriculum/items/${ids.item5A}`]) expect((await c.get(path)).statusCode, path).toBe(403);
    await c.get('/curriculum/my-groups');
    expect((await c.post(`/curriculum/groups/${ids.maths5A}/teachers`, { staffId: ids.c5A, startsOn: '2026-12-01' })).statusCode).toBe(403);
  });

  it('the class teacher reads his class\'s curriculum and groups, not another class\'s', async () => {
    const c = await loginAs(t.app, 'classteacher');
    const index = mainText((await c.get('/curriculum')).body);
    expect(index).toContain('5А 11 26');
    expect(index).not.toContain('5Б');
    expect((await c.get('/curriculum/my-groups')).body).toContain(`href="/curriculum/classes/${ids.c5A}"`);
    const cls = await c.get(`/curriculum/classes/${ids.c5A}`);
    expect(cls.statusCode).toBe(200);
    expect(cls.body).not.toContain('Добавить предмет');
    expect((await c.get(`/curriculum/groups/${ids.russian5A}`)).statusCode).toBe(200);
    expect((await c.get(`/curriculum/classes/${ids.c5B}`)).statusCode).toBe(404);
    expect((await c.post(`/curriculum/classes/${ids.c5A}/items`, { subjectId: ids.c5A, hoursPerWeek: '1', lessonKind: 'regular' })).statusCode).toBe(403);
  });
});

describe('refused roles', () => {
  it.each(['secretary', 'parent', 'student'])('%s gets 403 everywhere and no curriculum in the navigation', async (login) => {
    const c = await loginAs(t.app, login);
    for (const path of [...readPages(), '/curriculum/my-groups']) expect((await c.get(path)).statusCode, path).toBe(403);
    const nav = navLabels((await c.get('/')).body);
    expect(nav).not.toContain('Учебный план');
    expect(nav).not.toContain('Мои группы');
  });
});

describe('another school', () => {
  it('admin2 gets 404 for school 1 ids, reading and writing', async () => {
    const c = await loginAs(t.app, 'admin2');
    expect((await c.get('/curriculum')).statusCode).toBe(200);
    for (const path of readPages().slice(1, 5)) expect((await c.get(path)).statusCode, path).toBe(404);
    await c.get('/curriculum');
    const posts: Array<[string, Record<string, string>]> = [
      [`/curriculum/classes/${ids.c5A}/items`, { subjectId: ids.c5A, hoursPerWeek: '1', lessonKind: 'regular' }],
      [`/curriculum/classes/${ids.c5A}/copy`, { targetClassId: ids.c5B, mode: 'merge' }],
      [`/curriculum/items/${ids.item5A}`, { hoursPerWeek: '1', lessonKind: 'regular' }],
      [`/curriculum/items/${ids.item5A}/delete`, {}],
      [`/curriculum/items/${ids.item5A}/split`, { count: '2', startsOn: '2026-09-01' }],
      [`/curriculum/groups/${ids.english5A}/members`, { studentId: ids.c5A, startsOn: '2026-09-01' }],
      [`/curriculum/groups/${ids.maths5A}/teachers`, { staffId: ids.c5A, startsOn: '2026-09-01' }],
    ];
    for (const [path, form] of posts) expect((await c.post(path, form)).statusCode, path).toBe(404);
    const db = t.database.db;
    expect(await db.select().from(curriculumItems).where(eq(curriculumItems.id, ids.item5A))).toHaveLength(1);
  });
});
