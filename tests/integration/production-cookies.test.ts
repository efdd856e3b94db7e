import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@localhost/unused', SESSION_SECRET: 'p'.repeat(48), TRUST_PROXY: 'true' },
  });
});
afterAll(async () => { await t.close(); });

function cookieHeader(setCookie: string | string[] | undefined): string {
  return (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((c) => c.split(';')[0]).join('; ');
}

describe('production cookies behind HTTPS', () => {
  it('uses __Host- names, Secure, HttpOnly and SameSite=Lax, and sends HSTS', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const page = await t.app.inject({ url: '/login', headers: https });
    expect(String(page.headers['set-cookie'])).toMatch(/^__Host-csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(page.headers['strict-transport-security']).toBeDefined();
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await t.app.inject({
      method: 'POST', url: '/login', payload: new URLSearchParams({ _csrf: token, login: 'teacher', password: 'otmetka-demo' }).toString(),
      headers: { ...https, cookie: cookieHeader(page.headers['set-cookie']), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(303);
    const session = String(res.headers['set-cookie']);
    expect(session).toMatch(/__Host-otmetka=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(session).not.toMatch(/Domain=/);

    // Logging out deletes it with a Set-Cookie a browser accepts for a __Host- cookie (Secure, Path=/, no Domain).
    const cookies = `${cookieHeader(page.headers['set-cookie'])}; ${cookieHeader(res.headers['set-cookie'])}`;
    const home = await t.app.inject({ url: '/', headers: { ...https, cookie: cookies } });
    const homeToken = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
    const out = await t.app.inject({
      method: 'POST', url: '/logout', payload: new URLSearchParams({ _csrf: homeToken }).toString(),
      headers: { ...https, cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/__Host-otmetka=; Max-Age=0; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax/);
  });

  it('sets no session cookie over plain http in production', async () => {
    const page = await t.app.inject({ url: '/login' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await t.app.inject({
      method: 'POST', url: '/login', payload: new URLSearchParams({ _csrf: token, login: 'teacher', password: 'otmetka-demo' }).toString(),
      headers: { cookie: cookieHeader(page.headers['set-cookie']), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('__Host-otmetka');
  });
});
