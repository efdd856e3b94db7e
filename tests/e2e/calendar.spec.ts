import { mkdirSync } from 'node:fs';
import { expect, request, test, type Page } from '@playwright/test';
import { logIn, pageWidth } from './persona.ts';

// «Календарь на телефоне» on a phone: the parent makes Дмитрий's link, sees it once, copies it, a calendar app fetches
// it; then the parent revokes it and the feed answers 404.
const SHOTS = process.env.SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const scrollWidth = async (page: Page) => Number(await pageWidth(page));

test('a parent makes, copies and revokes Дмитрий\'s calendar link at 360 px', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, 'parent');
  await page.getByRole('link', { name: /^Календарь на телефоне/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Календарь на телефоне');
  const dima = page.getByRole('region', { name: /Дмитрий Морозов/ });
  await expect(dima).toContainText('Ссылки нет.');
  await expect(page.getByRole('region', { name: /Алиса Морозова/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Как подключить календарь' })).toContainText('Добавить по URL');
  await shot(page, 'parent-before');

  // Made: the link is shown once, with a copy button (JavaScript) and the webcal:// link for an iPhone.
  await dima.getByRole('button', { name: 'Создать ссылку' }).click();
  const field = page.getByLabel('Ссылка на календарь');
  await expect(field).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
  const link = await field.inputValue();
  await expect(page.getByRole('link', { name: 'Открыть в календаре iPhone' })).toHaveAttribute('href', link.replace('http://', 'webcal://'));
  await page.getByRole('button', { name: 'Скопировать ссылку' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ссылка скопирована.' })).toBeVisible();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await shot(page, 'parent-created');

  // A calendar app (no cookie, no session) fetches it.
  const app = await request.newContext();
  const feed = await app.get(link);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await feed.text()).toContain('X-WR-CALNAME:Дмитрий: уроки и события');

  // Back on the page the link is not shown again; the section says it works and was used.
  await page.goto('/calendar');
  await expect(page.getByLabel('Ссылка на календарь')).toHaveCount(0);
  await expect(dima).toContainText('ссылка действует');
  await expect(dima).toContainText('Телефон последний раз обновлял календарь');

  // Revoked (the button asks first): the feed answers 404 with a Russian text.
  page.once('dialog', (d) => d.accept());
  await dima.getByRole('button', { name: 'Отозвать ссылку' }).click();
  await expect(page.locator('.flash-ok')).toContainText('Ссылка отозвана');
  await expect(dima).toContainText('Ссылки нет.');
  const gone = await app.get(link);
  expect(gone.status()).toBe(404);
  expect(await gone.text()).toContain('Календарь не найден');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await shot(page, 'parent-revoked');
  await app.dispose();
});
