// On a phone: the teacher turns on two-factor login from her profile, logs out, and logs in again with the code of
// her authenticator app (computed here from the secret the page shows, as the app would). Turned off at the end, so
// the other browser tests find the demo teacher without a second factor.
import { expect, test } from '@playwright/test';
import { codeAt } from '../../src/modules/accounts/two-factor/totp.ts';
import { logIn, sections, pageWidth } from './persona.ts';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const noSideways = async (page: import('@playwright/test').Page) =>
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

test('a teacher enrolls a second factor and logs in again with a code', async ({ page }) => {
  await logIn(page, 'teacher');
  await (await sections(page)).getByRole('link', { name: 'Профиль' }).click();
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Двухфакторный вход' }) });
  await expect(card).toContainText('Не включён');
  await card.getByRole('link', { name: 'Включить' }).click();

  await expect(page).toHaveURL('/account/two-factor');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Двухфакторный вход');
  const qr = page.getByRole('img', { name: 'QR-код для приложения-аутентификатора' });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0); // the data: SVG loaded under the CSP
  const secret = (await page.locator('.tf-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await noSideways(page);

  // The previous 30-second step (±1 is accepted), so the login below may use the current one. Near the end of a step,
  // wait for the next: a boundary passing before the server checks would put that code two steps back.
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await page.waitForTimeout(left + 50);
  await page.getByLabel('Код из приложения').fill(codeAt(secret, Date.now() - 30_000));
  await page.getByRole('button', { name: 'Включить' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Коды восстановления');
  await expect(page.getByRole('status')).toHaveText('Двухфакторный вход включён.');
  await expect(page.locator('.tf-codes li')).toHaveCount(10);
  await noSideways(page);
  await page.getByRole('link', { name: 'Продолжить' }).click();
  await expect(page).toHaveURL('/');

  await page.locator('header.top').getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL('/login?ended=out');
  await page.locator('#login').fill('teacher');
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();

  await expect(page).toHaveURL('/login/code');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Код из приложения');
  await expect(page.getByRole('button', { name: 'Выйти' })).toHaveCount(0); // nobody is logged in yet
  await noSideways(page);
  await page.getByLabel('Код').fill('000000');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('alert')).toContainText('Неверный код.');
  await page.getByLabel('Код').fill(codeAt(secret, Date.now()));
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Здравствуйте, Иванова Мария Александровна');

  // Back to the demo state: off again, confirmed with the next step's code.
  await page.goto('/account/two-factor');
  await page.locator('#disable-code').fill(codeAt(secret, Date.now() + 30_000));
  page.once('dialog', (dialog) => void dialog.accept()); // the «.danger» button asks first
  await page.getByRole('button', { name: 'Отключить двухфакторный вход' }).click();
  await expect(page.getByRole('status')).toHaveText('Двухфакторный вход отключён.');
});
