// The anonymous visitor's sign-in state between the redirects: no session row (DESIGN: none for anonymous visitors),
// but two short-lived httpOnly cookies sealed with AES-256-GCM under a key derived from SESSION_SECRET — the flow
// (state, nonce, PKCE verifier) and, when the provider's subject is not linked yet, the identity awaiting a link code.
import { hkdfSync } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { open, seal, type SecretKey } from '../two-factor/secret-box.ts';
import type { Flow } from './client.ts';

/** Ten minutes to sign in at the provider, and ten more to type the link code. */
export const FLOW_MS = 10 * 60_000;

/** A provider's subject waiting to be linked to an account (by the code on the slip). */
export type PendingLink = { provider: string; issuer: string; subject: string; next: string; startedAt: number };

export type OidcCookies = {
  setFlow(reply: FastifyReply, flow: Flow): void;
  /** The flow of this browser, cleared on the way (one callback per flow); undefined when absent, damaged or stale. */
  takeFlow(request: FastifyRequest, reply: FastifyReply, now: number): Flow | undefined;
  setPending(reply: FastifyReply, pending: PendingLink): void;
  pending(request: FastifyRequest, now: number): PendingLink | undefined;
  clearPending(reply: FastifyReply): void;
};

export function oidcCookies(sessionSecret: string, production: boolean): OidcCookies {
  const box: SecretKey = { key: Buffer.from(hkdfSync('sha256', sessionSecret, 'otmetka', 'otmetka oidc cookie v1', 32)) };
  const names = production
    ? { flow: '__Host-otmetka-oidc', pending: '__Host-otmetka-link' }
    : { flow: 'otmetka.oidc', pending: 'otmetka.link' };
  const secure = production ? true : ('auto' as const);
  const gone = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure }; // a __Host- cookie is deleted only as Secure
  const options = { ...gone, maxAge: FLOW_MS / 1000 };
  const read = <T extends { startedAt: number }>(request: FastifyRequest, name: string, now: number): T | undefined => {
    const raw = request.cookies[name];
    const text = raw ? open(box, raw, name) : null;
    if (!text) return undefined;
    try {
      const value = JSON.parse(text) as T;
      return now - value.startedAt < FLOW_MS && value.startedAt <= now + 60_000 ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    setFlow: (reply, flow) => void reply.setCookie(names.flow, seal(box, JSON.stringify(flow), names.flow), options),
    takeFlow: (request, reply, now) => {
      reply.clearCookie(names.flow, gone);
      return read<Flow>(request, names.flow, now);
    },
    setPending: (reply, p) => void reply.setCookie(names.pending, seal(box, JSON.stringify(p), names.pending), options),
    pending: (request, now) => read<PendingLink>(request, names.pending, now),
    clearPending: (reply) => void reply.clearCookie(names.pending, gone),
  };
}
