import { expect, test, type Page } from '@playwright/test';
import { logIn, sections, pageWidth } from './persona.ts';

// The admin's test reads the digest of the parent who subscribes in the first test.
test.describe.configure({ mode: 'serial' });

const scrollWidth = async (page: Page) => Number(await pageWidth(page));

test('a parent goes through Дмитрий\'s diary sections at 360 px and subscribes to the weekly digest', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'parent');
  await (await sections(page)).getByRole('link', { name: 'Дневник' }).click();
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  const tabs = page.getByRole('navigation', { name: 'Разделы дневника' });

  // Each section: its tab is current, it shows the child's data, and the page never scrolls sideways.
  const pages: Array<[string, RegExp]> = [
    ['Оценки', /Математика/],
    ['Итоговые', /Математика/],
    ['Задания', /К уроку|Заданий нет|задани/i],
    ['Посещаемость', /Пропуски и опоздания|пропущено|Уроков/i],
    ['Расписание', /Математика/],
  ];
  for (const [tab, text] of pages) {
    await tabs.getByRole('link', { name: tab }).click();
    await expect(tabs.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Дмитрий Морозов');
    await expect(page.locator('main')).toContainText(text);
    await expect(page.locator('main')).not.toContainText('Алиса');
    expect(await scrollWidth(page), tab).toBeLessThanOrEqual(360);
  }
  // The marks page: an average per subject, with a comma.
  await tabs.getByRole('link', { name: 'Оценки' }).click();
  await expect(page.locator('main')).toContainText(/\d,\d\d/);

  // The weekly digest: a bad address is refused at the field, a good one saved.
  await page.goto('/diary/digest');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сводка дневника на e-mail');
  await page.getByLabel('Присылать еженедельную сводку').check();
  await page.locator('#f-email').fill('мама@');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('#f-email')).toHaveAttribute('aria-invalid', 'true');
  await page.locator('#f-email').fill('morozova@example.ru');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('.flash-ok')).toBeVisible();
  await expect(page.locator('#f-email')).toHaveValue('morozova@example.ru');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
});

test('the admin queues the week\'s digests (the parent subscribed above) and reads the queued mail', async ({ page }) => {
  await logIn(page, 'admin');
  await page.goto('/admin/outbox');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Почта: исходящие письма');
  await page.locator('#f-week').fill('2026-11-16');
  await page.getByRole('button', { name: 'Сформировать и отправить сводки за неделю' }).click();
  await expect(page.locator('.flash-ok')).toBeVisible();
  const row = page.locator('tr', { hasText: 'morozova@example.ru' }).first();
  await expect(row).toContainText('Дневник: неделя 16.11');
  await row.getByRole('link').click();
  await expect(page.locator('main')).toContainText('Дмитрий');
  await expect(page.locator('main')).toContainText('Математика');
});

test('the class teacher sees which families acknowledged the week', async ({ page }) => {
  await logIn(page, 'classteacher');
  await page.goto('/my-class');
  await page.getByRole('link', { name: /Ознакомление/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Ознакомление родителей: 5А/);
  await expect(page.locator('.ack-count')).toContainText(/Ознакомились \d+ из \d+ сем/);
});
