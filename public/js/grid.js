// The journal grid from the keyboard: type 5 4 3 2 1, н or оп; arrows and Tab move; Backspace clears; Esc restores.
// A value that nothing longer can begin with (5, н, оп — not «о») is saved at once and the cursor moves down to the next
// student, so the next key never extends a saved value. Anything else is checked when the teacher leaves the cell: a
// string that is not a value is refused in the cell, nothing is stored, and the cell shows again what is stored.
// Each cell is saved with fetch. Cells not yet accepted by the server are kept in localStorage and retried
// (every few seconds and when the connection returns), so a dropped connection or a reload never loses a typed mark.

import { enqueue, loadQueue, pendingCount, startQueue } from './cell-queue.js';
import { hideNear, showNear } from './field-message.js';

const table = document.querySelector('[data-grid]');
if (table) hydrate(table);
const statusLine = document.querySelector('[data-grid-status]');
const VALUES = ['5', '4', '3', '2', '1', 'н', 'оп'];
const HELP = 'Отметка должна быть одной из: 5, 4, 3, 2, 1, «н» (отсутствовал) или «оп» (опоздал).';
/** A value that no longer value begins with: typing it ends the cell («о» may still become «оп»). */
const isFinal = (v) => VALUES.includes(v) && !VALUES.some((x) => x !== v && x.startsWith(v));
/** Cells refused (a string that is no value, a conflict, a rule) and not yet typed again: cell key → message. */
const refusals = new Map();

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
/** The cell is refused: marked red, its message shown beside it (read out with it) while the cursor is there. */
function refuse(input, message) {
  const text = `${input.getAttribute('aria-label')}: ${message}`;
  refusals.set(cellKey(input), text);
  setState(input, 'error', message);
  input.setAttribute('aria-invalid', 'true');
  if (document.activeElement === input) showNear(input, text);
}
function unrefuse(input) {
  refusals.delete(cellKey(input));
  input.removeAttribute('aria-invalid');
  hideNear(input);
  if (input.classList.contains('error')) setState(input, null);
}
/**
 * A refusal that came back from the server after the cursor moved on: the cursor goes back to the cell, where its
 * message is — unless the teacher is in the middle of typing another value (then the red cell waits for them).
 */
function bringBack(input) {
  const active = document.activeElement;
  const typing = active && active !== input && active.matches('input.cell-in') && normalize(active.value) !== heldValue(active);
  if (typing) return;
  input.focus({ preventScroll: true });
  input.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  showNear(input, refusals.get(cellKey(input)));
}
/** The status line once nothing waits to be sent: all saved, or what was refused (never «saved» over a refusal). */
function sayDone() {
  if (pendingCount() > 0) return;
  if (refusals.size === 0) { say('Все отметки сохранены.'); return; }
  const last = [...refusals.values()].pop();
  say(refusals.size === 1 ? last : `${last} Не сохранено клеток: ${refusals.size}, они отмечены красным.`, true);
}

const flush = startQueue(table.dataset.csrf, {
  sending(k) {
    const input = inputFor(k);
    if (input) setState(input, 'saving', 'Сохраняется…');
  },
  loggedOut(k) {
    const input = inputFor(k);
    if (input) setState(input, 'pending', 'Не отправлено: сеанс завершён.');
    say('Сеанс завершён: войдите снова и откройте этот журнал — введённые отметки сохранены в браузере и будут отправлены.', true);
  },
  offline(k) {
    const input = inputFor(k);
    if (input) setState(input, 'pending', 'Не отправлено: нет связи. Отправим, когда связь появится.');
    say('Нет связи с сервером: введённые отметки сохранены в браузере и будут отправлены автоматически.', true);
  },
  answered(k, cell, body, waiting) {
    const input = inputFor(k);
    if (!input) return;
    // The answer shows in the cell unless a newer value waits to be sent or the teacher is typing another one there.
    const shows = !waiting && (document.activeElement !== input || normalize(input.value) === cell.value);
    if (body.ok) {
      input.dataset.was = body.display;
      if (shows) input.value = body.display;
      // «Сохранено» never over a string refused since.
      if (shows && !refusals.has(k)) setState(input, 'saved', 'Сохранено');
      input.closest('td').classList.toggle('att-absent', body.attendance === 'absent' && input.dataset.col === '1');
      input.closest('td').classList.toggle('att-late', body.attendance === 'late' && input.dataset.col === '1');
    } else {
      if (body.display !== undefined) input.dataset.was = body.display;
      if (shows) input.value = input.dataset.was;
      if (!waiting) {
        refuse(input, body.message || 'Не сохранено.');
        bringBack(input);
      }
    }
  },
  done: sayDone,
});

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
  const cell = { lessonId: input.dataset.lesson, studentId: input.dataset.student, column: Number(input.dataset.col), value, was: input.dataset.was, groupId: table.dataset.group };
  if (input.dataset.reasonNeeded) {
    const reason = window.prompt('Изменение после закрытия урока или периода: укажите причину');
    if (!reason) { input.value = input.dataset.was; setState(input, null); return true; }
    cell.reason = reason;
  }
  if (!enqueue(cell)) return true;
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

table.addEventListener('focusin', (e) => {
  if (!e.target.matches('input.cell-in')) return;
  e.target.select();
  const refused = refusals.get(cellKey(e.target));
  if (refused) showNear(e.target, refused);
});
// A string refused as the cursor leaves the cell (Tab, a tap elsewhere): the cursor comes back to it, beside its message.
table.addEventListener('change', (e) => {
  const input = e.target;
  if (input.matches('input.cell-in') && !commit(input)) setTimeout(() => { if (document.activeElement !== input) bringBack(input); });
});
// Left with a refused string: the cell shows again what is stored, still marked red with the reason.
table.addEventListener('focusout', (e) => {
  const input = e.target;
  if (input.matches('input.cell-in')) hideNear(input);
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
