import { expect, test } from '@playwright/test';
import { sections } from './persona.ts';

const PORT = process.env.E2E_PORT || '3210';

// The demo seed lays out the year's lessons from the demo timetable: the teacher has maths lessons every school day.
test('a teacher opens «Сегодня», sees her lessons and opens one', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login');
  await page.locator('#login').fill('teacher');
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
  await (await sections(page)).getByRole('link', { name: 'Сегодня' }).click();
  await expect(page).toHaveURL('/today');
  await page.goto('/today?date=2026-11-23');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('понедельник 23.11.2026');
  const first = page.locator('.today-lesson').first();
  await expect(first).toContainText('Математика');
  await expect(first).toContainText(/[56][АБ]/);
  await page.screenshot({ path: `.tmp/pw-${PORT}/today-360.png`, fullPage: true });
  await page.getByRole('link', { name: /← / }).click();
  await expect(page).toHaveURL('/today?date=2026-11-21');
  await page.goto('/today?date=2026-11-23');
  await page.locator('.today-lesson a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Математика');
  await expect(page.locator('dl.facts')).toContainText('23.11.2026');
});
