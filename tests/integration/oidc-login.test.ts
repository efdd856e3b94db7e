// Sign-in through an identity provider against a real oidc-provider on a loopback port: the redirect (PKCE, state,
// nonce, no session row), a linked subject logging in like a password would, an unknown subject linked by the slip's
// code, refusals — a wrong or missing state, a replayed callback or ID token, the provider's error, a foreign issuer,
// a token signed by another key — each with a Russian message and an auth_events row.
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkCode } from '../../src/modules/accounts/oidc/link-codes.ts';
import { replaceLinkCode } from '../../src/modules/accounts/oidc/queries.ts';
import { accountIdentities, accountLinkCodes } from '../../src/modules/accounts/oidc/schema.ts';
import { authEvents, memberships, sessions } from '../../src/modules/accounts/schema.ts';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { enroll } from './two-factor-support.ts';
import { accountIdOf, begin, FLOW_COOKIE, signIn, startOidcWorld, type OidcWorld } from './oidc-support.ts';

let w: OidcWorld;
const db = () => w.t.database.db;
const lastEvent = async (kind: string) =>
  (await db().select().from(authEvents).where(eq(authEvents.kind, kind)).orderBy(desc(authEvents.id)).limit(1))[0];
const STALE = 'Сеанс входа устарел, начните вход заново.';

/** A known link code for an account (as a printed slip would make). */
async function codeFor(login: string, code: string) {
  await replaceLinkCode(db(), await accountIdOf(db(), login), code, new Date());
}

async function linkWith(browser: Client, code: string) {
  await browser.get('/login/oidc/link');
  return browser.post('/login/oidc/link', { code });
}

beforeAll(async () => {
  w = await startOidcWorld({});
});
afterAll(async () => { await w?.close(); });

describe('the redirect to the provider', () => {
  it('the login page links to each provider (a GET link, not a form)', async () => {
    const page = await new Client(w.t.app).get('/login');
    expect(page.body).toContain('href="/login/oidc/test?next=%2F"');
    expect(mainText(page.body)).toContain('Войти через Тестовый ЕСИА');
  });

  it('PKCE, state and nonce; a sealed httpOnly SameSite=Lax cookie; no session row for the anonymous visitor', async () => {
    const before = (await db().select({ n: count() }).from(sessions))[0]!.n;
    const browser = new Client(w.t.app);
    const { res, url } = await begin(browser);
    expect(res.statusCode).toBe(303);
    const u = new URL(url);
    expect(u.origin).toBe(w.provider.issuer);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3220/login/oidc/test/callback');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(u.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);
    const cookie = (res.cookies as Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string; maxAge?: number }>)
      .find((c) => c.name === FLOW_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', maxAge: 600 });
    expect(cookie.value).not.toContain(u.searchParams.get('state')!);
    expect((await db().select({ n: count() }).from(sessions))[0]!.n).toBe(before);
  });

  it('an unknown provider answers 404', async () => {
    expect((await new Client(w.t.app).get('/login/oidc/nope')).statusCode).toBe(404);
    expect((await new Client(w.t.app).get('/login/oidc/nope/callback?code=x&state=y')).statusCode).toBe(404);
  });
});

describe('linking by the slip code, then signing in', () => {
  it('an unknown subject: «Учётная запись не найдена», a wrong code refused and audited, the right code links and logs in', async () => {
    const { browser, res } = await signIn(w.t, w.provider, 'esia-teacher');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login/oidc/link');
    const page = await browser.get('/login/oidc/link');
    expect(mainText(page.body)).toContain('Учётная запись не найдена');
    const wrong = await browser.post('/login/oidc/link', { code: 'BBBB-CCCC-DDDD' });
    expect(wrong.statusCode).toBe(400);
    expect(mainText(wrong.body)).toContain('Код не подошёл');
    expect(await lastEvent('oidc_link_failed')).toMatchObject({ detail: 'test: unknown', accountId: null });
    const bad = await browser.post('/login/oidc/link', { code: 'abc' });
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Введите код с бланка паролей');
    const zero = await browser.post('/login/oidc/link', { code: 'KM7Q-2XPD-9BF0' });
    expect(zero.statusCode).toBe(422);
    expect(mainText(zero.body)).toContain('латинские согласные');
    expect(zero.body).toContain('value="KM7Q-2XPD-9BF0"'); // kept to fix the typo
    expect(await lastEvent('oidc_link_failed')).toMatchObject({ detail: 'test: letters' });

    await codeFor('teacher', 'KM7Q-2XPD-9BFR');
    // Typed with the Russian layout on: К, М, Х, Р, В are read as the Latin letters they look like.
    const ok = await browser.post('/login/oidc/link', { code: 'км7q 2хрd 9вfr' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/');
    const teacher = await accountIdOf(db(), 'teacher');
    expect(await db().select().from(accountIdentities).where(eq(accountIdentities.accountId, teacher)))
      .toMatchObject([{ providerId: 'test', issuer: w.provider.issuer, subject: 'esia-teacher', linkedBy: 'code' }]);
    expect(await lastEvent('oidc_linked')).toMatchObject({ accountId: teacher, detail: 'test: code' });
    expect(await lastEvent('login_ok')).toMatchObject({ accountId: teacher, login: 'teacher', detail: 'oidc:test' });
    expect(mainText((await browser.get('/account')).body)).toContain('Иванова Мария Александровна');
  });

  it('the linked subject then signs in straight away, like a password login', async () => {
    const { browser, res } = await signIn(w.t, w.provider, 'esia-teacher');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(200);
    expect(mainText(account.body)).toMatch(/Тестовый ЕСИА : привязан \d\d\.\d\d\.\d{4}/);
    // The school's admin sees the link and the events on the member's page.
    const admin = await loginAs(w.t.app, 'admin');
    const teacher = await accountIdOf(db(), 'teacher');
    const id = (await db().select({ id: memberships.id }).from(memberships).where(eq(memberships.accountId, teacher)))[0]!.id;
    const member = mainText((await admin.get(`/admin/members/${id}`)).body);
    expect(member).toMatch(/Вход через внешние сервисы Тестовый ЕСИА \(кодом с бланка, \d\d\.\d\d\.\d{4}\)/);
    expect(member).toContain('привязан вход через внешний сервис');
  });

  it('a used code and an expired code: clear messages; the code is single-use', async () => {
    const used = await signIn(w.t, w.provider, 'esia-someone');
    const again = await linkWith(used.browser, 'KM7Q-2XPD-9BFR');
    expect(again.statusCode).toBe(400);
    expect(mainText(again.body)).toContain('Этот код уже использован');

    await codeFor('deputy', 'PQRS-TVWX-YZ23');
    const deputy = await accountIdOf(db(), 'deputy');
    await db().update(accountLinkCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountLinkCodes.accountId, deputy));
    const expired = await linkWith(used.browser, 'PQRS-TVWX-YZ23');
    expect(mainText(expired.body)).toContain('Срок действия кода истёк');
    expect(await lastEvent('oidc_link_failed')).toMatchObject({ detail: 'test: expired', accountId: deputy });
    expect(await db().select().from(accountIdentities).where(eq(accountIdentities.accountId, deputy))).toEqual([]);
  });

  it('an identity left waiting for a code is forgotten when a new sign-in starts in the same browser', async () => {
    const { browser } = await signIn(w.t, w.provider, 'esia-left-behind');
    expect((await browser.get('/login/oidc/link')).statusCode).toBe(200);
    await begin(browser);
    const res = await browser.get('/login/oidc/link');
    expect(res.statusCode).toBe(400);
    expect(mainText(res.body)).toContain(STALE);
  });

  it('the link page without a pending identity: «Сеанс входа устарел»', async () => {
    const res = await new Client(w.t.app).get('/login/oidc/link');
    expect(res.statusCode).toBe(400);
    expect(mainText(res.body)).toContain(STALE);
  });

  it('a printed slip carries a new link code, only its hash is kept; reprinting replaces it', async () => {
    const admin = await loginAs(w.t.app, 'admin');
    const secretary = await accountIdOf(db(), 'secretary');
    const id = (await db().select({ id: memberships.id }).from(memberships).where(eq(memberships.accountId, secretary)))[0]!.id;
    await admin.get(`/admin/members/${id}`);
    const slip = await admin.post(`/admin/members/${id}/reset`);
    const code = /class="slip-link-code">([A-Z0-9-]{14})</.exec(slip.body)![1]!;
    const [row] = await db().select().from(accountLinkCodes).where(eq(accountLinkCodes.accountId, secretary));
    expect(row!.codeHash).toBe(hashLinkCode(code));
    expect(JSON.stringify(row)).not.toContain(code);

    await admin.get(`/admin/members/${id}`);
    const reprint = await admin.post(`/admin/members/${id}/reset`);
    const code2 = /class="slip-link-code">([A-Z0-9-]{14})</.exec(reprint.body)![1]!;
    expect(code2).not.toBe(code);
    const { browser } = await signIn(w.t, w.provider, 'esia-secretary');
    expect(mainText((await linkWith(browser, code)).body)).toContain('Код не подошёл');
    const ok = await linkWith(browser, code2);
    expect(ok.headers.location).toBe('/password?next=%2F'); // the slip's one-time password must still be changed
  });
});

describe('refusals', () => {
  it('a missing flow cookie or a wrong state: «Сеанс входа устарел», audited', async () => {
    const browser = new Client(w.t.app);
    const { url } = await begin(browser);
    const callback = await w.provider.authorize(url, 'esia-teacher');
    const tampered = callback.replace(/state=[^&]+/, 'state=forged-state-value');
    const wrong = await browser.get(tampered);
    expect(wrong.statusCode).toBe(400);
    expect(mainText(wrong.body)).toContain(STALE);
    expect(await lastEvent('oidc_failed')).toMatchObject({ detail: 'test: state' });

    const noCookie = await new Client(w.t.app).get(callback);
    expect(mainText(noCookie.body)).toContain(STALE);
    expect(await lastEvent('oidc_failed')).toMatchObject({ detail: 'test: no flow' });
  });

  it('a replayed callback (the same code, ID token and cookie) is refused after the first use', async () => {
    const first = await signIn(w.t, w.provider, 'esia-teacher');
    expect(first.res.headers.location).toBe('/');
    const replayer = new Client(w.t.app);
    replayer.cookies.set(FLOW_COOKIE, first.cookie!);
    const replay = await replayer.get(first.callback);
    expect(replay.statusCode).toBe(400);
    expect(mainText(replay.body)).toContain(STALE);
    expect(await lastEvent('oidc_failed')).toMatchObject({ detail: 'test: replay' });
    expect(replay.cookies.find((c) => c.name === 'otmetka.sid')).toBeUndefined();
  });

  it('an old callback with a fresh flow of the same browser: the state does not match', async () => {
    const first = await signIn(w.t, w.provider, 'esia-teacher');
    const browser = new Client(w.t.app);
    await begin(browser);
    const res = await browser.get(first.callback);
    expect(mainText(res.body)).toContain(STALE);
  });

  it('the provider answers with an error: «Вход через … не удался», audited', async () => {
    const browser = new Client(w.t.app);
    const { url } = await begin(browser);
    const callback = await w.provider.authorize(url, 'esia-teacher', { deny: true });
    const res = await browser.get(callback);
    expect(res.statusCode).toBe(400);
    expect(mainText(res.body)).toContain('Вход через Тестовый ЕСИА не удался: вход отменён или не разрешён. Попробуйте ещё раз.');
    expect((await lastEvent('oidc_failed'))!.detail).toBe('test: provider: access_denied: the person refused');
  });

  it('a foreign issuer (discovery names another issuer): refused before any redirect, audited', async () => {
    const res = await new Client(w.t.app).get('/login/oidc/foreign');
    expect(res.statusCode).toBe(503);
    expect(mainText(res.body)).toContain('Вход через Чужой сейчас недоступен');
    expect((await lastEvent('oidc_failed'))!.detail).toMatch(/^foreign: unavailable: /);
  });

  it('an ID token signed by another key: refused as not authentic, audited, nobody logged in', async () => {
    const { res } = await signIn(w.t, w.impostor, 'esia-teacher', 'impostor');
    expect(res.statusCode).toBe(400);
    expect(mainText(res.body)).toContain('Вход через Самозванец не удался: ответ не прошёл проверку подлинности');
    expect((await lastEvent('oidc_failed'))!.detail).toMatch(/^impostor: invalid: /);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('the second factor and the lockout', () => {
  it('an account with a second factor still gives its code after the provider (the school\'s rule for staff stands)', async () => {
    const classteacher = await loginAs(w.t.app, 'classteacher', DEMO_PASSWORD);
    await enroll(classteacher);
    await codeFor('classteacher', 'TVWX-YZ23-4567');
    const { browser, res } = await signIn(w.t, w.provider, 'esia-classteacher');
    expect(res.headers.location).toBe('/login/oidc/link');
    await browser.get('/login/oidc/link');
    const linked = await browser.post('/login/oidc/link', { code: 'TVWX-YZ23-4567' });
    expect(linked.headers.location).toBe('/login/code');
    expect((await browser.get('/account')).statusCode).toBe(303); // no session yet: the code page first
    const again = await signIn(w.t, w.provider, 'esia-classteacher');
    expect(again.res.headers.location).toBe('/login/code');
    expect(await lastEvent('password_ok')).toMatchObject({ login: 'classteacher', detail: 'oidc:test' });
  });

  it('wrong link codes lock the address like wrong passwords (429, Russian message)', async () => {
    const browser = new Client(w.t.app, '10.20.30.40');
    const { url } = await begin(browser);
    await browser.get(await w.provider.authorize(url, 'esia-guesser'));
    await browser.get('/login/oidc/link');
    for (let i = 0; i < 20; i++) expect((await browser.post('/login/oidc/link', { code: 'BBBB-CCCC-DDDD' })).statusCode).toBe(400);
    const locked = await browser.post('/login/oidc/link', { code: 'BBBB-CCCC-DDDD' });
    expect(locked.statusCode).toBe(429);
    expect(mainText(locked.body)).toContain('Слишком много неудачных попыток входа');
  });
});

describe('the account page', () => {
  it('shows the linked provider and unlinks it (audited); signing in again asks for a code', async () => {
    const { browser } = await signIn(w.t, w.provider, 'esia-teacher');
    await browser.get('/account');
    const res = await browser.post('/account/identities/test/unlink');
    expect(res.headers.location).toBe('/account');
    const teacher = await accountIdOf(db(), 'teacher');
    expect(await db().select().from(accountIdentities).where(and(eq(accountIdentities.accountId, teacher)))).toEqual([]);
    expect(await lastEvent('oidc_unlinked')).toMatchObject({ accountId: teacher, detail: 'test' });
    expect(mainText((await browser.get('/account')).body)).toContain('Тестовый ЕСИА : не привязан');
    expect((await signIn(w.t, w.provider, 'esia-teacher')).res.headers.location).toBe('/login/oidc/link');
  });

  it('unlinking an unknown provider answers 404', async () => {
    const teacher = await loginAs(w.t.app, 'teacher');
    await teacher.get('/account');
    expect((await teacher.post('/account/identities/nope/unlink')).statusCode).toBe(404);
  });
});
