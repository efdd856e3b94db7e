import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './persona.ts';

// Consents to the processing of personal data at 360 px: the class teacher of 5А sees who has none; the secretary records
// that student's consent (a parent signs), a phone may then be kept, and a withdrawal — after the confirmation saying
// what will be erased — erases it.
const SHOTS = process.env.SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
/** axe's serious and critical violations of the page (empty when clean). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}
const scrollWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));

test.describe.configure({ timeout: 180_000 });

test('the class teacher sees who has no consent; the secretary records one and withdraws it at 360 px', async ({ page, context }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, 'classteacher');
  await page.goto('/my-class');
  await expect(page.locator('.people-consents')).toContainText('без согласия: 3');
  const row = page.locator('tr', { has: page.locator('td[data-consent="none"]') }).first();
  const link = row.locator('td.name a').first();
  const href = (await link.getAttribute('href'))!;
  const name = (await link.innerText()).trim();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await shot(page, 'consents-my-class');
  expect(await violations(page), 'my class').toEqual([]);
  await context.clearCookies();

  await logIn(page, 'secretary');
  await page.goto(href);
  await expect(page.locator('#consent')).toContainText('нет согласия');
  await page.getByRole('link', { name: 'Согласия: записать, история, отзыв' }).click();
  await page.getByRole('button', { name: 'Записать согласие' }).click();
  await expect(page.locator('#e-purposes')).toHaveText('Отметьте хотя бы одну цель обработки.');
  expect(await violations(page), 'consent form with errors').toEqual([]);
  await page.getByLabel('Документ').fill('Заявление № 120');
  await page.getByLabel('Кто дал согласие (законный представитель)').selectOption({ index: 1 });
  await page.getByLabel('ведение электронного журнала и дневника').check();
  await page.getByLabel('контакты для связи (телефон, электронная почта, адрес)').check();
  await page.getByRole('button', { name: 'Записать согласие' }).click();
  await expect(page.locator('.flash')).toContainText('Согласие записано: Заявление № 120.');
  await expect(page.locator('[data-consent-status]')).toHaveText('согласие есть');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await shot(page, 'consents-recorded');

  await page.goto(`${href}/edit`);
  await page.getByLabel('Телефон').fill('+7 916 555-00-11');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('.flash')).toContainText('Данные обучающегося сохранены.');

  await page.goto(`${href}/consents`);
  await page.getByRole('link', { name: 'Отозвать…' }).click();
  await expect(page.locator('.consent-erase')).toHaveText('телефон');
  await shot(page, 'consents-withdraw');
  expect(await violations(page), 'withdrawal').toEqual([]);
  await page.getByLabel('Документ об отзыве').fill('Заявление об отзыве № 4');
  page.once('dialog', (d) => d.accept()); // the app asks before a .danger button sends its form
  await page.getByRole('button', { name: 'Отозвать согласие и удалить сведения' }).click();
  await expect(page.locator('.flash')).toContainText('Согласие отозвано. Удалено: телефон.');
  await page.goto(href);
  await expect(page.locator('h1')).toHaveText(name);
  await expect(page.locator('dl.facts')).not.toContainText('+79165550011');
  await expect(page.locator('[data-consent-status]')).toHaveText('согласие отозвано');
});
