import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { recordAuthEvent, type AccountFacts } from '../modules/accounts/queries.ts';
import { DEFAULT_LIMITS, sessionEndsAt, sessionKind, sessionState, type Role } from '../modules/accounts/rules.ts';
import { twoFactorState } from '../modules/accounts/two-factor/rules.ts';
import type { PgSessionStore } from './session-store.ts';
import type { Actor } from './types.ts';

/** Touch the session (extend its idle limit) at most once a minute, so most requests write nothing. */
const TOUCH_EVERY_MS = 60_000;

export function requestFacts(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'], requestId: String(request.id) };
}

/** The one place that sets request.actor: from the session, the account and its memberships. */
export function actorHook(db: Db, store: Pick<PgSessionStore, 'takeFacts' | 'accountFacts'>) {
  return async function loadActor(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.actor = null;
    const s = request.session;
    if (!s?.accountId) return;
    // Read with the session in the same statement, or kept in memory (web/session-store.ts, auth-cache.ts), else now.
    const facts = store.takeFacts(s.sessionId, s.accountId) ?? await store.accountFacts(s.accountId);
    if (!facts || facts.disabled) {
      await s.destroy();
      request.sessionEnded = 'disabled';
      return;
    }
    let current = facts.memberships.find((m) => m.schoolId === s.schoolId);
    if (!current && facts.memberships.length === 1 && !facts.isOperator) {
      current = facts.memberships[0];
      s.schoolId = current?.schoolId;
    }
    const roles: Role[] = [...(facts.isOperator ? (['operator'] as const) : []), ...(current?.roles ?? [])];
    const kind = sessionKind(roles.length > 0 ? roles : facts.memberships.flatMap((m) => m.roles));
    const limits = current?.limits ?? DEFAULT_LIMITS;
    const now = Date.now();
    const times = { createdAt: s.createdAt ?? 0, lastSeenAt: s.lastSeenAt ?? 0 };
    const state = sessionState(kind, limits, times, now);
    if (state !== 'active') {
      await recordAuthEvent(db, { kind: 'session_expired', accountId: facts.id, login: facts.login, detail: state }, requestFacts(request));
      await s.destroy();
      request.sessionEnded = state;
      return;
    }
    if (now - times.lastSeenAt >= TOUCH_EVERY_MS) {
      s.lastSeenAt = now;
      s.endsAt = sessionEndsAt(kind, limits, { createdAt: times.createdAt, lastSeenAt: now }).endsAt;
    }
    request.actor = toActor(facts, current, roles, kind);
  };
}

function toActor(
  facts: AccountFacts,
  current: { schoolId: string; schoolName: string; timeZone: string; person: Actor['person'] } | undefined,
  roles: Role[],
  kind: 'staff' | 'family',
): Actor {
  return {
    accountId: facts.id,
    login: facts.login,
    fullName: facts.fullName,
    mustChangePassword: facts.mustChangePassword,
    // Computed on every request: a policy switched on, or a factor reset by the admin, takes effect at the next page.
    twoFactor: twoFactorState(facts),
    isOperator: facts.isOperator,
    schools: facts.memberships.map((m) => ({ id: m.schoolId, name: m.schoolName, roles: m.roles })),
    school: current ? { id: current.schoolId, name: current.schoolName, timeZone: current.timeZone } : null,
    roles,
    person: current?.person ?? { staffId: null, guardianId: null, studentId: null },
    kind,
  };
}
