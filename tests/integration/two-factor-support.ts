// Shared steps of the two-factor tests (not a test file itself): enrolling through the page as a person would,
// and logging in with a code computed by otpauth from the secret the page showed.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { codeAt } from '../../src/modules/accounts/two-factor/totp.ts';
import { Client } from '../support/client.ts';

/**
 * The code of the current step shifted by `steps` (±1 is accepted). Every accepted code must be of a later step than
 * the last one (replay), so a test uses the previous step to enroll, the current one to log in, the next one after that.
 */
export function codeNow(secret: string, steps = 0): string {
  return codeAt(secret, Date.now() + steps * 30_000);
}

/**
 * The previous step's code, for enrolling (so that the current and the next step stay free for the logins after it).
 * It would fall out of the ±1 window if a step boundary passed before the server checks it: near the end of a step,
 * wait for the next one first.
 */
export async function previousStepCode(secret: string): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return codeNow(secret, -1);
}

/** The secret shown for manual entry on the enrolling page. */
export function secretOn(html: string): string {
  const m = /<code class="tf-secret"[^>]*>([^<]+)<\/code>/.exec(html);
  if (!m) throw new Error('no secret on the page');
  return m[1]!.replace(/\s+/g, '');
}

export function recoveryCodesOn(html: string): string[] {
  const list = /<ol class="tf-codes">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!);
}

/** Enrolls the logged-in client: reads the secret off the page, confirms with a code, returns the recovery codes shown. */
export async function enroll(client: Client, next?: string): Promise<{ secret: string; codes: string[]; page: string }> {
  const page = await client.get(next ? `/account/two-factor?next=${encodeURIComponent(next)}` : '/account/two-factor');
  expect(page.statusCode).toBe(200);
  const secret = secretOn(page.body);
  const res = await client.post('/account/two-factor', { code: await previousStepCode(secret), next: next ?? '/' });
  expect(res.statusCode).toBe(200);
  const codes = recoveryCodesOn(res.body);
  expect(codes).toHaveLength(10);
  return { secret, codes, page: res.body };
}

/** The password step; expects the code page next. */
export async function passwordStep(app: FastifyInstance, login: string, ip?: string, password = 'otmetka-demo'): Promise<Client> {
  const c = new Client(app, ip);
  await c.get('/login');
  const res = await c.post('/login', { login, password });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/login/code');
  expect((await c.get('/login/code')).statusCode).toBe(200);
  return c;
}

/** Both steps: password, then the code. */
export async function loginWithCode(app: FastifyInstance, login: string, code: string, ip?: string) {
  const client = await passwordStep(app, login, ip);
  const res = await client.post('/login/code', { code });
  return { client, res };
}
