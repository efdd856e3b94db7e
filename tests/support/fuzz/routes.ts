// The app's POST routes as patterns, the concrete paths and forms a persona meets on its pages (a small crawl), and the
// ids of either school by the kind of object a path parameter or a field names.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rowsOf, type Db } from '../../../src/db/client.ts';
import { Agent } from './agent.ts';
import { formsOf, linksOf, type Field, type Form } from './html.ts';

export type Pattern = { url: string; params: string[]; re: RegExp; statics: number };

export function patternOf(url: string): Pattern {
  const params: string[] = [];
  const source = url.split('/').map((seg) => seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, p: string) => {
    params.push(p);
    return '([^/]+?)';
  })).join('/');
  return { url, params, re: new RegExp(`^${source}$`), statics: url.split('/').filter((s) => s && !s.includes(':')).length };
}

/** The route a concrete path goes to: static segments win over parameters, as in fastify's router. */
export function matchRoute(patterns: readonly Pattern[], path: string): { pattern: Pattern; values: string[] } | null {
  let best: { pattern: Pattern; values: string[] } | null = null;
  for (const p of patterns) {
    const m = p.re.exec(path);
    if (m && (!best || p.params.length < best.pattern.params.length)) best = { pattern: p, values: m.slice(1).map(decodeURIComponent) };
  }
  return best;
}

export function fillPath(p: Pattern, values: readonly string[]): string {
  let i = 0;
  return p.url.replace(/:(\w+)/g, () => encodeURIComponent(values[i++] ?? ''));
}

// ── Kinds of objects: which table a path parameter or a form field refers to. ──

/** `:id` by the path segment before it. */
const BY_SEGMENT: Record<string, string> = {
  members: 'memberships', years: 'academic_years', schemes: 'period_schemes', periods: 'periods', holidays: 'holidays',
  transfers: 'transferred_days', bells: 'bell_schedules', subjects: 'subjects', classes: 'classes', staff: 'staff',
  students: 'students', guardians: 'guardians', orders: 'orders', timetables: 'timetables', lessons: 'lessons', events: 'events',
  'work-types': 'work_types', import: 'import_batches', outbox: 'outbox',
};

/** A named parameter or a field by the word in its name (longest first: `membershipId` before `member…`). */
const BY_WORD: Array<[RegExp, string]> = [
  [/membership/i, 'memberships'], [/worktype/i, 'work_types'], [/timetable/i, 'timetables'], [/scheme/i, 'period_schemes'],
  [/guardian/i, 'guardians'], [/student/i, 'students'], [/staff|teacher/i, 'staff'], [/subject/i, 'subjects'],
  [/class/i, 'classes'], [/lesson/i, 'lessons'], [/group|target/i, 'teaching_groups'], [/topic/i, 'ktp_topics'],
  [/slot/i, 'timetable_slots'], [/item/i, 'curriculum_items'], [/member/i, 'group_members'], [/thread/i, 'message_threads'],
  [/period/i, 'periods'], [/year/i, 'academic_years'], [/bell/i, 'bell_schedules'], [/order/i, 'orders'], [/school/i, 'schools'],
  [/holiday/i, 'holidays'], [/event/i, 'events'],
];

export function tableOfParam(p: Pattern, index: number): string | null {
  const name = p.params[index]!;
  if (name !== 'id') return tableOfField(name);
  const segs = p.url.split('/');
  const at = segs.findIndex((s) => s === ':id');
  return BY_SEGMENT[segs[at - 1] ?? ''] ?? null;
}

export function tableOfField(name: string): string | null {
  return BY_WORD.find(([re]) => re.test(name))?.[1] ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Up to `n` ids of every table of one school (schools: the school itself), read with the owner's handle. */
export async function idsBySchool(db: Db, schoolId: string, tables: readonly string[], n = 12): Promise<Map<string, string[]>> {
  const q = tables.map((t) => t === 'schools'
    ? `(select 'schools' as t, id::text as id from schools where id = '${schoolId}')`
    : `(select '${t}' as t, id::text as id from "${t}" where school_id = '${schoolId}' order by id limit ${n})`).join(' union all ');
  const out = new Map<string, string[]>(tables.map((t) => [t, []]));
  for (const r of rowsOf<{ t: string; id: string }>(await db.execute(sql.raw(q)))) out.get(r.t)!.push(r.id);
  return out;
}

export const ID_TABLES = [...new Set([...Object.values(BY_SEGMENT), ...BY_WORD.map(([, t]) => t)])];

// ── The crawl: what a persona meets on its pages. ──

/** A form of a page, for one POST route: the concrete path and the fields as the page fills them. */
export type Instance = { path: string; values: string[]; enctype: string; fields: Field[] };

const SKIP_GET = new Set(['/static/*', '/healthz', '/readyz', '/login', '/ktp/template.:format', '/import/templates/:file']);

export type CrawlResult = { pages: number; forms: Map<string, Instance[]> };

/** The login form, as an anonymous visitor sees it (a logged-in persona is sent away from /login). */
export async function loginForm(app: FastifyInstance): Promise<Instance> {
  const res = await new Agent(app, null).get('/login');
  const form = formsOf(res.body, '/login').find((f) => f.method === 'post' && f.action.startsWith('/login'));
  if (!form) throw new Error('no login form on /login');
  return { path: '/login', values: [], enctype: form.enctype, fields: form.fields };
}

/**
 * Visits the persona's pages from its home page, following links and GET forms to routes of the app — at most `perRoute`
 * pages of one route and `maxPages` in all — and collects every POST form by route.
 */
export async function crawl(app: FastifyInstance, agent: Agent, opts: { perRoute?: number; maxPages?: number } = {}): Promise<CrawlResult> {
  const perRoute = opts.perRoute ?? 2;
  const maxPages = opts.maxPages ?? 120;
  const gets = app.declaredRoutes.filter((r) => r.methods.includes('GET') && !SKIP_GET.has(r.url)).map((r) => patternOf(r.url));
  const posts = app.declaredRoutes.filter((r) => r.methods.includes('POST')).map((r) => patternOf(r.url));
  const visitsOf = new Map<string, number>();
  const seen = new Set<string>();
  const queue = ['/', '/select-school'];
  const forms = new Map<string, Instance[]>();
  let pages = 0;
  const enqueue = (url: string) => {
    if (seen.has(url) || /[?&]format=/.test(url)) return;
    seen.add(url);
    queue.push(url);
  };
  while (queue.length > 0 && pages < maxPages) {
    const url = queue.shift()!;
    const route = matchRoute(gets, url.split('?')[0]!);
    if (!route) continue;
    const n = visitsOf.get(route.pattern.url) ?? 0;
    if (n >= perRoute) continue;
    visitsOf.set(route.pattern.url, n + 1);
    const res = await agent.get(url);
    pages++;
    const to = res.headers.location;
    if (res.statusCode === 303 && typeof to === 'string' && to.startsWith('/')) enqueue(to); // «Посещаемость класса» → the one class
    if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
    for (const link of linksOf(res.body, url)) enqueue(link);
    for (const form of formsOf(res.body, url)) {
      if (form.method === 'get') enqueue(getFormUrl(form));
      else collect(forms, posts, form);
    }
    for (const cell of gridCells(res.body)) collect(forms, posts, cell);
  }
  return { pages, forms };
}

function getFormUrl(form: Form): string {
  const q = new URLSearchParams();
  for (const f of form.fields) if (f.type !== 'button' && f.value !== '') q.append(f.name, f.value);
  const s = q.toString();
  return s ? `${form.action.split('?')[0]}?${s}` : form.action;
}

function collect(forms: Map<string, Instance[]>, posts: readonly Pattern[], form: Form): void {
  const path = form.action.split('?')[0]!;
  const route = matchRoute(posts, path);
  if (!route) return;
  const list = forms.get(route.pattern.url) ?? [];
  const key = (fields: Field[]) => (form.enctype === 'application/json' ? fields.map((f) => f.value).join('|') : '');
  const same = list.find((i) => i.path === path && key(i.fields) === key(form.fields));
  if (same) {
    if (form.fields.length > same.fields.length) same.fields = form.fields;
    return;
  }
  if (list.length < 4) list.push({ path, values: route.values, enctype: form.enctype, fields: form.fields });
  forms.set(route.pattern.url, list);
}

/** The grid's editable cells as forms of POST /journal/cells (the page's script posts them as JSON). */
function gridCells(html: string): Form[] {
  const group = /data-grid data-group="([^"]+)"/.exec(html)?.[1];
  if (!group) return [];
  const out: Form[] = [];
  const inputs = [...html.matchAll(/<input class="cell-in"[^>]*>/g)];
  // The first, a middle and the last editable cell: an older lesson (a correction needs a reason) and today's.
  for (const m of [...new Set([inputs[0], inputs[inputs.length >> 1], inputs[inputs.length - 1]])].filter((x) => x !== undefined)) {
    const a = Object.fromEntries([...m[0].matchAll(/data-([\w-]+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    const field = (name: string, value: string, type = 'text'): Field => ({ name, type, value, options: [], multiple: false });
    const fields = [field('lessonId', a.lesson ?? ''), field('studentId', a.student ?? ''), field('column', a.col ?? '1', 'number'),
      field('value', a.was ? '' : '5'), field('was', a.was ?? ''), field('groupId', group)];
    if (a['reason-needed']) fields.push(field('reason', 'Исправление ошибки', 'textarea'));
    out.push({ method: 'post', action: '/journal/cells', enctype: 'application/json', fields });
  }
  return out;
}
