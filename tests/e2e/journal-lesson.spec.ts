import { expect, test } from '@playwright/test';
import { logIn, sections, pageWidth } from './persona.ts';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a teacher fills a lesson at 360 px: topic and homework, absent, marks by tapping keys (a refused one said at its row)', async ({ page }) => {
    test.setTimeout(90_000); // a whole lesson filled form by form, each a page load
    await page.setViewportSize({ width: 360, height: 760 });
    await logIn(page, 'teacher');
    await (await sections(page)).getByRole('link', { name: 'Журнал' }).click();
    // A group other than 5А: the grid's browser tests, run before this one on the same database, fill 5А maths' last lesson.
    await page.getByRole('link', { name: /^(?!5А ).* · Математика$/ }).first().click();
    // The last lesson the teacher may still fill (its column header says so without JavaScript) opens the lesson page.
    const lessonId = await page.locator('th.col-type[data-edit][data-col="1"]').last().getAttribute('data-lesson');
    await page.locator(`a[href="/journal/lessons/${lessonId}"]`).click();
    await expect(page).toHaveURL(`/journal/lessons/${lessonId}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Математика');
    await expect(page.locator('#lj-topic')).not.toHaveValue(''); // from the КТП

    const wide = await pageWidth(page);
    expect(wide).toBeLessThanOrEqual(360);

    // The lesson form: a refused value opens the page at its field.
    await page.locator('#lj-topic').fill('Задачи на движение');
    await page.locator('#lj-hw').fill('№ 210, 212');
    await page.locator('#lj-min').fill('500');
    await page.getByRole('button', { name: 'Сохранить урок' }).click();
    await expect(page.locator('#lj-min-error')).toContainText('от 0 до 240');
    await expect(page.locator('#lj-min')).toBeFocused();
    await expect(page.locator('#lj-min-error')).toBeInViewport();
    await expect(page.locator('#lj-topic')).toHaveValue('Задачи на движение');
    await page.locator('#lj-min').fill('20');
    await page.getByRole('button', { name: 'Сохранить урок' }).click();
    await expect(page.getByRole('status')).toContainText('Урок сохранён.');
    await expect(page.getByRole('button', { name: 'Взять тему из КТП' })).toBeVisible();

    // Start from an empty lesson: everybody present (the button above the roster), no marks.
    await page.getByRole('button', { name: 'Все присутствуют' }).click();
    await expect(page.getByRole('status')).toContainText('Все присутствуют');
    await expect(page).toHaveURL(/#marks$/);
    const row = (i: number) => page.locator('#marks .lp-row').nth(i);
    for (let i = 0; i < 3; i += 1) {
      const pressed = row(i).locator('.lp-key[aria-pressed="true"]');
      if (await pressed.count()) await pressed.click(); // the pressed key takes the value off
      await expect(row(i).locator('.lp-key[aria-pressed="true"]')).toHaveCount(0);
    }

    // The second student is absent: the attendance list, or the «н» key.
    await page.getByText('Посещаемость списком').click();
    const second = page.locator('#attendance fieldset').nth(1);
    await second.getByLabel('н').check();
    await page.getByRole('button', { name: 'Сохранить посещаемость' }).click();
    await expect(page.getByRole('status')).toContainText('Посещаемость сохранена');
    await expect(row(1).locator('.lp-key[data-v="н"]')).toHaveAttribute('aria-pressed', 'true');

    // A mark: one tap on its key; the page comes back at the student's row.
    const first = await row(0).getAttribute('data-student');
    await row(0).locator('.lp-key[data-v="5"]').click();
    await expect(page).toHaveURL(new RegExp(`#s-${first}$`));
    await expect(row(0).locator('.lp-key[data-v="5"]')).toHaveAttribute('aria-pressed', 'true');
    await row(2).locator('.lp-key[data-v="4"]').click();
    await expect(row(2).locator('.lp-key[data-v="4"]')).toHaveAttribute('aria-pressed', 'true');

    // Refused: the student with a 5 cannot be absent — the page opens at the row, the choice focused.
    await page.getByText('Посещаемость списком').click();
    await page.locator(`input[name="a_${first}"][value="absent"]`).check();
    await page.getByRole('button', { name: 'Сохранить посещаемость' }).click();
    await expect(page.locator(`#ae-${first}`)).toContainText('есть отметка за этот урок');
    await expect(page.locator(`#ae-${first}`)).toBeInViewport();
    await expect(page.locator(`#a-${first}`)).toBeFocused();
    await page.screenshot({ path: 'test-results/journal-lesson-360-error.png' });
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await page.goto(`/journal/lessons/${lessonId}`);
    await page.screenshot({ path: 'test-results/journal-lesson-360.png', fullPage: true });
  });
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
  expect(await pageWidth(page)).toBeLessThanOrEqual(360);
  const said = (await taken.textContent()) ?? '';

  await page.goto(gridUrl);
  const mark = page.locator('th.lesson-head').filter({ has: page.locator(`a[href="/journal/lessons/${lessonId}"]`) }).locator('.att-ok');
  await expect(mark).toHaveAttribute('title', said);
  await page.screenshot({ path: 'test-results/journal-grid-attendance-marks-360.png' });
});
