// A logged-in person over real HTTP: cookies kept, the CSRF token read off the last page (form field or data-csrf).
// The app runs as in production behind a TLS proxy (secure cookies): every request says so with x-forwarded-proto.
export class Session {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  /** The headers every request of this person carries. */
  headers(): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-proto': 'https' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return headers;
  }

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}, signal?: AbortSignal):
    Promise<{ status: number; text: string; headers: Headers }> {
    const init = { method, body, redirect: 'manual' as const, headers: { ...this.headers(), ...headers }, ...(signal ? { signal } : {}) };
    const res = await fetch(this.base + path, init);
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1)];
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? /data-csrf="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text, headers: res.headers };
  }

  /** GET /login (the CSRF cookie and token), POST /login; the demo logins need no password change. */
  static async login(base: string, login: string, password: string): Promise<Session> {
    const s = new Session(base);
    await s.request('GET', '/login');
    const form = new URLSearchParams({ login, password, _csrf: s.csrf }).toString();
    const res = await s.request('POST', '/login', form, { 'content-type': 'application/x-www-form-urlencoded' });
    if (res.status !== 303) throw new Error(`bench: login as ${login} failed (${res.status})`);
    return s;
  }
}

/** One session per demo login on a server, logged in on first use; `null` is an anonymous visitor (no cookies). */
export class Sessions {
  private readonly made = new Map<string, Session>();

  constructor(readonly base: string, readonly password: string) {}

  async get(login: string | null): Promise<Session> {
    if (login === null) return new Session(this.base);
    const session = this.made.get(login) ?? await Session.login(this.base, login, this.password);
    this.made.set(login, session);
    return session;
  }
}
