// Sign-in through an OpenID Connect provider in Chromium (issue 17 item 1): the provider is a real oidc-provider started
// beside the app by tests/e2e/server.ts. The demo parent's СНИЛС links her at once; an unknown person is asked for the
// link code from the credential slip; the parent signs in as her son and comes back. (The service worker's fetches with
// a regenerated session's old id once logged her out here; accounts-act-as.test.ts checks that race deterministically.)
import { expect, test, type Page } from '@playwright/test';
import { logIn, logOut, pageWidth } from './persona.ts';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** From the login page through the provider, as the person `subject` there. */
async function throughProvider(page: Page, subject: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Войти через Госуслуги (тест)' }).click();
  await expect(page.getByRole('heading', { name: 'Тестовый поставщик входа' })).toBeVisible();
  await page.locator('input[name=sub]').fill(subject);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('the parent signs in through the provider (linked by СНИЛС), acts as her son and comes back', async ({ page }) => {
  await throughProvider(page, 'demo-parent');
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Здравствуйте, Морозова Анна Игоревна');

  await page.goto('/diary');
  await page.getByRole('button', { name: /^Войти как Дмитрий/ }).click();
  const banner = page.locator('.acting-banner');
  await expect(banner).toContainText('Вы вошли как Дмитрий Морозов');
  // The child's pages, while the service worker fetches the account's pages ahead.
  await page.getByRole('link', { name: 'Дневник на неделю' }).first().click();
  await expect(page.getByRole('region', { name: 'Что нового' })).toBeVisible();
  await page.waitForLoadState('load');
  await banner.getByRole('button', { name: 'вернуться к себе' }).click();
  await expect(page.getByRole('status')).toContainText('Вы снова вошли как вы сами');
  await expect(page.locator('.acting-banner')).toHaveCount(0);
  await page.goto('/account');
  await expect(page.locator('main')).toContainText(/Логин\s*parent/);
  await expect(page.locator('main')).toContainText(/Госуслуги \(тест\):\s*привязан/);
  expect(await pageWidth(page)).toBeLessThanOrEqual(360);
  await logOut(page);
});

test('an unknown person is asked for the slip\'s link code; a code of the wrong form is refused beside the field', async ({ page }) => {
  await throughProvider(page, 'nobody-here');
  await expect(page).toHaveURL('/login/oidc/link');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учётная запись не найдена');
  await page.getByLabel('Код привязки').fill('12');
  await page.getByRole('button', { name: 'Привязать и войти' }).click();
  await expect(page.locator('.field-error, [role=alert]').first()).toContainText('Введите код с бланка паролей');
  await page.getByLabel('Код привязки').fill('KM7Q-2XPD-9BFR');
  await page.getByRole('button', { name: 'Привязать и войти' }).click();
  await expect(page.locator('main')).not.toContainText('Здравствуйте');
  await expect(page).toHaveURL(/\/login\/oidc\/link/);
  expect(await pageWidth(page)).toBeLessThanOrEqual(360);
});

test('the school admin unlinks the parent\'s provider from her page (a dialog asks first)', async ({ page }) => {
  // Linked by СНИЛС on her first sign-in through the provider (this test's own, or the first test's).
  await throughProvider(page, 'demo-parent');
  await expect(page).toHaveURL('/');
  await logOut(page);
  await logIn(page, 'admin');
  await page.goto('/admin/members');
  await page.getByRole('link', { name: 'Морозова Анна Игоревна' }).first().click();
  await expect(page.locator('main')).toContainText(/Вход через внешние сервисы\s*Госуслуги \(тест\) \(по СНИЛС, \d\d\.\d\d\.\d{4}\)/);
  expect(await pageWidth(page)).toBeLessThanOrEqual(360);
  page.once('dialog', (dialog) => { void dialog.accept(); });
  await page.getByRole('button', { name: 'Отвязать вход через Госуслуги (тест)' }).click();
  await expect(page.getByRole('status')).toContainText('Вход через Госуслуги (тест) отвязан, сеансы этой учётной записи завершены. Привязка была по СНИЛС');
  await expect(page.locator('main')).not.toContainText('Вход через внешние сервисы');
  await expect(page.locator('main')).toContainText('отвязан вход через внешний сервис');
  await page.screenshot({ path: 'test-results/oidc-admin-unlink-360.png' });
});
