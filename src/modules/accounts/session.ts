import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadTicket } from '../../web/auth-cache.ts';
import type { LoginResult } from './login.ts';
import type { AccountFacts } from './queries.ts';
import { DEFAULT_LIMITS, sessionEndsAt, sessionKind } from './rules.ts';
import { mustEnroll, twoFactorState } from './two-factor/rules.ts';

/**
 * A new session id for a login (no session fixation): the session the request came with is ended and a new id made.
 * When the request brought no session cookie, its session's id was made in this request and never left the server:
 * it is new already, and nothing is stored under it to end (saving one login two statements).
 */
async function newSessionId(request: FastifyRequest): Promise<void> {
  if (request.cookies[request.server.sessionCookieName] !== undefined) await request.session.regenerate();
}

/** After a successful login: a new session id, the account, and (with one school) the school. */
export async function startSession(request: FastifyRequest, facts: AccountFacts): Promise<void> {
  await newSessionId(request);
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

/**
 * A login that passed its first step (a password or a provider): the code page, or the session and its first page.
 * `factsTicket`, taken before the login read the account's facts: they are kept in memory (web/auth-cache.ts) for the
 * session's first page, unless a change of them was announced since.
 */
export async function enter(
  request: FastifyRequest, reply: FastifyReply, result: Extract<LoginResult, { ok: true }>, next: string, factsTicket?: ReadTicket,
) {
  if (result.next === 'code') {
    await startPendingLogin(request, { accountId: result.accountId, login: result.login, next });
    return reply.redirect('/login/code', 303);
  }
  if (factsTicket) request.server.authCache?.keepFacts(factsTicket, result.facts);
  await startSession(request, result.facts);
  return reply.redirect(afterLogin(result.facts, next), 303);
}

/** Where to go after login, password change or school choice: a forced password change, then enrolling a required
 * second factor, then the school choice, then the page asked for. */
export function afterLogin(facts: AccountFacts, next: string): string {
  if (facts.mustChangePassword) return `/password?next=${encodeURIComponent(next)}`;
  if (mustEnroll(twoFactorState(facts))) return `/account/two-factor?next=${encodeURIComponent(next)}`;
  if (facts.memberships.length > 1) return `/select-school?next=${encodeURIComponent(next)}`;
  if (facts.isOperator && facts.memberships.length === 0 && next === '/') return '/operator/schools';
  return next;
}

/** Ends this session and clears its cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session?.accountId) await request.session.destroy();
  request.endsSession = true;
  // Secure when served over https: a __Host- cookie (production) is deleted only by a Secure Set-Cookie.
  reply.clearCookie(request.server.sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
}

/** How long the code may follow the password (real time). */
export const PENDING_LOGIN_MS = 5 * 60_000;

/**
 * After a right password of a two-factor account: a new session id holding only the pending login — no accountId,
 * so the actor hook sees nobody and no page opens until the code is right.
 */
export async function startPendingLogin(request: FastifyRequest, pending: { accountId: string; login: string; next: string }): Promise<void> {
  await newSessionId(request);
  const now = Date.now();
  request.session.pendingLogin = { ...pending, startedAt: now };
  request.session.endsAt = now + PENDING_LOGIN_MS;
}

/** The pending login of this session if it is still fresh. */
export function pendingLoginOf(request: FastifyRequest): { accountId: string; login: string; next: string } | undefined {
  const p = request.session?.pendingLogin;
  if (!p || request.session.accountId) return undefined;
  return Date.now() - p.startedAt < PENDING_LOGIN_MS ? p : undefined;
}
