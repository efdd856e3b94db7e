import { expect, test } from '@playwright/test';
import { logIn, sections } from './persona.ts';

test('a teacher fills a lesson without JavaScript at 360 px: topic and homework, absent, marks (a bad one refused)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'teacher');
  await (await sections(page)).getByRole('link', { name: 'Журнал' }).click();
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  // The last lesson the teacher may still fill: its header in the grid opens the lesson page.
  const lessonId = await page.locator('input.cell-in[data-col="1"]').last().getAttribute('data-lesson');
  await page.locator(`a[href="/journal/lessons/${lessonId}"]`).click();
  await expect(page).toHaveURL(`/journal/lessons/${lessonId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Математика');
  await expect(page.locator('#lj-topic')).not.toHaveValue(''); // from the КТП

  const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(wide).toBeLessThanOrEqual(360);

  // The lesson form.
  await page.locator('#lj-topic').fill('Задачи на движение');
  await page.locator('#lj-hw').fill('№ 210, 212');
  await page.locator('#lj-min').fill('500');
  await page.getByRole('button', { name: 'Сохранить урок' }).click();
  await expect(page.locator('#lj-min-error')).toContainText('от 0 до 240');
  await expect(page.locator('#lj-topic')).toHaveValue('Задачи на движение');
  await page.locator('#lj-min').fill('20');
  await page.getByRole('button', { name: 'Сохранить урок' }).click();
  await expect(page.getByRole('status')).toContainText('Урок сохранён.');
  await expect(page.getByRole('button', { name: 'Взять тему из КТП' })).toBeVisible();

  // Start from an empty lesson: everybody present, no marks.
  await page.getByRole('button', { name: 'Все присутствуют' }).click();
  await expect(page.getByRole('status')).toContainText('Все присутствуют');
  const inputs = page.locator('#marks input.lj-mark');
  const n = await inputs.count();
  for (let i = 0; i < n; i += 1) await inputs.nth(i).fill('');
  await page.getByRole('button', { name: 'Сохранить отметки' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  // The second student is absent.
  const second = page.locator('#attendance fieldset').nth(1);
  await second.getByLabel('н').check();
  await page.getByRole('button', { name: 'Сохранить посещаемость' }).click();
  await expect(page.getByRole('status')).toContainText('Посещаемость сохранена');
  await expect(page.locator('#attendance fieldset').nth(1).getByLabel('н')).toBeChecked();
  await expect(page.locator('#marks input.lj-mark').nth(1)).toHaveValue('н');

  // Marks: a bad value refuses the whole form, at its row; fixed, both are saved.
  await page.locator('#marks input.lj-mark').nth(0).fill('5');
  await page.locator('#marks input.lj-mark').nth(2).fill('7');
  await page.getByRole('button', { name: 'Сохранить отметки' }).click();
  await expect(page.locator('#marks .lj-error-row')).toContainText('Отметка должна быть одной из: 5, 4, 3, 2, 1');
  await expect(page.locator('#marks input.lj-mark').nth(0)).toHaveValue('5');
  await page.screenshot({ path: 'test-results/journal-lesson-360-error.png', fullPage: true });
  await page.locator('#marks input.lj-mark').nth(2).fill('4');
  await page.getByRole('button', { name: 'Сохранить отметки' }).click();
  await expect(page.getByRole('status')).toContainText('Отметки сохранены');
  await expect(page.locator('#marks input.lj-mark').nth(0)).toHaveValue('5');
  await expect(page.locator('#marks input.lj-mark').nth(2)).toHaveValue('4');
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/journal-lesson-360.png', fullPage: true });
});

test('the lesson page and the grid show whether attendance was taken: «Все присутствуют» records when and by whom', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'teacher');
  await page.goto('/journal');
  // 6Б maths: no other browser test types in it.
  await page.getByRole('link', { name: '6Б · Математика' }).first().click();
  const gridUrl = page.url();
  const lessonId = await page.locator('input.cell-in[data-col="1"]').last().getAttribute('data-lesson');
  const head = page.locator('th.lesson-head').filter({ has: page.locator(`a[href="/journal/lessons/${lessonId}"]`) });
  // Today's lesson: nothing yet in its head; a lesson the demo filled before today: ✓ with when and by whom.
  await expect(head.locator('.att-ok, .att-no')).toHaveCount(0);
  const filled = page.locator('th.lesson-head .att-ok').last();
  await expect(filled).toHaveText('✓');
  await expect(filled).toHaveAttribute('title', /^Посещаемость отмечена \d\d\.\d\d\.2026 \d\d:\d\d, Иванова М\. А\.$/);

  await head.locator('a').click();
  await expect(page).toHaveURL(`/journal/lessons/${lessonId}`);
  const taken = page.locator('[data-attendance-taken]');
  await expect(taken).toHaveText('Посещаемость не отмечена');
  await page.getByRole('button', { name: 'Все присутствуют' }).click();
  await expect(page.getByRole('status')).toContainText('Все присутствуют');
  await expect(taken).toHaveText(/^Посещаемость отмечена 23\.11\.2026 10:\d\d, Иванова М\. А\.$/);
  await taken.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/journal-lesson-attendance-taken-360.png' });
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  const said = (await taken.textContent()) ?? '';

  await page.goto(gridUrl);
  const mark = page.locator('th.lesson-head').filter({ has: page.locator(`a[href="/journal/lessons/${lessonId}"]`) }).locator('.att-ok');
  await expect(mark).toHaveAttribute('title', said);
  await page.screenshot({ path: 'test-results/journal-grid-attendance-marks-360.png' });
});
