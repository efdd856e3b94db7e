// What an answer to a fuzzed form must never be: a 5xx, a stack trace, or an error message in English.
import type { Response } from './agent.ts';
import { visibleText } from './html.ts';

const STACK = [/\n\s+at \S+ \(?[^\n]*:\d+:\d+\)?/, /node_modules\//, /\/src\/[\w/-]+\.ts\b/, /\b(Type|Reference|Syntax|Range)Error\b/];

/** Words of English error texts (zod's, fastify's, PostgreSQL's, JavaScript's) that have no business on a Russian page. */
const ENGLISH = new RegExp(`\\b(${[
  'invalid', 'expected', 'required', 'errors?', 'failed', 'unexpected', 'cannot', 'undefined', 'null', 'nan', 'object', 'infinity',
  'not found', 'bad request', 'internal', 'unsupported', 'too (?:large|big|small|long)', 'must', 'violates', 'duplicate', 'constraint',
  'syntax', 'exception', 'unknown', 'denied', 'forbidden', 'payload', 'body', 'input', 'character', 'encoding',
].join('|')})\\b`, 'gi');

/**
 * Three Latin words in a row, one of them lower-case: a sentence in English («is not a valid url component»). Logins,
 * e-mails and time zone names are single words; product names («Google Authenticator, FreeOTP») are capitalised.
 */
const SENTENCE = /\b[A-Za-z]{2,}(?:[ :]+[A-Za-z]{2,}){2,}\b/g;
const lowerCaseWord = /(^|[ :])[a-z]{2,}([ :]|$)/;

/** The text a person reads in this answer: a page's <main>, a JSON answer's strings, any other body as is. */
export function readableText(res: Response): string {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const strings: string[] = [];
      JSON.stringify(JSON.parse(res.body), (_k, v: unknown) => { if (typeof v === 'string') strings.push(v); return v; });
      return strings.join(' ');
    } catch {
      return res.body;
    }
  }
  return type.includes('text/html') ? visibleText(res.body) : res.body.slice(0, 5000);
}

/**
 * Problems of one answer. `known` tells the Latin words a page may show because someone typed them: the request's own
 * (a refused form shows its values again) and those of every request accepted earlier (stored, they appear on pages).
 */
export function answerProblems(res: Response, known: (word: string) => boolean): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
  const stack = STACK.find((re) => re.test(res.body));
  if (stack) problems.push(`stack trace (${stack.source.slice(0, 30)})`);
  const text = readableText(res);
  // Ids (they hold Latin letters), then the words the request itself carried.
  const clean = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
  const foreign = (m: RegExpMatchArray) => m[0].split(/[^A-Za-z]+/).filter((w) => w.length > 1).some((w) => !known(w.toLowerCase()));
  const sentences = [...clean.matchAll(SENTENCE)].filter((m) => lowerCaseWord.test(m[0]));
  const hits = [...clean.matchAll(ENGLISH), ...sentences].filter(foreign);
  if (hits.length > 0) {
    const at = hits[0]!.index ?? 0;
    problems.push(`English «${[...new Set(hits.map((m) => m[0]))].join(' | ').slice(0, 80)}» in «${clean.slice(Math.max(0, at - 80), at + 80)}»`);
  }
  return problems;
}
