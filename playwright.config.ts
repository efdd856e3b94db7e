import { defineConfig } from '@playwright/test';
import { CHROMIUM, requireChromium } from './tests/e2e/chromium.ts';

requireChromium();

/** E2E_PORT lets several runs share a machine (each gets its own server and database). */
const PORT = Number(process.env.E2E_PORT || 3210);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests drive Debian's Chromium (apt-get install -y chromium); without it the run stops at once saying so.
 * `npx playwright install` is never needed: the browser path is fixed below.
 * tests/e2e/server.ts starts the app on a fresh database (PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set, PGlite otherwise) with the demo school.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  forbidOnly: true,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node --import tsx tests/e2e/server.ts`,
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
