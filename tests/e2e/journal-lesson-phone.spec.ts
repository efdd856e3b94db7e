// The lesson on a phone (360×740): one tap from the home page to today's lesson (the one in progress, or the next);
// a mark set with one tap on a key ≥ 44 px and saved (the page reloaded shows it), «Отменить» takes it back, a tap
// without a connection waits in the queue and goes out when it returns. Every refused save is said beside its field,
// inside the screen, with the focus on it: a mark someone else changed, the attendance list, the lesson form, a grid cell.
import { expect, test, type Page } from '@playwright/test';
import { logIn, pageWidth } from './persona.ts';

test.use({ viewport: { width: 360, height: 740 } });

/** From the home page, one tap on the lesson card; returns the lesson's URL. */
async function tapToLesson(page: Page): Promise<string> {
  await logIn(page, 'teacher');
  const card = page.locator('[data-lesson-now]');
  await expect(card).toBeInViewport({ ratio: 1 }); // the first screen, no scrolling
  await expect(card.locator('.lesson-now-label')).toHaveText(/^(Идёт сейчас · до|Следующий урок · в|Первый урок сегодня · в) \d\d:\d\d$/);
  const href = await card.getAttribute('href');
  await card.click(); // the one tap
  await expect(page).toHaveURL(href!);
  await expect(page.locator('.lp-day')).toContainText('сегодня');
  return href!;
}

/** A student's row and a value other than the one stored there. */
async function rowAndOther(page: Page, index: number) {
  const row = page.locator('.lp-row').nth(index);
  const was = (await row.getAttribute('data-was')) ?? '';
  return { row, value: was === '4' ? '3' : '4' };
}

test('one tap from home to today’s lesson; a mark set with one tap is saved, «Отменить» takes it back', async ({ page }) => {
  const url = await tapToLesson(page);
  await page.screenshot({ path: 'test-results/lesson-phone-screen-360.png' });
  expect(await pageWidth(page)).toBeLessThanOrEqual(360);
  // The column's work type is said; every key of a row is a thumb's target.
  await expect(page.locator('#lp-marks-title')).toContainText(/Отметки · .+, вес \d/);
  const { row, value } = await rowAndOther(page, 3);
  for (const box of await Promise.all((await row.locator('.lp-key').all()).map((k) => k.boundingBox()))) {
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }
  await expect(row.locator('.lp-key')).toHaveText(['5', '4', '3', '2', '1', 'н', 'оп']);

  await row.locator(`.lp-key[data-v="${value}"]`).click();
  await expect(row.locator(`.lp-key[data-v="${value}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveClass(/is-saved/);
  await expect(page.locator('[data-lesson-bar]')).toContainText(`«${value}» — сохранено`);
  await page.screenshot({ path: 'test-results/lesson-phone-saved-360.png' });
  await page.reload(); // what the server stored
  await expect(page.locator('.lp-row').nth(3).locator(`.lp-key[data-v="${value}"]`)).toHaveAttribute('aria-pressed', 'true');

  // Another tap, then «Отменить»: the value before it is back, on the server too.
  const again = page.locator('.lp-row').nth(3);
  await again.locator('.lp-key[data-v="2"]').click();
  await expect(again).toHaveClass(/is-saved/);
  await page.getByRole('button', { name: 'Отменить' }).click();
  await expect(again.locator(`.lp-key[data-v="${value}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-lesson-bar]')).toContainText(`«${value}» — сохранено`);
  await page.reload();
  await expect(page.locator('.lp-row').nth(3).locator(`.lp-key[data-v="${value}"]`)).toHaveAttribute('aria-pressed', 'true');
  // An «н» saved takes the attendance: «Все присутствуют» above the list (which would clear it) is gone at once. (The
  // server's answer is played here: a real «н» would mark this lesson's attendance taken for the other browser tests.)
  const absent = page.locator('.lp-row').nth(5);
  await page.route('**/journal/cells', (route) => route.fulfill({ json: { ok: true, display: 'н', attendance: 'absent', changed: true } }));
  await absent.locator('.lp-key[data-v="н"]').click();
  await expect(absent).toHaveClass(/is-saved/);
  await expect(page.locator('.lp-allhere')).toHaveCount(0);
  await page.unroute('**/journal/cells');
  await page.reload();
  // The pressed key takes the mark off.
  await page.locator('.lp-row').nth(3).locator(`.lp-key[data-v="${value}"]`).click();
  await expect(page.locator('.lp-row').nth(3)).toHaveClass(/is-saved/);
  await page.goto(url);
  await expect(page.locator('.lp-row').nth(3).locator('.lp-key[aria-pressed="true"]')).toHaveCount(0);
});

test('without a connection a tap waits on the phone and is sent when the connection returns', async ({ page, context }) => {
  await tapToLesson(page);
  const { row, value } = await rowAndOther(page, 4);
  await context.setOffline(true);
  await row.locator(`.lp-key[data-v="${value}"]`).click();
  await expect(row).toHaveClass(/is-pending/);
  await expect(page.locator('[data-lesson-bar]')).toContainText('Нет связи');
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toContain(`"value":"${value}"`);
  await context.setOffline(false); // «online»: the queue goes out
  await expect(row).toHaveClass(/is-saved/, { timeout: 15_000 });
  expect(await page.evaluate('localStorage.getItem("otmetka.pendingCells")')).toBe('{}');
  await page.reload();
  await expect(page.locator('.lp-row').nth(4).locator(`.lp-key[data-v="${value}"]`)).toHaveAttribute('aria-pressed', 'true');
});

test('a refused save is said beside its field, in the screen, with the focus on it: a mark, attendance, the lesson form', async ({ page, context }) => {
  const url = await tapToLesson(page);
  const { row, value } = await rowAndOther(page, 12);
  const student = await row.getAttribute('data-student');
  // Someone changes the cell after this page was shown: the tap is refused (409), nothing overwritten.
  const other = await context.newPage();
  await other.goto(url);
  await other.locator('.lp-row').nth(12).locator('.lp-key[data-v="5"]').click();
  await expect(other.locator('.lp-row').nth(12)).toHaveClass(/is-saved/);
  await other.close();
  await row.locator(`.lp-key[data-v="${value}"]`).click();
  const message = page.locator(`#e-${student}`);
  await expect(message).toContainText('Эту клетку уже изменили: сейчас в ней «5»');
  await expect(message).toBeInViewport();
  const focused = row.locator('.lp-key[aria-pressed="true"]');
  await expect(focused).toHaveText('5');
  await expect(focused).toBeFocused();
  await expect(focused).toHaveAttribute('aria-describedby', `e-${student}`);
  await page.screenshot({ path: 'test-results/lesson-phone-refused-mark-360.png' });

  // The attendance list: a student with a mark cannot be absent — the page opens at the row, not at the top.
  await page.goto(url);
  await page.getByText('Посещаемость списком').click();
  await page.locator(`input[name="a_${student}"][value="absent"]`).check();
  await page.getByRole('button', { name: 'Сохранить посещаемость' }).click();
  const said = page.locator(`#ae-${student}`);
  await expect(said).toContainText('есть отметка за этот урок');
  await expect(said).toBeInViewport();
  await expect(page.locator(`#a-${student}`)).toBeFocused();
  await expect(page.locator(`#a-${student}`)).toHaveAttribute('aria-describedby', `ae-${student}`);
  expect(await page.evaluate<number>('scrollY')).toBeGreaterThan(1000);
  await page.screenshot({ path: 'test-results/lesson-phone-refused-attendance-360.png' });

  // The lesson form: minutes out of range.
  await page.goto(url);
  await page.locator('#lj-hw').fill('№ 12, 14');
  await page.locator('#lj-min').fill('500');
  await page.getByRole('button', { name: 'Сохранить урок' }).click();
  await expect(page.locator('#lj-min-error')).toContainText('от 0 до 240');
  await expect(page.locator('#lj-min-error')).toBeInViewport();
  await expect(page.locator('#lj-min')).toBeFocused();
  await expect(page.locator('#lj-min')).toHaveAttribute('aria-describedby', 'lj-min-error');
});

test('a refused grid cell is said beside the cell on a phone, the cursor there', async ({ page }) => {
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '6А · Математика' }).first().click();
  const cell = page.locator('input.cell-in[data-col="1"]').nth(6);
  await cell.click();
  await page.keyboard.type('7');
  await page.keyboard.press('ArrowDown');
  const message = page.locator('#field-message');
  await expect(message).toContainText('«7» не сохранено');
  await expect(message).toBeInViewport();
  await expect(cell).toBeFocused();
  await expect(cell).toHaveAttribute('aria-describedby', 'field-message');
  const [c, m] = [await cell.boundingBox(), await message.boundingBox()];
  expect(m!.y - (c!.y + c!.height)).toBeLessThan(12); // right under the cell
  await page.screenshot({ path: 'test-results/lesson-phone-refused-grid-cell-360.png' });
  await page.keyboard.press('Escape');
  await expect(message).toBeHidden();
});

test('a refused grid cell left with a tap elsewhere takes the cursor back, its message beside it', async ({ page }) => {
  await logIn(page, 'teacher');
  await page.goto('/journal');
  await page.getByRole('link', { name: '6А · Математика' }).first().click();
  const cell = page.locator('input.cell-in[data-col="1"]').nth(7);
  await expect(cell).toHaveAttribute('aria-label', /, \d\d\.\d\d\.\d{4}, /); // grid.js has run
  const stored = await cell.inputValue();
  await cell.click();
  await page.keyboard.type('7');
  await page.locator('h1').click(); // the teacher taps outside the grid
  await expect(cell).toBeFocused();
  await expect(cell).toHaveValue(stored);
  await expect(cell).toHaveClass(/\berror\b/);
  const message = page.locator('#field-message');
  await expect(message).toContainText('«7» не сохранено');
  await expect(message).toBeInViewport();
});
