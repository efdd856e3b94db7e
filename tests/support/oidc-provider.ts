// A real OpenID Connect provider (oidc-provider 9) on a loopback port for the sign-in tests, with a static client,
// accounts whose claims may carry a СНИЛС, and a minimal interaction endpoint the test drives: the person at the
// provider «logs in» as the subject the test names (or refuses). `foreignJwks` makes an impostor: it signs with its
// own key but publishes another provider's keys, so its ID tokens fail the signature check.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestProvider = {
  issuer: string;
  /** Its public keys (for an impostor to publish). */
  jwks: { keys: object[] };
  /**
   * Goes from the app's redirect to the provider back to the app as the person's browser would: logs in as `subject`
   * (or refuses with `deny`) and returns the app's callback as path and query.
   */
  authorize(authUrl: string, subject: string, opts?: { deny?: boolean }): Promise<string>;
  close(): Promise<void>;
};

export type TestProviderOptions = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** СНИЛС per subject, returned as the claim `snils` (scope «snils», from the userinfo endpoint). */
  snils?: Record<string, string>;
  foreignJwks?: { keys: object[] };
  /** A fixed port (the demo script); default: any free one. */
  port?: number;
};

function rsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

export async function startTestProvider(opts: TestProviderOptions): Promise<TestProvider> {
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, s) => s.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = rsaKey();
  const publicJwk = { kty: key.kty, n: key.n, e: key.e, kid: key.kid, use: 'sig', alg: 'RS256' };
  const provider = new Provider(issuer, {
    clients: [{
      client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: opts.redirectUris,
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [key] },
    cookies: { keys: ['otmetka-test-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name'], snils: ['snils'] },
    scopes: ['openid', 'profile', 'snils'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, name: `Person ${sub}`, ...(opts.snils?.[sub] ? { snils: opts.snils[sub] } : {}) }),
    }),
  });
  const callback = provider.callback();
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (opts.foreignJwks && url.pathname === '/jwks') {
      res.setHeader('content-type', 'application/jwk-set+json');
      return res.end(JSON.stringify(opts.foreignJwks));
    }
    if (url.pathname.startsWith('/interaction/')) return void interact(provider, req, res, url);
    return callback(req, res);
  };
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    authorize: (authUrl, subject, o) => follow(authUrl, subject, o?.deny ?? false, opts.redirectUris),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The interaction page, answered at once: log in as ?sub=, then grant what the client asked (no consent screen). */
async function interact(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (url.searchParams.get('deny') === '1') {
      return await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person refused' });
    }
    if (details.prompt.name === 'login' && !url.searchParams.get('sub')) return askSubject(res, url);
    if (details.prompt.name === 'login') {
      return await provider.interactionFinished(req, res, { login: { accountId: url.searchParams.get('sub') } });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId!, clientId: details.params.client_id! });
    grant.addOIDCScope(details.params.scope!);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
}

/** A person in a real browser (the demo script): a one-field page asking who to be at the provider. */
function askSubject(res: http.ServerResponse, url: URL) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><meta name="viewport" content="width=device-width"><title>Тестовый поставщик</title>
<h1>Тестовый поставщик входа</h1><form method="get" action="${url.pathname}">
<label>Идентификатор (sub) <input name="sub" value="demo-parent"></label> <button>Войти</button></form>`);
}

/** Follows redirects with a cookie jar until one leads to the app's redirect URI. */
async function follow(start: string, subject: string, deny: boolean, redirectUris: string[]): Promise<string> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 12; hop++) {
    if (redirectUris.some((r) => url.href.startsWith(r))) return `${url.pathname}${url.search}`;
    if (url.pathname.startsWith('/interaction/')) {
      url.searchParams.set('sub', subject);
      if (deny) url.searchParams.set('deny', '1');
    }
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 500)}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}
