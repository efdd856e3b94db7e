// The journal grid from the keyboard: type 5 4 3 2 1, н or оп; arrows and Tab move; Backspace clears.
// Each cell is saved at once with fetch. Cells not yet accepted by the server are kept in localStorage and retried
// (every few seconds and when the connection returns), so a dropped connection or a reload never loses a typed mark.

const table = document.querySelector('[data-grid]');
const statusLine = document.querySelector('[data-grid-status]');
const STORE = 'otmetka.pendingCells';
const COMPLETE = /^([1-5]|н|n|оп)$/i;

const keyOf = (c) => `${c.lessonId}:${c.studentId}:${c.column}`;

function loadQueue() {
  try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch { return {}; }
}
function saveQueue(q) {
  try { localStorage.setItem(STORE, JSON.stringify(q)); } catch { /* storage full or off: the fetch still goes */ }
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
function normalize(v) {
  const t = v.trim().toLowerCase();
  return t === 'n' ? 'н' : t;
}

async function send(cell) {
  const res = await fetch('/journal/cells', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': table.dataset.csrf, accept: 'application/json' },
    body: JSON.stringify(cell),
    credentials: 'same-origin',
  });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  return { status: res.status, body };
}

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    const queue = loadQueue();
    for (const [k, cell] of Object.entries(queue)) {
      const input = inputFor(k);
      if (input) setState(input, 'saving', 'Сохраняется…');
      let r;
      try { r = await send(cell); } catch { r = null; }
      if (!r || r.status >= 500 || r.status === 0 || !r.body) {
        if (input) setState(input, 'pending', 'Не отправлено: нет связи. Отправим, когда связь появится.');
        say('Нет связи с сервером: введённые отметки сохранены в браузере и будут отправлены автоматически.', true);
        break;
      }
      const q = loadQueue();
      if (q[k] && q[k].value === cell.value && q[k].was === cell.was) delete q[k];
      saveQueue(q);
      if (!input) continue;
      if (r.body.ok) {
        input.dataset.was = r.body.display;
        if (normalize(input.value) === cell.value) input.value = r.body.display;
        setState(input, 'saved', 'Сохранено');
        input.closest('td').classList.toggle('att-absent', r.body.attendance === 'absent' && input.dataset.col === '1');
        input.closest('td').classList.toggle('att-late', r.body.attendance === 'late' && input.dataset.col === '1');
      } else {
        if (r.body.display !== undefined) { input.value = r.body.display; input.dataset.was = r.body.display; }
        else input.value = input.dataset.was;
        setState(input, 'error', r.body.message || 'Не сохранено');
        say(r.body.message || 'Не сохранено.', true);
      }
    }
    if (Object.keys(loadQueue()).length === 0) say('Все отметки сохранены.');
  } finally {
    flushing = false;
  }
}

/** Queues the cell's current value (if changed) and sends it. */
function commit(input) {
  const value = normalize(input.value);
  // Unchanged: keep «saved» showing; only a refused value's error is cleared.
  if (value === input.dataset.was) { if (input.classList.contains('error')) setState(input, null); return; }
  if (value !== '' && !COMPLETE.test(value)) {
    setState(input, 'error', 'Отметка должна быть одной из: 5, 4, 3, 2, 1, или н, оп');
    say('Отметка должна быть одной из: 5, 4, 3, 2, 1, или «н» — отсутствовал, «оп» — опоздал.', true);
    return;
  }
  const cell = { lessonId: input.dataset.lesson, studentId: input.dataset.student, column: Number(input.dataset.col), value, was: input.dataset.was, groupId: table.dataset.group };
  if (input.dataset.reasonNeeded) {
    const reason = window.prompt('Изменение после закрытия урока или периода: укажите причину');
    if (!reason) { input.value = input.dataset.was; setState(input, null); return; }
    cell.reason = reason;
  }
  const q = loadQueue();
  const queued = q[keyOf(cell)];
  if (queued && queued.value === cell.value && queued.was === cell.was) return;
  q[keyOf(cell)] = cell;
  saveQueue(q);
  setState(input, 'saving', 'Сохраняется…');
  flush();
}

// ── Keyboard ──
function move(input, dRow, dCol) {
  const td = input.closest('td');
  const tr = td.parentElement;
  if (dCol !== 0) {
    const all = [...tr.querySelectorAll('input.cell-in')];
    const next = all[all.indexOf(input) + dCol];
    if (next) next.focus();
    return;
  }
  const index = [...tr.children].indexOf(td);
  let row = dRow > 0 ? tr.nextElementSibling : tr.previousElementSibling;
  while (row) {
    const target = row.children[index] && row.children[index].querySelector('input.cell-in');
    if (target) { target.focus(); return; }
    row = dRow > 0 ? row.nextElementSibling : row.previousElementSibling;
  }
}

table.addEventListener('focusin', (e) => { if (e.target.matches('input.cell-in')) e.target.select(); });
table.addEventListener('change', (e) => { if (e.target.matches('input.cell-in')) commit(e.target); });
table.addEventListener('keydown', (e) => {
  const input = e.target;
  if (!input.matches || !input.matches('input.cell-in')) return;
  const moves = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1], Enter: [1, 0] };
  if (moves[e.key]) {
    e.preventDefault();
    commit(input);
    move(input, ...moves[e.key]);
  } else if ((e.key === 'Backspace' || e.key === 'Delete') && input.selectionStart === 0 && input.selectionEnd === input.value.length) {
    e.preventDefault();
    input.value = '';
    commit(input);
  }
});
table.addEventListener('input', (e) => {
  const input = e.target;
  if (!input.matches('input.cell-in')) return;
  const v = normalize(input.value);
  // A complete value moves on to the next student: entering one lesson's marks down the column.
  if (COMPLETE.test(v)) {
    commit(input);
    move(input, 1, 0);
  }
});

// Restore cells typed earlier that the server has not accepted yet (a reload, a lost connection), then send them.
for (const [k, cell] of Object.entries(loadQueue())) {
  const input = inputFor(k);
  if (input) { input.value = cell.value; setState(input, 'pending', 'Ещё не отправлено'); }
}
window.addEventListener('online', flush);
setInterval(() => { if (Object.keys(loadQueue()).length > 0) flush(); }, 5000);
flush();

// Open at the latest lesson that can still be filled (usually today's), not at the start of the period.
const latest = [...table.querySelectorAll('input.cell-in')].pop();
const wrap = table.closest('.grid-wrap');
if (latest && wrap) {
  const name = table.querySelector('th.name');
  wrap.scrollLeft = Math.max(0, latest.closest('td').offsetLeft - (name ? name.offsetWidth : 0) - 40);
}
