// A persona's browser for the fuzz: logs in through /login like tests/support/client.ts, keeps cookies and the CSRF token,
// and sends bodies exactly as given (pre-encoded forms with raw escapes, JSON, hand-made multipart), from any address.
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../../src/cli/demo-data.ts';

export type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

/** A request body as it goes on the wire. */
export type Wire = { contentType: string; body: string | Buffer; headers?: Record<string, string> };

export class Agent {
  readonly cookies = new Map<string, string>();
  token = '';

  constructor(private readonly app: FastifyInstance, readonly login: string | null, public ip = '127.0.0.1') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): Response {
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body) ?? /data-csrf="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.token = m[1];
    return res;
  }

  async get(url: string): Promise<Response> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader() } });
    return this.remember(res);
  }

  /** Sends a body as is; the CSRF token goes in the x-csrf-token header too (a form body carries its own `_csrf`). */
  async send(url: string, wire: Wire, ip = this.ip): Promise<Response> {
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(), 'content-type': wire.contentType, 'x-csrf-token': this.token, ...wire.headers,
    };
    if (wire.contentType.startsWith('application/json')) headers.accept = 'application/json';
    const res = await this.app.inject({ method: 'POST', url, remoteAddress: ip, payload: wire.body, headers });
    return this.remember(res);
  }

  /** Logs in (again): a fresh session; throws with the status when the login is refused. */
  async logIn(): Promise<void> {
    if (!this.login) return;
    this.cookies.clear();
    await this.get('/login');
    const body = new URLSearchParams({ login: this.login, password: DEMO_PASSWORD, _csrf: this.token }).toString();
    const res = await this.send('/login', { contentType: 'application/x-www-form-urlencoded', body });
    if (res.statusCode !== 303) throw new Error(`login as ${this.login} failed: ${res.statusCode}`);
    const next = res.headers.location ?? '/';
    if (next.startsWith('/password') || next.startsWith('/select-school')) throw new Error(`login as ${this.login} lands on ${next}`);
    await this.get('/'); // a page with the CSRF token
  }
}
