import { expect, test, type Page } from '@playwright/test';
import { sections } from './persona.ts';

const PASSWORD = 'otmetka-demo';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

test('the deputy opens 5А\'s curriculum, adds a subject, and opens the English subgroups', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await logIn(page, 'deputy');
  await (await sections(page)).getByRole('link', { name: 'Учебный план' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учебный план');
  await page.getByRole('link', { name: '5А', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учебный план 5А');

  await page.locator('#cur-subject').selectOption({ label: 'ОДНКНР' });
  await page.locator('#cur-hours').fill('0,5');
  await page.locator('#cur-kind').selectOption({ label: 'внеурочная деятельность' });
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(page.getByRole('status').or(page.locator('.flash-ok'))).toContainText('Предмет «ОДНКНР» добавлен в учебный план 5А.');
  const row = page.locator('table.cur-items tr', { hasText: 'ОДНКНР' });
  await expect(row).toContainText('0,5');
  await expect(row).toContainText('5А — ОДНКНР (внеурочная деятельность)');

  // The demo curriculum splits English in two; without it, split English here through the split screen.
  const english = page.getByRole('link', { name: '5А — Английский язык, гр. 1' });
  if ((await english.count()) === 0) {
    await page.locator('#cur-subject').selectOption({ label: 'Английский язык' });
    await page.locator('#cur-hours').fill('3');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.locator('table.cur-items tr', { hasText: 'Английский язык' }).getByRole('link', { name: 'Разделить на подгруппы' }).click();
    await expect(page.locator('table.cur-split select').first()).toBeVisible();
    await page.getByRole('button', { name: 'Создать подгруппы' }).click();
  }
  await page.screenshot({ path: '.tmp/pw-3401/curriculum-5a-360.png', fullPage: true });
  await english.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А — Английский язык, гр. 1');
  await expect(page.locator('ol.cur-roster li').first()).toBeVisible();
  expect(await page.locator('ol.cur-roster li').count()).toBeGreaterThan(8);
  await expect(page.getByRole('heading', { name: 'Учителя', exact: true })).toBeVisible();
  await page.screenshot({ path: '.tmp/pw-3401/curriculum-group-360.png', fullPage: true });
});
