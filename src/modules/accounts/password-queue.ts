// A small bounded queue for argon2 work (hashing, verifying). argon2 runs on libuv's thread pool (4 threads), which fs,
// zlib (the pages' gzip) and DNS share: 1,000 logins at once used to queue 1,000 hashes there, and every page's
// compression and every static file waited behind them (31 s a visit). Here at most `concurrency` hashes run at once,
// at most `maxWaiting` wait, and a caller beyond that is refused at once with PasswordQueueFull (the web layer answers
// 503 with Retry-After), so a login waits seconds at most, never minutes.
import { availableParallelism } from 'node:os';

export type QueueLimits = {
  /** Hashes computed at once. */
  concurrency: number;
  /** Callers waiting for a turn at most, whatever the estimate says. */
  maxWaiting: number;
  /**
   * The longest a caller should wait for its turn. A caller is refused at once when the wait ahead of it, estimated from
   * the recent hashes' times, is longer; and refused when its turn comes later than this after all (the estimate lagged).
   */
  maxWaitMs: number;
  /** A hash's time to assume before any was measured (afterwards a moving average of the measured ones is used). */
  jobMs: number;
};

/** One argon2id verify (19 MiB, t=2) takes ≈ 22 ms of one core here; counted as 25 ms for the other work beside it. */
const VERIFY_MS = 25;
/** How long a login may wait for its turn: ~2 s, so the whole login stays well under 5 s. */
const WAIT_BUDGET_MS = 2000;

/**
 * Limits for this machine: a hash per core, and as many waiting as the cores get through in the wait budget when
 * nothing else runs (on a busy machine each hash takes longer, and the time estimate admits fewer).
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

type Waiting = { queuedAt: number; start: () => void; refuse: (err: Error) => void };

/** Weight of the latest hash's time in the moving average (about the last ten count). */
const ALPHA = 0.1;

export class WorkQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private avgMs: number;

  constructor(private limits: QueueLimits, private readonly now: () => number = () => performance.now()) {
    this.avgMs = limits.jobMs;
  }

  setLimits(limits: Partial<QueueLimits>): void {
    this.limits = { ...this.limits, ...limits };
    if (limits.jobMs !== undefined) this.avgMs = limits.jobMs;
    this.startWaiting();
  }

  stats(): { running: number; waiting: number; avgMs: number } & QueueLimits {
    return { running: this.running, waiting: this.waiting.length, avgMs: this.avgMs, ...this.limits };
  }

  /** The wait of a caller with `ahead` callers before it: whole rounds of `concurrency` hashes. */
  private estimatedWaitMs(ahead: number): number {
    return Math.ceil((ahead + 1) / this.limits.concurrency) * this.avgMs;
  }

  /** Runs `work` when a slot is free, in arrival order; rejects with PasswordQueueFull when the wait would be too long. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.concurrency && this.waiting.length === 0) return this.start(work);
    const ahead = this.waiting.length;
    if (ahead >= this.limits.maxWaiting || this.estimatedWaitMs(ahead) > this.limits.maxWaitMs) return Promise.reject(this.full());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ queuedAt: this.now(), start: () => { this.start(work).then(resolve, reject); }, refuse: reject });
    });
  }

  private async start<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    const startedAt = this.now();
    try {
      return await work();
    } finally {
      this.avgMs += ALPHA * (this.now() - startedAt - this.avgMs);
      this.running--;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (this.now() - next.queuedAt > this.limits.maxWaitMs) next.refuse(this.full());
      else next.start();
    }
  }

  /** Retry-After: about the time the queue takes to drain, plus 0–2 s so refused callers do not all come back at once. */
  private full(): PasswordQueueFull {
    return new PasswordQueueFull(Math.ceil(this.limits.maxWaitMs / 1000) + Math.floor(Math.random() * 3));
  }
}
