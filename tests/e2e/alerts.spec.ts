import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { logIn, pageWidth } from './persona.ts';

// «Уведомления» at 360×740: a parent reaches the page from home, chooses alerts for a child and saves; the choices
// come back checked. Push itself is not driven here: headless Chromium has no push service to subscribe to
// (pushManager.subscribe needs one); the subscription and the sending are tested against a loopback push service in
// tests/integration/alerts.test.ts.
test.use({ viewport: { width: 360, height: 740 } });
test.describe.configure({ timeout: 120_000 });

test('a parent saves alert choices for a child on a phone', async ({ page }) => {
  await logIn(page, 'parent');
  await page.getByRole('link', { name: 'Уведомления о новых отметках' }).click();
  await expect(page.getByRole('heading', { name: 'Уведомления', level: 1 })).toBeVisible();
  const dima = page.getByRole('group', { name: /Дмитрий Морозов/ });
  await dima.getByLabel('Новые отметки').check();
  await dima.getByLabel('Пропуски уроков').check();
  await dima.getByLabel('Присылать на e-mail').check();
  await page.getByLabel('Адрес электронной почты для уведомлений').fill('anna.e2e@example.ru');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Настройки уведомлений сохранены.')).toBeVisible();
  await expect(dima.getByLabel('Новые отметки')).toBeChecked();
  await expect(dima.getByLabel('Домашние задания')).not.toBeChecked();
  await expect(page.getByLabel('Адрес электронной почты для уведомлений')).toHaveValue('anna.e2e@example.ru');
  // Nothing wider than the phone's screen.
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('alerts-360.png'), fullPage: true });
});
