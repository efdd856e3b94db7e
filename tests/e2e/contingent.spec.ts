import { expect, test, type Page } from '@playwright/test';
import { TEST_NOW } from '../support/test-clock.ts';
import { sections, pageWidth } from './persona.ts';

const PASSWORD = 'otmetka-demo';

async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

// The server's day: tests/e2e/server.ts pins its clock at OTMETKA_NOW (TEST_NOW unless the caller sets another).
const serverNow = () => new Date(process.env.OTMETKA_NOW || TEST_NOW);
const ruToday = () => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(serverNow());

test('the secretary withdraws a 5А student and the class list shows them as withdrawn', async ({ page }) => {
  await logIn(page, 'secretary');
  await (await sections(page)).getByRole('link', { name: 'Книга движения' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Книга движения обучающихся');
  await expect(page.getByRole('cell', { name: '112-К' })).toBeVisible();

  await page.getByRole('link', { name: 'Новый приказ' }).click();
  await page.getByRole('link', { name: 'Выбытие' }).click();
  await page.locator('#classId').selectOption({ label: '5А' });
  await page.getByRole('button', { name: 'Найти' }).click();

  // The first student of 5А who is not the demo student Морозов.
  const row = page.locator('table.ctg-pick tbody tr').filter({ hasNotText: 'Морозов' }).first();
  const name = (await row.locator('label').innerText()).trim();
  await row.getByRole('radio').check();
  await page.locator('#reason').fill('выбыл в МБОУ СОШ № 7 г. Тулы');
  await page.locator('#number').fill('150-К');
  await page.getByRole('button', { name: 'Провести приказ' }).click();

  await expect(page.getByRole('status')).toContainText('Приказ № 150-К проведён');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Приказ № 150-К от ${ruToday()}`);
  await expect(page.getByRole('cell', { name })).toBeVisible();
  // Printed on A4: the order and its items, without the navigation and the cancel form.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Отменить приказ' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeHidden();
  await expect(page.getByRole('cell', { name })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('order-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('button', { name: 'Отменить приказ' })).toBeVisible();

  await page.goto('/contingent/classes');
  await page.getByRole('link', { name: '5А', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Список класса 5А на ${ruToday()}`);
  const left = page.locator('table.ctg-list tr.ctg-left').filter({ hasText: name });
  await expect(left).toContainText(`выбыл(а) ${ruToday()} (выбыл в МБОУ СОШ № 7 г. Тулы)`);
  // Numbered rows are the students in the class today: the withdrawn one is not among them.
  await expect(page.locator('table.ctg-list tr:not(.ctg-left)').filter({ hasText: name })).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the book, the order form and a class list fit a 360 px screen', async ({ page }) => {
    await logIn(page, 'secretary');
    for (const [path, shot] of [['/contingent', 'book'], ['/contingent/orders/new?kind=enrolment', 'enrolment'], ['/contingent/classes', 'classes']] as const) {
      await page.goto(path);
      expect(Number(await pageWidth(page)), path).toBeLessThanOrEqual(360);
      await page.screenshot({ path: test.info().outputPath(`contingent-${shot}-360.png`) });
    }
    await page.getByRole('link', { name: '5А', exact: true }).click();
    expect(Number(await pageWidth(page))).toBeLessThanOrEqual(360);
    await page.screenshot({ path: test.info().outputPath('contingent-class-360.png') });
  });
});
