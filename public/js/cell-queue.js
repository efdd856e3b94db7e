// Journal cells on their way to the server, shared by the grid (grid.js) and the lesson screen (lesson.js). A cell
// ({ lessonId, studentId, column, value, was, groupId?, reason? }) waits in localStorage until POST /journal/cells has
// answered it, so a dropped connection or a reload never loses a mark: the queue is sent again every few seconds and
// when the connection returns, by whichever of the two pages is open.

const STORE = 'otmetka.pendingCells';

export const keyOf = (c) => `${c.lessonId}:${c.studentId}:${c.column}`;

export function loadQueue() {
  try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch { return {}; }
}
function saveQueue(q) {
  try { localStorage.setItem(STORE, JSON.stringify(q)); } catch { /* storage full or off: the fetch still goes */ }
}

export const pendingCount = () => Object.keys(loadQueue()).length;

/** Queues a cell; false when the same value, typed over the same stored one, already waits. */
export function enqueue(cell) {
  const q = loadQueue();
  const queued = q[keyOf(cell)];
  if (queued && queued.value === cell.value && queued.was === cell.was) return false;
  q[keyOf(cell)] = cell;
  saveQueue(q);
  return true;
}

async function send(cell, csrf) {
  const res = await fetch('/journal/cells', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
    body: JSON.stringify(cell),
    credentials: 'same-origin',
  });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  return { status: res.status, body };
}

/**
 * Starts sending the queue with the page's CSRF token and returns `flush` (send now). The page follows each cell
 * through its hooks:
 * - sending(key, cell): on its way;
 * - offline(key, cell): no answer (no connection, the server down): it and the cells after it stay queued;
 * - answered(key, cell, body, waiting): the server's answer ({ ok, display, attendance } or { ok: false, message,
 *   display? }); `waiting` is a newer value of the same cell queued meanwhile (its `was` already moved on), or null;
 * - done(): the pass is over (the queue may still hold cells that were offline).
 */
export function startQueue(csrf, hooks) {
  let flushing = false;
  let again = false;
  async function flush() {
    if (flushing) { again = true; return; }
    flushing = true;
    try {
      for (const [k, cell] of Object.entries(loadQueue())) {
        hooks.sending(k, cell);
        let r;
        try { r = await send(cell, csrf); } catch { r = null; }
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
