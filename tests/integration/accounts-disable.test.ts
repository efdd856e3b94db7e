import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authEvents, memberships, sessions } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { membershipOf, schoolIds, slipsOf } from './accounts-support.ts';

let t: TestApp;
let s1: string;
let s2: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ s1, s2 } = await schoolIds(t.database.db));
});
afterAll(async () => { await t.close(); });

async function tryLogin(login: string, password = 'otmetka-demo') {
  const c = new Client(t.app);
  await c.get('/login');
  return { c, res: await c.post('/login', { login, password }) };
}

describe('disable and enable (admin)', () => {
  it('blocks a member at once: sessions end, login is refused in Russian; enabling restores it', async () => {
    const db = t.database.db;
    const victim = await loginAs(t.app, 'teacher');
    const second = await loginAs(t.app, 'teacher');
    expect((await victim.get('/')).statusCode).toBe(200);
    const m = await membershipOf(db, 'teacher');
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/members/${m.id}`);
    const res = await admin.post(`/admin/members/${m.id}/disable`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${m.id}`)).body)).toContain('Учётная запись заблокирована в этой школе, все её сеансы завершены.');
    expect(await db.select().from(sessions).where(eq(sessions.accountId, m.accountId))).toHaveLength(0);
    for (const c of [victim, second]) {
      const after = await c.get('/');
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toMatch(/^\/login/);
    }
    const blocked = await tryLogin('teacher');
    expect(blocked.res.statusCode).toBe(403);
    expect(mainText(blocked.res.body)).toContain('Учётная запись заблокирована. Обратитесь к администратору школы.');
    const list = await admin.get('/admin/members');
    expect(mainText(list.body)).toMatch(/Иванова Мария Александровна заблокирован/);
    expect(list.body).toContain(`action="/admin/members/${m.id}/enable"`);

    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.entity, 'account')));
    expect(audit.map((a) => a.action)).toEqual(['disabled']);
    expect(await db.select().from(authEvents).where(and(eq(authEvents.accountId, m.accountId), eq(authEvents.kind, 'account_disabled')))).toHaveLength(1);

    await admin.get(`/admin/members/${m.id}`);
    expect((await admin.post(`/admin/members/${m.id}/enable`)).statusCode).toBe(303);
    expect((await tryLogin('teacher')).res.statusCode).toBe(303);
    const actions = (await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, m.id), eq(auditEvents.entity, 'account')))).map((a) => a.action);
    expect(actions.sort()).toEqual(['disabled', 'enabled']);
  });

  it('blocks an account of two schools in one school only', async () => {
    const db = t.database.db;
    const m = await membershipOf(db, 'multi', s1);
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/members/${m.id}`);
    await admin.post(`/admin/members/${m.id}/disable`);
    const { c, res } = await tryLogin('multi');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const home = await c.get('/');
    expect(mainText(home.body)).toContain('МАОУ «Гимназия № 2» (демо)');
    expect(home.body).not.toContain('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
    expect((await db.select().from(memberships).where(eq(memberships.id, (await membershipOf(db, 'multi', s2)).id)))[0]!.disabledAt).toBeNull();
    await admin.get(`/admin/members/${m.id}`);
    await admin.post(`/admin/members/${m.id}/enable`);
    expect((await tryLogin('multi')).res.headers.location).toBe('/select-school?next=%2F');
  });

  it('keeps an admin from blocking or resetting themself', async () => {
    const db = t.database.db;
    const self = await membershipOf(db, 'admin');
    const admin = await loginAs(t.app, 'admin');
    const page = await admin.get(`/admin/members/${self.id}`);
    expect(page.body).not.toContain(`action="/admin/members/${self.id}/disable"`);
    expect((await admin.post(`/admin/members/${self.id}/disable`)).statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${self.id}`)).body)).toContain('Нельзя заблокировать собственную учётную запись.');
    expect((await admin.post(`/admin/members/${self.id}/reset`)).statusCode).toBe(303);
    expect((await db.select().from(memberships).where(eq(memberships.id, self.id)))[0]!.disabledAt).toBeNull();
    expect((await admin.get('/')).statusCode).toBe(200);
  });

  it('resets a member password from the member page: slip, sessions end, must change', async () => {
    const db = t.database.db;
    const victim = await loginAs(t.app, 'secretary');
    const m = await membershipOf(db, 'secretary');
    const admin = await loginAs(t.app, 'admin');
    const list = await admin.get('/admin/members');
    expect(list.body).toContain(`action="/admin/members/${m.id}/reset"`);
    const res = await admin.post(`/admin/members/${m.id}/reset`);
    expect(res.statusCode).toBe(200);
    const [slip] = slipsOf(res.body);
    expect(slip).toMatchObject({ name: 'Павлова Ирина Сергеевна', login: 'secretary', role: 'секретарь' });
    expect((await victim.get('/')).headers.location).toMatch(/^\/login/);
    expect((await tryLogin('secretary')).res.statusCode).toBe(401);
    expect((await tryLogin('secretary', slip!.password)).res.headers.location).toMatch(/^\/password/);
  });

  it('links the member page to the person cards', async () => {
    const db = t.database.db;
    const admin = await loginAs(t.app, 'admin');
    const parent = await admin.get(`/admin/members/${(await membershipOf(db, 'parent')).id}`);
    expect(mainText(parent.body)).toMatch(/родитель: Морозов Дмитрий Сергеевич ?, Морозова Алиса Сергеевна/);
    expect(parent.body).toMatch(/href="\/people\/students\/[0-9a-f-]{36}"/);
    const teacher = await admin.get(`/admin/members/${(await membershipOf(db, 'teacher')).id}`);
    expect(teacher.body).toMatch(/href="\/people\/staff\/[0-9a-f-]{36}">карточка сотрудника/);
  });
});
