// The sign-in tests' world: a real OIDC provider on a loopback port («Тестовый ЕСИА»), an impostor that signs with
// its own key but publishes the real one's, and a provider entry whose issuer is not what its discovery claims.
import { eq } from 'drizzle-orm';
import { forgetDiscovery } from '../../src/modules/accounts/oidc/client.ts';
import { accounts } from '../../src/modules/accounts/schema.ts';
import type { Db } from '../../src/db/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client } from '../support/client.ts';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.ts';

export const PUBLIC_URL = 'http://127.0.0.1:3220';
export const FLOW_COOKIE = 'otmetka.oidc';
const client = { clientId: 'otmetka', clientSecret: 'otmetka-test-secret' };
const redirect = (id: string) => `${PUBLIC_URL}/login/oidc/${id}/callback`;

export type OidcWorld = { t: TestApp; provider: TestProvider; impostor: TestProvider; close: () => Promise<void> };

/** СНИЛС per subject at the provider. */
export async function startOidcWorld(snils: Record<string, string>): Promise<OidcWorld> {
  forgetDiscovery();
  const provider = await startTestProvider({ ...client, redirectUris: [redirect('test')], snils });
  const impostor = await startTestProvider({ ...client, redirectUris: [redirect('impostor')], foreignJwks: provider.jwks });
  const entry = (id: string, name: string, issuer: string) => ({ id, name, issuer, ...client, scopes: 'openid snils', snilsClaim: 'snils' });
  const t = await startTestApp({
    env: {
      PUBLIC_URL,
      OIDC_PROVIDERS: JSON.stringify([
        entry('test', 'Тестовый ЕСИА', provider.issuer),
        entry('impostor', 'Самозванец', impostor.issuer),
        // The same server under another name: its discovery document names 127.0.0.1, not localhost.
        entry('foreign', 'Чужой', provider.issuer.replace('127.0.0.1', 'localhost')),
      ]),
    },
  });
  return {
    t, provider, impostor,
    close: async () => {
      await t.close();
      await provider.close();
      await impostor.close();
    },
  };
}

/** The redirect to the provider: the authorization URL and the flow cookie left in the browser. */
export async function begin(browser: Client, providerId = 'test') {
  const res = await browser.get(`/login/oidc/${providerId}`);
  return { res, url: res.headers.location as string, cookie: browser.cookies.get(FLOW_COOKIE) };
}

/** The whole sign-in of `subject` in a fresh browser: redirect, provider, callback. */
export async function signIn(t: TestApp, provider: TestProvider, subject: string, providerId = 'test') {
  const browser = new Client(t.app);
  const { url, cookie } = await begin(browser, providerId);
  const callback = await provider.authorize(url, subject);
  const res = await browser.get(callback);
  return { browser, res, callback, cookie };
}

export async function accountIdOf(db: Db, login: string): Promise<string> {
  return (await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)))[0]!.id;
}
