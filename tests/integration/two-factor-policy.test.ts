// The school setting «Двухфакторный вход обязателен»: a required factor must be enrolled before any page opens;
// parents and students are never asked; the admin resets a member's factor (audited), nobody else may.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authEvents, recoveryCodes } from '../../src/modules/accounts/schema.ts';
import { OTHER_SCHOOL_TWO_FACTOR } from '../../src/modules/accounts/two-factor/rules.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, mainText, navLabels, type Client } from '../support/client.ts';
import { membershipOf, schoolIds } from './accounts-support.ts';
import { codeNow, enroll, loginWithCode } from './two-factor-support.ts';

let t: TestApp;
let s1: string;
let admin: Client;
/** The teacher's session after enrolling under «для всех сотрудников», kept for the reset tests. */
let teacher: Client;
let teacherSecret = '';
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  ({ s1 } = await schoolIds(db()));
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => { await t.close(); });

const SETTINGS = {
  name: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)', address: 'г. Демоград, ул. Школьная, д. 1', collectContacts: 'on',
  staffIdleMinutes: '30', journalEditDays: '10', minMarksPerPeriod: '3', periodRounding: 'half_up', timeZone: 'Europe/Moscow',
  controlMarkDays: '7', controlWorksMainLimit: '2', controlWorksOtherLimit: '1',
  medalFirstMaxFours: '0', medalSecondMaxFours: '2', distinctionMaxFours: '0',
};
async function setPolicy(twoFactorPolicy: string) {
  await admin.get('/setup');
  return admin.post('/setup/school', { ...SETTINGS, twoFactorPolicy });
}
const policyOf = async (id: string) => (await db().select({ p: schools.twoFactorPolicy }).from(schools).where(eq(schools.id, id)))[0]!.p;
const accountRow = async (login: string) => (await db().select().from(accounts).where(eq(accounts.login, login)))[0]!;

describe('the setting', () => {
  it('is off in the demo schools and in a school the operator creates outside production', async () => {
    expect(new Set((await db().select({ p: schools.twoFactorPolicy }).from(schools)).map((r) => r.p))).toEqual(new Set(['off']));
    const op = await loginAs(t.app, 'operator');
    await op.get('/operator/schools');
    const res = await op.post('/operator/schools', { name: 'Школа без второго фактора', adminName: 'Первый Админ Школы', adminLogin: 'tf-admin' });
    expect(res.statusCode).toBe(200);
    const [created] = await db().select({ p: schools.twoFactorPolicy }).from(schools).where(eq(schools.name, 'Школа без второго фактора'));
    expect(created!.p).toBe('off');
  });

  it('is shown read-only to the deputy, who may not change it', async () => {
    const deputy = await loginAs(t.app, 'deputy');
    expect(mainText((await deputy.get('/setup')).body)).toContain('Двухфакторный вход обязателен не обязателен');
    expect((await deputy.post('/setup/school', { ...SETTINGS, twoFactorPolicy: 'staff' })).statusCode).toBe(403);
    expect(await policyOf(s1)).toBe('off');
  });

  it('refuses an unknown value with 422 and a Russian message, the values kept', async () => {
    const res = await setPolicy('everyone');
    expect(res.statusCode).toBe(422);
    expect(mainText(res.body)).toContain('Выберите, для кого двухфакторный вход обязателен.');
    expect(res.body).toContain('value="Europe/Moscow" selected');
    expect(await policyOf(s1)).toBe('off');
  });

  it('«для администраторов и заместителей»: saved and audited; the admin enrolls before the next page', async () => {
    expect((await setPolicy('leaders')).statusCode).toBe(303);
    expect(await policyOf(s1)).toBe('leaders');
    const [audit] = await db().select().from(auditEvents)
      .where(and(eq(auditEvents.schoolId, s1), eq(auditEvents.entity, 'school_settings'))).orderBy(auditEvents.at);
    expect((audit!.oldValue as { twoFactorPolicy: string }).twoFactorPolicy).toBe('off');
    expect((audit!.newValue as { twoFactorPolicy: string }).twoFactorPolicy).toBe('leaders');

    const blocked = await admin.get('/setup');
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe('/account/two-factor?next=%2Fsetup');
    await enroll(admin, '/setup');
    expect((await admin.get('/setup')).statusCode).toBe(200);
    // A teacher is not concerned by this policy.
    const t1 = await loginAs(t.app, 'classteacher');
    expect((await t1.get('/journal')).statusCode).toBe(200);
  });
});

describe('required for all staff', () => {
  it('a teacher must enroll before any page; then she reaches the page she asked for', async () => {
    expect((await setPolicy('staff')).statusCode).toBe(303);
    teacher = await loginAs(t.app, 'teacher');
    const journal = await teacher.get('/journal');
    expect(journal.statusCode).toBe(303);
    expect(journal.headers.location).toBe('/account/two-factor?next=%2Fjournal');
    for (const url of ['/', '/today', '/account', '/messages']) expect((await teacher.get(url)).statusCode, url).toBe(303);
    const page = await teacher.get('/account/two-factor?next=%2Fjournal');
    expect(mainText(page.body)).toContain('Включите его, чтобы продолжить работу.');
    expect(navLabels(page.body)).toEqual([]);
    const { secret, page: codes } = await enroll(teacher, '/journal');
    teacherSecret = secret;
    expect(codes).toContain('href="/journal"');
    expect((await teacher.get('/journal')).statusCode).toBe(200);
    // The next login asks for the code.
    const { res } = await loginWithCode(t.app, 'teacher', codeNow(secret), '10.2.0.1');
    expect(res.statusCode).toBe(303);
  });

  it('the login itself sends a required, not enrolled account to enroll', async () => {
    const c = await loginAs(t.app, 'secretary');
    const home = await c.get('/');
    expect(home.headers.location).toBe('/account/two-factor');
    expect((await c.post('/logout')).statusCode).toBe(303);
  });

  it.each(['parent', 'student'])('never asks a %s, even under «для всех сотрудников»', async (login) => {
    const c = await loginAs(t.app, login);
    const home = await c.get('/');
    expect(home.statusCode).toBe(200);
    expect((await c.get('/diary')).statusCode).not.toBe(303);
    expect(mainText((await c.get('/account')).body)).not.toContain('Двухфакторный вход');
    expect((await c.get('/account/two-factor')).statusCode).toBe(403);
    expect((await c.post('/account/two-factor', { code: '123456' })).statusCode).toBe(403);
  });

  it('does not let the factor be turned off where a school requires it', async () => {
    const res = await teacher.post('/account/two-factor/disable', { code: codeNow(teacherSecret, 1) });
    expect(res.statusCode).toBe(303);
    expect(mainText((await teacher.get('/account/two-factor')).body)).toContain('отключить его нельзя');
    expect((await accountRow('teacher')).totpEnabledAt).not.toBeNull();
  });
});

describe("the admin's reset of a member's second factor", () => {
  it('is refused to every other role (403) and answers 404 for another school', async () => {
    expect((await setPolicy('off')).statusCode).toBe(303);
    const m = await membershipOf(db(), 'teacher', s1);
    const others = [teacher, ...(await Promise.all(['deputy', 'parent', 'student', 'secretary', 'classteacher'].map((l) => loginAs(t.app, l))))];
    for (const c of others) {
      await c.get('/');
      expect((await c.post(`/admin/members/${m.id}/two-factor-reset`)).statusCode).toBe(403);
    }
    const admin2 = await loginAs(t.app, 'admin2');
    await admin2.get('/');
    expect((await admin2.post(`/admin/members/${m.id}/two-factor-reset`)).statusCode).toBe(404);
    expect((await admin2.post(`/admin/members/not-a-uuid/two-factor-reset`)).statusCode).toBe(404);
    expect((await accountRow('teacher')).totpEnabledAt).not.toBeNull();
  });

  it('clears the secret and the recovery codes, audited; the member enrolls again when a school requires it', async () => {
    const m = await membershipOf(db(), 'teacher', s1);
    const card = await admin.get(`/admin/members/${m.id}`);
    expect(mainText(card.body)).toMatch(/Двухфакторный вход включён с \d\d\.\d\d\.\d{4}/);
    const res = await admin.post(`/admin/members/${m.id}/two-factor-reset`);
    expect(res.statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${m.id}`)).body)).toContain('Второй фактор сброшен');
    const row = await accountRow('teacher');
    expect(row.totpSecret).toBeNull();
    expect(row.totpEnabledAt).toBeNull();
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.accountId, row.id))).toHaveLength(0);
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.entity, 'account'), eq(auditEvents.action, 'two_factor_reset')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityId).toBe(m.id);
    expect(audit[0]!.schoolId).toBe(s1);
    const ev = await db().select().from(authEvents).where(and(eq(authEvents.kind, 'two_factor_reset'), eq(authEvents.accountId, row.id)));
    expect(ev[0]!.detail).toBe('by admin');

    // Policy off: no code asked any more. Policy on again: the open session is sent to enroll at its next page.
    await expect(loginAs(t.app, 'teacher', undefined, '10.2.1.1')).resolves.toBeDefined();
    expect((await teacher.get('/journal')).statusCode).toBe(200);
    expect((await setPolicy('staff')).statusCode).toBe(303);
    expect((await teacher.get('/journal')).headers.location).toBe('/account/two-factor?next=%2Fjournal');
    expect((await setPolicy('off')).statusCode).toBe(303);
  });

  it("refuses the reset of an account that is in another school too, and the admin's own", async () => {
    const multi = await loginAs(t.app, 'multi');
    await enroll(multi);
    const m = await membershipOf(db(), 'multi', s1);
    await admin.get(`/admin/members/${m.id}`);
    expect((await admin.post(`/admin/members/${m.id}/two-factor-reset`)).statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${m.id}`)).body)).toContain(OTHER_SCHOOL_TWO_FACTOR);
    expect((await accountRow('multi')).totpEnabledAt).not.toBeNull();

    const self = await membershipOf(db(), 'admin', s1);
    expect((await admin.post(`/admin/members/${self.id}/two-factor-reset`)).statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${self.id}`)).body)).toContain('Свой двухфакторный вход настраивайте в профиле');
    expect((await accountRow('admin')).totpEnabledAt).not.toBeNull();
  });
});
