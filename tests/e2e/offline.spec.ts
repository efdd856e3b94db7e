import { expect, test, type Page } from '@playwright/test';
import { logIn } from './persona.ts';

// The journal without a connection (issue 16 item 5), at 360×740 as on a phone: the service worker (public/sw.js)
// keeps the teacher's grids and the family's current week per account; they open after a reload with the network
// off, under a banner with the time the copy was taken; a mark typed offline goes out once the network is back (even
// with a CSRF token gone stale meanwhile); logging out leaves no cache and no storage of the site behind.
test.use({ viewport: { width: 360, height: 740 } });

const BANNER = /^нет связи — показаны данные на (\d\d:\d\d)$/;

/** Cache name → paths it holds, as the page sees them. */
async function cached(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(`(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
    }
    return out;
  })()`);
}

/** The pages the worker was told to keep (GET /offline/pages, as it stored the list). */
const listed = (page: Page) => page.evaluate(`caches.match('/__otmetka/meta').then((r) => r ? r.json() : { pages: [] }).then((m) => m.pages)`) as Promise<string[]>;

/**
 * The pages kept for the logged-in account (the one otmetka-pages-… cache), polled until every listed page is kept
 * (the worker fetches them one after another after the login) and `path` is among them.
 */
async function keptWith(page: Page, path: string): Promise<string[]> {
  let kept: string[] = [];
  await expect.poll(async () => {
    const all = await cached(page);
    const names = Object.keys(all).filter((n) => n.startsWith('otmetka-pages-'));
    kept = names.length === 1 ? all[names[0]!]! : [];
    const list = await listed(page);
    return kept.includes(path) && list.every((p) => kept.includes(p));
  }, { timeout: 20_000 }).toBe(true);
  return kept;
}

async function openGrid(page: Page, name: string): Promise<string> {
  await page.goto('/journal');
  const href = (await page.getByRole('link', { name }).first().getAttribute('href'))!;
  return href;
}

test('the teacher\'s grid opens offline with the banner; a mark typed offline is saved once online, with a fresh CSRF token', async ({ page, context }) => {
  test.setTimeout(60_000);
  await logIn(page, 'teacher');
  const grid = await openGrid(page, '5А · Математика');
  // Fetched ahead after the login, before the grid was ever opened: the grids of the teacher's groups and today's lessons.
  const kept = await keptWith(page, grid);
  expect(kept).toEqual(expect.arrayContaining(['/', '/today', '/journal']));
  expect(kept.filter((p) => p.startsWith('/journal/groups/')).length).toBeGreaterThanOrEqual(4);
  expect(kept.some((p) => p.startsWith('/journal/lessons/'))).toBe(true);
  expect(kept.some((p) => p.startsWith('/reports') || p.startsWith('/diary'))).toBe(false);

  // Opened online: the copy is refreshed; the time the server made it is the banner's time later.
  const online = page.waitForResponse((r) => new URL(r.url()).pathname === grid && r.request().isNavigationRequest());
  await page.goto(grid);
  const takenAt = (await (await online).headerValue('x-otmetka-at'))!.slice(11, 16);
  await expect(page.locator('[data-offline-banner]')).toHaveCount(0);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');
  const banner = page.locator('[data-offline-banner]');
  await expect(banner).toHaveText(BANNER);
  expect(BANNER.exec((await banner.textContent())!)![1]).toBe(takenAt);
  await expect(banner).toBeInViewport();
  await page.screenshot({ path: 'test-results/offline-grid-360.png' });

  // A mark typed offline: kept in the browser, tagged with the account, shown as not sent.
  const lessonId = await page.locator('input.cell-in[data-col="1"]').last().getAttribute('data-lesson');
  const cell = page.locator(`input.cell-in[data-lesson="${lessonId}"][data-col="1"]`).nth(3);
  const typed = (await cell.inputValue()) === '4' ? '5' : '4';
  await cell.focus();
  await page.keyboard.type(typed);
  await expect(cell).toHaveClass(/pending/);
  await expect(page.locator('[data-grid-status]')).toContainText('будут отправлены автоматически');
  const account = await page.locator('meta[name="otmetka-account"]').getAttribute('content');
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toContain(`"account":"${account}"`);
  await page.screenshot({ path: 'test-results/offline-grid-pending-360.png' });

  // Meanwhile the CSRF cookie is gone (the browser was restarted): the page's token is stale. Back online, the queue
  // is refused for it once, fetches a fresh token and saves the mark.
  await context.clearCookies({ name: 'otmetka.csrf' });
  let tokens = 0;
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/csrf-token') tokens += 1; });
  await context.setOffline(false);
  await expect(cell).toHaveClass(/saved/, { timeout: 15_000 });
  expect(tokens).toBe(1);
  await expect(page.locator('[data-grid-status]')).toHaveText('Все отметки сохранены.');
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toBe('{}');
  await page.reload();
  await expect(page.locator('[data-offline-banner]')).toHaveCount(0);
  await expect(page.locator(`input.cell-in[data-lesson="${lessonId}"][data-col="1"]`).nth(3)).toHaveValue(typed);
});

test('the parent\'s current week opens offline with the banner; a page never kept says so and lists the kept ones', async ({ page, context }) => {
  await logIn(page, 'parent');
  await page.goto('/diary');
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  const week = new URL(page.url()).pathname;
  expect(await keptWith(page, week)).toEqual(expect.arrayContaining(['/', '/diary', week]));
  await page.goto(week);
  const title = await page.locator('.dy-week-title').textContent();

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-offline-banner]')).toHaveText(BANNER);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Дмитрий Морозов');
  expect(await page.locator('.dy-week-title').textContent()).toBe(title);
  await page.screenshot({ path: 'test-results/offline-week-360.png' });

  // The marks page was never kept: the offline page, with links to what was.
  await page.goto(`${week}/marks`);
  await expect(page.locator('[data-offline-banner]')).toHaveText('нет связи — эта страница не сохранена');
  await expect(page.getByRole('link', { name: /Дневник: Дмитрий Морозов/ })).toHaveAttribute('href', week);
});

test('logging out leaves no cache, no storage and no service worker; offline, nothing of the account opens', async ({ page, context }) => {
  await logIn(page, 'teacher');
  const grid = await openGrid(page, '5А · Математика');
  await keptWith(page, grid);
  const account = await page.locator('meta[name="otmetka-account"]').getAttribute('content');
  // An unsent mark of this account: logging out asks first (it would be lost).
  const cells = { 'x:y:1': { lessonId: 'x', studentId: 'y', column: 1, value: '5', was: '', account } };
  await page.evaluate(`localStorage.setItem('otmetka.pendingCells', ${JSON.stringify(JSON.stringify(cells))})`);
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login\?ended=out$/);
  expect(asked).toContain('Не отправлено отметок: 1');
  expect(await page.evaluate('caches.keys()')).toEqual([]);
  expect(await page.evaluate('localStorage.length')).toBe(0);
  expect(await page.evaluate('navigator.serviceWorker.getRegistrations().then((r) => r.length)')).toBe(0);

  await context.setOffline(true);
  await expect(page.goto(grid)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
});

test('the server alone clears the site on logout (Clear-Site-Data), without the page\'s script', async ({ page }) => {
  await logIn(page, 'parent');
  await keptWith(page, '/diary');
  await page.evaluate(`localStorage.setItem('otmetka.other', 'x')`);
  // The logout form sent by fetch: app.js's submit handler does not run, only the response's header acts.
  const type = await page.evaluate(`(async () => {
    const token = document.querySelector('form.logout input[name="_csrf"]').value;
    const r = await fetch('/logout', { method: 'POST', body: new URLSearchParams({ _csrf: token }), redirect: 'manual' });
    return r.type;
  })()`);
  expect(type).toBe('opaqueredirect');
  await expect.poll(() => page.evaluate('caches.keys()')).toEqual([]);
  expect(await page.evaluate('localStorage.length')).toBe(0);
});

test('one account\'s kept pages are never shown to the next: a new login drops them', async ({ page, context }) => {
  await logIn(page, 'teacher');
  const grid = await openGrid(page, '5А · Математика');
  await keptWith(page, grid);
  const teacherCaches = Object.keys(await cached(page)).filter((n) => n.startsWith('otmetka-pages-'));
  // The teacher leaves without logging out; the session ends (the browser closed); a parent logs in on the same computer.
  await context.clearCookies({ name: 'otmetka.sid' });
  await logIn(page, 'parent');
  await keptWith(page, '/diary');
  const names = Object.keys(await cached(page)).filter((n) => n.startsWith('otmetka-pages-'));
  expect(names).toHaveLength(1);
  expect(names).not.toEqual(teacherCaches);
  await context.setOffline(true);
  await page.goto(grid);
  await expect(page.locator('[data-offline-banner]')).toHaveText('нет связи — эта страница не сохранена');
  await expect(page.locator('main')).not.toContainText('Математика');
});

test('the web app manifest is served, valid for Chromium, with real icons', async ({ page }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const cdp = await page.context().newCDPSession(page);
  const parsed = await cdp.send('Page.getAppManifest') as { url: string; errors: Array<{ message: string }>; data?: string };
  expect(parsed.url).toMatch(/\/manifest\.webmanifest$/);
  expect(parsed.errors).toEqual([]);
  const manifest = JSON.parse(parsed.data!) as { name: string; short_name: string; display: string; start_url: string; theme_color: string;
    icons: Array<{ src: string; sizes: string; type: string; purpose: string }> };
  expect(manifest).toMatchObject({ short_name: 'Отметка', display: 'standalone', start_url: '/' });
  expect(manifest.name).toContain('Отметка');
  expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(manifest.theme_color);
  for (const icon of manifest.icons) {
    const r = await page.request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toContain(icon.type);
    if (icon.type === 'image/png') {
      const png = await r.body();
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
  }
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  expect(manifest.icons.some((i) => i.sizes === '512x512')).toBe(true);
});
