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

/** The same for JSON bodies (the journal grid posts JSON): every string, key and nested value. */
export function stripNulDeep(v: unknown): unknown {
  if (typeof v === 'string') return stripNul(v);
  if (Array.isArray(v)) return v.map(stripNulDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [stripNul(k), stripNulDeep(x)]));
  return v;
}
