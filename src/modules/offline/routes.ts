// The journal without a connection and on the home screen (issue 16 item 5): the service worker's script, the web app
// manifest, the list of pages the worker keeps for this account, and a fresh CSRF token for the grid's queue of unsent
// cells (a page opened from the worker's copy may carry a token that is no longer valid).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { todayOf } from '../../web/school-time.ts';
import { groupsTaughtInYear } from '../journal/list-queries.ts';
import { dayLessons } from '../schedule/lessons-queries.ts';
import { currentYear } from '../setup/lookups.ts';
import { diaryChildren } from '../diary/access.ts';
import { keptPages, offlineKey, type KeptFacts } from './rules.ts';

/** The web app manifest: «Отметка» on the home screen, opened full-screen (no browser bar) at the home page. */
export const MANIFEST = {
  name: 'Отметка — электронный журнал и дневник',
  short_name: 'Отметка',
  description: 'Журнал учителя и дневник семьи; сегодняшние уроки, журналы групп и неделя дневника открываются и без связи.',
  lang: 'ru',
  dir: 'ltr',
  id: '/',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  background_color: '#ffffff',
  theme_color: '#1f5fbf',
  icons: [
    { src: '/static/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    { src: '/static/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/static/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/static/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
} as const;

/** What the kept pages depend on: the actor's roles, today's lessons and groups (teacher), the children (family). */
async function keptFacts(db: Db, request: FastifyRequest): Promise<KeptFacts> {
  const actor = request.actor!;
  const none: KeptFacts = { roles: actor.roles, lessonIds: [], groupIds: [], studentIds: [] };
  if (!actor.school) return none;
  const schoolId = actor.school.id;
  const today = todayOf(request);
  const staffId = actor.person.staffId;
  const family = actor.roles.includes('parent') || actor.roles.includes('student');
  const teaches = staffId !== null && actor.roles.includes('teacher');
  const year = teaches ? await currentYear(db, { schoolId, date: today }) : undefined;
  const [lessons, groups, children] = await Promise.all([
    teaches ? dayLessons(db, { schoolId, date: today, staffId }) : [],
    teaches && year ? groupsTaughtInYear(db, { schoolId, yearId: year.id, staffId }) : [],
    family ? diaryChildren(db, actor.accountId, today) : [],
  ]);
  return {
    roles: actor.roles,
    // A lesson handed to a substitute or cancelled is not this teacher's today.
    lessonIds: lessons.filter((l) => l.subKind === null || l.substituteStaffId === staffId).map((l) => l.id),
    groupIds: groups.map((g) => g.id),
    studentIds: children.filter((c) => c.schoolId === schoolId).map((c) => c.studentId),
  };
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function registerOfflineRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  // The worker's script at the root, so that its scope is the whole site. Checked for a new version on every visit.
  app.get('/sw.js', { config: { access: 'public' } }, (_request, reply) => {
    reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/');
    return reply.sendFile('sw.js', { cacheControl: false });
  });

  app.get('/manifest.webmanifest', { config: { access: 'public' } }, (_request, reply) => {
    reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return reply.send(JSON.stringify(MANIFEST));
  });

  // The pages the worker fetches ahead and keeps for this account (rules.ts keptPages); never cached itself.
  app.get('/offline/pages', { config: { access: 'account' } }, async (request, reply) => {
    const pages = keptPages(await keptFacts(db, request));
    return noStore(reply).send({ account: offlineKey(request.actor!), pages });
  });

  // A fresh token for the grid's queue: the unsent cells of a page opened offline are sent with it once online.
  app.get('/csrf-token', { config: { access: 'account' } }, async (_request, reply) => {
    return noStore(reply).send({ token: reply.generateCsrf() });
  });
}
