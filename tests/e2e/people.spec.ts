import { expect, test, type Page } from '@playwright/test';
import { sections, pageWidth } from './persona.ts';

const PASSWORD = 'otmetka-demo';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

const noSidewaysScroll = async (page: Page) =>
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a class teacher opens «Мой класс», corrects a birth date and sees it saved', async ({ page }) => {
    await logIn(page, 'classteacher');
    await (await sections(page)).getByRole('link', { name: 'Мой класс' }).click();

    await expect(page).toHaveURL('/my-class');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Мой класс: 5А');
    const row = page.locator('tr').filter({ hasText: 'Морозов Дмитрий Сергеевич' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('03.05.2015');
    await expect(row).toContainText('М-0001');
    await expect(row).toContainText('мать: Морозова Анна Игоревна');
    await noSidewaysScroll(page);
    await page.screenshot({ path: `.tmp/people-e2e/my-class-360.png`, fullPage: false });

    await row.getByRole('link', { name: 'Морозов Дмитрий Сергеевич' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Морозов Дмитрий Сергеевич');
    await page.getByRole('link', { name: 'Изменить' }).click();
    await expect(page.getByLabel('Дата рождения')).toHaveValue('2015-05-03');
    await page.getByLabel('Дата рождения').fill('2015-05-04');
    await noSidewaysScroll(page);
    await page.screenshot({ path: `.tmp/people-e2e/student-form-360.png`, fullPage: true });
    await page.getByRole('button', { name: 'Сохранить' }).click();

    await expect(page.getByRole('status')).toHaveText('Данные обучающегося сохранены.');
    await expect(page.locator('dl.facts')).toContainText('04.05.2015');
    await noSidewaysScroll(page);
    await page.screenshot({ path: `.tmp/people-e2e/student-card-360.png`, fullPage: true });

    await (await sections(page)).getByRole('link', { name: 'Мой класс' }).click();
    await expect(page.locator('tr').filter({ hasText: 'Морозов Дмитрий Сергеевич' })).toContainText('04.05.2015');
  });

  test('a birth date in the future is refused with a message and not saved', async ({ page }) => {
    await logIn(page, 'classteacher');
    await page.goto('/my-class');
    await page.getByRole('link', { name: 'Морозов Дмитрий Сергеевич' }).click();
    await page.getByRole('link', { name: 'Изменить' }).click();
    await page.getByLabel('Дата рождения').fill('2099-01-01');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByText('Дата рождения не может быть в будущем.')).toBeVisible();
    await expect(page.getByLabel('Дата рождения')).toHaveValue('2099-01-01');
    await page.goto('/my-class');
    await expect(page.locator('tr').filter({ hasText: 'Морозов Дмитрий Сергеевич' })).not.toContainText('01.01.2099');
  });
});
