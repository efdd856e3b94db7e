// A field's message shown right beside it (under the field, on top of the page), linked to it by aria-describedby:
// for fields in a table that cannot grow a line of text under each cell — the grid's refused cells. One at a time.

const BOX_ID = 'field-message';
let owner = null;

/**
 * The message element `id` (a `<p role="alert">` of class `className`), made if missing: at the end of `parent`, or
 * right after `parent` when `after` is true.
 */
export function messageElement(id, className, parent, after = false) {
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement('p');
    el.id = id;
    el.className = className;
    el.setAttribute('role', 'alert');
    if (after) parent.after(el);
    else parent.append(el);
  }
  return el;
}

const box = () => messageElement(BOX_ID, 'field-message', document.body);

function place(field, el) {
  const r = field.getBoundingClientRect();
  const width = Math.min(320, document.documentElement.clientWidth - 16);
  const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
  el.style.width = `${width}px`;
  el.style.left = `${left + window.scrollX}px`;
  el.style.top = `${r.bottom + window.scrollY + 4}px`;
}

/** Shows `text` under `field` and describes the field with it. */
export function showNear(field, text) {
  if (!text) return;
  const el = box();
  if (owner && owner !== field) owner.removeAttribute('aria-describedby');
  owner = field;
  el.textContent = text;
  el.hidden = false;
  place(field, el);
  field.setAttribute('aria-describedby', BOX_ID);
}

/** Hides the message if it is `field`'s. */
export function hideNear(field) {
  if (owner !== field) return;
  owner.removeAttribute('aria-describedby');
  owner = null;
  box().hidden = true;
}

// The field moved under the message (the grid scrolled sideways, the window resized): follow it.
const follow = () => { if (owner) place(owner, box()); };
window.addEventListener('resize', follow);
document.addEventListener('scroll', follow, true);
