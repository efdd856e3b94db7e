// What the grid stores is what its cell shows: typing down a column (a value nothing longer begins with moves on to the
// next student, so «55», «н5», «оп5» fill two cells each, and at the last student the next key replaces the value), a
// string that is no value refused in its cell with nothing stored, and a concurrent edit (409) never reported as saved.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clearCell } from './grid-support.ts';
import { logIn } from './persona.ts';

// Each test logs in, empties a column through the grid and reloads; the 409 one logs in twice. Slow on a busy machine.
test.describe.configure({ timeout: 90_000 });

const status = (page: Page) => page.locator('[data-grid-status]');

async function openGrid(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 760 });
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');
  // grid.js has run: the whole table is parsed (the heading comes long before the last row).
  await expect(page.locator('input.cell-in').last()).toHaveAttribute('aria-label', /, \d\d\.\d\d\.\d{4}, /);
}

/**
 * Column 1 of the editable lesson `fromEnd` places before the last one (journal-grid.spec.ts types in the last):
 * its cells top to bottom.
 */
async function column(page: Page, fromEnd: number): Promise<Locator> {
  const ids = await page.locator('input.cell-in[data-col="1"]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-lesson')))]);
  const id = ids.at(-1 - fromEnd);
  if (!id) throw new Error('no editable lesson');
  return page.locator(`input.cell-in[data-lesson="${id}"][data-col="1"]`);
}

/** Empties every cell of the column through the grid itself. */
async function clearColumn(page: Page, cells: Locator): Promise<void> {
  for (let i = 0; i < (await cells.count()); i += 1) await clearCell(page, cells.nth(i));
  await expect(status(page)).toHaveText('Все отметки сохранены.');
}

const valuesOf = (cells: Locator) => cells.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));

/** The column after a reload: what the database holds. */
async function storedAfterReload(page: Page, fromEnd: number): Promise<string[]> {
  await page.reload();
  return valuesOf(await column(page, fromEnd));
}

test('typed down a column, «55», «н5» and «оп5» store each value in its own cell; at the last student the next key replaces', async ({
  page,
}) => {
  await openGrid(page);
  const cells = await column(page, 1);
  await clearColumn(page, cells);
  const n = await cells.count();
  expect(n).toBeGreaterThan(8);

  await cells.nth(0).focus();
  await page.keyboard.type('55');
  await cells.nth(2).focus();
  await page.keyboard.type('н5');
  await cells.nth(4).focus();
  await page.keyboard.type('оп5');
  await expect(cells.nth(5)).toHaveValue('5');
  expect((await valuesOf(cells)).slice(0, 7)).toEqual(['5', '5', 'н', '5', 'оп', '5', '']);
  await expect(cells.nth(6)).toBeFocused();

  // The last student: nowhere to move, so the next key replaces the saved value instead of extending it.
  const last = cells.nth(n - 1);
  for (const typed of ['55', 'н5', 'оп5']) {
    await last.focus();
    await page.keyboard.type(typed);
    await expect(last).toHaveValue('5');
    await expect(last).toBeFocused();
    await expect(last).toHaveClass(/saved/);
  }
  await expect(cells.nth(n - 2)).toHaveValue('');
  // The Latin layout: «jg» is «оп» typed with the wrong keyboard.
  await cells.nth(6).focus();
  await page.keyboard.type('jg4');
  await expect(cells.nth(7)).toHaveValue('4');
  await expect(cells.nth(6)).toHaveValue('оп');
  await expect(cells.nth(8)).toBeFocused();
  await expect(status(page)).toHaveText('Все отметки сохранены.');
  const shown = await valuesOf(cells);
  await page.screenshot({ path: 'test-results/journal-grid-typing-360.png' });
  expect(await storedAfterReload(page, 1)).toEqual(shown);
});

test('typing fast down a column saves every student\'s value; the cell of each is what was typed for it', async ({ page }) => {
  await openGrid(page);
  const cells = await column(page, 2);
  await clearColumn(page, cells);
  await cells.nth(0).focus();
  await page.keyboard.type('54н3оп21оп5н', { delay: 0 });
  const typed = ['5', '4', 'н', '3', 'оп', '2', '1', 'оп', '5', 'н'];
  for (const [i, v] of typed.entries()) await expect(cells.nth(i)).toHaveValue(v);
  await expect(cells.nth(typed.length - 1)).toHaveClass(/saved/);
  await expect(status(page)).toHaveText('Все отметки сохранены.');
  const shown = await valuesOf(cells);
  expect(shown.slice(0, typed.length + 1)).toEqual([...typed, '']);
  expect(await storedAfterReload(page, 2)).toEqual(shown);
});

test('a string that is no value is refused in its cell, in Russian, and nothing is stored', async ({ page }) => {
  await openGrid(page);
  const cells = await column(page, 3);
  await clearColumn(page, cells);
  const cell = cells.nth(1);
  await cell.focus();
  await page.keyboard.type('4');
  await expect(cell).toHaveClass(/saved/);

  for (const bad of ['55', 'н5', 'оп5', 'о', '7']) {
    // Pasted (one input event), or typed with the cursor after the value: the string is checked when the teacher leaves.
    await cell.fill(bad);
    await cell.press('Enter');
    await expect(cell).toHaveClass(/error/);
    await expect(cell).toBeFocused();
    await expect(cell).toHaveAttribute('aria-invalid', 'true');
    await expect(status(page))
      .toContainText(`«${bad}» не сохранено. Отметка должна быть одной из: 5, 4, 3, 2, 1, «н» (отсутствовал) или «оп» (опоздал).`);
    await expect(status(page)).toHaveClass(/error/);
    await page.keyboard.press('Tab');
    // Left: the cell shows again what is stored, still red.
    await expect(cell).toHaveValue('4');
    await expect(cell).toHaveClass(/error/);
  }
  // Typed with the cursor placed after the stored value.
  await cell.click();
  await page.keyboard.press('End');
  await page.keyboard.type('5');
  await expect(cell).toHaveValue('45');
  await cells.nth(3).click();
  await expect(cell).toHaveValue('4');
  await expect(status(page)).toContainText('«45» не сохранено.');
  await page.screenshot({ path: 'test-results/journal-grid-refused-360.png' });
  // Esc on the cell clears the refusal; the status no longer reports it.
  await cell.focus();
  await page.keyboard.press('Escape');
  await expect(cell).not.toHaveClass(/error/);
  await expect(status(page)).toHaveText('Все отметки сохранены.');
  const stored = await storedAfterReload(page, 3);
  expect(stored[1]).toBe('4');
  expect(stored[0]).toBe('');
  expect(stored[2]).toBe('');
});

test('a cell changed meanwhile (409): the cell shows what is stored and the status line does not say saved', async ({ page, browser }) => {
  await openGrid(page);
  const cells = await column(page, 4);
  await clearColumn(page, cells);
  const gridUrl = page.url();

  // Someone else (another browser, the same teacher) puts 4 into the first cell.
  const other = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const otherPage = await other.newPage();
  await logIn(otherPage, 'teacher');
  await otherPage.goto(gridUrl);
  const theirs = (await column(otherPage, 4)).nth(0);
  await theirs.focus();
  await otherPage.keyboard.type('4');
  await expect(theirs).toHaveClass(/saved/);
  await other.close();

  // This page still shows the cell empty; typing 3 there meets the 4.
  const mine = cells.nth(0);
  await mine.focus();
  await page.keyboard.type('3');
  await expect(mine).toHaveClass(/error/);
  await expect(mine).toHaveValue('4');
  await expect(status(page)).toContainText('Эту клетку уже изменили: сейчас в ней «4»');
  await expect(status(page)).not.toContainText('Все отметки сохранены');
  // The cursor, gone on to the next student, is brought back to the refused cell, its message right beside it.
  await expect(mine).toBeFocused();
  await expect(mine).toHaveAttribute('aria-describedby', 'field-message');
  await expect(page.locator('#field-message')).toContainText('Эту клетку уже изменили: сейчас в ней «4»');
  // Another cell saved afterwards does not hide the refusal either.
  await cells.nth(1).click();
  await expect(page.locator('#field-message')).toBeHidden();
  await page.keyboard.type('5');
  await expect(cells.nth(1)).toHaveClass(/saved/);
  await expect(status(page)).toContainText('уже изменили');
  await expect(status(page)).not.toContainText('Все отметки сохранены');
  expect((await storedAfterReload(page, 4)).slice(0, 2)).toEqual(['4', '5']);

  // Typed again over what is there now, it is saved.
  const again = (await column(page, 4)).nth(0);
  await again.focus();
  await page.keyboard.type('3');
  await expect(again).toHaveClass(/saved/);
  await expect(status(page)).toHaveText('Все отметки сохранены.');
  expect((await storedAfterReload(page, 4))[0]).toBe('3');
});

test('a mark over a late arrival: Backspace clears the mark and the cell shows «оп»; the next Backspace clears that', async ({ page }) => {
  await openGrid(page);
  const cells = await column(page, 4);
  await clearColumn(page, cells);
  const cell = cells.nth(0);
  await cell.focus();
  await page.keyboard.type('оп'); // late: saved, the cursor moves down
  await expect(cell).toHaveValue('оп');
  await expect(cell).toHaveClass(/saved/);
  await cell.focus();
  await page.keyboard.type('5'); // a mark for the late student: the cell shows the mark
  await expect(cell).toHaveValue('5');
  await expect(cell).toHaveClass(/saved/);
  expect((await storedAfterReload(page, 4))[0]).toBe('5');
  const again = await column(page, 4);
  await clearCell(page, again.nth(0));
  expect((await storedAfterReload(page, 4))[0]).toBe('');
});
