import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { staff } from '../../src/modules/people/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { countRows, membershipOf, PLAIN_PASSWORD, plainTeacher, schoolIds, slipsOf } from './accounts-support.ts';

let t: TestApp;
let s1: string;
const card = { director: '', namesake1: '', namesake2: '', morozova: '', blank: '' };

async function addCard(lastName: string, firstName: string, middleName: string | null): Promise<string> {
  const [row] = await t.database.db.insert(staff).values({ schoolId: s1, lastName, firstName, middleName, position: 'Учитель' }).returning({ id: staff.id });
  return row!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  ({ s1 } = await schoolIds(t.database.db));
  const [d] = await t.database.db.select({ id: staff.id }).from(staff).where(and(eq(staff.schoolId, s1), eq(staff.lastName, 'Белова')));
  card.director = d!.id;
  card.namesake1 = await addCard('Иванова', 'Мария', 'Александровна');
  card.namesake2 = await addCard('Иванова', 'Мирослава', 'Андреевна');
  card.morozova = await addCard('Морозова', 'Анна', 'Игоревна');
  card.blank = await addCard('Щукина-Юдина', 'Ядвига', null);
  await plainTeacher(t.database.db, s1);
});
afterAll(async () => { await t.close(); });

const roleForm = (roles: string[], extra: Record<string, string> = {}) => {
  const body = new URLSearchParams(extra);
  roles.forEach((r) => body.append('roles', r));
  return body;
};

/** Posts a form with repeated fields (the Client sends one value per key). */
async function postRepeated(c: Client, url: string, body: URLSearchParams) {
  body.set('_csrf', c.csrfToken);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

describe('staff accounts (admin)', () => {
  it('lists every staff card with its account state and links to the card', async () => {
    const admin = await loginAs(t.app, 'admin');
    const res = await admin.get('/admin/accounts/staff');
    expect(res.statusCode).toBe(200);
    const text = mainText(res.body);
    expect(text).toMatch(/Иванова Мария Александровна Учитель математики teacher учитель/);
    expect(text).toMatch(/Белова Галина Ивановна Директор нет учётной записи Создать/);
    expect(res.body).toContain(`href="/people/staff/${card.director}"`);
    expect(res.body).toContain(`href="/admin/accounts/staff/${card.director}/new"`);
  });

  it('suggests a transliterated login made unique by a number', async () => {
    const admin = await loginAs(t.app, 'admin');
    const form = await admin.get(`/admin/accounts/staff/${card.namesake1}/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="ivanova.ma"');
    const created = await postRepeated(admin, `/admin/accounts/staff/${card.namesake1}`, roleForm(['teacher'], { login: '' }));
    expect(created.statusCode).toBe(200);
    expect(slipsOf(created.body)[0]!.login).toBe('ivanova.ma');
    // Иванова Мирослава Андреевна: the same initials → the next number.
    const next = await admin.get(`/admin/accounts/staff/${card.namesake2}/new`);
    expect(next.body).toContain('value="ivanova.ma2"');
    const blank = await admin.get(`/admin/accounts/staff/${card.blank}/new`);
    expect(blank.body).toContain('value="shchukina-iudina.ia"');
  });

  it('refuses a bad or taken login and no roles, in Russian, keeping the values', async () => {
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/accounts/staff/${card.director}/new`);
    const before = await countRows(t.database.db, accounts);
    const bad = await postRepeated(admin, `/admin/accounts/staff/${card.director}`, roleForm(['deputy'], { login: 'Б!' }));
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Логин: от 3 до 64 символов');
    expect(bad.body).toContain('value="Б!"');
    expect(bad.body).toMatch(/value="deputy" checked/);
    const taken = await postRepeated(admin, `/admin/accounts/staff/${card.director}`, roleForm(['deputy'], { login: 'Teacher' }));
    expect(taken.statusCode).toBe(422);
    expect(mainText(taken.body)).toContain('Этот логин уже занят');
    const noRoles = await postRepeated(admin, `/admin/accounts/staff/${card.director}`, roleForm(['classTeacher'], { login: 'belova' }));
    expect(noRoles.statusCode).toBe(422);
    expect(mainText(noRoles.body)).toContain('Отметьте хотя бы одну роль');
    expect(await countRows(t.database.db, accounts)).toBe(before);
  });

  it('creates the account with the roles ticked and shows the one-time password once', async () => {
    const db = t.database.db;
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/accounts/staff/${card.director}/new`);
    const res = await postRepeated(admin, `/admin/accounts/staff/${card.director}`, roleForm(['deputy', 'teacher', 'classTeacher'], { login: ' Belova ' }));
    expect(res.statusCode).toBe(200);
    const [slip] = slipsOf(res.body);
    expect(slip).toMatchObject({ name: 'Белова Галина Ивановна', login: 'belova', role: 'заместитель директора, учитель' });
    const [acc] = await db.select().from(accounts).where(eq(accounts.login, 'belova'));
    expect(acc!.mustChangePassword).toBe(true);
    expect(acc!.passwordHash).toMatch(/^\$argon2id\$/);
    const [m] = await db.select().from(memberships).where(eq(memberships.accountId, acc!.id));
    expect(m).toMatchObject({ schoolId: s1, staffId: card.director, roles: ['deputy', 'teacher'] });
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, m!.id), eq(auditEvents.action, 'created')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(slip!.password);
    // The card has an account now: the form leads to the member page.
    const again = await admin.get(`/admin/accounts/staff/${card.director}/new`);
    expect(again.headers.location).toBe(`/admin/members/${m!.id}`);
    // The password works once and must be changed.
    const c = new Client(t.app);
    await c.get('/login');
    const login = await c.post('/login', { login: 'belova', password: slip!.password });
    expect(login.headers.location).toMatch(/^\/password/);
  });

  it('links a staff card to the account of a parent of the school instead of a second account', async () => {
    const db = t.database.db;
    const admin = await loginAs(t.app, 'admin');
    await admin.get(`/admin/accounts/staff/${card.morozova}/new`);
    const before = await countRows(db, accounts);
    const wrong = await postRepeated(admin, `/admin/accounts/staff/${card.morozova}/link`, roleForm(['teacher'], { login: 'admin2' }));
    expect(wrong.statusCode).toBe(422);
    expect(mainText(wrong.body)).toContain('В этой школе нет учётной записи с таким логином.');
    const hasCard = await postRepeated(admin, `/admin/accounts/staff/${card.morozova}/link`, roleForm(['teacher'], { login: 'teacher' }));
    expect(mainText(hasCard.body)).toContain('уже связана с карточкой сотрудника');
    const ok = await postRepeated(admin, `/admin/accounts/staff/${card.morozova}/link`, roleForm(['teacher'], { login: 'parent' }));
    expect(ok.statusCode).toBe(303);
    const m = await membershipOf(db, 'parent');
    const [row] = await db.select().from(memberships).where(eq(memberships.id, m.id));
    expect(row).toMatchObject({ staffId: card.morozova, roles: ['teacher', 'parent'] });
    expect(row!.guardianId).not.toBeNull();
    expect(await countRows(db, accounts)).toBe(before);
  });

  it('changes roles, never stores classTeacher, and keeps an admin from dropping their own admin role', async () => {
    const db = t.database.db;
    const admin = await loginAs(t.app, 'admin');
    const teacher = await membershipOf(db, 'teacher');
    const page = await admin.get(`/admin/members/${teacher.id}`);
    expect(page.body).toContain('Сохранить роли');
    const ok = await postRepeated(admin, `/admin/members/${teacher.id}/roles`, roleForm(['teacher', 'secretary', 'classTeacher', 'operator']));
    expect(ok.statusCode).toBe(303);
    expect((await db.select().from(memberships).where(eq(memberships.id, teacher.id)))[0]!.roles).toEqual(['teacher', 'secretary']);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, teacher.id), eq(auditEvents.action, 'roles_changed')));
    expect(audit).toMatchObject({ oldValue: { roles: ['teacher'] }, newValue: { roles: ['teacher', 'secretary'] } });
    const empty = await postRepeated(admin, `/admin/members/${teacher.id}/roles`, roleForm([]));
    expect(empty.statusCode).toBe(422);
    expect(mainText(empty.body)).toContain('Отметьте хотя бы одну роль');

    const self = await membershipOf(db, 'admin');
    await admin.get(`/admin/members/${self.id}`);
    const drop = await postRepeated(admin, `/admin/members/${self.id}/roles`, roleForm(['teacher']));
    expect(drop.statusCode).toBe(422);
    expect(mainText(drop.body)).toContain('Нельзя снять роль администратора с самого себя');
    expect((await db.select().from(memberships).where(eq(memberships.id, self.id)))[0]!.roles).toEqual(['admin']);
  });
});

describe('staff accounts: who may not', () => {
  it.each(['deputy', 'plain-teacher', 'classteacher', 'secretary', 'parent', 'student'])('answers 403 to %s', async (login) => {
    const c = await loginAs(t.app, login, login === 'plain-teacher' ? PLAIN_PASSWORD : undefined);
    const m = await membershipOf(t.database.db, 'teacher');
    for (const path of ['/admin/accounts/staff', `/admin/accounts/staff/${card.namesake2}/new`, '/admin/members', `/admin/members/${m.id}`]) {
      expect((await c.get(path)).statusCode, `${login} ${path}`).toBe(403);
    }
    for (const path of [`/admin/accounts/staff/${card.namesake2}`, `/admin/accounts/staff/${card.namesake2}/link`,
      `/admin/members/${m.id}/reset`, `/admin/members/${m.id}/disable`, `/admin/members/${m.id}/enable`, `/admin/members/${m.id}/roles`]) {
      expect((await c.post(path, { login: 'x.y.z', roles: 'admin' })).statusCode, `${login} POST ${path}`).toBe(403);
    }
  });

  it("answers 404 to admin2 for school 1's staff cards and members, and changes nothing", async () => {
    const db = t.database.db;
    const before = { accounts: await countRows(db, accounts), audit: await countRows(db, auditEvents) };
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/admin/accounts/staff');
    const m = await membershipOf(db, 'secretary');
    expect((await admin2.get(`/admin/accounts/staff/${card.namesake2}/new`)).statusCode).toBe(404);
    expect((await admin2.post(`/admin/accounts/staff/${card.namesake2}`, { login: 'stolen', roles: 'admin' })).statusCode).toBe(404);
    expect((await admin2.post(`/admin/accounts/staff/${card.namesake2}/link`, { login: 'admin2', roles: 'admin' })).statusCode).toBe(404);
    for (const action of ['reset', 'disable', 'enable', 'roles']) {
      expect((await admin2.post(`/admin/members/${m.id}/${action}`, { roles: 'admin' })).statusCode, action).toBe(404);
    }
    expect((await admin2.get('/admin/accounts/staff/not-a-uuid/new')).statusCode).toBe(404);
    expect({ accounts: await countRows(db, accounts), audit: await countRows(db, auditEvents) }).toEqual(before);
    expect((await db.select().from(memberships).where(eq(memberships.id, m.id)))[0]).toMatchObject({ roles: ['secretary'], disabledAt: null });
    expect(mainText((await admin2.get('/admin/accounts/staff')).body)).not.toContain('Белова');
  });
});
