// A small bounded queue of work: at most `concurrency` jobs at once, the rest wait in arrival order — as long as the wait
// ahead of them, estimated from the recent jobs' times, stays under `maxWaitMs`; beyond that a caller is refused at once
// (the error says when to come back), so nobody waits minutes. Used for argon2 (modules/accounts/password-queue.ts) and
// for requests as a whole (web/request-gate.ts).

export type QueueLimits = {
  /** Jobs at once. */
  concurrency: number;
  /** Callers waiting at most, whatever the estimate says. */
  maxWaiting: number;
  /**
   * The longest a caller should wait for its turn. A caller is refused at once when the wait ahead of it, estimated from
   * the recent jobs' times, is longer; and refused when its turn comes later than this after all (the estimate lagged).
   */
  maxWaitMs: number;
  /** A job's time to assume before any was measured (afterwards a moving average of the measured ones is used). */
  jobMs: number;
};

/** Weight of the latest job's time in the moving average (about the last ten count). */
const ALPHA = 0.1;

type Waiting = { queuedAt: number; start: () => void; refuse: (err: Error) => void };

export class WorkQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private avgMs: number;

  /** `refuse(seconds)`: the error a refused caller gets, saying when to come back. */
  constructor(
    private limits: QueueLimits,
    private readonly refuse: (retryAfterSeconds: number) => Error,
    private readonly now: () => number = () => performance.now(),
  ) {
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

  /** The wait of a caller with `ahead` callers before it: whole rounds of `concurrency` jobs. */
  private estimatedWaitMs(ahead: number): number {
    return Math.ceil((ahead + 1) / this.limits.concurrency) * this.avgMs;
  }

  /** Runs `work` when a slot is free, in arrival order; rejects with the refusal when the wait would be too long. */
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
      // A job longer than the whole wait budget (a ZIP streamed for a minute) counts as the budget: one such job must
      // not make the queue refuse everyone for a while.
      const took = Math.min(this.now() - startedAt, this.limits.maxWaitMs);
      this.avgMs += ALPHA * (took - this.avgMs);
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

  /** Retry-After: about the longest wait, plus 0–2 s so refused callers do not all come back at the same moment. */
  private full(): Error {
    return this.refuse(Math.ceil(this.limits.maxWaitMs / 1000) + Math.floor(Math.random() * 3));
  }
}
