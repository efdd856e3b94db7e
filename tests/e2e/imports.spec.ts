import { expect, test, type Page } from '@playwright/test';
import { sections, pageWidth } from './persona.ts';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill('otmetka-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

const CSV = [
  'Фамилия;Имя;Отчество;Пол;Дата рождения;Номер личного дела;Класс;Родитель 1 Фамилия;Родитель 1 Имя;Родитель 1 Кем приходится;Родитель 1 Телефон',
  'Ветрова;Лиза;Андреевна;ж;14.02.2016;Е2Е-1;4А;Ветрова;Ольга;мать;+7 903 100-20-30',
  'Ветров;Максим;Андреевич;м;02.09.2013;Е2Е-2;7Б;Ветрова;Ольга;мать;+7 903 100-20-30',
].join('\r\n');

test.describe('import on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the admin downloads a template, uploads a small CSV, checks the preview and applies it', async ({ page }) => {
    await logIn(page, 'admin');
    await (await sections(page)).getByRole('link', { name: 'Импорт' }).click();
    await expect(page).toHaveURL('/import');
    await expect(page.getByRole('heading', { level: 1, name: 'Импорт из файла' })).toBeVisible();
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-results/imports-index-360.png', fullPage: false });

    // The template links answer with the files.
    for (const name of ['Excel (XLSX)', 'CSV (UTF-8, «;»)']) {
      const href = await page.locator('#template-students').getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-disposition']).toContain('attachment');
      expect((await res.body()).length).toBeGreaterThan(100);
    }

    // Without choosing a file: a message next to the field, nothing else happens.
    await page.getByRole('radio', { name: 'Обучающиеся и родители' }).check();
    await page.getByRole('button', { name: 'Проверить файл' }).click();
    await expect(page.getByRole('alert')).toHaveText('Выберите файл CSV или XLSX.');
    await expect(page.getByRole('radio', { name: 'Обучающиеся и родители' })).toBeChecked();

    await page.locator('#file').setInputFiles({ name: 'Ветровы.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]) });
    await page.getByRole('button', { name: 'Проверить файл' }).click();

    await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Проверка файла' })).toBeVisible();
    const counts = page.locator('.imp-counts');
    await expect(counts).toContainText('Будет создано2');
    await expect(counts).toContainText('новых 1, изменённых 0, новых связей с детьми 2');
    await expect(counts).toContainText('Будут зачислены в классы2');
    await expect(page.locator('.imp-details')).toContainText('Ветрова Лиза Андреевна');
    await page.screenshot({ path: 'test-results/imports-preview-360.png', fullPage: true });
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);

    await page.getByLabel('Номер приказа').fill('901-К');
    await page.getByLabel('Дата приказа (дата зачисления)').fill('2026-11-20');
    await page.getByRole('button', { name: 'Импортировать' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Импорт выполнен' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Импорт выполнен: создано 2, обновлено 0, без изменений 0.');
    await expect(page.locator('.facts').first()).toContainText('№ 901-К от 20.11.2026');
    await expect(page.getByRole('button', { name: 'Импортировать' })).toHaveCount(0);

    // The import is listed on the import page.
    await page.getByRole('link', { name: 'К импорту' }).click();
    await expect(page.getByRole('heading', { name: 'Последние импорты' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Ветровы.csv' })).toBeVisible();
  });
});

test('a teacher is refused the import page', async ({ page }) => {
  await logIn(page, 'teacher');
  await expect(page.getByRole('link', { name: 'Импорт' })).toHaveCount(0);
  const res = await page.goto('/import');
  expect(res!.status()).toBe(403);
});
