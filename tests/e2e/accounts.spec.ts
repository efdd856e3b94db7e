import { expect, test, type Page } from '@playwright/test';
import { sections, pageWidth } from './persona.ts';

const PASSWORD = 'otmetka-demo';

async function logIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** Pages of a PDF produced by Chromium: one "/Type /Page" object per page. */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

test('the class teacher of 5А issues accounts and prints the slips, 8 per A4 sheet', async ({ page, browser }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, 'classteacher');
  await expect(page).toHaveURL('/');
  await (await sections(page)).getByRole('link', { name: 'Учётные записи класса' }).click();
  await expect(page).toHaveURL('/accounts/classes');
  await page.getByRole('link', { name: '5А', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учётные записи: 5А');
  const morozov = page.getByRole('row').filter({ hasText: 'Морозов Дмитрий Сергеевич' });
  await expect(morozov).toContainText('student');
  await expect(page.getByText('нет учётной записи').first()).toBeVisible();
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('class-accounts-360.png'), fullPage: false });

  await page.getByRole('button', { name: 'Создать учётные записи' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бланки паролей: 5А');
  const slips = page.locator('article.slip');
  const count = await slips.count();
  expect(count).toBeGreaterThanOrEqual(20);
  await expect(page.locator('section.slip-page')).toHaveCount(Math.ceil(count / 8));
  const first = slips.first();
  await expect(first).toContainText('МБОУ «Средняя общеобразовательная школа № 1» (демо)');
  await expect(first).toContainText('г. Демоград, ул. Школьная, д. 1');
  await expect(first).toContainText('при первом входе смените пароль');
  await expect(first).toContainText(`http://127.0.0.1:${process.env.E2E_PORT || 3210}`);
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('slips-360.png'), fullPage: false });

  // Print: A4, 8 slips a sheet — the PDF has exactly ceil(count / 8) pages and the sheet shows 2 × 4 slips.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.locator('.slips-head')).toBeHidden();
  const boxes = await page.locator('section.slip-page').first().locator('article.slip').evaluateAll((els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return { x: Math.round(r.x), y: Math.round(r.y), w: r.width, h: r.height }; }));
  expect(boxes).toHaveLength(8);
  expect(new Set(boxes.map((b) => b.x)).size).toBe(2);
  expect(new Set(boxes.map((b) => b.y)).size).toBe(4);
  await page.locator('section.slip-page').first().screenshot({ path: testInfo.outputPath('slips-a4-print.png') });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, path: testInfo.outputPath('slips.pdf') });
  expect(pdfPageCount(pdf)).toBe(Math.ceil(count / 8));
  await page.emulateMedia({ media: 'screen' });

  // A slip logs in and forces a new password.
  const slip = slips.filter({ hasText: 'обучающийся' }).first();
  const login = (await slip.locator('.slip-login').textContent())!.trim();
  const password = (await slip.locator('.slip-password').textContent())!.trim();
  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, login, password);
  await expect(other).toHaveURL(/\/password/);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Смена пароля');
  await context.close();

  // Back on the class page: nothing left to create.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('link', { name: 'К учётным записям 5А' }).first().click();
  await expect(page.getByRole('button', { name: 'Создать учётные записи' })).toHaveCount(0);
  await expect(morozov).toContainText('Сбросить пароль');
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('class-accounts-after-360.png'), fullPage: false, clip: { x: 0, y: 300, width: 360, height: 740 } });
});

test('the admin gives the director an account and then blocks it', async ({ page, browser }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, 'admin');
  await (await sections(page)).getByRole('link', { name: 'Пользователи' }).click();
  await page.getByRole('navigation', { name: 'Учётные записи' }).getByRole('link', { name: 'Сотрудники' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Учётные записи сотрудников');
  const row = page.getByRole('row').filter({ hasText: 'Белова Галина Ивановна' });
  await expect(row).toContainText('нет учётной записи');
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('staff-accounts-360.png'), fullPage: false });
  await row.getByRole('link', { name: 'Создать' }).click();

  const form = page.locator('section.card').filter({ hasText: 'Новая учётная запись' });
  await expect(form.getByLabel('Логин', { exact: true })).toHaveValue('belova.gi');
  await expect(form.getByLabel('учитель')).toBeChecked();
  await form.getByLabel('заместитель директора').check();
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await form.getByRole('button', { name: 'Создать и показать пароль' }).click();
  const slip = page.locator('article.slip');
  await expect(slip).toHaveCount(1);
  await expect(slip).toContainText('Белова Галина Ивановна');
  await expect(slip).toContainText('заместитель директора, учитель');
  await expect(slip.locator('.slip-login')).toHaveText('belova.gi');
  const password = (await slip.locator('.slip-password').textContent())!.trim();

  // She logs in elsewhere; the admin blocks the account and her session ends at once.
  const context = await browser.newContext();
  const director = await context.newPage();
  await logIn(director, 'belova.gi', password);
  await expect(director).toHaveURL(/\/password/);

  await page.getByRole('link', { name: 'К учётным записям сотрудников' }).first().click();
  await page.getByRole('row').filter({ hasText: 'Белова Галина Ивановна' }).getByRole('link', { name: 'belova.gi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Белова Галина Ивановна');
  expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath('member-360.png'), fullPage: true });
  // A .danger button asks for confirmation (public/js/app.js).
  page.once('dialog', (dialog) => { expect(dialog.message()).toBe('Заблокировать?'); void dialog.accept(); });
  await page.getByRole('button', { name: 'Заблокировать' }).click();
  await expect(page.getByRole('status')).toHaveText('Учётная запись заблокирована в этой школе, все её сеансы завершены.');

  await director.goto('/password');
  await expect(director).toHaveURL(/\/login/);
  await logIn(director, 'belova.gi', password);
  await expect(director.getByRole('alert')).toHaveText('Учётная запись заблокирована. Обратитесь к администратору школы.');
  await context.close();
});
