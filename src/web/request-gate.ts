// Requests at once, bounded: the app serves at most `atOnce` requests at a time; the rest wait in arrival order, as long
// as the wait ahead of them (estimated from the recent requests' times) stays under ~2 s; beyond that a request is
// answered at once with 503, Retry-After and a short Russian page. Without it, 1,000 parents in 10 s queued up behind
// the database pool (10 connections, 670 requests waiting for one) and single requests waited 15–28 s; the event loop's
// delay stayed at 5–20 ms all along, so @fastify/under-pressure alone (web/pressure.ts) never noticed.
// Registered first: a request waiting here or refused has not read its session or touched the database.
import type { FastifyInstance } from 'fastify';
import type { GateOptions } from '../config.ts';
import { overloadRefusal } from './errors.ts';
import { WorkQueue, type QueueLimits } from './work-queue.ts';

class RequestsRefused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests at once');
  }
}

/** The gate's settings with the number at once decided (config.gate's default resolved by the app). */
export type Gate = GateOptions & { atOnce: number };

export function registerRequestGate(app: FastifyInstance, opts: Gate): void {
  app.decorate('requestGate', null);
  if (opts.atOnce <= 0) return;
  // A page takes ~10–50 ms; the estimate follows the measured times. The count bound is only a backstop.
  const limits: QueueLimits = { concurrency: opts.atOnce, maxWaiting: 50 * opts.atOnce, maxWaitMs: opts.maxWaitMs, jobMs: 20 };
  const queue = new WorkQueue(limits, (seconds) => new RequestsRefused(seconds));
  const refuse = overloadRefusal('requests refused: too many at once');
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.gate === false) return done();
    // The slot is held until the response is finished or the connection closed, whichever comes first.
    const served = () => new Promise<void>((release) => {
      if (reply.raw.closed || request.raw.socket?.destroyed) release(); // the client left while waiting: nothing to hold
      else {
        reply.raw.once('finish', release);
        reply.raw.once('close', release);
      }
      done();
    });
    queue.run(served).catch((err: unknown) => {
      if (err instanceof RequestsRefused) refuse(request, reply, err.retryAfterSeconds, queue.stats());
      else done(err as Error);
    });
  });
  app.requestGate = queue;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The request gate's queue (its stats), null when off. */
    requestGate: WorkQueue | null;
  }
  interface FastifyContextConfig {
    /** false: not held back by the request gate (health checks, static files, the login's own argon2 queue). */
    gate?: false;
  }
}
