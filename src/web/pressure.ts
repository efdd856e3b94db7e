// Beyond capacity the app answers fast (503 + Retry-After, a short Russian page) rather than queueing for minutes.
// Two guards: @fastify/under-pressure refuses new requests while the event loop lags (every request would wait behind
// it), before any session lookup or database work; and the argon2 queue (modules/accounts/password-queue.ts) refuses
// logins beyond what the cores get through in a couple of seconds (its error is answered by web/errors.ts).
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { PressureOptions } from '../config.ts';
import { overloadRefusal } from './errors.ts';

/** Registered first, so its onRequest check runs before the session is read. Routes may opt out (below). */
export async function registerPressure(app: FastifyInstance, opts: PressureOptions): Promise<void> {
  if (opts.maxEventLoopDelayMs <= 0) return;
  const refuse = overloadRefusal('under pressure: requests refused');
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    retryAfter: opts.retryAfterSeconds,
    pressureHandler: (request, reply, type, value) => {
      refuse(request, reply, opts.retryAfterSeconds, { pressure: type, value });
    },
  });
}

/**
 * Route config for what must answer even beyond capacity, neither refused here nor held back by the request gate
 * (web/request-gate.ts): /healthz and /readyz (a busy process is alive and its database ready; taking it out of rotation
 * would only move the crowd), and static files (cheap, and the refusal page's own CSS).
 */
export const ALWAYS_ANSWERED = { pressureHandler: () => undefined, gate: false } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/under-pressure's per-route handler: returning nothing lets the request through. */
    pressureHandler?: (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => unknown;
  }
}
