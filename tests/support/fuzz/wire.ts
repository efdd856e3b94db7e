// Payloads on the wire: forms percent-encoded by hand (so raw escapes pass as written), JSON, hand-made multipart.
import { LONE_SURROGATE, type Context, type Payload, type Raw } from './payloads.ts';
import type { Rng } from './prng.ts';

/** Stands for the CSRF token in hand-made bodies; `wireOf` puts the persona's token of the moment in its place. */
export const CSRF_MARK = 'csrf-token-goes-here';

/** The payload as sent, with the CSRF token (a form in its `_csrf` field; JSON and raw bodies in the x-csrf-token header). */
export function wireOf(p: Payload, token: string): { contentType: string; body: string | Buffer } {
  if (p.encoding === 'raw') return { ...p.raw!, body: Buffer.from(p.raw!.body.toString('latin1').replaceAll(CSRF_MARK, token), 'latin1') };
  if (p.encoding === 'json') return { contentType: 'application/json', body: JSON.stringify(p.json) };
  // A lone surrogate goes as a browser sends it (U+FFFD); the raw bytes of one are among the BAD_UTF8 escapes.
  const enc = (x: string | Raw) => (typeof x === 'string' ? encodeURIComponent(x.replace(LONE_SURROGATE, '\ufffd')) : x.raw);
  const body = [...p.pairs!.map(([k, v]) => `${enc(k)}=${enc(v)}`), `_csrf=${encodeURIComponent(token)}`].join('&');
  return { contentType: 'application/x-www-form-urlencoded', body };
}

/** The Latin words a payload carries as text (names and string values): a page that shows them again is not speaking English. */
export function wordsOf(p: Payload): Set<string> {
  const strings: string[] = [];
  if (p.encoding === 'json') {
    JSON.stringify(p.json, (k, v: unknown) => {
      strings.push(k);
      if (typeof v === 'string') strings.push(v);
      return v;
    });
  }
  const plain = (x: string | Raw) => (typeof x === 'string' ? x : x.raw);
  const text = p.encoding === 'form' ? p.pairs!.map(([k, v]) => `${plain(k)} ${plain(v)}`).join(' ')
    : p.encoding === 'json' ? strings.join(' ') : p.raw!.body.toString('latin1').slice(0, 20_000);
  return new Set((text.slice(0, 200_000).match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase()));
}

function part(boundary: string, name: string, value: string | Buffer, file?: { name: string; type?: string }): Buffer {
  const disposition = file === undefined ? `name="${name}"`
    : `name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.from(value), Buffer.from('\r\n')]);
}

/** Malformed uploads: no boundary, a cut body, a wrong boundary, too many parts, a long field, junk as a file, two files. */
export function multipartPayloads(ctx: Context, rng: Rng, pairs: Array<[string, string]>): Payload[] {
  const b = `----fuzz${rng.int(1e9)}`;
  const fields = (extra: Array<[string, string]> = []) => [['_csrf', ctx.csrf], ...pairs, ...extra].map(([k, v]) => part(b, k!, v!));
  const end = Buffer.from(`--${b}--\r\n`);
  const junk = Buffer.from(Array.from({ length: 3000 }, () => rng.int(256)));
  const cp1251 = Buffer.from([0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2, 0x3b, 0x00, 0x0a, 0xff, 0xfe]);
  const cut = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nФамилия;Имя\r\n`);
  const many = Array.from({ length: 12 }, (_, i): [string, string] => [`f${i}`, 'x']);
  const passwd = { name: '../../etc/passwd\u0000.csv', type: 'text/csv' };
  const mk = (label: string, parts: Buffer[], contentType = `multipart/form-data; boundary=${b}`): Payload =>
    ({ label: `multipart: ${label}`, path: rng.pick(ctx.ownPaths), encoding: 'raw', raw: { body: Buffer.concat(parts), contentType } });
  return [
    mk('no boundary', [...fields(), end], 'multipart/form-data'),
    mk('body cut in the middle of a file', [...fields(), cut]),
    mk('another boundary in the body', [...fields(), end], `multipart/form-data; boundary=x${b}`),
    mk('too many parts', [...fields(many), end]),
    mk('a 4 KB field', [...fields([['kind', 'я'.repeat(2048)]]), end]),
    mk('junk bytes as an .xlsx', [...fields(), part(b, 'file', junk, { name: 'таблица.xlsx' }), end]),
    mk('cp1251 bytes with NUL, named ../../etc/passwd', [...fields(), part(b, 'file', cp1251, passwd), end]),
    mk('two files', [...fields(), part(b, 'file', 'a;b\r\n', { name: 'a.csv' }), part(b, 'file2', 'c;d\r\n', { name: 'b.csv' }), end]),
  ];
}
