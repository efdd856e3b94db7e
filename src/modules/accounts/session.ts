import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountFacts } from './queries.ts';
import { DEFAULT_LIMITS, sessionEndsAt, sessionKind } from './rules.ts';

/** After a successful login: a new session id, the account, and (with one school) the school. */
export async function startSession(request: FastifyRequest, facts: AccountFacts): Promise<void> {
  await request.session.regenerate();
  const s = request.session;
  const only = facts.memberships.length === 1 && !facts.isOperator ? facts.memberships[0] : undefined;
  const roles = [...(facts.isOperator ? (['operator'] as const) : []), ...facts.memberships.flatMap((m) => m.roles)];
  const kind = sessionKind(roles);
  const limits = only?.limits ?? DEFAULT_LIMITS;
  const now = Date.now();
  s.accountId = facts.id;
  s.schoolId = only?.schoolId;
  s.createdAt = now;
  s.lastSeenAt = now;
  s.endsAt = sessionEndsAt(kind, limits, { createdAt: now, lastSeenAt: now }).endsAt;
  // Staff: a browser-session cookie (gone when the shared computer's browser closes). Families: a lasting one.
  if (kind === 'family') s.options({ maxAge: limits.familyMaxDays * 86_400_000 });
}

/** Ends this session and clears its cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session?.accountId) await request.session.destroy();
  reply.clearCookie(request.server.sessionCookieName, { path: '/' });
}
