import { expect, test } from '@playwright/test';
import { logIn, sections, pageWidth } from './persona.ts';

test('the teacher opens the period marks of 5А maths, sees averages and suggestions, sets one mark and opens its history', async ({ page }) => {
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await page.getByRole('navigation', { name: 'Периоды' }).getByRole('link', { name: 'Итоговые отметки' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Итоговые отметки: 5А · Математика');
  // The demo's marks give averages and suggested marks; no period mark is set silently.
  const rows = page.locator('table.pm-table tbody tr');
  expect(await rows.count()).toBeGreaterThan(15);
  await expect(rows.locator('[data-average]').filter({ hasText: /\d,\d\d/ }).first()).toBeVisible();
  const row = rows.first();
  const suggested = (await row.locator('[data-suggested]').innerText()).trim();
  const value = /^[1-5]$/.test(suggested) ? suggested : '4';
  await row.locator('select').selectOption(value);
  await page.getByRole('button', { name: 'Сохранить итоговые отметки' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await expect(page.locator('table.pm-table tbody tr').first().locator('select')).toHaveValue(value);

  await page.locator('table.pm-table tbody tr').first().getByRole('link', { name: 'история' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('История');
  await expect(page.locator('main')).toContainText('Иванова');
  await expect(page.locator('main')).toContainText(value);
});

test('the class teacher reads the attendance sheet of 5А at 360 px without the page scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'classteacher');
  await (await sections(page)).getByRole('link', { name: 'Посещаемость класса' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('5А');
  await expect(page.locator('main table').first()).toBeVisible();
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/journal-class-attendance-360.png', fullPage: false });
});
