import { randomInt } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { WorkQueue, type QueueLimits } from '../../web/work-queue.ts';
import { defaultLimits, PasswordQueueFull } from './password-queue.ts';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Hashes are PHC strings ($argon2id$v=19$m=19456,t=2,p=1$…):
// any argon2 library reads them. @node-rs/argon2 (Rust) computes the same hash in about half the CPU time of the C
// reference code with SSE2 that the `argon2` package ships (≈ 12 vs 24 ms here): a login's largest cost.
// argon2id is the library's default algorithm (its `Algorithm` is a const enum, out of reach of this build's imports);
// tests/unit/passwords.test.ts checks the parameters of the hashes made.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Every argon2 hash and verify of the process goes through this one queue (password-queue.ts): a few at once, a bounded
 * wait, the rest refused with PasswordQueueFull (503 + Retry-After).
 */
export const passwordQueue = new WorkQueue(defaultLimits(), (seconds) => new PasswordQueueFull(seconds));

/**
 * Logins at once, each as a whole (the lockout and account read, the hash, the facts, the auth event: 3 statements): four
 * per hash at once, so the hashes keep busy while the other logins are at their queries. Without it, logins beyond the
 * hashes' capacity still ran their queries first — hundreds at once, 200 waiting for a database connection — before
 * the hash queue refused them.
 */
export const loginQueue = new WorkQueue(loginLimits(defaultLimits()), (seconds) => new PasswordQueueFull(seconds));

function loginLimits(hashes: QueueLimits): QueueLimits {
  return { ...hashes, concurrency: 4 * hashes.concurrency, jobMs: 4 * hashes.jobMs };
}

/** Changes both queues' limits (tests make them tiny; PASSWORD_CONCURRENCY, PASSWORD_QUEUE_MAX). */
export function setPasswordQueueLimits(limits: Partial<QueueLimits>): void {
  passwordQueue.setLimits(limits);
  const { running: _r, waiting: _w, avgMs: _a, ...hashes } = passwordQueue.stats();
  loginQueue.setLimits(loginLimits(hashes));
}

export function hashPassword(password: string): Promise<string> {
  return passwordQueue.run(() => argon2Hash(password, OPTIONS));
}

/**
 * Many hashes (a class's credential slips): a few at a time, so a batch never takes more than the cores' share of the
 * queue's waiting places (Promise.all over hashPassword would refuse a large class as soon as it exceeds maxWaiting).
 */
export async function hashPasswords(passwords: readonly string[]): Promise<string[]> {
  const out: string[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hashPassword(passwords[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(passwords.length, passwordQueue.stats().concurrency) }, worker));
  return out;
}

/** A hash of a random password, verified against when the login does not exist (same timing). */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    // Made outside the queue's accounting of callers (once per process), then verified in turn like any other.
    dummyHash ??= argon2Hash(generateOneTimePassword(), OPTIONS);
    const dummy = await dummyHash;
    await passwordQueue.run(() => argon2Verify(dummy, password).catch(() => false));
    return false;
  }
  return passwordQueue.run(() => argon2Verify(hash, password).catch(() => false));
}

// No look-alike characters (0/O, 1/l/I): the password is read off a printed slip.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for a slip: shown once, stored only as a hash, changed at first login. */
export function generateOneTimePassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
