import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from './persona.ts';

// Accessibility checked by a machine (issue 16 item 6), at 360×740: axe-core finds no serious or critical violation on
// the pages a teacher and a family use most; the skip link is the first Tab; a form's errors are linked to their fields.
test.use({ viewport: { width: 360, height: 740 } });
// axe reads every node of a page: several seconds a page, more on a busy machine (the grid has thousands of nodes).
test.describe.configure({ timeout: 180_000 });

/** axe's serious and critical violations of the page, one line each (empty when clean). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

async function expectClean(page: Page, what: string): Promise<void> {
  expect(await violations(page), what).toEqual([]);
}

test('axe: the login page, also with its errors', async ({ page }) => {
  await page.goto('/login');
  await expectClean(page, 'login');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();
  await expectClean(page, 'login with errors');
});

test('axe: the teacher\'s home and grid', async ({ page }) => {
  await logIn(page, 'teacher');
  await expectClean(page, 'home');
  await page.goto('/journal');
  await page.getByRole('link', { name: '5А · Математика' }).first().click();
  await expect(page.locator('input.cell-in').first()).toBeAttached();
  await expectClean(page, 'grid');
});

test('axe: the teacher\'s lesson, messages and a report', async ({ page }) => {
  await logIn(page, 'teacher');
  await page.goto('/today');
  await page.locator('a.today-link').first().click();
  await expect(page).toHaveURL(/\/journal\/lessons\//);
  await expectClean(page, 'lesson');
  await page.goto('/messages');
  await expectClean(page, 'messages (teacher)');
  // A thread is opened as the teacher: opening the parent's would read the demo's unread answer, which later tests count.
  await page.locator('main a[href^="/messages/"]').filter({ hasNotText: 'Написать' }).first().click();
  await expect(page.locator('#msg-body')).toBeVisible();
  await expectClean(page, 'a message thread');
  await page.goto('/reports/progress');
  await expect(page.locator('.report-table').first()).toBeVisible();
  await expectClean(page, 'report: progress');
});

test('axe: the family\'s diary week and messages', async ({ page }) => {
  await logIn(page, 'parent');
  await page.goto('/diary');
  await page.getByRole('region', { name: 'Дмитрий Морозов' }).getByRole('link', { name: 'Дневник на неделю' }).click();
  await expect(page.locator('.dy-week-title')).toBeVisible();
  await expectClean(page, 'diary week');
  await page.goto('/messages');
  await expectClean(page, 'messages (parent)');
});

test('the skip link is the first Tab and takes the focus to the page\'s content', async ({ page }) => {
  await logIn(page, 'teacher');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Перейти к содержанию' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#content')).toBeFocused();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the login form\'s errors are linked to their fields by the server (422 re-render)', async ({ page }) => {
    await page.goto('/login');
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Войти' }).click();
    expect((await response).status()).toBe(422);
    const login = page.getByRole('textbox', { name: 'Логин' });
    await expect(login).toHaveAttribute('aria-invalid', 'true');
    const message = (await page.locator('#login-error').textContent())!.trim();
    expect(message.length).toBeGreaterThan(0);
    await expect(login).toHaveAccessibleDescription(message);
  });
});

test('errors of a form whose template does not link them are linked by app.js', async ({ page }) => {
  // The platform operator (lands on «Школы платформы», not on «/», so not through logIn).
  await page.goto('/login');
  await page.locator('#login').fill('operator');
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/operator/schools');
  await page.getByRole('button', { name: 'Создать школу' }).click();
  const name = page.getByRole('textbox', { name: 'Название школы' });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  const message = (await page.locator('.field-error').first().textContent())!.trim();
  await expect(name).toHaveAccessibleDescription(message);
  await expectClean(page, 'operator: schools with errors');
});
