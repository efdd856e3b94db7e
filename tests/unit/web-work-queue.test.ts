import { describe, expect, it } from 'vitest';
import { defaultLimits, PasswordQueueFull } from '../../src/modules/accounts/password-queue.ts';
import { WorkQueue as Queue, type QueueLimits } from '../../src/web/work-queue.ts';

/** The queue as the passwords use it: refusals are PasswordQueueFull. */
class WorkQueue extends Queue {
  constructor(limits: QueueLimits, now?: () => number) {
    super(limits, (s) => new PasswordQueueFull(s), now);
  }
}

/** A job the test finishes by hand: `done(v)` resolves it, `fail(e)` rejects it; `started` tells whether it runs. */
function gate<T = string>() {
  let done!: (v: T) => void;
  let fail!: (e: Error) => void;
  const job = { started: false, promise: undefined as unknown as Promise<T> };
  const work = () => {
    job.started = true;
    job.promise = new Promise<T>((resolve, reject) => { done = resolve; fail = reject; });
    return job.promise;
  };
  return { job, work, done: (v: T) => done(v), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the argon2 work queue', () => {
  it('runs `concurrency` jobs at once and starts the waiting ones in arrival order', async () => {
    const q = new WorkQueue({ concurrency: 2, maxWaiting: 10, maxWaitMs: 60_000, jobMs: 1 });
    const gates = Array.from({ length: 5 }, () => gate());
    const results = gates.map((g) => q.run(g.work));
    expect(gates.map((g) => g.job.started)).toEqual([true, true, false, false, false]);
    expect(q.stats()).toMatchObject({ running: 2, waiting: 3 });
    gates[1]!.done('b');
    await tick();
    expect(gates.map((g) => g.job.started)).toEqual([true, true, true, false, false]);
    gates[0]!.done('a');
    gates[2]!.done('c');
    await tick();
    expect(gates.map((g) => g.job.started)).toEqual([true, true, true, true, true]);
    gates[3]!.done('d');
    gates[4]!.done('e');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('refuses at once, with a Retry-After of a few seconds, when maxWaiting callers wait already', async () => {
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 2, maxWaitMs: 3000, jobMs: 1 });
    const gates = Array.from({ length: 3 }, () => gate());
    const accepted = gates.map((g) => q.run(g.work));
    const refused = await q.run(() => Promise.resolve('never')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PasswordQueueFull);
    expect((refused as PasswordQueueFull).statusCode).toBe(503);
    expect((refused as PasswordQueueFull).retryAfterSeconds).toBeGreaterThanOrEqual(3);
    expect((refused as PasswordQueueFull).retryAfterSeconds).toBeLessThanOrEqual(5);
    expect(q.stats()).toMatchObject({ running: 1, waiting: 2 });
    // The ones already accepted are not affected, and a place frees as the queue moves.
    gates[0]!.done('a');
    await tick();
    const later = q.run(() => Promise.resolve('later'));
    gates[1]!.done('b');
    await tick();
    gates[2]!.done('c');
    expect(await Promise.all([...accepted, later])).toEqual(['a', 'b', 'c', 'later']);
  });

  it('refuses a caller whose turn comes after it waited longer than maxWaitMs', async () => {
    let now = 0;
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1000, jobMs: 1 }, () => now);
    const first = gate();
    const running = q.run(first.work);
    const stale = q.run(() => Promise.resolve('stale'));
    now = 500;
    const fresh = q.run(() => Promise.resolve('fresh'));
    now = 1200; // the first caller waited 1200 ms, the second 700 ms
    first.done('first');
    expect(await running).toBe('first');
    await expect(stale).rejects.toBeInstanceOf(PasswordQueueFull);
    expect(await fresh).toBe('fresh');
  });

  it("passes a job's own error to its caller and goes on with the next", async () => {
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 60_000, jobMs: 1 });
    const failing = gate();
    const a = q.run(failing.work);
    const b = q.run(() => Promise.resolve('next'));
    const c = q.run(() => { throw new Error('thrown at once'); });
    failing.fail(new Error('argon2 broke'));
    await expect(a).rejects.toThrow('argon2 broke');
    expect(await b).toBe('next');
    await expect(c).rejects.toThrow('thrown at once');
    expect(q.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('new limits apply at once: more concurrency starts waiting jobs', async () => {
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 60_000, jobMs: 1 });
    const gates = Array.from({ length: 3 }, () => gate());
    gates.forEach((g) => void q.run(g.work));
    expect(gates.map((g) => g.job.started)).toEqual([true, false, false]);
    q.setLimits({ concurrency: 3 });
    expect(gates.map((g) => g.job.started)).toEqual([true, true, true]);
    gates.forEach((g, i) => g.done(String(i)));
  });

  it('refuses at once when the wait ahead, estimated from the recent jobs, is longer than maxWaitMs', async () => {
    let now = 0;
    // Jobs assumed to take 1 s at first; two at once; callers may wait 2.5 s.
    const q = new WorkQueue({ concurrency: 2, maxWaiting: 100, maxWaitMs: 2500, jobMs: 1000 }, () => now);
    const gates = Array.from({ length: 6 }, () => gate());
    const accepted = gates.map((g) => q.run(g.work));
    // Running: 2; waiting: 4, the last of them ~2 s away (2 rounds of two 1 s jobs). A 7th caller would wait ~3 s.
    expect(q.stats()).toMatchObject({ running: 2, waiting: 4 });
    await expect(q.run(() => Promise.resolve('x'))).rejects.toBeInstanceOf(PasswordQueueFull);
    // The jobs turn out quicker (100 ms each): the estimate follows, and more callers are admitted.
    for (let i = 0; i < 6; i++) {
      now += 100;
      gates[i]!.done(String(i));
      await tick();
    }
    await Promise.all(accepted);
    expect(q.stats().avgMs).toBeLessThan(700);
    const blockers = Array.from({ length: 2 }, () => gate());
    blockers.forEach((b) => void q.run(b.work));
    const more = Array.from({ length: 6 }, () => q.run(() => Promise.resolve('ok')));
    expect(q.stats()).toMatchObject({ running: 2, waiting: 6 });
    blockers.forEach((b) => b.done('b'));
    expect(await Promise.all(more)).toEqual(Array(6).fill('ok'));
  });

  it('counts a job longer than the wait budget as the budget (one long download does not stop the queue)', async () => {
    let now = 0;
    const q = new WorkQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 2000, jobMs: 20 }, () => now);
    const long = gate();
    const running = q.run(long.work);
    now = 60_000;
    long.done('zip');
    await running;
    expect(q.stats().avgMs).toBeCloseTo(20 + 0.1 * (2000 - 20));
  });

  it('defaults: a hash per core, about two seconds of verifies waiting', () => {
    expect(defaultLimits(2)).toEqual({ concurrency: 2, maxWaiting: 266, maxWaitMs: 2000, jobMs: 15 });
    expect(defaultLimits(8).maxWaiting).toBe(1066);
  });
});
