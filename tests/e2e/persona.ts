// Logging in as a demo persona through the real login form (the shared first step of the browser tests).
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'otmetka-demo';

export async function logIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}
