// The school admin unlinks a member's sign-in through an external provider from the member's page: the link is gone, the
// provider's sign-in then asks for a link code again, the act is in the school's audit trail and the login journal.
// Refused (with the reason) for the admin's own account and for an account of two schools; other roles 403, another
// school's member 404.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdentities } from '../../src/modules/accounts/oidc/schema.ts';
import { authEvents } from '../../src/modules/accounts/schema.ts';
import { auditEvents } from '../../src/modules/audit/schema.ts';
import { loginAs, mainText, type Client } from '../support/client.ts';
import { membershipOf, schoolIds } from './accounts-support.ts';
import { signIn, startOidcWorld, type OidcWorld } from './oidc-support.ts';

let w: OidcWorld;
let admin: Client;
const db = () => w.t.database.db;
const unlinkUrl = (membershipId: string, provider = 'test') => `/admin/members/${membershipId}/identities/${provider}/unlink`;

async function link(login: string, subject: string, providerId = 'test') {
  const m = await membershipOf(db(), login);
  await db().insert(accountIdentities).values({ issuer: providerId === 'test' ? w.provider.issuer : `https://${providerId}.example`, subject, providerId, accountId: m.accountId, linkedBy: 'code' });
  return m;
}
const linksOf = (accountId: string) => db().select({ providerId: accountIdentities.providerId }).from(accountIdentities).where(eq(accountIdentities.accountId, accountId));

beforeAll(async () => {
  w = await startOidcWorld({});
  admin = await loginAs(w.t.app, 'admin');
});
afterAll(async () => { await w?.close(); });

describe('the admin unlinks a member\'s provider', () => {
  it('from the member\'s page: the link is gone, audited, and the provider\'s sign-in asks for a link code again', async () => {
    const teacher = await link('teacher', 'esia-unlink-teacher');
    const before = await signIn(w.t, w.provider, 'esia-unlink-teacher');
    expect(before.res.headers.location).toBe('/'); // linked: signed in straight away
    const page = await admin.get(`/admin/members/${teacher.id}`);
    expect(page.body).toContain(`action="${unlinkUrl(teacher.id)}"`);
    expect(mainText(page.body)).toMatch(/Вход через внешние сервисы Тестовый ЕСИА \(кодом с бланка, \d\d\.\d\d\.\d{4}\) Отвязать/);

    const res = await admin.post(unlinkUrl(teacher.id));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/members/${teacher.id}`);
    const after = mainText((await admin.get(`/admin/members/${teacher.id}`)).body);
    expect(after).toContain('Вход через Тестовый ЕСИА отвязан, сеансы этой учётной записи завершены. Чтобы привязать вход снова, выдайте новый бланк');
    expect(after).not.toContain('Вход через внешние сервисы');
    expect(after).toContain('отвязан вход через внешний сервис');
    expect(await linksOf(teacher.accountId)).toEqual([]);

    const [event] = await db().select().from(authEvents).where(eq(authEvents.kind, 'oidc_unlinked')).orderBy(desc(authEvents.id)).limit(1);
    expect(event).toMatchObject({ accountId: teacher.accountId, login: 'teacher', schoolId: teacher.schoolId, detail: expect.stringMatching(/^test: by admin; [1-9]\d* sessions ended$/) });
    // Whoever had signed in through the link is signed out.
    expect((await before.browser.get('/account')).headers.location).toMatch(/^\/login/);
    const [audit] = await db().select().from(auditEvents)
      .where(and(eq(auditEvents.schoolId, teacher.schoolId), eq(auditEvents.action, 'oidc_unlinked'))).orderBy(desc(auditEvents.seq)).limit(1);
    expect(audit).toMatchObject({ entity: 'account', entityId: teacher.id, oldValue: expect.objectContaining({ login: 'teacher', provider: 'test', linkedBy: 'code' }) });

    const again = await signIn(w.t, w.provider, 'esia-unlink-teacher');
    expect(again.res.headers.location).toBe('/login/oidc/link');
    // Nothing linked any more: 404, nothing written.
    expect((await admin.post(unlinkUrl(teacher.id))).statusCode).toBe(404);
  });

  it('another provider\'s link stays when one is unlinked', async () => {
    const deputy = await link('deputy', 'esia-unlink-deputy');
    await link('deputy', 'other-deputy', 'impostor');
    expect((await admin.post(unlinkUrl(deputy.id, 'impostor'))).statusCode).toBe(303);
    expect(await linksOf(deputy.accountId)).toEqual([{ providerId: 'test' }]);
  });

  it('refused with the reason: the admin\'s own account, an account of two schools; nothing written', async () => {
    const unlinkedRows = async () => (await db().select().from(auditEvents).where(eq(auditEvents.action, 'oidc_unlinked'))).length;
    const rowsBefore = await unlinkedRows();
    const self = await link('admin', 'esia-unlink-admin');
    const own = await admin.post(unlinkUrl(self.id));
    expect(own.statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${self.id}`)).body)).toContain('Свой вход через внешний сервис отвязывайте в профиле');
    expect(await linksOf(self.accountId)).toEqual([{ providerId: 'test' }]);

    const { s1 } = await schoolIds(db());
    const multi = await membershipOf(db(), 'multi', s1);
    await db().insert(accountIdentities).values({ issuer: w.provider.issuer, subject: 'esia-unlink-multi', providerId: 'test', accountId: multi.accountId, linkedBy: 'code' });
    expect((await admin.post(unlinkUrl(multi.id))).statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${multi.id}`)).body)).toContain('Эта учётная запись есть и в другой школе: отвязать вход может только её владелец');
    expect(await linksOf(multi.accountId)).toEqual([{ providerId: 'test' }]);
    expect(await unlinkedRows()).toBe(rowsBefore);
  });

  it('a link made by СНИЛС: the admin is told it comes back by itself while the card\'s СНИЛС matches', async () => {
    const parent = await membershipOf(db(), 'parent');
    await db().insert(accountIdentities).values({ issuer: w.provider.issuer, subject: 'esia-unlink-parent', providerId: 'test', accountId: parent.accountId, linkedBy: 'snils' });
    expect((await admin.post(unlinkUrl(parent.id))).statusCode).toBe(303);
    expect(mainText((await admin.get(`/admin/members/${parent.id}`)).body))
      .toContain('Привязка была по СНИЛС: при следующем входе через Тестовый ЕСИА она восстановится сама, пока СНИЛС в карточке совпадает.');
    expect(await linksOf(parent.accountId)).toEqual([]);
  });

  it.each(['deputy', 'teacher', 'classteacher', 'secretary', 'parent', 'student'])('%s: 403, the link stays', async (login) => {
    const student = await membershipOf(db(), 'student');
    if ((await linksOf(student.accountId)).length === 0) await link('student', 'esia-unlink-student');
    const c = await loginAs(w.t.app, login);
    expect((await c.post(unlinkUrl(student.id))).statusCode).toBe(403);
    expect(await linksOf(student.accountId)).toEqual([{ providerId: 'test' }]);
  });

  it('another school\'s member, no member, a bad provider: 404', async () => {
    const student = await membershipOf(db(), 'student');
    const admin2 = await loginAs(w.t.app, 'admin2');
    await admin2.get('/');
    expect((await admin2.post(unlinkUrl(student.id))).statusCode).toBe(404);
    expect(await linksOf(student.accountId)).toEqual([{ providerId: 'test' }]);
    const other = await membershipOf(db(), 'admin2');
    expect((await admin.post(unlinkUrl(other.id))).statusCode).toBe(404);
    expect((await admin.post('/admin/members/not-a-uuid/identities/test/unlink')).statusCode).toBe(404);
    expect((await admin.post(unlinkUrl(student.id, 'x'.repeat(200)))).statusCode).toBe(404);
    expect((await admin.post(unlinkUrl(student.id, 'nobody'))).statusCode).toBe(404);
  });
});
