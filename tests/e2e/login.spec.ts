import { expect, test, type Page } from '@playwright/test';
import { sections, pageWidth } from './persona.ts';

const PASSWORD = 'otmetka-demo';
const SCHOOL_1 = 'МБОУ «Средняя общеобразовательная школа № 1» (демо)';
const SCHOOL_2 = 'МАОУ «Гимназия № 2» (демо)';

async function logIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Вход' })).toBeVisible();
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('a teacher logs in, sees her home page, logs out and is shut out again', async ({ page }) => {
  await logIn(page, 'teacher');

  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Здравствуйте, Иванова Мария Александровна');
  await expect(page).toHaveTitle('Главная — Отметка');
  const header = page.locator('header.top');
  await expect(header.locator('.who-name')).toHaveText('Иванова Мария Александровна');
  await expect(header.locator('.who-school')).toHaveText(SCHOOL_1);
  await expect(header.locator('.who-roles')).toHaveText('учитель');

  const nav = await sections(page);
  await expect(nav.getByRole('link')).toHaveText(['Главная', 'Сегодня', 'Журнал', 'Моё расписание', 'Мои группы', 'КТП', 'Отчёты', 'Сообщения', 'Профиль']);
  await expect(nav.getByRole('link', { name: 'Главная' })).toHaveAttribute('aria-current', 'page');
  // A teacher is not offered the administrator's pages.
  await expect(page.getByRole('link', { name: 'Пользователи' })).toHaveCount(0);

  await header.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL('/login?ended=out');
  await expect(page.getByRole('status')).toHaveText('Вы вышли из системы.');
  await expect(page.getByRole('heading', { level: 1, name: 'Вход' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Выйти' })).toHaveCount(0);
  await expect(page.getByText('Иванова Мария Александровна')).toHaveCount(0);

  await page.goto('/');
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole('heading', { level: 1, name: 'Вход' })).toBeVisible();
  await expect(page.getByText('Здравствуйте')).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a teacher of two schools picks the second one', async ({ page }) => {
    await logIn(page, 'multi');

    await expect(page).toHaveURL(/\/select-school(\?|$)/);
    await expect(page.getByRole('heading', { level: 1, name: 'Выбор школы' })).toBeVisible();
    const first = page.getByRole('radio', { name: SCHOOL_1 });
    const second = page.getByRole('radio', { name: SCHOOL_2 });
    await expect(page.getByRole('radio')).toHaveCount(2);
    await expect(first).toBeVisible();
    await expect(second).toBeVisible();
    // Nothing sticks out sideways at 360 px.
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

    await second.check();
    await page.getByRole('button', { name: 'Перейти' }).click();

    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Здравствуйте, Васильев Павел Олегович');
    await expect(page.locator('header.top .who-school')).toHaveText(SCHOOL_2);
    await expect(page.getByRole('status')).toHaveText(`Выбрана школа: ${SCHOOL_2}`);
    await expect(page.getByText(SCHOOL_1)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

    // The choice holds for the rest of the session, and can be changed.
    await page.goto('/account');
    await expect(page.locator('header.top .who-school')).toHaveText(SCHOOL_2);
    await page.goto('/select-school');
    await expect(second).toBeChecked();
    await expect(first).not.toBeChecked();
    await first.check();
    await page.getByRole('button', { name: 'Перейти' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.locator('header.top .who-school')).toHaveText(SCHOOL_1);
  });
});

test('a wrong password is refused with a message', async ({ page }) => {
  await logIn(page, 'teacher', 'not-the-password');

  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole('alert')).toHaveText('Неверный логин или пароль.');
  await expect(page.locator('#login')).toHaveValue('teacher');
  await expect(page.locator('#password')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Выйти' })).toHaveCount(0);

  // Nobody was let in: the home page still sends to the login form.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login(\?|$)/);
});
