// Journal cells on their way to the server, shared by the grid (grid.js) and the lesson screen (lesson.js). A cell
// ({ lessonId, studentId, column, value, was, groupId?, reason? }) waits in localStorage until POST /journal/cells has
// answered it, so a dropped connection or a reload never loses a mark: the queue is sent again every few seconds and
// when the connection returns, by whichever of the two pages is open.
// Each kept cell carries the account that typed it (the page's key): another account's cells, left on a shared computer,
// are neither shown nor sent here. A page opened offline (public/sw.js) may carry a stale CSRF token: a save refused for
// it fetches a fresh token and is sent again; a session that ended keeps the cells until the teacher logs in again.

const STORE = 'otmetka.pendingCells';
const ACCOUNT = document.querySelector('meta[name="otmetka-account"]')?.content || '';

export const keyOf = (c) => `${c.lessonId}:${c.studentId}:${c.column}`;

function loadAll() {
  try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch { return {}; }
}
/** This account's unsent cells (cells kept before accounts were tagged count as this account's). */
export function loadQueue() {
  return Object.fromEntries(Object.entries(loadAll()).filter(([, c]) => !c.account || c.account === ACCOUNT));
}
/** Stores this account's queue `q`, keeping other accounts' cells as they are. */
function saveQueue(q) {
  const others = Object.fromEntries(Object.entries(loadAll()).filter(([, c]) => c.account && c.account !== ACCOUNT));
  try { localStorage.setItem(STORE, JSON.stringify({ ...others, ...q })); } catch { /* storage full or off: the fetch still goes */ }
}

export const pendingCount = () => Object.keys(loadQueue()).length;

/** Queues a cell; false when the same value, typed over the same stored one, already waits. */
export function enqueue(cell) {
  const q = loadQueue();
  const queued = q[keyOf(cell)];
  if (queued && queued.value === cell.value && queued.was === cell.was) return false;
  q[keyOf(cell)] = { ...cell, account: ACCOUNT };
  saveQueue(q);
  return true;
}

/** The session ended (the answer is the login page): the cells wait until the teacher logs in again. */
const loggedOut = (res) => res.redirected && new URL(res.url).pathname === '/login';

async function post(cell, csrf) {
  const res = await fetch('/journal/cells', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
    body: JSON.stringify({ ...cell, account: undefined }),
    credentials: 'same-origin',
  });
  if (loggedOut(res)) return { status: 401, body: null, loggedOut: true };
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  return { status: res.status, body };
}

/** A fresh CSRF token from the server (null when the session has ended). */
async function freshToken() {
  const res = await fetch('/csrf-token', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok || loggedOut(res)) return null;
  return (await res.json()).token || null;
}

/**
 * Starts sending the queue with the page's CSRF token and returns `flush` (send now). The page follows each cell
 * through its hooks:
 * - sending(key, cell): on its way;
 * - offline(key, cell): no answer (no connection, the server down): it and the cells after it stay queued;
 * - loggedOut(key, cell): the session has ended: it and the cells after it stay queued until the next login;
 * - answered(key, cell, body, waiting): the server's answer ({ ok, display, attendance } or { ok: false, message,
 *   display? }); `waiting` is a newer value of the same cell queued meanwhile (its `was` already moved on), or null;
 * - done(): the pass is over (the queue may still hold cells that were offline).
 */
export function startQueue(csrf, hooks) {
  let token = csrf;
  async function send(cell) {
    const r = await post(cell, token);
    if (r.status !== 403 || !r.body || r.body.code !== 'csrf') return r;
    const fresh = await freshToken();
    if (!fresh) return { status: 401, body: null, loggedOut: true };
    token = fresh;
    return post(cell, token);
  }
  let flushing = false;
  let again = false;
  async function flush() {
    if (flushing) { again = true; return; }
    flushing = true;
    try {
      for (const [k, cell] of Object.entries(loadQueue())) {
        hooks.sending(k, cell);
        let r;
        try { r = await send(cell); } catch { r = null; }
        if (r && r.loggedOut) { hooks.loggedOut(k, cell); break; }
        if (!r || r.status >= 500 || r.status === 0 || !r.body) { hooks.offline(k, cell); break; }
        const q = loadQueue();
        if (q[k] && q[k].value === cell.value && q[k].was === cell.was) delete q[k];
        // A newer value of the same cell, typed while this one was on its way, now changes what this one stored.
        else if (q[k] && r.body.ok && q[k].was === cell.was) q[k].was = r.body.display;
        saveQueue(q);
        hooks.answered(k, cell, r.body, q[k] || null);
      }
      hooks.done();
    } finally {
      flushing = false;
      if (again) { again = false; flush(); }
    }
  }
  window.addEventListener('online', flush);
  setInterval(() => { if (pendingCount() > 0) flush(); }, 5000);
  return flush;
}
