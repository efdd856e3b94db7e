import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../src/cli/demo-data.ts';

type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

/** A person's browser over app.inject: keeps cookies, reads the CSRF token off the last page. */
export class Client {
  readonly cookies = new Map<string, string>();
  private token = '';

  constructor(private readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): Response {
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.token = m[1];
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader(), ...headers } });
    return this.remember(res);
  }

  /** Posts a form with the CSRF token of the last page seen (pass csrf: false to leave it out). */
  async post(url: string, form: Record<string, string> = {}, opts: { csrf?: boolean | string } = {}): Promise<Response> {
    const body = new URLSearchParams(form);
    if (opts.csrf !== false) body.set('_csrf', typeof opts.csrf === 'string' ? opts.csrf : this.token);
    const res = await this.app.inject({
      method: 'POST', url, remoteAddress: this.ip, payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    return this.remember(res);
  }

  /** Posts JSON as the pages' fetch does, with the CSRF token of the last page seen in the x-csrf-token header. */
  async json(url: string, body: unknown, opts: { csrf?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), 'content-type': 'application/json', accept: 'application/json' };
    if (opts.csrf !== false) headers['x-csrf-token'] = this.token;
    const res = await this.app.inject({ method: 'POST', url, remoteAddress: this.ip, payload: JSON.stringify(body), headers });
    return this.remember(res);
  }

  get csrfToken(): string {
    return this.token;
  }
}

/** Logs in through the real login route, as a person would. */
export async function loginAs(app: FastifyInstance, login: string, password = DEMO_PASSWORD, ip?: string): Promise<Client> {
  const client = new Client(app, ip);
  await client.get('/login');
  const res = await client.post('/login', { login, password });
  if (res.statusCode !== 303) throw new Error(`login as ${login} failed: ${res.statusCode}`);
  return client;
}

/** The visible text of <main>, tags stripped — for asserting what a person reads. */
export function mainText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  return main.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

export function navLabels(html: string): string[] {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!.trim());
}
