// Отметка's service worker: the journal opens without a connection (issue 16 item 5).
//
// Pages: from the network first. The server names the pages worth keeping for the logged-in account
// (GET /offline/pages: a teacher's «Сегодня», today's lessons and the grid of each group; a family's current week); the
// worker fetches them ahead and keeps the last copy of each in a cache of that account («otmetka-pages-<key>»). Without
// a connection (or while the server answers 502–504) a kept page opens from its copy with a banner «нет связи — показаны
// данные на ЧЧ:ММ» (the time the server made the copy, in the school's time zone); any other page gets a short offline
// page listing the kept ones. Marks typed on a kept grid go into the grid's own queue (public/js/grid.js).
//
// One account at a time: every page of a logged-in person says whose it is (header x-otmetka-account, a key). A page of
// another account, or the login page, drops every kept page first, so one account's copy is never shown to another.
// Logging out clears the caches, the storage and this worker (Clear-Site-Data, and public/js/app.js before the form goes).
// Never kept: anything but GET, anything not listed (reports, downloads, JSON), other sites, redirects.
// Static files (/static/…) are also network-first, with the last copy kept for offline use.

const VERSION = 'v1';
const STATIC = `otmetka-static-${VERSION}`;
const PAGES = 'otmetka-pages-';
const META = 'otmetka-meta';
const META_URL = '/__otmetka/meta';
const ACCOUNT = 'x-otmetka-account';
const TAKEN_AT = 'x-otmetka-at';
const SAVED = 'x-otmetka-saved';
const TITLE = 'x-otmetka-title';
/** How often the list of kept pages is fetched again (on a visit): today's lessons change with the day. */
const REFRESH_MS = 10 * 60_000;
/** The server is there but cannot answer (the database away, a proxy's timeout): the copy is more useful. */
const OUTAGE = new Set([502, 503, 504]);
const PRECACHE = [
  '/static/css/app.css', '/static/css/diary.css', '/static/js/app.js', '/static/js/grid.js',
  '/static/icons/icon.svg', '/static/icons/icon-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(STATIC).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('otmetka-static-') && name !== STATIC) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (url.pathname.startsWith('/static/')) event.respondWith(asset(request));
});

// A page of the site asks for a refresh of the kept pages (public/js/app.js, once a page of a logged-in person loads).
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'refresh') event.waitUntil(refreshIfDue(event.data.account));
});

// ── Pages ──

async function page(event) {
  const request = event.request;
  let response = null;
  try { response = await fetch(request); } catch { response = null; }
  if (response && !OUTAGE.has(response.status)) {
    event.waitUntil(learn(request.url, response.clone()).catch(() => undefined));
    return response;
  }
  const copy = await keptCopy(request.url);
  if (copy) return copy;
  return response || offlinePage();
}

/** What a page from the network tells: whose it is (a change of account drops the kept pages), and its fresh copy. */
async function learn(url, response) {
  if (response.type !== 'basic') return; // a redirect (opaque): its target comes through here on its own
  const account = response.headers.get(ACCOUNT);
  if (!account) {
    if (response.ok && new URL(url).pathname === '/login') await forget();
    return;
  }
  let meta = await readMeta();
  if (meta.account !== account) {
    await forget();
    meta = { account, pages: [], refreshedAt: 0 };
    await writeMeta(meta);
  }
  if (response.status === 200 && meta.pages.includes(pathOf(url))) await keep(account, url, response);
  await refreshIfDue(account);
}

/** The kept copy of a page of the current account, with the banner; null when there is none. */
async function keptCopy(url) {
  const { account } = await readMeta();
  if (!account) return null;
  const cache = await caches.open(PAGES + account);
  const copy = await cache.match(url, { ignoreVary: true });
  if (!copy) return null;
  const html = await copy.text();
  const headers = new Headers(copy.headers);
  const note = `нет связи — показаны данные на ${takenAt(copy.headers)}`;
  return new Response(withBanner(html, note), { status: 200, headers });
}

/** «09:05» when the copy was taken today (on this device's calendar), else «23.11 09:05». */
function takenAt(headers) {
  const at = headers.get(TAKEN_AT) || ''; // «23.11.2026 09:05» in the school's time zone
  const saved = Number(headers.get(SAVED) || 0);
  const today = new Date(saved).toDateString() === new Date().toDateString();
  return today ? at.slice(11, 16) : `${at.slice(0, 5)} ${at.slice(11, 16)}`;
}

function withBanner(html, text) {
  const banner = `<p class="offline-banner" role="status" data-offline-banner>${text}</p>`;
  const main = /<main\b[^>]*>/.exec(html);
  if (main) return html.slice(0, main.index + main[0].length) + banner + html.slice(main.index + main[0].length);
  return html.replace(/<body\b[^>]*>/, (m) => m + banner);
}

/** Keeps a copy of a page (listed for this account), stamped with when this device took it. */
async function keep(account, url, response) {
  const html = await response.text();
  if ((await readMeta()).account !== account) return; // logged out or switched meanwhile
  const headers = new Headers();
  for (const [k, v] of response.headers) {
    if (!['content-encoding', 'content-length', 'set-cookie', 'transfer-encoding'].includes(k)) headers.set(k, v);
  }
  headers.set(SAVED, String(Date.now()));
  const title = /<title>([^<]*)<\/title>/.exec(html);
  headers.set(TITLE, encodeURIComponent(title ? title[1].replace(/ — Отметка$/, '') : pathOf(url)));
  const cache = await caches.open(PAGES + account);
  await cache.put(new URL(url, self.location.origin).href, new Response(html, { status: 200, headers }));
}

let refreshing = null;

/** Fetches the list of pages to keep and then each of them, at most every REFRESH_MS (one refresh at a time). */
function refreshIfDue(expected) {
  if (!refreshing) refreshing = refresh(expected).catch(() => undefined).finally(() => { refreshing = null; });
  return refreshing;
}

async function refresh(expected) {
  let meta = await readMeta();
  if (meta.account && meta.account === expected && Date.now() - meta.refreshedAt < REFRESH_MS) return;
  const listed = await fetch('/offline/pages', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!listed.ok || listed.redirected) return;
  const { account, pages } = await listed.json();
  if (meta.account !== account) {
    await forget();
    meta = { account, pages: [], refreshedAt: 0 };
  }
  meta = { account, pages, refreshedAt: Date.now() };
  await writeMeta(meta);
  const cache = await caches.open(PAGES + account);
  for (const old of await cache.keys()) if (!pages.includes(pathOf(old.url))) await cache.delete(old);
  for (const path of pages) {
    const response = await fetch(path, { headers: { 'x-otmetka-prefetch': '1' }, redirect: 'manual', cache: 'no-store' });
    if (response.status !== 200 || response.headers.get(ACCOUNT) !== account) return; // logged out meanwhile: stop
    await keep(account, path, response);
  }
}

/** Drops every kept page and whose they were (the static files stay: they belong to nobody). */
async function forget() {
  for (const name of await caches.keys()) if (name.startsWith(PAGES)) await caches.delete(name);
  await caches.delete(META);
}

async function readMeta() {
  const saved = await caches.match(META_URL, { cacheName: META });
  if (!saved) return { account: null, pages: [], refreshedAt: 0 };
  try { return await saved.json(); } catch { return { account: null, pages: [], refreshedAt: 0 }; }
}

async function writeMeta(meta) {
  const cache = await caches.open(META);
  await cache.put(META_URL, new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }));
}

const pathOf = (url) => { const u = new URL(url, self.location.origin); return u.pathname + u.search; };

/** No connection and no copy of this page: what can be opened instead. */
async function offlinePage() {
  const { account } = await readMeta();
  const items = [];
  if (account) {
    const cache = await caches.open(PAGES + account);
    for (const request of await cache.keys()) {
      const copy = await cache.match(request);
      const title = decodeURIComponent((copy && copy.headers.get(TITLE)) || pathOf(request.url));
      items.push(`<li><a href="${escapeHtml(pathOf(request.url))}">${escapeHtml(title)}</a></li>`);
    }
  }
  const list = items.length
    ? `<p>Без связи открываются сохранённые страницы:</p><ul class="links">${items.join('')}</ul>`
    : '<p>Сохранённых страниц нет: откройте журнал или дневник, когда связь появится.</p>';
  const html = '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Нет связи — Отметка</title>'
    + '<link rel="stylesheet" href="/static/css/app.css"></head><body><main id="content">'
    + '<p class="offline-banner" role="status" data-offline-banner>нет связи — эта страница не сохранена</p>'
    + `<section class="card"><h1>Нет связи</h1>${list}</section></main></body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// ── Static files ──

async function asset(request) {
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      const copy = response.clone();
      caches.open(STATIC).then((c) => c.put(request, copy)).catch(() => undefined);
    }
    return response;
  } catch (err) {
    const copy = await caches.match(request, { cacheName: STATIC, ignoreSearch: true });
    if (copy) return copy;
    throw err;
  }
}

// ── Alerts to families (issue 17): a push shows the lock-screen text; a click opens the diary ──

self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = {}; }
  const title = data.title || 'Отметка';
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || 'Новое в дневнике', icon: '/static/icons/icon-192.png', data: { url: data.url || '/diary' }, tag: data.url || 'otmetka',
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.url) || '/diary';
  const target = new URL(path.startsWith('/') ? path : '/diary', self.location.origin).href;
  event.waitUntil((async () => {
    for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      if (c.url === target && 'focus' in c) return c.focus();
    }
    return self.clients.openWindow(target);
  })());
});
