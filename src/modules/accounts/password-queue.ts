// argon2 work (hashing, verifying) goes through a small bounded queue (web/work-queue.ts). argon2 runs on libuv's thread
// pool (4 threads), which fs, zlib (the pages' gzip) and DNS share: 1,000 logins at once used to queue 1,000 hashes
// there, and every page's compression and static file waited behind them. Here at most `concurrency` hashes run at once,
// callers wait ~2 s at most, and one beyond that is refused at once with PasswordQueueFull (the login form answers 503
// with Retry-After, web/errors.ts any other page), so a login waits seconds at most, never minutes.
import { availableParallelism } from 'node:os';
import type { QueueLimits } from '../../web/work-queue.ts';

/** One argon2id verify (19 MiB, t=2) takes ≈ 12 ms of one core here (@node-rs/argon2); counted as 15 ms for the other work beside it. */
const VERIFY_MS = 15;
/** How long a login may wait for its turn: ~2 s, so the whole login stays well under 5 s. */
const WAIT_BUDGET_MS = 2000;

/**
 * Limits for this machine: a hash per core, and at most as many waiting as the cores get through in the wait budget
 * when nothing else runs (on a busy machine each hash takes longer, and the time estimate admits fewer).
 */
export function defaultLimits(cores = availableParallelism()): QueueLimits {
  return { concurrency: cores, maxWaiting: Math.floor((WAIT_BUDGET_MS / VERIFY_MS) * cores), maxWaitMs: WAIT_BUDGET_MS, jobMs: VERIFY_MS };
}

/** The queue is full: try again after `retryAfterSeconds`. Nothing was changed. */
export class PasswordQueueFull extends Error {
  readonly code = 'OTM_PASSWORD_QUEUE_FULL';
  readonly statusCode = 503;
  constructor(readonly retryAfterSeconds: number) {
    super('too many password checks at once');
    this.name = 'PasswordQueueFull';
  }
}
