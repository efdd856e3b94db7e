import { expect, test } from '@playwright/test';
import { logIn } from './persona.ts';

test('the deputy corrects a closed cell in the grid with a written reason and finds it in the cell history', async ({ page }) => {
  await logIn(page, 'deputy');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');

  // Past the teacher's edit window the deputy's cells ask for a reason.
  const cell = page.locator('input.cell-in[data-reason-needed]').first();
  await expect(cell).toBeVisible();
  const lessonId = await cell.getAttribute('data-lesson');
  const studentId = await cell.getAttribute('data-student');
  const before = await cell.inputValue();
  const value = before === '3' ? '4' : '3';

  // Cancelling the prompt leaves the cell as it was.
  page.once('dialog', (d) => d.dismiss());
  await cell.fill(value); // a complete value is sent at once (and the prompt asks for the reason)
  await expect(page.locator(`input.cell-in[data-lesson="${lessonId}"][data-student="${studentId}"][data-col="1"]`)).toHaveValue(before);

  page.once('dialog', (d) => d.accept('Исправление по служебной записке учителя'));
  const same = page.locator(`input.cell-in[data-lesson="${lessonId}"][data-student="${studentId}"][data-col="1"]`);
  await same.fill(value);
  await expect(same).toHaveClass(/saved/);

  await page.goto(`/journal/history?lesson=${lessonId}&student=${studentId}&column=1`);
  await expect(page.locator('main')).toContainText('Исправление по служебной записке учителя');
  await expect(page.locator('main')).toContainText(value);
});
