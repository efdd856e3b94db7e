import { expect, test, type Page } from '@playwright/test';
import { clearCell } from './grid-support.ts';
import { logIn, sections, pageWidth } from './persona.ts';

const DAYS = ['Воскресенье', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'];
const scrollWidth = async (page: Page) => Number(await pageWidth(page));

test('a teacher types a mark for Морозов Дмитрий; his mother sees it in the diary at 360 px and acknowledges the week', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });

  // The teacher: the 5А maths grid, Дмитрий's cell of today's lesson (else the latest lesson that may still be edited).
  await logIn(page, 'teacher');
  await (await sections(page)).getByRole('link', { name: 'Журнал' }).click();
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('5А · Математика');
  const cells = page.locator('input.cell-in[data-col="1"][aria-label^="Морозов Дмитрий, "]');
  await expect(cells.first()).toBeAttached();
  const today = await page.evaluate(() => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date()));
  const todays = cells.and(page.locator(`[aria-label^="Морозов Дмитрий, ${today}, "]`));
  const cell = (await todays.count()) > 0 ? todays.first() : cells.last();
  const label = (await cell.getAttribute('aria-label'))!;
  const date = /, (\d\d)\.(\d\d)\.(\d{4}),/.exec(label)!;
  const [dd, mm, yyyy] = [date[1]!, date[2]!, date[3]!];
  const iso = `${yyyy}-${mm}-${dd}`;
  await clearCell(page, cell);
  await cell.focus();
  await page.keyboard.type('5');
  await expect(cell).toHaveValue('5');
  await expect(cell).toHaveClass(/saved/);
  await expect(page.locator('[data-grid-status]')).toHaveText('Все отметки сохранены.');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);

  // The parent: «Дневник» → Дмитрий's week → the day of that lesson shows the mark with its work type and weight.
  await logIn(page, 'parent');
  await (await sections(page)).getByRole('link', { name: 'Дневник' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Дневник' })).toBeVisible();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Дмитрий Морозов');
  const day = page.getByRole('region', { name: `${DAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]}, ${dd}.${mm}.${yyyy}` });
  if ((await day.count()) === 0) {
    // The lesson was in an earlier week: pick its date (behind «Дата» in the week's bar).
    await page.getByRole('navigation', { name: 'Недели' }).getByText('Дата').click();
    await page.locator('#dy-week').fill(iso);
    await page.getByRole('button', { name: 'Показать' }).click();
  }
  const lesson = day.locator('li.dy-lesson', { hasText: 'Математика' }).filter({ hasText: '5 · Ответ на уроке, вес 1' });
  await expect(lesson.first()).toBeVisible();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

  // «Ознакомлен(а)» for the week, then the time it was done.
  await page.getByRole('button', { name: 'Ознакомлен(а)' }).click();
  await expect(page.locator('.flash-ok')).toContainText('вы ознакомились с дневником');
  await expect(page.locator('.dy-ack-done')).toHaveText(/^Ознакомлен\(а\) \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
  await expect(page.getByRole('button', { name: 'Ознакомлен(а)' })).toHaveCount(0);
  await expect(day.locator('li.dy-lesson', { hasText: '5 · Ответ на уроке, вес 1' }).first()).toBeVisible();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/diary-week-360.png', fullPage: true });
});
