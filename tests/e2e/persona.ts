// Logging in as a demo persona through the real login form (the shared first step of the browser tests).
import { expect, type Locator, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'otmetka-demo';

export async function logIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL('/');
}

/**
 * The sections («Разделы»), open: on a narrow screen they fold behind «Меню» (a button with JS, a label without), which is
 * pressed first; on a wide one they are always shown.
 */
export async function sections(page: Page): Promise<Locator> {
  // app.js (a module: it runs before DOMContentLoaded) turns the label into a button; a tap in between may be lost.
  await page.waitForLoadState('domcontentloaded');
  const nav = page.getByRole('navigation', { name: 'Разделы' });
  const menu = page.locator('.menu-button');
  if (!(await nav.isVisible()) && (await menu.isVisible())) await menu.click();
  await expect(nav).toBeVisible();
  return nav;
}

/**
 * Logging out with «Выйти» and waiting for the login page: app.js clears the account's caches before the form goes, so
 * a navigation started at once (the next logIn) would be aborted by the logout's own.
 */
export async function logOut(page: Page): Promise<void> {
  await page.locator('header.top').getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
}

/**
 * The page's width (document.documentElement.scrollWidth) once its stylesheets are in: a layout read before app.css
 * has arrived (a busy machine) measures the unstyled page.
 */
export async function pageWidth(page: Page): Promise<number> {
  await page.waitForLoadState('load');
  return Number(await page.evaluate('document.documentElement.scrollWidth'));
}
