import { z } from 'zod';
import { parseDateInput } from './dates.ts';
import { russianZodMessage } from './zod-messages.ts';

// Every schema of the app speaks Russian where it gives no message of its own (zod's defaults are English).
z.config({ customError: russianZodMessage });

export type FieldErrors = Record<string, string>;

/** Parses a form body with a zod schema; on failure returns one Russian message per field. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown):
  | { ok: true; data: z.output<S> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: keepValues(body) };
}

/** The submitted values (strings only, capped) to re-render a form; passwords are never echoed. */
export function keepValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string' && !/password|_csrf/i.test(k)) out[k] = v.slice(0, 1000);
  }
  return out;
}

/**
 * A redirect target from a `next` parameter: a local path only, never another site — and as it may go in a Location
 * header: the URL parser percent-encodes what a header cannot carry (Cyrillic from a search box, control characters,
 * a lone surrogate). Unencoded, Node refuses the header after the answer has begun and the request never gets one.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.length > 500) return fallback;
  let url: URL;
  try {
    url = new URL(next, 'http://local.invalid');
  } catch {
    return fallback;
  }
  return url.origin === 'http://local.invalid' ? url.pathname + url.search + url.hash : fallback;
}

/** A date field: 'ДД.ММ.ГГГГ' or 'YYYY-MM-DD' in, ISO out; anything else is the given message at the field. */
export const dateField = (message: string) => z.string({ error: message }).transform((s, ctx) => {
  const d = parseDateInput(s);
  if (!d) {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return d;
});

/** For z.preprocess: an absent or blank value becomes null. */
export const emptyToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);
