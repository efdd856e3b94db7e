// A test identity provider for trying the sign-in by hand (README «Вход через поставщика»):
//   node --import tsx tests/support/oidc-demo-provider.ts [providerPort] [appUrl]
// then start the app with the OIDC_PROVIDERS and PUBLIC_URL it prints. The provider asks only «who are you» (any
// subject); the subject «demo-parent» carries the demo parent's СНИЛС (112-233-445 95), so it links by СНИЛС at once.
import { startTestProvider } from './oidc-provider.ts';

const port = Number(process.argv[2] ?? 3229);
const appUrl = (process.argv[3] ?? 'http://127.0.0.1:3221').replace(/\/+$/, '');
const provider = await startTestProvider({
  port, clientId: 'otmetka-demo', clientSecret: 'otmetka-demo-secret', redirectUris: [`${appUrl}/login/oidc/demo/callback`],
  snils: { 'demo-parent': '112-233-445 95' },
});
const config = [{
  id: 'demo', name: 'Госуслуги (тест)', issuer: provider.issuer, clientId: 'otmetka-demo', clientSecret: 'otmetka-demo-secret',
  scopes: 'openid snils', snilsClaim: 'snils',
}];
console.log(`provider at ${provider.issuer}\n\nPUBLIC_URL=${appUrl}\nOIDC_PROVIDERS='${JSON.stringify(config)}'`);
