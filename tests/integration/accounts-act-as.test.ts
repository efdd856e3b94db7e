// «Войти как ребёнок»: a parent switches the session to their child's own student account from the diary (audited),
// sees the banner, can do only what the child can, and comes back; another family's child, a child without an account,
// a teacher, a student and another school's parent are refused.
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authEvents } from '../../src/modules/accounts/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { studentId } from './calendar-support.ts';
import { schoolOf } from './journal-support.ts';
import { accountIdOf } from './oidc-support.ts';

let t: TestApp;
let dima: string;
let alisa: string;
let parent: Client;
const db = () => t.database.db;
const lastEvent = async () => (await db().select().from(authEvents).orderBy(desc(authEvents.id)).limit(1))[0];

beforeAll(async () => {
  t = await startTestApp();
  const school = await schoolOf(db(), 'parent');
  dima = await studentId(db(), school, 'Морозов', 'Дмитрий');
  alisa = await studentId(db(), school, 'Морозова', 'Алиса');
  parent = await loginAs(t.app, 'parent');
});
afterAll(async () => { await t?.close(); });

describe('«Войти как ребёнок»', () => {
  it('the diary offers it for the child with an account only', async () => {
    const page = await parent.get('/diary');
    expect(page.body).toContain(`action="/diary/${dima}/act-as"`);
    expect(page.body).not.toContain(`action="/diary/${alisa}/act-as"`);
  });

  it('a request still in flight with the old session id (the service worker fetching ahead) does not log the child out', async () => {
    const before = new Map(parent.cookies);
    const sid = t.app.sessionCookieName;
    expect((await parent.post(`/diary/${dima}/act-as`)).statusCode).toBe(303);
    expect(parent.cookies.get(sid)).not.toBe(before.get(sid));
    // The stale cookie opens nothing, and its answer does not delete the browser's (new) session cookie.
    const stale = await t.app.inject({ method: 'GET', url: `/diary/${alisa}`, headers: { cookie: `${sid}=${before.get(sid)}` } });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toMatch(/^\/login/);
    expect(String(stale.headers['set-cookie'] ?? '')).not.toContain(`${sid}=;`);
    expect(mainText((await parent.get('/account')).body)).toContain('Вы вошли как Дмитрий Морозов');
    expect((await parent.post('/act-as/return')).statusCode).toBe(303);
    // A logout still deletes it.
    const other = await loginAs(t.app, 'parent');
    const out = await other.post('/logout');
    expect(String(out.headers['set-cookie'] ?? '')).toContain(`${sid}=;`);
  });

  it('switches to the child (audited, banner), who may do only what the child may; then back', async () => {
    const res = await parent.post(`/diary/${dima}/act-as`);
    expect(res.statusCode).toBe(303);
    expect(await lastEvent()).toMatchObject({ kind: 'acting_as_child', accountId: await accountIdOf(db(), 'parent'),
      detail: `child account ${await accountIdOf(db(), 'student')}` });
    const account = await parent.get('/account');
    expect(mainText(account.body)).toContain('Вы вошли как Дмитрий Морозов — вернуться к себе');
    expect(mainText(account.body)).toContain('Логин student');
    expect((await parent.get('/diary/alerts')).statusCode).toBe(403); // a parent's page
    expect((await parent.get(`/diary/${alisa}`)).statusCode).toBe(404); // the sister's diary is not the child's to read
    expect((await parent.post(`/diary/${dima}/act-as`)).statusCode).toBe(403); // the child is no parent

    const back = await parent.post('/act-as/return');
    expect(back.statusCode).toBe(303);
    expect(await lastEvent()).toMatchObject({ kind: 'acting_as_child_ended', accountId: await accountIdOf(db(), 'parent') });
    const again = await parent.get('/account');
    expect(mainText(again.body)).toContain('Логин parent');
    expect(mainText(again.body)).not.toContain('Вы вошли как');
  });

  it('refused: a child without an account (404), another family\'s id (404), no acting session (404), a teacher or a student (403)', async () => {
    await parent.get('/diary');
    expect((await parent.post(`/diary/${alisa}/act-as`)).statusCode).toBe(404);
    expect((await parent.post('/diary/00000000-0000-4000-8000-000000000000/act-as')).statusCode).toBe(404);
    expect((await parent.post('/act-as/return')).statusCode).toBe(404);
    for (const login of ['teacher', 'student']) {
      const c = await loginAs(t.app, login);
      await c.get('/');
      expect((await c.post(`/diary/${dima}/act-as`)).statusCode).toBe(403);
    }
  });
});
