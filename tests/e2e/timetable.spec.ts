import { expect, test, type Page } from '@playwright/test';
import { sections } from './persona.ts';

// Needs the demo seed with the curriculum (groups of 5А) and the demo timetable.
async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

test('the deputy opens the timetable of 5А, is refused a clashing lesson with the reason, adds a valid one', async ({ page }) => {
  await logIn(page, 'deputy');
  await (await sections(page)).getByRole('link', { name: 'Расписание', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Расписание уроков');
  await page.getByRole('link', { name: '01.09.2026' }).click();
  await page.locator('#tt-class').selectOption({ label: '5А' });
  await page.getByRole('button', { name: 'Показать' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Расписание 5А');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: '.tmp/pw-3403/timetable-360.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Monday, lesson 1 of 5А is taken in the demo timetable: adding maths there clashes.
  const maths = page.locator('#tt-group option', { hasText: '5А — Математика' });
  const mathsId = await maths.first().getAttribute('value');
  await page.locator('#tt-weekday').selectOption('1');
  await page.locator('#tt-lesson').selectOption('1');
  await page.locator('#tt-group').selectOption(mathsId!);
  await page.getByRole('button', { name: 'Добавить' }).click();
  await expect(page.locator('.tt-conflict')).toContainText('Конфликт: у класса 5А в это время урок');
  await expect(page.locator('#tt-room')).toHaveValue('');

  // Saturday lesson 1 is free for 5А and for its maths teacher: a consultation, week A only.
  await page.locator('#tt-weekday').selectOption('6');
  await page.locator('#tt-lesson').selectOption('1');
  await page.locator('#tt-group').selectOption(mathsId!);
  await page.locator('#tt-room').fill('каб. 999');
  await page.locator('#tt-parity').selectOption('A');
  await page.getByRole('button', { name: 'Добавить' }).click();
  await expect(page.locator('.flash-ok')).toContainText('Урок добавлен');
  await expect(page.locator('table.tt-grid')).toContainText('каб. 999');

  // The week of the class: printable, with links to the neighbouring weeks.
  await page.getByRole('link', { name: 'Неделя класса' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Расписание 5А');
  await expect(page.getByRole('link', { name: 'следующая неделя →' })).toBeVisible();
});

test('a teacher opens her own week (360 px screenshot)', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await logIn(page, 'teacher');
  await page.goto('/schedule/week/me?date=2026-09-07');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Моё расписание');
  await expect(page.locator('table.tt-grid')).toContainText('Математика');
  await page.screenshot({ path: '.tmp/pw-3403/week-360.png', fullPage: true });
});
