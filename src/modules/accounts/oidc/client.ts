// The relying party: openid-client's authorization code flow with PKCE, state and nonce; the ID token is validated by
// openid-client (issuer, audience, signature from the provider's JWKS, expiry, nonce).
import * as oidc from 'openid-client';
import { redirectUri, type OidcProvider } from './config.ts';

/** What the sign-in cookie keeps between the redirect and the callback. */
export type Flow = { provider: string; state: string; nonce: string; verifier: string; next: string; startedAt: number };

export type Outcome =
  | { ok: true; issuer: string; subject: string; snils: string | null }
  /** provider: the provider answered `error=`; invalid: the response failed a check; unavailable: no discovery. */
  | { ok: false; kind: 'provider' | 'invalid' | 'unavailable'; detail: string };

const configs = new Map<string, Promise<oidc.Configuration>>();

/** The provider's discovered configuration, fetched once (again after a failure). */
function configOf(p: OidcProvider): Promise<oidc.Configuration> {
  let c = configs.get(p.id);
  if (!c) {
    const insecure = new URL(p.issuer).protocol === 'http:'; // loopback only (config.ts)
    // The ID token's signature is checked against the provider's JWKS even though it comes straight from the token
    // endpoint (openid-client would otherwise rely on TLS alone, OIDC Core 3.1.3.7): a token signed by another key is refused.
    const execute = [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])];
    c = oidc.discovery(new URL(p.issuer), p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), { timeout: 10, execute });
    c.catch(() => configs.delete(p.id));
    configs.set(p.id, c);
  }
  return c;
}

/** Forgets discovered configurations (tests start new providers on new ports). */
export function forgetDiscovery(): void {
  configs.clear();
}

/** The provider's authorization URL for a new flow, or why there is none. */
export async function startFlow(p: OidcProvider, publicUrl: string, next: string, now: number):
  Promise<{ ok: true; url: URL; flow: Flow } | { ok: false; detail: string }> {
  let config: oidc.Configuration;
  try {
    config = await configOf(p);
  } catch (err) {
    return { ok: false, detail: describe(err) };
  }
  const flow: Flow = {
    provider: p.id, state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next, startedAt: now,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(publicUrl, p.id),
    scope: p.scopes,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
  });
  return { ok: true, url, flow };
}

/** Checks the callback (`query`: its raw query string) against the flow and exchanges the code. */
export async function finishFlow(p: OidcProvider, publicUrl: string, query: string, flow: Flow): Promise<Outcome> {
  let config: oidc.Configuration;
  try {
    config = await configOf(p);
  } catch (err) {
    return { ok: false, kind: 'unavailable', detail: describe(err) };
  }
  try {
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${redirectUri(publicUrl, p.id)}?${query}`), {
      pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return { ok: false, kind: 'invalid', detail: 'no ID token' };
    let snils = p.snilsClaim ? claims[p.snilsClaim] : undefined;
    if (p.snilsClaim && snils === undefined && tokens.access_token) {
      // Many providers (ЕСИА among them) return personal data from the userinfo endpoint only.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      snils = info[p.snilsClaim];
    }
    return { ok: true, issuer: claims.iss, subject: claims.sub, snils: typeof snils === 'string' ? snils : null };
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError) {
      return { ok: false, kind: 'provider', detail: err.error_description ? `${err.error}: ${err.error_description}` : err.error };
    }
    return { ok: false, kind: 'invalid', detail: describe(err) };
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}`.slice(0, 300);
  }
  return String(err).slice(0, 300);
}
