import { expect, test, type Page } from '@playwright/test';
import { clearCell } from './grid-support.ts';
import { logIn, sections } from './persona.ts';

/** The grid's editable inputs of one lesson column (the last lesson that may still be edited), top to bottom. */
async function lastEditableColumn(page: Page) {
  const lessonId = await page.locator('input.cell-in[data-col="1"]').last().getAttribute('data-lesson');
  return page.locator(`input.cell-in[data-lesson="${lessonId}"][data-col="1"]`);
}

test('a teacher types marks in the grid at 360 px, reloads and sees them; offline marks arrive when back online', async ({ page, context }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'teacher');
  await (await sections(page)).getByRole('link', { name: 'Журнал' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал' })).toBeVisible();
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');

  const cells = await lastEditableColumn(page);
  const first = cells.nth(0);
  // Start from empty cells (the demo may have filled this lesson).
  for (let i = 0; i < 4; i += 1) await clearCell(page, cells.nth(i));

  // Type 5, then 4 (the cursor moves down by itself), then н; then an arrow back up and a bad value.
  await first.focus();
  await page.keyboard.type('5');
  await page.keyboard.type('4');
  await page.keyboard.type('н');
  await expect(cells.nth(0)).toHaveValue('5');
  await expect(cells.nth(1)).toHaveValue('4');
  await expect(cells.nth(2)).toHaveValue('н');
  await expect(cells.nth(2)).toHaveClass(/saved/);
  await expect(page.locator('[data-grid-status]')).toHaveText('Все отметки сохранены.');
  // The student names stay in view while the grid scrolls sideways.
  await expect(page.locator('tbody th.name').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/journal-grid-360.png', fullPage: false });

  await page.reload();
  const again = await lastEditableColumn(page);
  await expect(again.nth(0)).toHaveValue('5');
  await expect(again.nth(1)).toHaveValue('4');
  await expect(again.nth(2)).toHaveValue('н');

  // Offline: the typed mark is kept in the browser and shown as not sent; back online it is saved.
  await context.setOffline(true);
  await again.nth(3).focus();
  await page.keyboard.type('3');
  await expect(again.nth(3)).toHaveClass(/pending/);
  await expect(page.locator('[data-grid-status]')).toContainText('Нет связи');
  const stored = await page.evaluate('localStorage.getItem("otmetka.pendingCells")');
  expect(stored).toContain('"value":"3"');
  await context.setOffline(false);
  await expect(again.nth(3)).toHaveClass(/saved/, { timeout: 15_000 });
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toBe('{}');

  await page.reload();
  await expect((await lastEditableColumn(page)).nth(3)).toHaveValue('3');

  // Backspace clears a cell; a value outside the scale is refused at the cell.
  const cleared = (await lastEditableColumn(page)).nth(1);
  await cleared.focus();
  await page.keyboard.press('Backspace');
  await expect(cleared).toHaveClass(/saved/);
  await cleared.fill('7');
  await cleared.press('Enter');
  await expect(cleared).toHaveClass(/error/);
  await expect(page.locator('[data-grid-status]')).toContainText('Отметка должна быть одной из');
  await page.reload();
  await expect((await lastEditableColumn(page)).nth(1)).toHaveValue('');
});
