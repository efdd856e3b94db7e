import { expect, test } from '@playwright/test';
import { sections } from './persona.ts';

test('the admin adds a work type on /journal/work-types, fixes a bad weight and sees it in the list (360 px)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/login');
  await page.locator('#login').fill('admin');
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');

  await (await sections(page)).getByRole('link', { name: 'Виды работ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Виды работ' })).toBeVisible();

  await page.locator('#wt-name').fill('Изложение');
  await page.locator('#wt-short').fill('Изл');
  await page.locator('#wt-weight').fill('1,2');
  await page.getByRole('button', { name: 'Добавить вид работы' }).click();
  await expect(page.locator('#wt-weight-error')).toContainText('Вес — число от 0,5 до 5 с шагом 0,5');
  await expect(page.locator('#wt-name')).toHaveValue('Изложение');

  await page.locator('#wt-weight').fill('1,5');
  await page.getByRole('button', { name: 'Добавить вид работы' }).click();
  await expect(page.getByRole('status')).toContainText('Вид работы «Изложение» добавлен.');
  const row = page.getByRole('row', { name: /Изложение/ });
  await expect(row).toContainText('Изл');
  await expect(row).toContainText('1,5');
  await page.screenshot({ path: 'test-results/journal-work-types-360.png', fullPage: true });
});
