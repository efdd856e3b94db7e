// Twenty generated requests for one (route, role): each a mutation of the form as the page fills it — missing fields,
// wrong types, huge strings, control characters, broken UTF-8, foreign and other-school ids (in values, in field names
// and in the path), malformed uuids, impossible dates, negative and huge numbers — urlencoded, or JSON. Malformed
// multipart bodies for the uploads are in wire.ts.
import type { Field } from './html.ts';
import type { Rng } from './prng.ts';
import { isUuid, tableOfField } from './routes.ts';
import * as S from './strings.ts';

/** A value sent exactly as written (already percent-encoded): broken escapes and invalid UTF-8 go on the wire as is. */
export type Raw = { raw: string };
export type Value = string | Raw;
type Pair = [string, string];

export type Payload = {
  /** what the generator did, for the failure message */
  label: string;
  path: string;
  encoding: 'form' | 'json' | 'raw';
  /** form: pairs in order (a name repeated is an array to the server); keys may be Raw too */
  pairs?: Array<[string | Raw, Value]>;
  json?: unknown;
  /** raw: the exact body and its content type (multipart, JSON with invalid UTF-8) */
  raw?: { body: Buffer; contentType: string };
};

/** Where the generators get real ids and paths from. */
export type Context = {
  fields: Field[];
  /** concrete paths: the actor's school (from its pages or the database), the other school's, garbage */
  ownPaths: string[];
  otherPaths: string[];
  garbagePaths: string[];
  /** ids by table, of the actor's school and of the other school */
  ownIds: Map<string, string[]>;
  otherIds: Map<string, string[]>;
  /** the route's own encoding: forms (uploads get the malformed multipart bodies besides), or the grid's JSON */
  encoding: 'form' | 'json';
  /** stands for the CSRF token in hand-made multipart bodies; `wireOf` puts the persona's current token in its place */
  csrf: string;
};

// ── Field kinds ──
const isDate = (f: Field) => f.type === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(f.value) || /date|On$|^from$|^to$|until|week|^on$/i.test(f.name);
const isTime = (f: Field) => f.type === 'time' || /^\d{1,2}:\d{2}$/.test(f.value);
const isDateOrTime = (f: Field) => isDate(f) || isTime(f);
const isId = (f: Field) => isUuid(f.value) || f.options.some(isUuid) || /Ids?$/.test(f.name);
const isNumber = (f: Field) => !isId(f) && (f.type === 'number' || /^-?\d+([.,]\d+)?$/.test(f.value)
  || /number|count|hours|grade|weight|ordinal|shift|weekday|minutes|column|worksAs/i.test(f.name));
const isText = (f: Field) => !isId(f) && !isDateOrTime(f) && !isNumber(f) && f.type !== 'file' && f.type !== 'button';

/** The form as the page would send it: values as filled, checked boxes, the first submit button. */
export function baselinePairs(fields: readonly Field[]): Pair[] {
  const out: Pair[] = [];
  for (const f of fields) {
    if (f.type === 'file' || f.name === '_csrf' || (f.type === 'checkbox' && f.value === '')) continue;
    out.push([f.name, f.type === 'radio' && f.value === '' ? f.options[0] ?? '' : f.value]);
  }
  return out;
}

// ── Helpers ──
function idsOf(ctx: Context, name: string, own: boolean): string[] {
  const pools = own ? ctx.ownIds : ctx.otherIds;
  const table = tableOfField(name);
  const list = table ? pools.get(table) ?? [] : [];
  return list.length > 0 ? list : [...pools.values()].flat();
}

const replaceUuids = (s: string, by: () => string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, by);

/**
 * The pairs with the fields of one kind changed by `to`. A form with no field of that kind gets a made-up one (a
 * `date` field for the impossible dates), so every generator has something to change.
 */
function mutate(ctx: Context, pairs: Pair[], kind: (f: Field) => boolean, spare: Field, to: (f: Field) => string): Pair[] {
  const fields = ctx.fields.some(kind) ? ctx.fields : [...ctx.fields, spare];
  const base: Pair[] = fields === ctx.fields ? pairs : [...pairs, [spare.name, spare.value]];
  const byName = new Map(fields.map((f) => [f.name, f]));
  return base.map(([k, v]) => {
    const f = byName.get(k);
    return f && kind(f) ? [k, to(f)] : [k, v];
  });
}

const spare = (name: string, type: string, value = ''): Field => ({ name, type, value, options: [], multiple: false });
const own = (ctx: Context, rng: Rng) => rng.pick(ctx.ownPaths);

/** A JSON route gets the mutation as JSON; a form route as the browser would send it. */
function formOf(label: string, path: string, pairs: Array<[string | Raw, Value]>, encoding: Context['encoding']): Payload {
  if (encoding === 'json') return { label, path, encoding: 'json', json: jsonOfPairs(pairs) };
  return { label, path, encoding: 'form', pairs };
}

const json = (label: string, path: string, body: unknown): Payload => ({ label, path, encoding: 'json', json: body });

/** Pairs as a JSON object: a repeated name becomes an array, raw values their decoded text. */
export function jsonOfPairs(pairs: Array<[string | Raw, Value]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (x: string | Raw) => (typeof x === 'string' ? x : safeDecode(x.raw));
  for (const [k, v] of pairs) {
    const had = out[text(k)];
    out[text(k)] = had === undefined ? text(v) : Array.isArray(had) ? [...had, text(v)] : [had, text(v)];
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

type Gen = { name: string; run: (ctx: Context, rng: Rng, pairs: Pair[]) => Payload };

// ── The twenty generators ──
export const GENERATORS: Gen[] = [
  { name: 'as the page fills it', run: (ctx, rng, pairs) => formOf('baseline', own(ctx, rng), pairs, ctx.encoding) },
  { name: 'no fields at all', run: (ctx, rng) => formOf('empty', own(ctx, rng), [], ctx.encoding) },
  {
    name: 'fields missing',
    run: (ctx, rng, pairs) => {
      const keep = rng.sample(pairs, Math.max(0, Math.floor(pairs.length / 2) - 1 + rng.int(2)));
      return formOf(`missing: kept ${keep.map(([k]) => k).join(',').slice(0, 80)}`, own(ctx, rng), keep, ctx.encoding);
    },
  },
  { name: 'every field blank', run: (ctx, rng, pairs) => formOf('blank', own(ctx, rng), pairs.map(([k]) => [k, '']), ctx.encoding) },
  {
    name: 'arrays where one value goes',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json') return json('arrays (json)', own(ctx, rng), Object.fromEntries(pairs.map(([k, v]) => [k, [v, [v], { v }]])));
      const out = pairs.flatMap(([k, v]): Pair[] => [[k, v], [k, rng.pick([v, '', 'второе', rng.uuid()])]]);
      return formOf('arrays', own(ctx, rng), out, ctx.encoding);
    },
  },
  {
    name: 'objects where one value goes',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json' || rng.chance(0.5)) {
        return json('objects (json)', own(ctx, rng), Object.fromEntries(pairs.map(([k]) => [k, rng.pick(S.JSON_OBJECTS)])));
      }
      const out = pairs.flatMap(([k, v]): Pair[] => [[`${k}[a]`, v], [`${k}[]`, v], [`${k}.b`, v]]);
      return formOf('objects (brackets)', own(ctx, rng), [...out, ['__proto__[x]', '1'], ['constructor[prototype][y]', '1']], ctx.encoding);
    },
  },
  {
    name: 'numbers where strings go',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json' || rng.chance(0.4)) {
        return json('numbers, booleans, null (json)', own(ctx, rng), Object.fromEntries(pairs.map(([k]) => [k, rng.pick(S.JSON_SCALARS)])));
      }
      const out = mutate(ctx, pairs, isText, spare('name', 'text'), () => rng.pick(S.BAD_NUMBERS));
      return formOf('numbers in text fields', own(ctx, rng), out, ctx.encoding);
    },
  },
  {
    name: 'strings where numbers go',
    run: (ctx, rng, pairs) => formOf('strings in number fields', own(ctx, rng),
      mutate(ctx, pairs, isNumber, spare('hoursPerWeek', 'number', '1'), () => rng.pick(S.STRINGS_FOR_NUMBERS)), ctx.encoding),
  },
  {
    name: 'a 100 KB string',
    run: (ctx, rng, pairs) => {
      const target = pairs.length > 0 ? rng.pick(pairs)[0] : 'name';
      const out: Pair[] = pairs.length > 0 ? pairs.map(([k, v]) => [k, k === target ? S.KB100 : v]) : [[target, S.KB100]];
      return formOf(`100 KB in ${target}`, own(ctx, rng), out, ctx.encoding);
    },
  },
  { name: 'a 2 MB body (over the limit)', run: (ctx, rng, pairs) => formOf('2 MB', own(ctx, rng), [...pairs, ['note', S.MB2]], ctx.encoding) },
  {
    name: 'control characters and NUL, in values and in a name',
    run: (ctx, rng, pairs) => {
      const out = pairs.map(([k, v]): Pair => [k, `${v}${rng.pick(S.CONTROLS)}${rng.pick(S.CONTROLS)}`]);
      return formOf('controls', own(ctx, rng), [...out, [`поле\u0000${rng.pick(S.CONTROLS)}`, '\u0000']], ctx.encoding);
    },
  },
  {
    name: 'invalid UTF-8 and broken escapes',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json') {
        // Raw invalid bytes inside a JSON string, and a lone surrogate escape.
        const text = JSON.stringify(jsonOfPairs(pairs)).slice(0, -1);
        const bytes = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
        const body = Buffer.concat([Buffer.from(`${text}${pairs.length ? ',' : ''}"x":"`), bytes, Buffer.from('\\ud800"}')]);
        return { label: 'invalid UTF-8 (json)', path: own(ctx, rng), encoding: 'raw', raw: { body, contentType: 'application/json' } };
      }
      const broken = (v: string): Value =>
        (rng.chance(0.7) ? { raw: encodeURIComponent(v.replace(LONE_SURROGATE, '')) + rng.pick(S.BAD_UTF8) } : v);
      const out: Array<[string | Raw, Value]> = pairs.map(([k, v]) => [k, broken(v)]);
      out.push([{ raw: `%FF${rng.pick(S.BAD_UTF8)}` }, { raw: rng.pick(S.BAD_UTF8) }]);
      return { label: 'invalid UTF-8', path: own(ctx, rng), encoding: 'form', pairs: out };
    },
  },
  {
    name: 'foreign ids (random uuids), in values and in field names',
    run: (ctx, rng, pairs) => {
      const out = mutate(ctx, pairs, isId, spare('studentId', 'hidden'), () => rng.uuid());
      return formOf('random uuids', own(ctx, rng), out.map(([k, v]) => [replaceUuids(k, () => rng.uuid()), v]), ctx.encoding);
    },
  },
  {
    name: "the other school's ids, in values and in field names",
    run: (ctx, rng, pairs) => {
      const other = (name: string) => rng.pick(idsOf(ctx, name, false));
      const out = mutate(ctx, pairs, isId, spare('classId', 'hidden'), (f) => other(f.name));
      return formOf('other school ids', own(ctx, rng), out.map(([k, v]) => [replaceUuids(k, () => other(k)), v]), ctx.encoding);
    },
  },
  {
    name: 'malformed uuids',
    run: (ctx, rng, pairs) => {
      const out = mutate(ctx, pairs, isId, spare('groupId', 'hidden'), () => rng.pick(S.MALFORMED_UUIDS));
      return formOf('malformed uuids', own(ctx, rng), out.map(([k, v]) => [replaceUuids(k, () => rng.pick(S.MALFORMED_UUIDS)), v]), ctx.encoding);
    },
  },
  {
    name: 'impossible dates and times',
    run: (ctx, rng, pairs) => formOf('bad dates', own(ctx, rng),
      mutate(ctx, pairs, isDateOrTime, spare('date', 'date'), (f) => rng.pick(isTime(f) ? S.BAD_TIMES : S.BAD_DATES)), ctx.encoding),
  },
  {
    name: 'negative and huge numbers',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json') {
        const marked = mutate(ctx, pairs, isNumber, spare('column', 'number', '1'), () => '\u0000number');
        const body = Object.fromEntries(marked.map(([k, v]) => [k, v === '\u0000number' ? rng.pick(S.JSON_NUMBERS) : v]));
        return json('bad numbers (json)', own(ctx, rng), body);
      }
      const out = mutate(ctx, pairs, isNumber, spare('lessonNumber', 'number', '1'), () => rng.pick(S.BAD_NUMBERS));
      return formOf('bad numbers', own(ctx, rng), out, ctx.encoding);
    },
  },
  {
    name: "the other school's ids in the path (or injection strings where the path has none)",
    run: (ctx, rng, pairs) => {
      if (ctx.otherPaths.length > 0) return formOf('other school path', rng.pick(ctx.otherPaths), pairs, ctx.encoding);
      return formOf('injections', own(ctx, rng), mutate(ctx, pairs, isText, spare('title', 'text'), () => rng.pick(S.INJECTIONS)), ctx.encoding);
    },
  },
  {
    name: 'garbage in the path (or own-school ids of other objects)',
    run: (ctx, rng, pairs) => {
      if (ctx.garbagePaths.length > 0) return formOf('garbage path', rng.pick(ctx.garbagePaths), pairs, ctx.encoding);
      const out = mutate(ctx, pairs, isId, spare('studentId', 'hidden'), (f) => rng.pick(idsOf(ctx, f.name, true)));
      return formOf('other own-school ids', own(ctx, rng), out, ctx.encoding);
    },
  },
  {
    name: 'JSON with the wrong types (or, for a JSON route, the form urlencoded)',
    run: (ctx, rng, pairs) => {
      if (ctx.encoding === 'json') return { label: 'urlencoded to a JSON route', path: own(ctx, rng), encoding: 'form', pairs };
      const body = Object.fromEntries(pairs.map(([k, v]) => [k, rng.pick<unknown>([v, Number(v) || v, v === '' ? null : v, [v], { v }, true])]));
      return json('json with mixed types', own(ctx, rng), body);
    },
  },
];

/** A few urlencoded requests more for a JSON route: as the page fills it, empty, arrays, controls, broken UTF-8, other ids. */
export const FORM_TO_JSON_ROUTE = [0, 1, 4, 10, 11, 13];
