import { expect, test, type Page } from '@playwright/test';
import { sections, pageWidth } from './persona.ts';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

const noSideScroll = async (page: Page) =>
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(Number(await page.evaluate('window.innerWidth')));

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the admin adds a holiday to the current year and creates a class', async ({ page }) => {
    await logIn(page, 'admin');
    await (await sections(page)).getByRole('link', { name: 'Настройка школы' }).click();
    await expect(page).toHaveURL('/setup');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Настройка школы');
    await noSideScroll(page);
    await page.screenshot({ path: '.tmp/setup-overview-360.png', fullPage: true });

    // The current year's page: add a holiday.
    await page.getByRole('link', { name: '2026/2027' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учебный год 2026/2027');
    await page.locator('#holiday-name').fill('День учителя');
    await page.locator('#holiday-kind').selectOption('dayoff');
    await page.locator('#holiday-starts').fill('2026-10-05');
    await page.locator('#holiday-ends').fill('2026-10-05');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Добавлено: «День учителя».');
    const row = page.locator('#holidays tr', { hasText: 'День учителя' });
    await expect(row).toContainText('Выходной');
    await expect(row).toContainText('05.10.2026');
    await noSideScroll(page);
    await page.screenshot({ path: '.tmp/setup-year-360.png', fullPage: true });

    // A bad holiday is refused at the field, the values kept.
    await page.locator('#holiday-name').fill('Осенние каникулы 2027');
    await page.locator('#holiday-starts').fill('2027-10-25');
    await page.locator('#holiday-ends').fill('2027-11-03');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await expect(page.locator('#holiday-starts-error')).toHaveText('Даты должны быть внутри учебного года (01.09.2026 – 31.08.2027).');
    await expect(page.locator('#holiday-name')).toHaveValue('Осенние каникулы 2027');

    // A period scheme's page: its periods and the form for the next one fit the phone too.
    await page.getByRole('link', { name: 'Четверти', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Четверти');
    await expect(page.locator('#period-name_0')).toHaveValue('5 четверть');
    await noSideScroll(page);
    await page.screenshot({ path: '.tmp/setup-scheme-360.png', fullPage: true });
    await page.getByRole('link', { name: 'Учебный год 2026/2027' }).click();

    // The year's classes: create 5В.
    await page.getByRole('link', { name: 'Классы года' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Классы 2026/2027');
    await page.locator('#class-grade').selectOption('5');
    await page.locator('#class-letter').fill('в');
    await page.locator('#class-shift').selectOption('2');
    await page.locator('#class-scheme').selectOption({ label: 'Четверти' });
    await page.locator('#class-teacher').selectOption({ label: 'Иванова Мария Александровна — Учитель математики' });
    await page.getByRole('button', { name: 'Создать класс' }).click();
    await expect(page.getByRole('status')).toHaveText('Класс 5В создан.');
    const created = page.locator('tr', { hasText: '5В' });
    await expect(created).toContainText('Иванова Мария Александровна');
    await expect(created.locator('td').nth(1)).toHaveText('2');
    await noSideScroll(page);
    await page.screenshot({ path: '.tmp/setup-classes-360.png', fullPage: false });

    // The same name again is refused with a message.
    await page.locator('#class-grade').selectOption('5');
    await page.locator('#class-letter').fill('В');
    await page.getByRole('button', { name: 'Создать класс' }).click();
    await expect(page.locator('#class-letter-error')).toHaveText('Класс «5В» в 2026/2027 учебном году уже есть.');
  });
});
