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

type Answer = { status: number; readonly text: string; headers: { get(name: string): string | null } };

/** One request; resolves with the whole body as it came (bodyText decompresses it). */
function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal, retried = false): Promise<{ res: http.IncomingMessage; raw: Buffer }> {
  return new Promise((resolve, reject0) => {
    // A request stopped by `signal` fails with the signal's reason (a TimeoutError for AbortSignal.timeout), as fetch did.
    const reject = (err: unknown) => reject0(signal?.aborted ? signal.reason : err);
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ res, raw: Buffer.concat(chunks) }));
    });
    req.on('error', (err) => {
      if (!retried && closedUnderUs(err, req)) send(url, method, headers, body, signal, true).then(resolve, reject);
      else reject(err);
    });
    req.end(body);
  });
}

/** A body as text, decompressed. */
const bodyText = (res: http.IncomingMessage, raw: Buffer) => (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');

/** The CSRF token a page carries (a form's field, or the grid's data-csrf), if any. */
const tokenOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? /data-csrf="([^"]+)"/.exec(text)?.[1];

/** A page's text, or '' when its body does not decompress (that request's own `text` still fails). */
function readable(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** Pages kept unread at most before the token is looked for anyway. */
const MAX_UNREAD = 16;

export class Session {
  readonly cookies = new Map<string, string>();
  private token = '';
  /**
   * The pages answered since the token was last looked for, oldest first, each read (decompressed) only when asked:
   * a visit reads the login page for its token and needs no other page's text. (Decompressing and searching every page
   * was the load generator's work, not the app's, on the cores they share.)
   */
  private unread: Array<() => string> = [];

  constructor(readonly base: string) {}

  /** The CSRF token of the newest page that carried one. */
  get csrf(): string {
    const pages = this.unread;
    this.unread = [];
    for (let i = pages.length - 1; i >= 0; i--) {
      const found = tokenOf(readable(pages[i]!));
      if (found) {
        this.token = found;
        break;
      }
    }
    return this.token;
  }

  /** The headers every request of this person carries. */
  headers(): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-proto': 'https' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return headers;
  }

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
    const all = { 'accept-encoding': 'gzip', ...this.headers(), ...headers };
    const { res, raw } = await send(new URL(this.base + path), method, all, body, signal);
    for (const c of res.headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1)];
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    let text: string | undefined;
    const read = () => (text ??= bodyText(res, raw));
    if (this.unread.length >= MAX_UNREAD) void this.csrf; // looks for the token now, so the list stays short
    this.unread.push(read);
    const h = res.headers;
    return {
      status: res.statusCode ?? 0,
      get text() { return read(); },
      headers: { get: (name) => { const v = h[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
    };
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
