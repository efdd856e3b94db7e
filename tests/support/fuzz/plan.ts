// The fuzz plan: every POST route × every persona that may call it, with the paths and fields its payloads start from.
import type { FastifyInstance } from 'fastify';
import type { Access } from '../../../src/web/types.ts';
import type { Field } from './html.ts';
import { baselinePairs, FORM_TO_JSON_ROUTE, GENERATORS, type Context, type Payload } from './payloads.ts';
import { mayCall, PERSONAS, type Persona } from './personas.ts';
import type { Rng } from './prng.ts';
import { fillPath, patternOf, tableOfParam, type Instance, type Pattern } from './routes.ts';
import { CSRF_MARK, multipartPayloads } from './wire.ts';

export type Block = { route: string; persona: Persona; payloads: Payload[]; formKnown: boolean };

/** Routes whose every (route, role) gets all twenty payloads whatever the sampling: the journal and the people's records. */
export const CORE = /^\/(journal|people|contingent|my-class)\b/;

/** Run late: they delete, cancel, lay the year out again, reopen, block or log out — the routes before them want the demo intact. */
const LATE = /\/(delete|cancel|unlink|end|archive|unarchive|reset|disable|enable|roles|end-sessions|layout|reopen|apply|copy)$/;
const LAST = ['/select-school', '/password', '/login', '/logout', '/logout-everywhere'];

function order(url: string): number {
  if (LAST.includes(url)) return 3 + LAST.indexOf(url) / 10;
  if (LATE.test(url)) return 2;
  return CORE.test(url) ? 0 : 1;
}

/** Path parameters as they go in the URL (already percent-encoded). */
const GARBAGE = [
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', '..%2F..', '1%27%20or%20%271%27=%271', '%D0%96'.repeat(300), '-1', '%E0%A4%A',
];

/** The fields of a form nobody showed the crawl (a route reached only by a script or after a step): common names. */
function genericFields(own: Map<string, string[]>, today: string): Field[] {
  const f = (name: string, value: string, type = 'text'): Field => ({ name, type, value, options: [], multiple: false });
  const id = (t: string) => own.get(t)?.[0] ?? '';
  return [f('name', 'Проверка'), f('title', 'Проверка'), f('date', today, 'date'), f('until', today, 'date'), f('reason', 'Проверка', 'textarea'),
    f('body', 'Проверка', 'textarea'), f('studentId', id('students')), f('classId', id('classes')), f('period', id('periods')),
    f('schoolId', id('schools')),
    f('kind', ''), f('topicId', id('ktp_topics')), f('guardianId', id('guardians')), f('relation', 'мать')];
}

export type PlanInput = {
  app: FastifyInstance;
  rng: Rng;
  /** forms found on each persona's pages, by route */
  forms: Map<Persona, Map<string, Instance[]>>;
  ownIds: Map<string, string[]>;
  otherIds: Map<string, string[]>;
  today: string;
  /** payloads per (route, role) outside CORE (sampled deterministically when under 20) */
  perPair: number;
};

/** The paths of one route with every parameter taken from `ids` (or a random uuid where that table has none). */
function pathsFrom(p: Pattern, ids: Map<string, string[]>, rng: Rng, n: number): string[] {
  const out = new Set<string>();
  for (let i = 0; i < n; i++) {
    out.add(fillPath(p, p.params.map((_, k) => {
      const pool = ids.get(tableOfParam(p, k) ?? '') ?? [];
      return pool.length > 0 ? pool[(i + k) % pool.length]! : rng.uuid();
    })));
  }
  return [...out];
}

/** Where one (route, role) sends its payloads: its own school's objects, the other school's, garbage. */
function pathsOf(pattern: Pattern, instances: readonly Instance[], input: PlanInput, r: Rng) {
  if (pattern.params.length === 0) return { ownPaths: [pattern.url], otherPaths: [], garbagePaths: [] };
  const ownPaths = instances.length > 0 ? [...new Set(instances.map((i) => i.path))] : pathsFrom(pattern, input.ownIds, r, 2);
  const otherPaths = pathsFrom(pattern, input.otherIds, r, 2);
  if (pattern.params.length > 1 && instances[0]) {
    // The actor's own first id with the other school's next ones (a topic of another school's plan under one's own group).
    const values = pattern.re.exec(otherPaths[0]!)!.slice(1).map(decodeURIComponent);
    otherPaths.push(fillPath(pattern, instances[0].values.map((v, k) => (k === 0 ? v : values[k]!))));
  }
  return { ownPaths, otherPaths, garbagePaths: GARBAGE.map((g) => pattern.url.replace(/:\w+/g, g)) };
}

/** The payloads of one (route, role): twenty, or the baseline and a seeded sample; JSON and upload routes get more. */
function payloadsOf(url: string, ctx: Context, r: Rng, perPair: number, upload: boolean): Payload[] {
  const pairs = baselinePairs(ctx.fields);
  const all = GENERATORS.map((g) => g.run(ctx, r, pairs));
  if (ctx.encoding === 'json') all.push(...FORM_TO_JSON_ROUTE.map((i) => GENERATORS[i]!.run({ ...ctx, encoding: 'form' }, r, pairs)));
  // Logging out ends the session: each accepted one costs a login again (argon2), and there are no fields to vary.
  const n = url === '/logout' || url === '/logout-everywhere' ? 5 : perPair;
  const sampled = CORE.test(url) || n >= GENERATORS.length ? all : [all[0]!, ...r.sample(all.slice(1), n - 1)];
  return upload ? [...sampled, ...multipartPayloads(ctx, r, pairs)] : sampled;
}

export function buildPlan(input: PlanInput): { blocks: Block[]; unknownForms: string[] } {
  const posts = input.app.declaredRoutes.filter((r) => r.methods.includes('POST')).map((r): [string, Access] => [r.url, r.access]);
  const routes = [...new Map(posts).entries()].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]));
  const blocks: Block[] = [];
  const unknownForms: string[] = [];
  for (const [url, access] of routes) {
    const pattern = patternOf(url);
    const anyInstances = PERSONAS.flatMap((p) => input.forms.get(p)?.get(url) ?? []);
    if (anyInstances.length === 0) unknownForms.push(url);
    for (const persona of PERSONAS) {
      if (!mayCall(access, persona)) continue;
      const r = input.rng.fork(`${url} ${persona}`);
      const mine = input.forms.get(persona)?.get(url) ?? [];
      // The operator has no school: its forms are its own; school forms come from the persona's pages, then anyone's.
      const instances = mine.length > 0 ? mine : persona === 'operator' ? [] : anyInstances;
      const formKnown = instances.length > 0;
      const fields = instances.reduce<Field[]>((best, i) => (i.fields.length > best.length ? i.fields : best), []);
      const ctx: Context = {
        fields: formKnown ? fields : genericFields(input.ownIds, input.today), ...pathsOf(pattern, instances, input, r),
        ownIds: input.ownIds, otherIds: input.otherIds, csrf: CSRF_MARK,
        encoding: instances.some((i) => i.enctype === 'application/json') ? 'json' : 'form',
      };
      const upload = instances.some((i) => i.enctype.includes('multipart'));
      blocks.push({ route: url, persona, payloads: payloadsOf(url, ctx, r, input.perPair, upload), formKnown });
    }
  }
  return { blocks, unknownForms };
}
