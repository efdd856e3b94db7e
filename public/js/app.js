// Progressive enhancement only: every page works without this file.
// Buttons marked .danger ask for confirmation before their form is sent.
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  if (button && button.classList.contains('danger') && !window.confirm(`${button.textContent.trim()}?`)) {
    event.preventDefault();
  }
});

// ── Offline (public/sw.js) ──
// The page of a logged-in person names its account (a key); only such pages register the service worker, so the login
// page after a logout leaves the browser with no cache of the site at all.
const account = document.querySelector('meta[name="otmetka-account"]')?.content || '';
const PENDING = 'otmetka.pendingCells';

if (account && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready).then((registration) => {
    if (navigator.onLine && registration.active) registration.active.postMessage({ type: 'refresh', account });
  }).catch(() => { /* no worker (http on another host, private mode): the site works as before, online only */ });
}

/** The grid's cells of this account not yet accepted by the server (public/js/grid.js keeps them). */
function unsentCells() {
  try {
    return Object.values(JSON.parse(localStorage.getItem(PENDING) || '{}')).filter((c) => !c.account || c.account === account);
  } catch { return []; }
}

/** Drops what this browser keeps of the account: the worker's caches and the account's unsent cells. */
async function forgetAccount() {
  try {
    const q = JSON.parse(localStorage.getItem(PENDING) || '{}');
    for (const [k, c] of Object.entries(q)) if (!c.account || c.account === account) delete q[k];
    if (Object.keys(q).length) localStorage.setItem(PENDING, JSON.stringify(q));
    else localStorage.removeItem(PENDING);
  } catch { /* storage off */ }
  if ('caches' in window) {
    for (const name of await caches.keys()) if (name.startsWith('otmetka-')) await caches.delete(name);
  }
}

// Logging out on a shared computer: the server's answer clears the site's caches and storage (Clear-Site-Data); this
// does the same before the form goes, for browsers that ignore that header — after asking, if marks are still unsent.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const action = form.getAttribute && form.getAttribute('action');
  if (action !== '/logout' && action !== '/logout-everywhere') return;
  event.preventDefault();
  const unsent = unsentCells().length;
  if (unsent > 0 && !window.confirm(`Не отправлено отметок: ${unsent} — нет связи с сервером. Если выйти сейчас, они пропадут. Выйти?`)) return;
  forgetAccount().finally(() => form.submit());
});

// ── Form errors (issue 16 item 6) ──
// A message under a field that the template did not link yet: it becomes the field's description and marks it invalid,
// so a screen reader reads it with the field (after the field's hint, if it has one). Messages with an id are linked by
// their template already (aria-describedby, aria-invalid on the 422 re-render: login, password, messages, diary).
let errorNo = 0;
for (const message of document.querySelectorAll('.field-error:not([id])')) {
  const field = fieldOf(message);
  if (!field) continue;
  message.id = `field-error-${++errorNo}`;
  field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') || ''} ${message.id}`.trim());
  field.setAttribute('aria-invalid', 'true');
}

/** The control a message belongs to: the nearest one before it in its form (or table cell, or fieldset). */
function fieldOf(message) {
  const scope = message.closest('td, fieldset, form');
  if (!scope) return null;
  const controls = [...scope.querySelectorAll('input:not([type="hidden"]), select, textarea')];
  const before = controls.filter((c) => c.compareDocumentPosition(message) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.pop() || null;
}

// «Меню» on a narrow screen: without JS a label toggles the hidden checkbox #menu-state (CSS shows the menu when it is
// checked); here it becomes a real button that says whether the menu is open, and Esc closes it.
const menuState = document.getElementById('menu-state');
const menuLabel = document.querySelector('[data-menu-button]');
if (menuState && menuLabel) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'menu-button';
  button.textContent = menuLabel.textContent.trim();
  button.setAttribute('aria-controls', 'site-nav');
  const show = (open) => {
    menuState.checked = open;
    button.setAttribute('aria-expanded', String(open));
  };
  show(menuState.checked);
  menuLabel.replaceWith(button);
  menuState.hidden = true;
  button.addEventListener('click', () => show(!menuState.checked));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menuState.checked) {
      show(false);
      button.focus();
    }
  });
}
