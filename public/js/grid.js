// The journal grid from the keyboard: type 5 4 3 2 1, н or оп; arrows and Tab move; Backspace clears; Esc restores.
// A value that nothing longer can begin with (5, н, оп — not «о») is saved at once and the cursor moves down to the next
// student, so the next key never extends a saved value. Anything else is checked when the teacher leaves the cell: a
// string that is not a value is refused in the cell, nothing is stored, and the cell shows again what is stored.
// Each cell is saved with fetch. Cells not yet accepted by the server are kept in localStorage and retried
// (every few seconds and when the connection returns), so a dropped connection or a reload never loses a typed mark.
// Each kept cell carries the account that typed it (the page's key): another account's cells, left on a shared computer,
// are neither shown nor sent here. A page opened offline (public/sw.js) may carry a stale CSRF token: a save refused for
// it fetches a fresh token and is sent again; a session that ended keeps the cells until the teacher logs in again.

const table = document.querySelector('[data-grid]');
if (table) hydrate(table);
const statusLine = document.querySelector('[data-grid-status]');
const STORE = 'otmetka.pendingCells';
const ACCOUNT = document.querySelector('meta[name="otmetka-account"]')?.content || '';
const VALUES = ['5', '4', '3', '2', '1', 'н', 'оп'];
const HELP = 'Отметка должна быть одной из: 5, 4, 3, 2, 1, «н» (отсутствовал) или «оп» (опоздал).';
/** A value that no longer value begins with: typing it ends the cell («о» may still become «оп»). */
const isFinal = (v) => VALUES.includes(v) && !VALUES.some((x) => x !== v && x.startsWith(v));
/** Cells refused (a string that is no value, a conflict, a rule) and not yet typed again: cell key → message. */
const refusals = new Map();

const keyOf = (c) => `${c.lessonId}:${c.studentId}:${c.column}`;

function loadAll() {
  try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch { return {}; }
}
/** This account's unsent cells (cells kept before accounts were tagged count as this account's). */
function loadQueue() {
  return Object.fromEntries(Object.entries(loadAll()).filter(([, c]) => !c.account || c.account === ACCOUNT));
}
/** Stores this account's queue `q`, keeping other accounts' cells as they are. */
function saveQueue(q) {
  const others = Object.fromEntries(Object.entries(loadAll()).filter(([, c]) => c.account && c.account !== ACCOUNT));
  try { localStorage.setItem(STORE, JSON.stringify({ ...others, ...q })); } catch { /* storage full or off: the fetch still goes */ }
}
function say(text, isError) {
  if (!statusLine) return;
  statusLine.textContent = text;
  statusLine.classList.toggle('error', Boolean(isError));
}
function setState(input, state, title) {
  input.classList.remove('saving', 'saved', 'pending', 'error');
  if (state) input.classList.add(state);
  input.title = title || '';
}
function inputFor(k) {
  const [lessonId, studentId, column] = k.split(':');
  return table.querySelector(`input[data-lesson="${lessonId}"][data-student="${studentId}"][data-col="${column}"]`);
}
/** What the teacher typed, as the server stores it: lower case; Latin n, j, g typed in the wrong layout are н, о, п. */
function normalize(v) {
  return v.trim().toLowerCase().replace(/[njg]/g, (c) => ({ n: 'н', j: 'о', g: 'п' })[c]);
}
const cellKey = (input) => `${input.dataset.lesson}:${input.dataset.student}:${input.dataset.col}`;
/** What the cell holds for the server: the value waiting to be sent, else the one stored. */
const heldValue = (input) => loadQueue()[cellKey(input)]?.value ?? input.dataset.was;
function refuse(input, message) {
  const text = `${input.getAttribute('aria-label')}: ${message}`;
  refusals.set(cellKey(input), text);
  setState(input, 'error', message);
  input.setAttribute('aria-invalid', 'true');
}
function unrefuse(input) {
  refusals.delete(cellKey(input));
  input.removeAttribute('aria-invalid');
  if (input.classList.contains('error')) setState(input, null);
}
/** The status line once nothing waits to be sent: all saved, or what was refused (never «saved» over a refusal). */
function sayDone() {
  if (Object.keys(loadQueue()).length > 0) return;
  if (refusals.size === 0) { say('Все отметки сохранены.'); return; }
  const last = [...refusals.values()].pop();
  say(refusals.size === 1 ? last : `${last} Не сохранено клеток: ${refusals.size}, они отмечены красным.`, true);
}

/** The session ended (the answer is the login page): the cells wait until the teacher logs in again. */
const loggedOut = (res) => res.redirected && new URL(res.url).pathname === '/login';

async function post(cell) {
  const res = await fetch('/journal/cells', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': table.dataset.csrf, accept: 'application/json' },
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

async function send(cell) {
  const r = await post(cell);
  if (r.status !== 403 || !r.body || r.body.code !== 'csrf') return r;
  const token = await freshToken();
  if (!token) return { status: 401, body: null, loggedOut: true };
  table.dataset.csrf = token;
  return post(cell);
}

let flushing = false;
let again = false;
async function flush() {
  if (flushing) { again = true; return; }
  flushing = true;
  try {
    const queue = loadQueue();
    for (const [k, cell] of Object.entries(queue)) {
      const input = inputFor(k);
      if (input) setState(input, 'saving', 'Сохраняется…');
      let r;
      try { r = await send(cell); } catch { r = null; }
      if (r && r.loggedOut) {
        if (input) setState(input, 'pending', 'Не отправлено: сеанс завершён.');
        say('Сеанс завершён: войдите снова и откройте этот журнал — введённые отметки сохранены в браузере и будут отправлены.', true);
        break;
      }
      if (!r || r.status >= 500 || r.status === 0 || !r.body) {
        if (input) setState(input, 'pending', 'Не отправлено: нет связи. Отправим, когда связь появится.');
        say('Нет связи с сервером: введённые отметки сохранены в браузере и будут отправлены автоматически.', true);
        break;
      }
      const q = loadQueue();
      if (q[k] && q[k].value === cell.value && q[k].was === cell.was) delete q[k];
      // A newer value of the same cell, typed while this one was on its way, now changes what this one stored.
      else if (q[k] && r.body.ok && q[k].was === cell.was) q[k].was = r.body.display;
      saveQueue(q);
      if (!input) continue;
      // The answer shows in the cell unless a newer value waits to be sent or the teacher is typing another one there.
      const shows = !q[k] && (document.activeElement !== input || normalize(input.value) === cell.value);
      if (r.body.ok) {
        input.dataset.was = r.body.display;
        if (shows) input.value = r.body.display;
        // «Сохранено» never over a string refused since.
        if (shows && !refusals.has(k)) setState(input, 'saved', 'Сохранено');
        input.closest('td').classList.toggle('att-absent', r.body.attendance === 'absent' && input.dataset.col === '1');
        input.closest('td').classList.toggle('att-late', r.body.attendance === 'late' && input.dataset.col === '1');
      } else {
        if (r.body.display !== undefined) input.dataset.was = r.body.display;
        if (shows) input.value = input.dataset.was;
        if (!q[k]) refuse(input, r.body.message || 'Не сохранено.');
      }
    }
    sayDone();
  } finally {
    flushing = false;
    if (again) { again = false; flush(); }
  }
}

/** Queues the cell's current value (if changed) and sends it; false when the string is refused (nothing is queued). */
function commit(input) {
  const value = normalize(input.value);
  // Unchanged (what is stored, or already waiting to be sent): keep the state showing; only a refusal is cleared (the
  // teacher has looked at the cell again).
  if (value === heldValue(input)) { input.value = value; unrefuse(input); sayDone(); return true; }
  if (value !== '' && !VALUES.includes(value)) {
    refuse(input, `«${input.value.trim()}» не сохранено. ${HELP}`);
    say(refusals.get(cellKey(input)), true);
    return false;
  }
  input.value = value;
  unrefuse(input);
  const cell = {
    lessonId: input.dataset.lesson, studentId: input.dataset.student, column: Number(input.dataset.col), value, was: input.dataset.was,
    groupId: table.dataset.group, account: ACCOUNT,
  };
  if (input.dataset.reasonNeeded) {
    const reason = window.prompt('Изменение после закрытия урока или периода: укажите причину');
    if (!reason) { input.value = input.dataset.was; setState(input, null); return true; }
    cell.reason = reason;
  }
  const q = loadQueue();
  const queued = q[keyOf(cell)];
  if (queued && queued.value === cell.value && queued.was === cell.was) return true;
  q[keyOf(cell)] = cell;
  saveQueue(q);
  setState(input, 'saving', 'Сохраняется…');
  flush();
  return true;
}

// ── Keyboard ──
/** Focuses the neighbouring cell; false when there is none (the last student, the last column). */
function move(input, dRow, dCol) {
  const td = input.closest('td');
  const tr = td.parentElement;
  if (dCol !== 0) {
    const all = [...tr.querySelectorAll('input.cell-in')];
    const next = all[all.indexOf(input) + dCol];
    if (next) next.focus();
    return Boolean(next);
  }
  const index = [...tr.children].indexOf(td);
  let row = dRow > 0 ? tr.nextElementSibling : tr.previousElementSibling;
  while (row) {
    const target = row.children[index] && row.children[index].querySelector('input.cell-in');
    if (target) { target.focus(); return true; }
    row = dRow > 0 ? row.nextElementSibling : row.previousElementSibling;
  }
  return false;
}

table.addEventListener('focusin', (e) => { if (e.target.matches('input.cell-in')) e.target.select(); });
table.addEventListener('change', (e) => { if (e.target.matches('input.cell-in')) commit(e.target); });
// Left with a refused string: the cell shows again what is stored, still marked red with the reason.
table.addEventListener('focusout', (e) => {
  const input = e.target;
  if (!input.matches('input.cell-in') || !input.classList.contains('error')) return;
  const v = normalize(input.value);
  if (v !== '' && !VALUES.includes(v)) input.value = heldValue(input);
});
table.addEventListener('keydown', (e) => {
  const input = e.target;
  if (!input.matches || !input.matches('input.cell-in')) return;
  const moves = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1], Enter: [1, 0] };
  if (moves[e.key]) {
    e.preventDefault();
    // A refused string keeps the cursor in its cell, selected, to be typed again (or Esc).
    if (commit(input)) move(input, ...moves[e.key]);
    else input.select();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    input.value = heldValue(input);
    unrefuse(input);
    sayDone();
    input.select();
  } else if ((e.key === 'Backspace' || e.key === 'Delete') && input.selectionStart === 0 && input.selectionEnd === input.value.length) {
    e.preventDefault();
    input.value = '';
    commit(input);
  }
});
table.addEventListener('input', (e) => {
  const input = e.target;
  if (!input.matches('input.cell-in')) return;
  // A value nothing longer begins with is saved and the cursor moves on to the next student: entering one lesson's
  // marks down the column. At the last student it stays, selected, so that a next key replaces it, never extends it.
  if (!isFinal(normalize(input.value))) return;
  if (commit(input) && !move(input, 1, 0)) input.select();
});

// Restore cells typed earlier that the server has not accepted yet (a reload, a lost connection), then send them.
for (const [k, cell] of Object.entries(loadQueue())) {
  const input = inputFor(k);
  if (input) { input.value = cell.value; setState(input, 'pending', 'Ещё не отправлено'); }
}
window.addEventListener('online', flush);
setInterval(() => { if (Object.keys(loadQueue()).length > 0) flush(); }, 5000);
flush();

// Open at the latest lesson that can still be filled (usually today's), not at the start of the period: its last column
// just left of the sticky average and period mark, the lessons before it in view.
const latest = [...table.querySelectorAll('input.cell-in')].pop();
const wrap = table.closest('.grid-wrap');
if (latest && wrap) {
  const td = latest.closest('td');
  const right = [...table.querySelectorAll('thead th.avg, thead th.pmark')].reduce((w, th) => w + th.offsetWidth, 0);
  wrap.scrollLeft = Math.max(0, td.offsetLeft + td.offsetWidth - (wrap.clientWidth - right));
}

// The help folds away once read: open on the first visit, folded on the next ones; opening it again keeps it open.
const help = document.querySelector('[data-grid-help]');
const HELP_STATE = 'otmetka.gridHelp';
if (help) {
  let seen = null;
  try { seen = localStorage.getItem(HELP_STATE); } catch { /* storage off: the help stays open */ }
  if (seen === 'folded') help.open = false;
  else if (seen === null) {
    try { localStorage.setItem(HELP_STATE, 'folded'); } catch { /* storage off */ }
  }
  help.addEventListener('toggle', () => {
    try { localStorage.setItem(HELP_STATE, help.open ? 'open' : 'folded'); } catch { /* storage off */ }
  });
}

/**
 * The page says each column's lesson, work-type column and edit mode once, in the second header row, and each student
 * once, on the row (the grid stays light: no per-cell ids or titles). Each input gets them here, with its label
 * «Name, date, column» as before.
 */
function hydrate(grid) {
  const cols = [...grid.querySelectorAll('thead tr:nth-child(2) th.col-type')];
  for (const tr of grid.tBodies[0].rows) {
    for (let i = 1; i < tr.cells.length; i++) {
      const input = tr.cells[i].firstElementChild;
      const col = cols[i - 1];
      if (!input || !col || !input.matches('input.cell-in')) continue;
      input.dataset.lesson = col.dataset.lesson;
      input.dataset.student = tr.dataset.student;
      input.dataset.col = col.dataset.col;
      input.dataset.was = input.defaultValue;
      input.maxLength = 3;
      input.autocomplete = 'off';
      if (col.dataset.edit === 'correct') input.dataset.reasonNeeded = '1';
      input.setAttribute('aria-label', `${tr.dataset.name}, ${col.dataset.date}, ${col.textContent.trim()}`);
    }
  }
}
