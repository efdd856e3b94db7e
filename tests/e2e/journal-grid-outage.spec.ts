import { expect, test } from '@playwright/test';
import { logIn } from './persona.ts';

// While the database restarts the server answers a cell save with 503 and JSON {error} (tests/integration/
// faults-database-restart.test.ts proves that side). The grid must keep the typed mark, show it as not sent, survive a
// reload, and send it once the server answers again.
test('a mark typed while the database is away stays pending in the grid and is saved when it is back', async ({ page }) => {
  test.setTimeout(60_000); // the grid retries every five seconds
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  const lessonId = await page.locator('input.cell-in[data-col="1"]').last().getAttribute('data-lesson');
  const column = () => page.locator(`input.cell-in[data-lesson="${lessonId}"][data-col="1"]`);
  const cell = column().nth(5);
  const typed = (await cell.inputValue()) === '3' ? '4' : '3';

  let refused = 0;
  await page.route('**/journal/cells', async (route) => {
    refused += 1;
    await route.fulfill({
      status: 503, headers: { 'retry-after': '5' }, contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: 'База данных временно недоступна (например, перезапускается).', requestId: 'x' }),
    });
  });
  await cell.focus();
  await page.keyboard.type(typed);
  await page.keyboard.press('Tab');
  await expect(cell).toHaveClass(/pending/);
  await expect(page.locator('[data-grid-status]')).toContainText('будут отправлены автоматически');
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toContain(`"value":"${typed}"`);

  // Still away after a reload: the mark is restored from the browser, still pending, retried again.
  await page.reload();
  await expect(column().nth(5)).toHaveValue(typed);
  await expect(column().nth(5)).toHaveClass(/pending/);
  await expect.poll(() => refused, { timeout: 12_000 }).toBeGreaterThanOrEqual(3);

  // The database is back: the queued mark goes out by itself.
  await page.unroute('**/journal/cells');
  await expect(column().nth(5)).toHaveClass(/saved/, { timeout: 15_000 });
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toBe('{}');
  await page.reload();
  await expect(column().nth(5)).toHaveValue(typed);
});
