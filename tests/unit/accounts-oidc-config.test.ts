import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { isAllowedIssuer, parseOidcConfig, redirectUri } from '../../src/modules/accounts/oidc/config.ts';

const esia = { id: 'esia', name: 'Госуслуги (ЕСИА)', issuer: 'https://esia.region.example', clientId: 'otmetka', clientSecret: 's3cret' };

describe('OIDC_PROVIDERS and PUBLIC_URL', () => {
  it('none configured: no providers, PUBLIC_URL optional', () => {
    expect(loadConfig({}).oidc).toEqual({ publicUrl: undefined, providers: [] });
  });

  it('a provider: scopes default to openid, PUBLIC_URL loses its trailing slash', () => {
    const c = loadConfig({ OIDC_PROVIDERS: JSON.stringify([esia]), PUBLIC_URL: 'https://school.example.ru/' });
    expect(c.oidc.publicUrl).toBe('https://school.example.ru');
    expect(c.oidc.providers).toEqual([{ ...esia, scopes: 'openid', snilsClaim: undefined }]);
    expect(redirectUri(c.oidc.publicUrl!, 'esia')).toBe('https://school.example.ru/login/oidc/esia/callback');
  });

  const cases: Array<[string, string | undefined, string | undefined, RegExp]> = [
    ['not JSON', '[{', 'https://s.ru', /OIDC_PROVIDERS: not valid JSON/],
    ['no PUBLIC_URL', JSON.stringify([esia]), undefined, /PUBLIC_URL: is required with OIDC_PROVIDERS/],
    ['plain http issuer', JSON.stringify([{ ...esia, issuer: 'http://esia.region.example' }]), 'https://s.ru', /OIDC_PROVIDERS\.0\.issuer: issuer must be an https/],
    ['missing secret', JSON.stringify([{ ...esia, clientSecret: '' }]), 'https://s.ru', /OIDC_PROVIDERS\.0\.clientSecret: clientSecret is required/],
    ['scopes without openid', JSON.stringify([{ ...esia, scopes: 'profile' }]), 'https://s.ru', /scopes must include openid/],
    ['duplicate ids', JSON.stringify([esia, esia]), 'https://s.ru', /OIDC_PROVIDERS\.1\.id: duplicate provider id «esia»/],
    ['bad id', JSON.stringify([{ ...esia, id: 'Госуслуги' }]), 'https://s.ru', /OIDC_PROVIDERS\.0\.id: id: lower-case/],
    ['unknown key (typo)', JSON.stringify([{ ...esia, clientSecert: 'x' }]), 'https://s.ru', /OIDC_PROVIDERS\.0/],
    ['an object, not an array', JSON.stringify(esia), 'https://s.ru', /OIDC_PROVIDERS/],
    ['PUBLIC_URL not a URL', undefined, 'school.example.ru', /PUBLIC_URL: must be an http\(s\) URL/],
  ];
  it.each(cases)('refuses at start: %s', (_name, providers, publicUrl, message) => {
    const env: Record<string, string> = {};
    if (providers !== undefined) env.OIDC_PROVIDERS = providers;
    if (publicUrl !== undefined) env.PUBLIC_URL = publicUrl;
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['https://esia.gosuslugi.ru', true],
    ['http://127.0.0.1:4000', true],
    ['http://localhost:8080/realms/school', true],
    ['http://keycloak.local', false],
    ['ftp://127.0.0.1', false],
    ['not a url', false],
  ] as const)('issuer %s allowed: %s', (issuer, ok) => {
    expect(isAllowedIssuer(issuer)).toBe(ok);
  });

  it('parseOidcConfig reports every problem', () => {
    const r = parseOidcConfig(JSON.stringify([{ id: 'x' }]), 'https://s.ru');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThanOrEqual(4);
  });
});
