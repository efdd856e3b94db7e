// «Календарь на телефоне» (/calendar): a parent makes a private .ics link for each child (a student for themself), a
// teacher for their own lessons; the link is shown once, right after it is made (only its hash is kept), and can be
// revoked or made anew. The feed itself is feed-route.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { dateTimeOf } from '../../web/school-time.ts';
import type { Actor } from '../../web/types.ts';
import { auditContext } from '../audit/queries.ts';
import { diaryChildOf, diaryChildren } from '../diary/access.ts';
import { registerFeedRoute } from './feed-route.ts';
import { createLink, liveLinks, revokeLink, type FeedOwner } from './queries.ts';
import { DAYS_AHEAD, DAYS_BACK, STAFF_FEED_ROLES } from './rules.ts';
import { feedLinks } from './token.ts';

const PAGE = '/calendar';
const FAMILY = { config: { access: ['parent', 'student'] as const } };
const STAFF = { config: { access: STAFF_FEED_ROLES } };

/** The actor's own staff card, when a role of theirs gives them lessons of their own. */
const ownStaffId = (actor: Actor) =>
  (actor.roles.some((r) => (STAFF_FEED_ROLES as readonly string[]).includes(r)) ? actor.person.staffId : null);

type Created = { key: string; https: string; webcal: string };

/** The page: one section per calendar the actor may link (each child of the school, their own lessons). */
async function renderPage(db: Db, request: FastifyRequest, reply: FastifyReply, created?: Created) {
  const actor = request.actor!;
  const schoolId = request.school.id;
  const family = actor.roles.includes('parent') || actor.roles.includes('student');
  const children = family ? await diaryChildren(db, actor.accountId) : [];
  const links = await liveLinks(db, { schoolId, accountId: actor.accountId });
  const linkView = (l: (typeof links)[number] | undefined) => (l
    ? { createdAt: dateTimeOf(request, l.createdAt), lastUsedAt: l.lastUsedAt ? dateTimeOf(request, l.lastUsedAt) : null }
    : null);
  const sections = children.filter((c) => c.schoolId === schoolId).map((c) => ({
    key: `student-${c.studentId}`, title: c.guardianId ? `${c.firstName} ${c.lastName}` : 'Моё расписание',
    sub: c.className ? `${c.className} класс` : '',
    action: `${PAGE}/students/${c.studentId}`, link: linkView(links.find((l) => l.studentId === c.studentId)),
  }));
  const staffId = ownStaffId(actor);
  if (staffId) {
    const link = linkView(links.find((l) => l.staffId === staffId));
    sections.push({ key: 'staff', title: 'Мои уроки', sub: 'свои уроки, замены и события', action: `${PAGE}/staff`, link });
  }
  if (created) reply.header('cache-control', 'no-store'); // the one page that shows a link: no cache keeps it
  const createdFor = created && sections.find((s) => s.key === created.key)?.title;
  return reply.page('calendar/index', {
    title: 'Календарь на телефоне', sections, family, created: created ? { ...created, title: createdFor } : null,
    daysBack: DAYS_BACK, weeksAhead: DAYS_AHEAD / 7,
  });
}

/** The link just made, for the page to show once. The origin is the request's (behind a proxy: TRUST_PROXY=true). */
function createdView(request: FastifyRequest, key: string, token: string): Created {
  return { key, ...feedLinks(`${request.protocol}://${request.host}`, token) };
}

async function make(db: Db, request: FastifyRequest, reply: FastifyReply, owner: FeedOwner, key: string) {
  const { token } = await createLink(db, auditContext(request), owner);
  return renderPage(db, request, reply, createdView(request, key, token));
}

async function revoke(db: Db, request: FastifyRequest, reply: FastifyReply, owner: FeedOwner) {
  const done = await revokeLink(db, auditContext(request), owner);
  flash(reply, 'ok', done
    ? 'Ссылка отозвана: календарь на телефоне больше не обновляется. Удалите его в приложении календаря.'
    : 'Действующей ссылки не было.');
  return reply.redirect(PAGE, 303);
}

export function registerCalendarRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get(PAGE, { config: { access: ['parent', 'student', ...STAFF_FEED_ROLES] } }, (request, reply) => renderPage(db, request, reply));

  // A child's link: the parent of this child in this school, or the student themself; anyone else's child → 404.
  app.post(`${PAGE}/students/:studentId`, FAMILY, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    return child ? make(db, request, reply, { studentId: child.studentId }, `student-${child.studentId}`) : notFound(reply);
  });
  app.post(`${PAGE}/students/:studentId/revoke`, FAMILY, async (request, reply) => {
    const child = await diaryChildOf(db, request);
    return child ? revoke(db, request, reply, { studentId: child.studentId }) : notFound(reply);
  });

  // The teacher's own lessons (their staff card; an account without one has no lessons → 404).
  app.post(`${PAGE}/staff`, STAFF, async (request, reply) => {
    const staffId = ownStaffId(request.actor!);
    return staffId ? make(db, request, reply, { staffId }, 'staff') : notFound(reply);
  });
  app.post(`${PAGE}/staff/revoke`, STAFF, async (request, reply) => {
    const staffId = ownStaffId(request.actor!);
    return staffId ? revoke(db, request, reply, { staffId }) : notFound(reply);
  });

  registerFeedRoute(app, { db });
}
