// The printed weekly diary in Chromium: the class teacher opens 5А's pages from «Мой класс», picks the week of
// 16.11.2026, and the print (A4 PDF) has exactly one page per student; a parent's print of one child is one page.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { logIn, sections, pageWidth } from './persona.ts';

const pdfPages = (path: string) => (readFileSync(path).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

test('the class teacher prints 5А for the week of 16.11.2026: one A4 page per student', async ({ page }) => {
  await logIn(page, 'classteacher');
  await (await sections(page)).getByRole('link', { name: 'Мой класс' }).click();
  await page.getByRole('link', { name: 'Дневники класса для печати (неделя)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Дневники класса 5А для печати' })).toBeVisible();
  await page.locator('#rp-week').fill('2026-11-18');
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page).toHaveURL(/\/report\?week=2026-11-18$/);
  await expect(page.getByText('Неделя с 16.11.2026 по 21.11.2026')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Печать' })).toBeVisible(); // shown by print.js
  const students = await page.locator('article.report-page').count();
  expect(students).toBeGreaterThan(10);
  await expect(page.locator('article.report-page', { hasText: 'Морозов Дмитрий' }).locator('.rp-mark').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/diary-report-screen.png' });

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.locator('.rp-controls')).toBeHidden();
  await page.pdf({ path: 'test-results/diary-report.pdf', format: 'A4', preferCSSPageSize: true });
  expect(pdfPages('test-results/diary-report.pdf')).toBe(students);

  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'Ознакомление родителей' }).click();
  await expect(page.getByText(new RegExp(`Ознакомились \\d+ из ${students} семей`))).toBeVisible();
  await page.screenshot({ path: 'test-results/diary-acknowledgements.png', fullPage: true });
});

test("a parent prints one child's week at 360 px: one A4 page", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await logIn(page, 'parent');
  // Дмитрий's diary from the children's page; his id is in its address.
  await page.goto('/diary');
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  const dmitry = /\/diary\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(dmitry).toBeTruthy();
  await page.goto(`/diary/${dmitry}/print?week=2026-11-16`);
  await expect(page.locator('article.report-page')).toHaveCount(1);
  await expect(page.getByText('Подпись родителя:')).toBeVisible();
  // The sheet's table scrolls inside the sheet; the page itself does not scroll sideways.
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/diary-print-360.png', fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: 'test-results/diary-print-one.pdf', format: 'A4', preferCSSPageSize: true });
  expect(pdfPages('test-results/diary-print-one.pdf')).toBe(1);
});
