// The journal grid's cells, emptied through the grid itself before a test types into them.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Empties a cell (the demo may have filled the lesson). A cell with a mark and a late arrival shows the mark; cleared,
 * it shows «оп», which a second Backspace clears.
 */
export async function clearCell(page: Page, cell: Locator): Promise<void> {
  for (let tries = 0; tries < 3 && (await cell.inputValue()) !== ''; tries += 1) {
    await cell.focus();
    await page.keyboard.press('Backspace');
    await expect(cell).toHaveClass(/saved/);
  }
  await expect(cell).toHaveValue('');
}
