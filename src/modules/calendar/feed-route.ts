// GET /calendar/feed/<token>.ics — what a phone's calendar app subscribes to. Public (an app has no session): the token
// alone finds the school (by its hash, past row-level security through one narrow database function), then everything
// is read in that school's context. A revoked, unknown or no longer valid link answers 404 with a short Russian text,
// and the refusal goes to the login journal (auth_events) — of the link's school when the link is known.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { requestFacts } from '../../web/actor.ts';
import { now } from '../../web/clock.ts';
import { recordAuthEvent } from '../accounts/queries.ts';
import { renderFeed } from './feed-data.ts';
import { REFRESH_SECONDS } from './ics.ts';
import { feedSchoolOf, findLink, touchLink } from './queries.ts';
import { linkState, type LinkState } from './rules.ts';
import { FEED_PREFIX, hashToken, tokenOfFile } from './token.ts';

const params = z.object({ file: z.string().max(200) });
export const REFUSED_TEXT =
  'Календарь не найден: ссылка отозвана или неверна. Создайте новую ссылку в «Отметке» («Календарь на телефоне»).';

type Outcome = { ics: string } | { refused: Exclude<LinkState, 'ok'> | 'unknown'; schoolId?: string; accountId?: string };

async function answer(db: Db, tokenHash: string): Promise<Outcome> {
  const schoolId = await feedSchoolOf(db, tokenHash);
  if (!schoolId) return { refused: 'unknown' };
  return withSchool(db, schoolId, async (tx): Promise<Outcome> => {
    const link = await findLink(tx, { schoolId, tokenHash });
    if (!link) return { refused: 'unknown', schoolId };
    const state = linkState(link.facts);
    if (state !== 'ok') return { refused: state, schoolId, accountId: link.accountId };
    const owner = link.studentId ? { studentId: link.studentId } : { staffId: link.staffId! };
    const ics = await renderFeed(tx, { schoolId, owner, now: now(), uidScope: link.id.slice(0, 8) });
    await touchLink(tx, { schoolId, id: link.id });
    return { ics };
  });
}

async function refuse(db: Db, request: FastifyRequest, reply: FastifyReply, o: Exclude<Outcome, { ics: string }>) {
  const event = { kind: 'calendar_feed_refused', schoolId: o.schoolId ?? null, accountId: o.accountId ?? null, detail: o.refused } as const;
  await recordAuthEvent(db, event, requestFacts(request));
  return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(REFUSED_TEXT);
}

export function registerFeedRoute(app: FastifyInstance, { db }: { db: Db }): void {
  // Public: a calendar app brings no session, the token is the key. Rate-limited per address, generously — one address
  // may be a calendar service fetching for many families.
  app.get(`${FEED_PREFIX}:file`, {
    config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const p = params.safeParse(request.params);
    const token = p.success ? tokenOfFile(p.data.file) : null;
    const outcome: Outcome = token ? await answer(db, hashToken(token)) : { refused: 'unknown' };
    if ('refused' in outcome) return refuse(db, request, reply, outcome);
    return reply.type('text/calendar; charset=utf-8')
      // The app's own cache only (the link is a secret: no shared cache keeps it), fresh for the refresh interval's quarter.
      .header('cache-control', `private, max-age=${REFRESH_SECONDS / 4}`)
      .header('content-disposition', 'inline; filename="otmetka.ics"')
      .header('x-robots-tag', 'noindex, nofollow')
      .send(outcome.ics);
  });
}
