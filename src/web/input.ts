import { parse } from 'node:querystring';

/**
 * PostgreSQL text cannot hold U+0000; a NUL typed or pasted into a form would fail the query.
 * Every form body and query string passes through here, so no handler has to remember it.
 */
export function parseUrlEncoded(input: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(parse(input))) {
    if (value === undefined) continue;
    out[stripNul(key)] = Array.isArray(value) ? value.map(stripNul) : stripNul(value);
  }
  return out;
}

function stripNul(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
}
