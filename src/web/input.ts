import { parse } from 'node:querystring';

/**
 * Every form body, query string and JSON body passes through here, so no handler has to remember it:
 * - NUL goes (PostgreSQL text cannot hold U+0000; a NUL typed or pasted would fail the query);
 * - so do the other control characters (backspace, DEL, C1 controls, ESC — with the whole terminal sequence it starts, so
 *   a name pasted in colour from a terminal is just the name): stored, they would reach pages, exports and logs as typed;
 * - a multi-line field (a <textarea>: its name is in MULTI_LINE) keeps tabs and line breaks, CRLF and a lone CR as LF;
 *   a single-line field gets a space for a tab or a line break;
 * - a password is left as typed but for NUL, so a password set before this cleaning still matches.
 */

/** The names of the fields typed in a <textarea> (tests/unit/web-input.test.ts checks the views against this list). */
export const MULTI_LINE: ReadonlySet<string> = new Set(['body', 'description', 'homework', 'reason', 'workDone']);

// C0 controls but tab, LF and CR; DEL; C1 controls (U+0080–U+009F: never text, CSI U+009B starts a terminal sequence).
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A terminal's control sequence: ESC [ (or the one-character CSI) parameters, intermediates, a final letter — «\x1b[31m».
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]/g;

/** One submitted value of the field `key`, cleaned as above. */
export function cleanInput(key: string, value: string): string {
  if (!ANY_CONTROL.test(value)) return value;
  if (/password/i.test(key)) return value.replaceAll('\u0000', '');
  const kept = value.replace(CSI, '').replace(CONTROLS, '');
  return MULTI_LINE.has(key) ? kept.replace(/\r\n?/g, '\n') : kept.replace(/\r\n|[\t\n\r]/g, ' ');
}

const cleanKey = (key: string) => cleanInput('', key);

export function parseUrlEncoded(input: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of Object.entries(parse(input))) {
    if (value === undefined) continue;
    const key = cleanKey(rawKey);
    out[key] = Array.isArray(value) ? value.map((v) => cleanInput(key, v)) : cleanInput(key, value);
  }
  return out;
}

/** The same for JSON bodies (the journal grid posts JSON): every key, and every string by the key it stands under. */
export function cleanJsonInput(v: unknown, key = ''): unknown {
  if (typeof v === 'string') return cleanInput(key, v);
  if (Array.isArray(v)) return v.map((x) => cleanJsonInput(x, key));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => { const ck = cleanKey(k); return [ck, cleanJsonInput(x, ck)]; }));
  }
  return v;
}
