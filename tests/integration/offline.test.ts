// The journal without a connection (issue 16 item 5), the server's side: the service worker's script and the web app
// manifest (public, with the right headers and CSP), the pages kept for an account (its own, nothing of another
// account), the account's key and the time on every page of a logged-in person, a fresh CSRF token for the grid's
// queue, Clear-Site-Data on logout, and no «seen» recorded for a diary week fetched ahead. The browser's side:
// tests/e2e/offline.spec.ts.
import { and, eq, gte, lte } from 'drizzle-orm';
import { accounts, memberships } from '../../src/modules/accounts/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupTeachers, teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { diaryViews } from '../../src/modules/diary/schema.ts';
import { lessons } from '../../src/modules/schedule/schema.ts';
import { academicYears } from '../../src/modules/setup/schema.ts';
import { todayIso } from '../../src/web/dates.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, loginAs, mainText } from '../support/client.ts';
import { member, studentByFile } from './diary-pages-support.ts';

let t: TestApp;
const db = () => t.database.db;
let schoolId: string;

beforeAll(async () => {
  t = await startTestApp();
  schoolId = (await member(db(), 'teacher')).schoolId;
}, 240_000);
afterAll(async () => { await t?.close(); });

const pagesOf = async (c: Client) => {
  const res = await c.get('/offline/pages', { accept: 'application/json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as { account: string; pages: string[] };
};

describe('the service worker and the manifest', () => {
  it('/sw.js is served to anyone at the root, checked for a new version on every visit', async () => {
    const res = await t.app.inject({ url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['service-worker-allowed']).toBe('/');
    expect(res.body).toContain("addEventListener('fetch'");
  });

  it('the CSP lets the site register its own worker and manifest, and nothing else\'s', async () => {
    const csp = String((await t.app.inject({ url: '/login' })).headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('/manifest.webmanifest names «Отметка», opens standalone at the home page, and its icons exist', async () => {
    const res = await t.app.inject({ url: '/manifest.webmanifest' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const m = res.json() as { short_name: string; display: string; start_url: string; scope: string; theme_color: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose: string }> };
    expect(m).toMatchObject({ short_name: 'Отметка', display: 'standalone', start_url: '/', scope: '/', lang: 'ru' });
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512', 'any']));
    for (const icon of m.icons) {
      const file = await t.app.inject({ url: icon.src });
      expect(file.statusCode, icon.src).toBe(200);
      expect(file.headers['content-type']).toContain(icon.type);
    }
    // Every page links it, with the same theme colour.
    const login = (await t.app.inject({ url: '/login' })).body;
    expect(login).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    expect(login).toContain(`<meta name="theme-color" content="${m.theme_color}">`);
  });
});

describe('whose page it is', () => {
  it('a logged-in person\'s page carries the account\'s key and the time it was made; the login page neither', async () => {
    const anonymous = await t.app.inject({ url: '/login' });
    expect(anonymous.headers['x-otmetka-account']).toBeUndefined();
    expect(anonymous.body).not.toContain('name="otmetka-account"');

    const teacher = await loginAs(t.app, 'teacher');
    const home = await teacher.get('/');
    const key = String(home.headers['x-otmetka-account']);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(home.body).toContain(`<meta name="otmetka-account" content="${key}">`);
    expect(String(home.headers['x-otmetka-at'])).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    expect(home.headers['cache-control']).toBe('no-store');
    // The same account logged in again: the same key; another account: another key (the key is not the account's id).
    expect((await (await loginAs(t.app, 'teacher')).get('/')).headers['x-otmetka-account']).toBe(key);
    expect((await (await loginAs(t.app, 'parent')).get('/')).headers['x-otmetka-account']).not.toBe(key);
    expect(key).not.toBe((await member(db(), 'teacher')).accountId.replace(/-/g, '').slice(0, 16));
  });
});

describe('the pages kept for opening offline (/offline/pages)', () => {
  it('asks an anonymous visitor to log in', async () => {
    const res = await t.app.inject({ url: '/offline/pages' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('a teacher: home, «Сегодня», the journal, today\'s own lessons and the grids of the groups taught — all opening', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const { account, pages } = await pagesOf(teacher);
    expect(account).toBe(String((await teacher.get('/')).headers['x-otmetka-account']));
    expect(pages.slice(0, 3)).toEqual(['/', '/today', '/journal']);
    const today = todayIso();
    const [m] = await db().select({ staffId: memberships.staffId }).from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId)).where(eq(accounts.login, 'teacher'));
    const staffId = m!.staffId!;
    // The groups of this year the teacher teaches (or taught: the grid keeps the marks given).
    const taught = await db().selectDistinct({ id: groupTeachers.groupId }).from(groupTeachers)
      .innerJoin(teachingGroups, and(eq(teachingGroups.schoolId, groupTeachers.schoolId), eq(teachingGroups.id, groupTeachers.groupId)))
      .innerJoin(academicYears, and(eq(academicYears.schoolId, teachingGroups.schoolId), eq(academicYears.id, teachingGroups.yearId)))
      .where(and(eq(groupTeachers.schoolId, schoolId), eq(groupTeachers.staffId, staffId), lte(academicYears.startsOn, today), gte(academicYears.endsOn, today)));
    const grids = pages.filter((p) => p.startsWith('/journal/groups/')).map((p) => p.split('/')[3]);
    expect(grids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(taught.map((g) => g.id))).toEqual(new Set(grids));
    const lessonIds = pages.filter((p) => p.startsWith('/journal/lessons/')).map((p) => p.split('/')[3]!);
    expect(lessonIds.length).toBeGreaterThan(0);
    for (const id of lessonIds) {
      const [l] = await db().select({ date: lessons.date }).from(lessons).where(and(eq(lessons.schoolId, schoolId), eq(lessons.id, id)));
      expect(l!.date).toBe(today);
    }
    expect(pages.some((p) => p.startsWith('/diary') || p.startsWith('/reports'))).toBe(false);
    for (const p of pages) expect((await teacher.get(p, { 'x-otmetka-prefetch': '1' })).statusCode, p).toBe(200);
  });

  it('a parent: home, the diary and the current week of each own child; a student: their own week', async () => {
    const parent = await loginAs(t.app, 'parent');
    const dmitry = await studentByFile(db(), schoolId, 'М-0001');
    const alisa = await studentByFile(db(), schoolId, 'М-0002');
    const { pages } = await pagesOf(parent);
    expect(pages.slice(0, 2)).toEqual(['/', '/diary']);
    expect(new Set(pages.slice(2))).toEqual(new Set([`/diary/${dmitry}`, `/diary/${alisa}`]));
    const student = await loginAs(t.app, 'student');
    const own = (await member(db(), 'student')).studentId!;
    expect((await pagesOf(student)).pages).toEqual(['/', '/diary', `/diary/${own}`]);
  });

  it('roles with nothing to keep (admin, secretary): the home page only', async () => {
    for (const login of ['admin', 'secretary']) expect((await pagesOf(await loginAs(t.app, login))).pages).toEqual(['/']);
  });

  it('a week fetched ahead is not counted as seen; opened by the parent, it is', async () => {
    const parent = await loginAs(t.app, 'parent');
    const { accountId } = await member(db(), 'parent');
    const dmitry = await studentByFile(db(), schoolId, 'М-0001');
    const views = async () => (await db().select({ n: diaryViews.views }).from(diaryViews)
      .where(and(eq(diaryViews.schoolId, schoolId), eq(diaryViews.accountId, accountId), eq(diaryViews.studentId, dmitry))))
      .reduce((s, r) => s + r.n, 0);
    const before = await views();
    expect((await parent.get(`/diary/${dmitry}`, { 'x-otmetka-prefetch': '1' })).statusCode).toBe(200);
    expect(await views()).toBe(before);
    expect((await parent.get(`/diary/${dmitry}`)).statusCode).toBe(200);
    expect(await views()).toBe(before + 1);
  });
  it('a page fetched ahead between a form and its redirect neither shows nor uses up the form\'s message', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    await c.post('/login', { login: 'multi', password: 'otmetka-demo' });
    const ids = [...(await c.get('/select-school')).body.matchAll(/name="schoolId" value="([^"]+)"/g)].map((m) => m[1]!);
    expect((await c.post('/select-school', { schoolId: ids[0]!, next: '/' })).headers.location).toBe('/');
    const ahead = await c.get('/today', { 'x-otmetka-prefetch': '1' }); // the service worker, before the redirect lands
    expect(ahead.statusCode).toBe(200);
    expect(mainText(ahead.body)).not.toContain('Выбрана школа');
    expect(mainText((await c.get('/')).body)).toContain('Выбрана школа: МАОУ «Гимназия № 2» (демо)');
    expect(mainText((await c.get('/')).body)).not.toContain('Выбрана школа'); // shown once
  });
});

describe('a fresh CSRF token for the grid\'s queue (/csrf-token)', () => {
  it('asks an anonymous visitor to log in', async () => {
    const res = await t.app.inject({ url: '/csrf-token', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(303);
  });

  it('a stale token is refused with code «csrf»; the fresh one is accepted', async () => {
    const teacher = await loginAs(t.app, 'teacher');
    const cell = { lessonId: '00000000-0000-4000-8000-000000000000', studentId: '00000000-0000-4000-8000-000000000000', column: 1, value: '5' };
    teacher.cookies.delete('otmetka.csrf'); // the browser restarted: the page's token no longer matches any secret
    const refused = await teacher.json('/journal/cells', cell);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'csrf' });
    const res = await teacher.get('/csrf-token', { accept: 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token } = res.json() as { token: string };
    const r = await t.app.inject({
      method: 'POST', url: '/journal/cells', payload: JSON.stringify(cell),
      headers: { cookie: [...teacher.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
    });
    expect(r.statusCode).not.toBe(403); // past the CSRF check: the cell itself is judged (an unknown lesson)
    expect(r.json()).toMatchObject({ ok: false });
  });
});

describe('logging out clears the site in the browser', () => {
  it.each(['/logout', '/logout-everywhere'])('%s answers with Clear-Site-Data: cache and storage', async (url) => {
    const teacher = await loginAs(t.app, 'teacher');
    await teacher.get('/account');
    const res = await teacher.post(url);
    expect(res.statusCode).toBe(303);
    expect(res.headers['clear-site-data']).toBe('"cache", "storage"');
  });

  it('logging in does not clear anything (the unsent marks of the account stay)', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    const res = await c.post('/login', { login: 'teacher', password: 'otmetka-demo' });
    expect(res.statusCode).toBe(303);
    expect(res.headers['clear-site-data']).toBeUndefined();
  });
});
