// The lesson screen for the thumb: one tap on a key (5 4 3 2 1 н оп) sets the student's mark in the column shown and
// saves it at once through the grid's queue (cell-queue.js: POST /journal/cells, kept in localStorage until the server
// answers); a tap on the pressed key takes it off; «Отменить» at the bottom puts back what was there before the last
// tap. A refused save is said under the student's row and the focus goes there. Without this file every key is a
// submit button of the marks form (the page reloads at the row).
import { enqueue, keyOf, loadQueue, pendingCount, startQueue } from './cell-queue.js';
import { messageElement } from './field-message.js';

const form = document.querySelector('[data-lesson-roster]');
const bar = document.querySelector('[data-lesson-bar]');

// After a refused form the page opens at the refused field (autofocus), in the middle of the screen, not under the
// sticky bits at the top.
const first = document.querySelector('main [autofocus]');
if (first) {
  first.focus({ preventScroll: true });
  first.scrollIntoView({ block: 'center' });
}

if (form) roster(form);

function roster(f) {
  const lessonId = f.dataset.lesson;
  const column = Number(f.dataset.column);
  const rows = new Map([...f.querySelectorAll('.lp-row')].map((r) => [r.dataset.student, r]));
  const reasonField = f.querySelector('textarea[name="reason"]');
  /** The last tap, for «Отменить»: whose cell, and what it held before. */
  let last = null;

  const rowOf = (k) => {
    const [lesson, student, col] = k.split(':');
    return lesson === lessonId && Number(col) === column ? rows.get(student) : undefined;
  };
  const cellOf = (row) => ({ lessonId, studentId: row.dataset.student, column });
  /** What the row holds for the server: the value waiting to be sent, else the stored one. */
  const held = (row) => loadQueue()[keyOf(cellOf(row))]?.value ?? row.dataset.was;

  function press(row, value) {
    for (const key of row.querySelectorAll('.lp-key')) key.setAttribute('aria-pressed', String(key.dataset.v === value));
  }
  function state(row, name, text) {
    row.classList.remove('is-saving', 'is-saved', 'is-pending', 'is-error');
    if (name) row.classList.add(`is-${name}`);
    let mark = row.querySelector('.lp-state');
    if (!mark) {
      mark = document.createElement('span');
      mark.className = 'lp-state';
      row.querySelector('.lp-name').append(mark);
    }
    mark.textContent = text || '';
  }
  function focusKey(row) {
    return row.querySelector('.lp-key[aria-pressed="true"]') || row.querySelector('.lp-key');
  }
  /** The row's message under its keys, read with them; the focus goes to the row's key. */
  function refuse(row, message) {
    const id = `e-${row.dataset.student}`;
    messageElement(id, 'field-error', row).textContent = message;
    row.classList.add('lj-row-error');
    const key = focusKey(row);
    row.querySelector('.lp-keys').setAttribute('aria-describedby', id);
    key.setAttribute('aria-describedby', id);
    state(row, 'error', 'не сохранено');
    key.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'center' });
  }
  function clearRefusal(row) {
    const p = document.getElementById(`e-${row.dataset.student}`);
    if (p) p.remove();
    row.classList.remove('lj-row-error');
    for (const el of row.querySelectorAll('[aria-describedby]')) el.removeAttribute('aria-describedby');
  }
  function say(text, undo) {
    if (!bar) return;
    bar.hidden = false;
    bar.querySelector('[data-bar-text]').textContent = text;
    bar.querySelector('[data-undo]').hidden = !undo;
    document.body.classList.add('lp-has-bar');
  }

  /** Sets the row's cell to `value` ('' takes it off) and sends it; false when a reason must be written first. */
  function set(row, value) {
    const cell = { ...cellOf(row), value, was: row.dataset.was, groupId: f.dataset.group };
    if (reasonField) {
      const reason = reasonField.value.trim();
      if (!reason) {
        const id = `${reasonField.id}-error`;
        messageElement(id, 'field-error', reasonField, true).textContent = 'Укажите причину изменения: без неё отметка не сохраняется.';
        reasonField.setAttribute('aria-invalid', 'true');
        reasonField.setAttribute('aria-describedby', id);
        reasonField.focus({ preventScroll: true });
        reasonField.scrollIntoView({ block: 'center' });
        return false;
      }
      cell.reason = reason;
    }
    clearRefusal(row);
    press(row, value);
    if (enqueue(cell)) state(row, 'saving', '…');
    flush();
    return true;
  }

  const flush = startQueue(f.dataset.csrf, {
    sending(k) {
      const row = rowOf(k);
      if (row) state(row, 'saving', '…');
    },
    loggedOut(k) {
      const row = rowOf(k);
      if (row) state(row, 'pending', 'не отправлено');
      say(`Сеанс завершён: войдите снова — отметки сохранены в телефоне и будут отправлены (ждут: ${pendingCount()}).`, false);
    },
    offline(k) {
      const row = rowOf(k);
      if (row) state(row, 'pending', 'ждёт связи');
      say(`Нет связи: отметки сохранены в телефоне и будут отправлены сами (ждут: ${pendingCount()}).`, false);
    },
    answered(k, cell, body, waiting) {
      const row = rowOf(k);
      if (!row) return;
      if (body.display !== undefined) row.dataset.was = body.display;
      if (waiting) return; // a newer tap of this cell is on its way: its answer will show
      press(row, row.dataset.was);
      if (!body.ok) {
        refuse(row, body.message || 'Не сохранено.');
        if (last && last.row === row) last = null;
        say(`${row.dataset.name}: не сохранено.`, false);
        return;
      }
      state(row, 'saved', '✓');
      // An «н» or «оп» saved has taken the attendance: «Все присутствуют» above the list would now clear it.
      if (body.attendance) document.querySelector('.lp-allhere')?.remove();
      if (last && last.row === row) say(`${row.dataset.name}: ${body.display ? `«${body.display}»` : 'пусто'} — сохранено.`, true);
    },
    done() {
      if (pendingCount() === 0 && bar && !bar.hidden && !last) bar.hidden = true;
    },
  });

  f.addEventListener('click', (e) => {
    const key = e.target.closest('button.lp-key');
    if (!key) return;
    e.preventDefault();
    const row = key.closest('.lp-row');
    const before = held(row);
    const value = before === key.dataset.v ? '' : key.dataset.v;
    if (set(row, value)) last = { row, before };
  });

  bar?.querySelector('[data-undo]').addEventListener('click', () => {
    if (!last) return;
    const { row, before } = last;
    const now = held(row);
    if (set(row, before)) last = { row, before: now };
    focusKey(row).focus({ preventScroll: true });
  });
  reasonField?.addEventListener('input', () => {
    reasonField.removeAttribute('aria-invalid');
    reasonField.removeAttribute('aria-describedby');
    document.getElementById(`${reasonField.id}-error`)?.remove();
  });

  // Taps not yet accepted by the server (a reload, a lost connection) show as waiting, then are sent.
  for (const [k, cell] of Object.entries(loadQueue())) {
    const row = rowOf(k);
    if (row) { press(row, cell.value); state(row, 'pending', 'ждёт отправки'); }
  }
  flush();
}
