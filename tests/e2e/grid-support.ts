// The journal grid's cells, emptied through the grid itself before a test types into them.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Empties a cell (the demo may have filled the lesson). A cell with a mark and a late arrival shows the mark; cleared,
 * it shows «оп», which a second Backspace clears.
 */
export async function clearCell(page: Page, cell: Locator): Promise<void> {
  for (let tries = 0; tries < 3 && (await cell.inputValue()) !== ''; tries += 1) {
    // Selected whole, as a teacher's tap leaves it: the grid clears and saves a wholly selected cell on Backspace (once
    // the server's answer has written «оп» into the focused cell, the cursor sits after it and focus() would not select).
    await cell.selectText();
    const answered = page.waitForResponse((r) => r.url().endsWith('/journal/cells') && r.request().method() === 'POST');
    await page.keyboard.press('Backspace');
    await answered; // the save itself, not a «saved» left from the previous one
    await expect(cell).toHaveClass(/saved/);
  }
  await expect(cell).toHaveValue('');
}
