// What a page offers a visitor: its links and its forms (the action, the enctype and every field with the value the page
// put in it) — read with regular expressions from the app's own server-rendered HTML, which is regular enough for that.

/** One named field of a form: the value(s) the page shows, and the other values it offers (select options, buttons). */
export type Field = {
  name: string;
  /** input type, 'select', 'textarea' or 'button' */
  type: string;
  value: string;
  /** values offered besides `value`: a select's options, other submit buttons of the same name, unchecked checkboxes */
  options: string[];
  /** a checkbox group or a multiple select: the field is sent once per checked value */
  multiple: boolean;
};

export type Form = { method: 'get' | 'post'; action: string; enctype: string; fields: Field[] };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Resolves a link or action against the page it is on; null for another site, a fragment or a non-http scheme. */
export function resolveUrl(href: string, pageUrl: string): string | null {
  if (/^(mailto|tel|javascript|data):/i.test(href) || href.startsWith('#')) return null;
  try {
    const u = new URL(href, `http://app.test${pageUrl}`);
    return u.host === 'app.test' ? u.pathname + u.search : null;
  } catch {
    return null;
  }
}

export function linksOf(html: string, pageUrl: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a\b[^>]*>/gi)) {
    const href = attributes(m[0]).href;
    const url = href === undefined ? null : resolveUrl(href, pageUrl);
    if (url) out.add(url);
  }
  return [...out];
}

function addField(fields: Field[], f: Field): void {
  const same = fields.find((x) => x.name === f.name);
  if (!same) {
    fields.push(f);
    return;
  }
  // Several inputs of one name: a checkbox group, radio buttons, several submit buttons, hidden + checkbox.
  if (f.type === 'checkbox' && same.type === 'checkbox') same.multiple = true;
  if (same.value === '' && f.value !== '' && f.type !== 'button') same.value = f.value;
  else if (f.value !== same.value && !same.options.includes(f.value)) same.options.push(f.value);
  for (const o of f.options) if (o !== same.value && !same.options.includes(o)) same.options.push(o);
}

function fieldsOf(inner: string): Field[] {
  const fields: Field[] = [];
  const controls = /<(?:(select|textarea)\b[^>]*>([\s\S]*?)<\/\1>|(input|button)\b[^>]*>)/gi;
  for (const m of inner.matchAll(controls)) {
    const tagName = (m[1] ?? m[3])!.toLowerCase();
    const open = /^<[^>]*>/.exec(m[0])![0];
    const a = attributes(open);
    if (!a.name || 'disabled' in a) continue;
    if (tagName === 'input') {
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'file') {
        addField(fields, { name: a.name, type, value: '', options: [], multiple: false });
        continue;
      }
      if (type === 'checkbox' || type === 'radio') {
        const v = a.value ?? 'on';
        addField(fields, { name: a.name, type, value: 'checked' in a ? v : '', options: 'checked' in a ? [] : [v], multiple: false });
        continue;
      }
      addField(fields, { name: a.name, type, value: a.value ?? '', options: [], multiple: false });
    } else if (tagName === 'textarea') {
      addField(fields, { name: a.name, type: 'textarea', value: decodeEntities(m[2] ?? ''), options: [], multiple: false });
    } else if (tagName === 'button') {
      if ((a.type ?? 'submit').toLowerCase() !== 'submit') continue;
      addField(fields, { name: a.name, type: 'button', value: a.value ?? '', options: [], multiple: false });
    } else {
      const options = [...(m[2] ?? '').matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0]));
      const values = options.map((o) => o.value ?? '');
      const selected = options.filter((o) => 'selected' in o).map((o) => o.value ?? '');
      const value = selected[0] ?? values.find((v) => v !== '') ?? '';
      addField(fields, { name: a.name, type: 'select', value, options: values.filter((v) => v !== value), multiple: 'multiple' in a });
    }
  }
  return fields;
}

/** Every form of the page; fields outside a form that name it (`form="id"`) join it. */
export function formsOf(html: string, pageUrl: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const a = attributes(/^<form\b[^>]*>/i.exec(m[0])![0]);
    const action = resolveUrl(a.action ?? pageUrl, pageUrl);
    if (!action) continue;
    const fields = fieldsOf(m[1]!);
    if (a.id && html.includes(`form="${a.id}"`)) {
      const outside = [...html.matchAll(/<(?:(select|textarea)\b[^>]*>[\s\S]*?<\/\1>|(input|button)\b[^>]*>)/gi)]
        .filter((o) => attributes(/^<[^>]*>/.exec(o[0])![0]).form === a.id);
      for (const f of fieldsOf(outside.map((o) => o[0]).join(''))) addField(fields, f);
    }
    forms.push({ method: (a.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get', action, enctype: a.enctype ?? '', fields });
  }
  return forms;
}

/** The visible text of a page's <main> (or the whole body when there is none), tags, scripts and form values left out. */
export function visibleText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  const tagless = main.replace(/<(textarea|script|style|option)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return decodeEntities(tagless).replace(/\s+/g, ' ').trim();
}
