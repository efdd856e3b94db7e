// OIDC_PROVIDERS and PUBLIC_URL: the identity providers a deployment signs in through (README «Вход через поставщика»).
import { z } from 'zod';

export type OidcProvider = {
  /** In the URLs: /login/oidc/<id>/callback. */
  id: string;
  /** On the login button: «Войти через <name>». */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** The claim (ID token or userinfo) that carries the person's СНИЛС, when the provider returns it. */
  snilsClaim: string | undefined;
};

export type OidcConfig = { publicUrl: string | undefined; providers: OidcProvider[] };

/** http is allowed for a provider on this machine only (tests, a local Keycloak); anything else must be https. */
export function isAllowedIssuer(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const providerSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id: lower-case letters, digits and «-», up to 40'),
  name: z.string().trim().min(1, 'name is required').max(80),
  issuer: z.string().refine(isAllowedIssuer, 'issuer must be an https:// URL (http:// only for 127.0.0.1 or localhost)'),
  clientId: z.string().min(1, 'clientId is required'),
  clientSecret: z.string().min(1, 'clientSecret is required'),
  scopes: z.string().trim().default('openid').refine((s) => s.split(/\s+/).includes('openid'), 'scopes must include openid'),
  snilsClaim: z.string().min(1).optional(),
}).strict();

const listSchema = z.array(providerSchema).max(20).superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [i, p] of list.entries()) {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate provider id «${p.id}»` });
    seen.add(p.id);
  }
});

/** Parses the two variables; a list of problems (English, for the operator's log) when they are wrong. */
export function parseOidcConfig(rawProviders: string | undefined, rawPublicUrl: string | undefined):
  { ok: true; value: OidcConfig } | { ok: false; problems: string[] } {
  const publicUrl = rawPublicUrl?.trim() ? rawPublicUrl.trim().replace(/\/+$/, '') : undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) {
    return { ok: false, problems: ['PUBLIC_URL: must be an http(s) URL'] };
  }
  if (!rawProviders?.trim()) return { ok: true, value: { publicUrl, providers: [] } };
  let json: unknown;
  try {
    json = JSON.parse(rawProviders);
  } catch {
    return { ok: false, problems: ['OIDC_PROVIDERS: not valid JSON (expected an array of providers)'] };
  }
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `OIDC_PROVIDERS.${i.path.join('.')}: ${i.message}`) };
  const providers = parsed.data.map((p) => ({ ...p, snilsClaim: p.snilsClaim }));
  if (providers.length > 0 && !publicUrl) {
    return { ok: false, problems: ['PUBLIC_URL: is required with OIDC_PROVIDERS (the redirect URI is built from it)'] };
  }
  return { ok: true, value: { publicUrl, providers } };
}

/** The redirect URI registered at the provider. */
export function redirectUri(publicUrl: string, providerId: string): string {
  return `${publicUrl}/login/oidc/${providerId}/callback`;
}
