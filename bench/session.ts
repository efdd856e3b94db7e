// A logged-in person over real HTTP: cookies kept, the CSRF token read off the last page (form field or data-csrf).
// The app runs as in production behind a TLS proxy (secure cookies): every request says so with x-forwarded-proto.
// Requests go through node:http with kept-alive connections, gzip accepted as a browser does. (fetch cost the load
// generator ~2 ms of CPU a request: on the 2-core machine the peak's 1,000 parents took a sixth of the cores the app
// needed, so the generator's own work was measured as the app's lack of capacity.)
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

/** The connections every Session shares (one pool, as browsers behind one proxy would be to the app's proxy). */
const agent = new http.Agent({ keepAlive: true });

/** A kept-alive connection the server closed just as a request went out on it: worth one more try on a fresh one. */
const closedUnderUs = (err: unknown, req: http.ClientRequest) =>
  req.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((err as NodeJS.ErrnoException).code ?? '');

type Answer = { status: number; text: string; headers: { get(name: string): string | null } };

/** One request; resolves with the whole (decompressed) body. */
function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal, retried = false): Promise<{ res: http.IncomingMessage; text: string }> {
  return new Promise((resolve, reject0) => {
    // A request stopped by `signal` fails with the signal's reason (a TimeoutError for AbortSignal.timeout), as fetch did.
    const reject = (err: unknown) => reject0(signal?.aborted ? signal.reason : err);
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ res, text: (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8') });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', (err) => {
      if (!retried && closedUnderUs(err, req)) send(url, method, headers, body, signal, true).then(resolve, reject);
      else reject(err);
    });
    req.end(body);
  });
}

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

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
    const all = { 'accept-encoding': 'gzip', ...this.headers(), ...headers };
    const { res, text } = await send(new URL(this.base + path), method, all, body, signal);
    for (const c of res.headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1)];
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? /data-csrf="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    const h = res.headers;
    return { status: res.statusCode ?? 0, text, headers: { get: (name) => { const v = h[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } } };
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
