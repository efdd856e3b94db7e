// «Вход по паролю» per school: with the setting «только через внешний сервис» a right password is refused with a
// Russian message naming the provider (audited, not counted as a failure), students may be exempted, a teacher of two
// schools keeps the password while one school allows it, and the provider's login still works. Only the admin sets it.
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceLinkCode } from '../../src/modules/accounts/oidc/queries.ts';
import { accountIdentities } from '../../src/modules/accounts/oidc/schema.ts';
import { authEvents } from '../../src/modules/accounts/schema.ts';
import { schools } from '../../src/modules/platform/schema.ts';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { accountIdOf, signIn, startOidcWorld, type OidcWorld } from './oidc-support.ts';
import { schoolId } from './people-support.ts';

let w: OidcWorld;
const db = () => w.t.database.db;
const SETTINGS = {
  name: 'МБОУ «Средняя общеобразовательная школа № 1» (демо)', address: 'г. Демоград, ул. Школьная, д. 1', collectContacts: 'on',
  staffIdleMinutes: '30', journalEditDays: '10', minMarksPerPeriod: '3', periodRounding: 'half_up', controlMarkDays: '7',
  controlWorksMainLimit: '2', controlWorksOtherLimit: '1', medalFirstMaxFours: '0', medalSecondMaxFours: '2', distinctionMaxFours: '0',
  timeZone: 'Europe/Moscow', twoFactorPolicy: 'off',
};

async function passwordLogin(login: string) {
  const browser = new Client(w.t.app);
  await browser.get('/login');
  return browser.post('/login', { login, password: DEMO_PASSWORD });
}

beforeAll(async () => {
  w = await startOidcWorld({});
});
afterAll(async () => { await w?.close(); });

describe('«Вход по паролю»', () => {
  it('a deputy or a teacher may not change it (403)', async () => {
    for (const login of ['deputy', 'teacher']) {
      const c = await loginAs(w.t.app, login);
      await c.get('/');
      expect((await c.post('/setup/school', { ...SETTINGS, passwordLogin: 'provider' })).statusCode).toBe(403);
    }
    expect((await db().select().from(schools).where(eq(schools.id, await schoolId(db()))))[0]!.passwordLogin).toBe('allowed');
  });

  it('the admin sets «только через внешний сервис, кроме обучающихся» in the school settings (audited in the school)', async () => {
    const admin = await loginAs(w.t.app, 'admin');
    const page = await admin.get('/setup');
    expect(mainText(page.body)).toContain('Вход по паролю');
    const res = await admin.post('/setup/school', { ...SETTINGS, passwordLogin: 'provider_except_students' });
    expect(res.statusCode).toBe(303);
    const school = await schoolId(db());
    expect((await db().select().from(schools).where(eq(schools.id, school)))[0]!.passwordLogin).toBe('provider_except_students');
    const bad = await admin.post('/setup/school', { ...SETTINGS, passwordLogin: 'never' });
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Выберите, кому разрешён вход по паролю.');
  });

  it('a teacher\'s right password is refused with the provider named; audited, no lockout', async () => {
    const res = await passwordLogin('teacher');
    expect(res.statusCode).toBe(403);
    expect(mainText(res.body)).toContain('В вашей школе вход только через Тестовый ЕСИА или Самозванец или Чужой');
    const [ev] = await db().select().from(authEvents).orderBy(desc(authEvents.id)).limit(1);
    expect(ev).toMatchObject({ kind: 'password_login_refused', login: 'teacher' });
  });

  it('a student is exempted; a teacher of two schools keeps the password while the other school allows it', async () => {
    expect((await passwordLogin('student')).statusCode).toBe(303);
    expect((await passwordLogin('multi')).statusCode).toBe(303);
  });

  it('the teacher signs in through the provider instead', async () => {
    await replaceLinkCode(db(), await accountIdOf(db(), 'teacher'), 'BCDF-GHJK-MNPQ', new Date());
    const { browser } = await signIn(w.t, w.provider, 'esia-teacher-2');
    await browser.get('/login/oidc/link');
    const res = await browser.post('/login/oidc/link', { code: 'BCDF-GHJK-MNPQ' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    // Its only way in: unlinking is refused while the school forbids the password.
    await browser.get('/account');
    const unlink = await browser.post('/account/identities/test/unlink');
    expect(unlink.headers.location).toBe('/account');
    expect(mainText((await browser.get('/account')).body)).toContain('Нельзя отвязать Тестовый ЕСИА: в вашей школе вход по паролю запрещён');
    expect(await db().select().from(accountIdentities).where(eq(accountIdentities.subject, 'esia-teacher-2'))).toHaveLength(1);
  });
});
